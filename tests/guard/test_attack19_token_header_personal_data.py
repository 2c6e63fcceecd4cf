"""attack19: attack18 reads the encoded runs of a header the agent names like a session, auth or token one for
secrets only, never personal data, so that a session's own user (`session=<base64 of user=...; role=...>`) is not
masked. The agent names the header: a customer's e-mail in a sentence, or a list of customers' e-mails and phone
numbers, base64'd or hex'd into `X-Session-Note` or a cookie of its own went to the guarded host, while the same
text written plainly there is masked. A session holds one user and is written as state (`key=value; ...`, a path):
decoded text that is prose (words one blank apart) or holds more than one personal value is read for every rule.
Still left alone (a session's user): one e-mail in state, JSON (attack18's negatives)."""

from __future__ import annotations

import base64

import pytest

from addons.core import runtime
from tests.guard.support import (
    EMAIL,
    guard_chain,
    relayed_with_header,
    shipped_rules_runtime,
)

OTHER = "li.wei@contoso-mail.org"
PHONE = "+1 415 555 0134"
TEXTS = {"prose": f"send the quarterly report to {EMAIL} before friday",
         "a list": f"{EMAIL}, {OTHER}",
         "a contact card": f"{EMAIL} {PHONE}"}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    return shipped_rules_runtime(tmp_path_factory.mktemp("attack19-token-header-pii"))


@pytest.fixture
def chain(shipped):
    with guard_chain(shipped) as tctx:
        yield tctx


@pytest.mark.parametrize("label", sorted(TEXTS))
@pytest.mark.parametrize("encode", [lambda t: base64.b64encode(t.encode()).decode(), lambda t: t.encode().hex(),
                                    lambda t: base64.urlsafe_b64encode(t.encode()).decode().rstrip("=")],
                         ids=["base64", "hex", "base64url"])
@pytest.mark.parametrize(("header", "shape"), [("X-Session-Note", "{}"), ("Cookie", "agent_state={}"),
                                               ("X-Auth-Context", "{}")])
async def test_personal_data_encoded_in_a_token_named_header_is_masked(chain, label, encode, header, shape):
    spelled = encode(TEXTS[label])
    sent = (await relayed_with_header(chain, header, shape.format(spelled))).headers[header]
    assert spelled[4:-4] not in sent and "MASKED" in sent, sent
