"""attack29, the guard path: text written as an array of its lines, as a notebook keeps a cell's source (`"source":
["ldap:\\n", "  bind_user: svc_ldap\\n", "  bind_word: \\"X\\"\\n"]`) or a tool takes a file's lines. Rules whose
evidence is the line above the value (an account's key and its sibling, a keychain query's answer, a Wi-Fi dialog's
`Security: WPA` line, a comment naming the password, a ReAct login's input) found it in the text, but the guard
scanned each element alone, and the join of two neighbours (guard/adjacent.py) kept only a value that crossed the
join: a value wholly in the second element, its evidence in the first, went upstream. Such a value is kept now (the
neighbour is its context, as a sibling key is a JSON value's), masked in its own element. Shipped rules, default
policy."""

from __future__ import annotations

import json

import pytest
from mitmproxy.test import taddons

from addons.core import runtime
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from tests.guard.support import posted_as, recorded_request_body

# (text, its password): made up for this test.
TEXTS = [
    ("ldap:\n  bind_user: svc_ldap\n  bind_word: \"Quince7#Heath\"\n", "Quince7#Heath"),
    ("$ security find-generic-password -wa 'Annex Guest'\nQuoll!Fen34\n$ \n", "Quoll!Fen34"),
    ("SSID: Annex-Guest\nSecurity: WPA2-Personal\nKey: Fulmar=Scree63\n", "Fulmar=Scree63"),
    ("# the ldap bind password\nldap_secret_value: Tarn5-Fescue!\n", "Tarn5-Fescue!"),
    ("Thought: I need to sign in.\nAction: browser_login\nAction Input: ops-relay, Pika7!Scree\n", "Pika7!Scree"),
]
# Lines that only look alike: nothing to mask, every byte relayed as sent.
CLEAN = [
    "ldap:\n  bind_user: svc_ldap\n  bind_host: ldap.corp.test\n",
    "$ security find-generic-password -wa 'Annex Guest'\nsecurity: item not found\n",
    "SSID: Annex-Guest\nSecurity: WPA2-Enterprise\nKey management: 802.1X\n",
]


@pytest.fixture(scope="module")
def shipped_runtime(tmp_path_factory) -> runtime.Runtime:
    return runtime.build(None, [], tmp_path_factory.mktemp("attack29-lines") / "key")


@pytest.fixture
def chain(shipped_runtime):
    runtime.install(shipped_runtime)
    with taddons.context(HostPolicy(), Guard()) as tctx:
        yield tctx
    runtime.install(None)


def notebook(text: str) -> bytes:
    return json.dumps({"cells": [{"cell_type": "markdown", "metadata": {},
                                  "source": text.splitlines(keepends=True)}]}).encode()


@pytest.mark.parametrize("index", range(len(TEXTS)))
async def test_a_value_whose_evidence_is_the_line_before_in_another_element_is_masked(chain, index):
    text, password = TEXTS[index]
    flow, upstream = await posted_as(chain, "application/json", notebook(text))
    (sent,) = upstream.received
    source = json.loads(sent.raw_content)["cells"][0]["source"]
    assert password not in "".join(source) and "[MASKED:" in "".join(source), source
    assert len(source) == len(text.splitlines())  # masked in place, the array as it was
    assert password.encode() not in recorded_request_body(flow)


@pytest.mark.parametrize("text", CLEAN)
async def test_lines_that_only_look_alike_are_relayed_as_sent(chain, text):
    _, upstream = await posted_as(chain, "application/json", notebook(text))
    (sent,) = upstream.received
    assert sent.raw_content == notebook(text)
