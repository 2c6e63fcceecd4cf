"""split23: the splits over header parts that attack21's join did not read (EVASION, attack21 header row).

- Halves with other headers between them: a value with no key character at its edges (`Accept: */*`), a header
  clients send as fixed text whatever its value (`User-Agent: python-httpx/0.28.1`), or a value of the agent's own
  made of key characters (`X-C: hello`, which the in-order join takes as a middle piece). A server of the agent's
  picks its own headers out, in order, whatever stands between.
- Runs of three over names and values (`X-AKIA2R: G6KEVDC` then a header named `BKKK26K`): the name readings joined
  two neighbours only.
Every case failed before (both halves upstream)."""

from __future__ import annotations

import itertools

import pytest

from addons.core import runtime
from tests import fakes
from tests.guard.support import (
    OPENAI,
    Upstream,
    chat_body,
    everything_recorded,
    exchange,
    guard_chain,
    request_flow,
    shipped_rules_runtime,
)

AWS = fakes.aws_key_id(94)
PAT = fakes.github_pat(95)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    return shipped_rules_runtime(tmp_path_factory.mktemp("split23-headers"))


@pytest.fixture
def chain(shipped):
    with guard_chain(shipped) as tctx:
        yield tctx


async def _send(chain, headers):
    flow = request_flow(*OPENAI, chat_body("hello"), headers=((b"content-type", b"application/json"), *headers))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    sent = None
    if upstream.received:
        sent = "\n".join(f"{k}: {v}" for k, v in upstream.received[0].headers.items(multi=True))
    return flow, sent


def _pieces_sent(text: str | None, key: str, cuts: tuple[int, ...]) -> bool:
    """Whether any piece of the key (cut at ``cuts``) reached the upstream."""
    if text is None:
        return False
    bounds = (0, *cuts, len(key))
    return any(key[a:b].lower() in text.lower() for a, b in itertools.pairwise(bounds))


A, B = AWS[:10].encode(), AWS[10:].encode()


@pytest.mark.parametrize("headers", [
    ((b"x-a", A), (b"accept", b"*/*"), (b"x-b", B)),
    ((b"x-a", A), (b"user-agent", b"python-httpx/0.28.1"), (b"x-b", B)),
    ((b"x-a", A), (b"x-c", b"*/*"), (b"x-b", B)),
    ((b"x-a", A), (b"x-c", b"hello"), (b"x-b", B)),
    ((b"x-a", A), (b"x-c", b"hello"), (b"x-d", b"world"), (b"accept", b"*/*"), (b"x-b", B)),
    ((b"x-note", A), (b"accept", b"application/json"), (b"x-note", B)),
], ids=["accept_between", "user_agent_between", "own_header_no_key_edge", "own_header_of_key_characters",
        "four_between", "same_header_twice_apart"])
async def test_a_key_split_over_two_header_values_with_others_between_is_masked(chain, headers):
    flow, sent = await _send(chain, headers)
    assert sent is not None, flow.response and flow.response.get_text()
    assert not _pieces_sent(sent, AWS, (10,)), sent
    assert sent.count("[MASKED:aws-access-key-id:") == 2, sent
    recorded = everything_recorded(flow)
    assert A.decode() not in recorded and B.decode() not in recorded


async def test_three_pieces_with_known_headers_between_are_masked(chain):
    headers = ((b"x-a", AWS[:6].encode()), (b"accept", b"*/*"), (b"x-b", AWS[6:13].encode()),
               (b"user-agent", b"curl/8.5.0"), (b"x-c", AWS[13:].encode()))
    _, sent = await _send(chain, headers)
    assert sent is not None and not _pieces_sent(sent, AWS, (6, 13)), sent


@pytest.mark.parametrize("headers", [
    ((b"X-" + AWS[:6].encode(), AWS[6:13].encode()), (AWS[13:].encode(), b"1")),  # name, value, name
    ((b"x-a", AWS[:7].encode()), (AWS[7:14].encode(), AWS[14:].encode())),  # value, name, value
    ((b"x-" + AWS[:6].lower().encode(), AWS[6:13].encode()), (AWS[13:].lower().encode(), b"1")),  # as HTTP/2
    ((b"x-" + PAT[:14].encode(), PAT[14:28].encode()), (PAT[28:].encode(), b"1")),
], ids=["name_value_name", "value_name_value", "lower_case_names", "pat"])
async def test_a_key_over_a_name_value_name_run_of_three_refuses_the_request(chain, headers):
    flow, sent = await _send(chain, headers)
    assert sent is None and flow.response is not None and flow.response.status_code == 403
    message = flow.response.get_text()
    assert "cannot be masked" in message and AWS[6:13] not in message and PAT[14:28] not in message
    recorded = everything_recorded(flow)
    assert AWS[6:13] not in recorded and PAT[14:28] not in recorded


@pytest.mark.parametrize("headers", [
    ((b"x-a", b"hello"), (b"accept", b"*/*"), (b"x-b", b"world")),
    ((b"x-trace", b"abc123"), (b"x-span", b"def456"), (b"x-env", b"prod")),
    ((b"x-a", AWS[:10].encode()), (b"accept", b"*/*")),  # half a key alone
], ids=["words", "ids", "half_alone"])
async def test_ordinary_headers_apart_pass_unchanged(chain, headers):
    _, sent = await _send(chain, headers)
    assert sent is not None and "[MASKED:" not in sent, sent


@pytest.mark.slow
async def test_sdk_headers_with_headers_of_the_agents_own_pass_unchanged(chain):
    """Invariant 4: the reading of the agent's own headers apart (any two joined) refuses or masks no ordinary
    request: 300 seeded SDK header sets, each with 1-4 headers of its own holding random ids, tokens and words."""
    import random
    import string

    from tests.guard.test_attack21_header_splits import sdk_headers

    changed = []
    for seed in range(300):
        rng = random.Random(seed)
        headers = sdk_headers(rng)
        for n in range(rng.randrange(1, 5)):
            alphabet = rng.choice([string.ascii_letters + string.digits, string.hexdigits.lower(), "ABCDEFGHIJKLMNOP"])
            value = rng.choice(["".join(rng.choice(alphabet) for _ in range(rng.randrange(4, 40))),
                                f"run-{rng.randrange(10**6)}", rng.choice(["prod", "staging", "eu-west-1", "*/*"])])
            headers.insert(rng.randrange(len(headers) + 1), (f"x-agent-{n}".encode(), value.encode()))
        host = (("api.anthropic.com", "/v1/messages") if any(k == b"x-api-key" for k, _ in headers) else OPENAI)
        flow = request_flow(*host, chat_body("hello"), headers=((b"content-type", b"application/json"), *headers))
        upstream = Upstream()
        await exchange(chain, flow, upstream)
        sent = [(k.lower(), v) for k, v in upstream.received[0].headers.fields] if upstream.received else None
        if sent is None or any((k.lower(), v) not in sent for k, v in headers):
            changed.append(seed)
    assert changed == []
