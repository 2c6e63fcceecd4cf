"""attack22: an environment or a header list written as an array of [name, value] pairs (`Object.entries(process.env)`,
`list(os.environ.items())`, a fetch init's `headers: [["Authorization", ...]]`): the guard read each value after its
own key and `[0][1]` names none, so `[["DB_PASSWORD", "..."]]` was sent, marked clean, in a request body and in an
agent's WebSocket message alike. A two-element array whose first element is a short string is now that pair."""

from __future__ import annotations

import json

import pytest

from addons.core import runtime
from tests.guard.support import guard_chain, relayed_json, shipped_rules_runtime
from tests.stream.test_attack21_ws_readings import addon, send  # noqa: F401
from tests.stream.test_attack_password_words import rt  # noqa: F401

PW = "Kestrel#Dune40"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    return shipped_rules_runtime(tmp_path_factory.mktemp("attack22-pairs"))


@pytest.fixture
def chain(shipped):
    with guard_chain(shipped) as tctx:
        yield tctx


BODIES = {
    "entries": [["HOME", "/home/agent"], ["DB_PASSWORD", PW], ["LANG", "C.UTF-8"]],
    "nested entries": {"tool": "env", "output": [["PATH", "/usr/bin"], ["db_password", PW]]},
}


@pytest.mark.parametrize("label", sorted(BODIES))
async def test_a_password_in_a_name_value_pair_array_is_masked(chain, label):
    sent = await relayed_json(chain, BODIES[label])
    assert PW not in sent and "[MASKED:" in sent
    json.loads(sent)


@pytest.mark.parametrize("body", [
    [["HOME", "/home/agent"], ["PASSWORD_MIN_LENGTH", "12"], ["LANG", "C.UTF-8"]],
    {"points": [["x", "Kestrel-Dune-40"], ["y", "Solarized-Dark2"]]},
    {"words": ["password", "Solarized-Dark2", "third"]},  # three elements: a list, no pair
])
async def test_pairs_that_name_no_password_change_nothing(chain, body):
    assert json.loads(await relayed_json(chain, body)) == body


@pytest.mark.parametrize("label", sorted(BODIES))
async def test_a_password_in_a_name_value_pair_array_of_a_websocket_message_does_not_go_on(addon, label):  # noqa: F811
    _, out = await send(addon, [json.dumps(BODIES[label])])
    assert out == [None] or (out[0] is not None and PW.encode() not in out[0])


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16", "utf-32"])
@pytest.mark.parametrize("body", [{"db_password": PW}, [["DB_PASSWORD", PW]]], ids=["object", "pairs"])
async def test_a_password_under_its_key_in_a_utf16_json_binary_message_does_not_go_on(addon, codec, body):  # noqa: F811
    """A binary message that is UTF-16 or UTF-32 JSON was read as text without its keys: a value named only by its
    key (a pair's name) went on."""
    _, out = await send(addon, [json.dumps(body).encode(codec)])
    assert out == [None], out


async def test_a_value_masked_inside_a_pair_s_name_leaves_the_pair_read_as_before(chain):
    # leak34 (the JSON property's explore runs): the first element, a sentence holding a password, was a name by its
    # length; masked, it was longer than a name, so relaying the masked body masked the number under `APIKEY`. A
    # placeholder counts as one char of a name: the masked body reads as the body did, and relays unchanged.
    body = {"APIKEY": ["use Tarn#Fescue61 to log in, it expires friday", 109010203]}
    once = json.loads(await relayed_json(chain, body))
    assert "Tarn#Fescue61" not in json.dumps(once) and once["APIKEY"][1] == 109010203
    assert json.loads(await relayed_json(chain, once)) == once
