"""attack31 (attack29's neighbouring lines): a value whose evidence is the line above it was found when the lines
were neighbours in one array (`"source": ["  bind_user: svc\\n", "  bind_word: X\\n"]`), but not when each line was
a chat message's content part (`[{"type": "text", "text": line}, ...]`: the model reads them as one text), an
object of its own in an array (`{"n": 1, "text": line}`), a notebook cell of its own, or when a blank line was an
element between them: the value went upstream. Now a text field is also read with the last text field of the same
place one array element before (its location with one index less, `content[0].text` before `content[1].text`),
blank elements passed over. Shipped rules, default policy."""

from __future__ import annotations

import json

import pytest

from tests.guard.support import posted_as, recorded_request_body
from tests.guard.test_attack29_line_arrays import CLEAN, TEXTS, chain, shipped_runtime  # noqa: F401


def content_parts(lines: list[str]) -> bytes:
    return json.dumps({"model": "m", "messages": [
        {"role": "user", "content": [{"type": "text", "text": line} for line in lines]}]}).encode()


def line_objects(lines: list[str]) -> bytes:
    return json.dumps({"doc": {"lines": [{"n": i, "text": line} for i, line in enumerate(lines)]}}).encode()


def blank_between(lines: list[str]) -> bytes:
    return json.dumps({"cells": [{"source": [x for line in lines for x in (line, "\n")][:-1]}]}).encode()


def notebook_cells(lines: list[str]) -> bytes:
    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": [line]} for line in lines]}).encode()


CARRIERS = {"content parts": content_parts, "objects of lines": line_objects, "blank lines between": blank_between,
            "a cell a line": notebook_cells}


def strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in strings(value)]
    return []


@pytest.mark.parametrize("carrier", sorted(CARRIERS))
@pytest.mark.parametrize("index", range(len(TEXTS)))
async def test_a_value_whose_evidence_is_the_line_before_in_another_element_is_masked(chain, carrier, index):  # noqa: F811
    text, password = TEXTS[index]
    body = CARRIERS[carrier](text.splitlines(keepends=True))
    flow, upstream = await posted_as(chain, "application/json", body)
    (sent,) = upstream.received
    out = "".join(strings(json.loads(sent.raw_content)))
    assert password not in out and "[MASKED:" in out, out
    # masked in place: the document's shape as it was
    assert len(strings(json.loads(sent.raw_content))) == len(strings(json.loads(body)))
    assert password.encode() not in recorded_request_body(flow)


@pytest.mark.parametrize("carrier", sorted(CARRIERS))
@pytest.mark.parametrize("text", CLEAN)
async def test_lines_that_only_look_alike_are_relayed_as_sent(chain, carrier, text):  # noqa: F811
    body = CARRIERS[carrier](text.splitlines(keepends=True))
    _, upstream = await posted_as(chain, "application/json", body)
    (sent,) = upstream.received
    assert sent.raw_content == body


async def test_a_conversation_of_ordinary_messages_is_relayed_as_sent(chain):  # noqa: F811
    body = json.dumps({"model": "m", "messages": [
        {"role": "system", "content": "You review pull requests."},
        {"role": "user", "content": "The LDAP config has bind_user: svc_ldap and the bind password is in Vault."},
        {"role": "assistant", "content": "Then read it from Vault at deploy time; never commit it."},
        {"role": "user", "content": "ldap:\n  bind_user: svc_ldap\n"},
        {"role": "user", "content": "  bind_host: ldap.corp.test\n"}]}).encode()
    _, upstream = await posted_as(chain, "application/json", body)
    (sent,) = upstream.received
    assert sent.raw_content == body
