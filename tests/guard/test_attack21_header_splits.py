"""attack21 (closed): a fixed-shape key split over two values of one request's headers: the same header twice
(`X-Note: AKIA2RG6KE` and `X-Note: VDCBKKK26K`: a server reads them combined, `AKIA2RG6KE, VDCBKKK26K`), or a
header's name and its value (`X-AKIA2RG6KE: VDCBKKK26K`). Each part was scanned alone and both halves were sent; the
parts are now joined as a body's values are (guard/header_join.py): a value's piece is masked, a name refuses.
What held (pinned too): a key in a cookie after a comma, without a blank, quoted, or as a cookie's name; in
Accept-Language, User-Agent, Referer and TE; in a content-type parameter (403)."""

from __future__ import annotations

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

PAT = fakes.github_pat(91)
AWS = fakes.aws_key_id(92)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    return shipped_rules_runtime(tmp_path_factory.mktemp("attack21-headers"))


@pytest.fixture
def chain(shipped):
    with guard_chain(shipped) as tctx:
        yield tctx


async def sent_headers(chain, headers) -> str | None:
    flow = request_flow(*OPENAI, chat_body("hello"), headers=((b"content-type", b"application/json"), *headers))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    if not upstream.received:
        return None
    return "\n".join(f"{k}: {v}" for k, v in upstream.received[0].headers.items(multi=True))


def halves_sent(text: str | None) -> bool:
    return text is not None and AWS[:10].lower() in text.lower() and AWS[10:] in text


@pytest.mark.parametrize("headers", [
    ((b"x-note", AWS[:10].encode()), (b"x-note", AWS[10:].encode())),
    ((b"x-" + AWS[:10].lower().encode(), AWS[10:].encode()),),
], ids=["same_header_twice", "name_and_value"])
async def test_a_key_split_over_two_header_parts_is_not_sent_whole(chain, headers):
    assert not halves_sent(await sent_headers(chain, headers))


@pytest.mark.parametrize("headers", [
    ((b"accept", AWS[:10].encode()), (b"user-agent", AWS[10:].encode())),  # known names: values read joined
    ((b"accept", AWS[:10].encode()), (AWS[10:].encode(), b"1")),  # a known header's value, then a name of its own
    ((b"user-agent", b"x"), (b"x-" + AWS[:10].lower().encode(), AWS[10:].encode())),  # the other names all known
], ids=["two_known_headers", "known_value_then_name", "one_unknown_name"])
async def test_a_split_is_found_whether_or_not_the_other_names_are_ones_clients_send(chain, headers):
    """The name readings are skipped when every name is one clients send as fixed text (header_join.KNOWN_NAMES):
    a name of the agent's own, anywhere in the request, brings them back."""
    assert not halves_sent(await sent_headers(chain, headers))


def test_known_names_only_skip_the_name_readings(shipped, monkeypatch):
    from addons.core.inspection import TextResult
    from addons.guard import header_join, joined

    calls: list[int] = []
    real = joined.scan
    monkeypatch.setattr(joined, "scan", lambda fields, *a, **k: calls.append(len(fields)) or real(fields, *a, **k))
    def parts(names):
        out = []
        for i, name in enumerate(names):
            out.append(header_join.HeaderPart("header-name", i, name, name, f"header-name[{i}]", TextResult(name)))
            out.append(header_join.HeaderPart("header", i, name, "v1", f"header[{i}]", TextResult("v1")))
        return out
    header_join.scan(parts(["accept", "user-agent", "x-stainless-lang"]), shipped.inspector, None)
    assert calls == [3]  # the values alone
    calls.clear()
    header_join.scan(parts(["accept", "user-agent", "x-stainless-langx"]), shipped.inspector, None)
    assert calls == [3, 6, 6]  # values; names and values as written and upper-cased


@pytest.mark.parametrize("headers", [
    ((b"cookie", b"a=x," + PAT.encode() + b";b=y"),),
    ((b"cookie", b"a=1;" + PAT.encode() + b"=1"),),
    ((b"cookie", b'a="' + PAT.encode() + b'"'),),
    ((b"accept-language", PAT.encode()),),
    ((b"user-agent", b"curl/8 " + PAT.encode()),),
    ((b"referer", b"https://x.example/" + PAT.encode()),),
    ((b"te", b"trailers, " + PAT.encode()),),
], ids=["cookie_comma", "cookie_name", "cookie_quoted", "accept_language", "user_agent", "referer", "te"])
async def test_held_a_key_in_an_ordinary_header_is_masked(chain, headers):
    text = await sent_headers(chain, headers)
    assert text is not None and PAT not in text and "[MASKED:github-pat-classic:" in text


async def test_held_a_key_in_a_content_type_parameter_refuses_the_request(chain):
    headers = ((b"content-type", b"application/json; x=" + PAT.encode()),)
    flow = request_flow(*OPENAI, chat_body("hello"), headers=headers)
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    assert not upstream.received and flow.response is not None and flow.response.status_code == 403


async def test_a_key_split_over_the_same_header_twice_is_masked_in_both(chain):
    headers = ((b"x-note", AWS[:10].encode()), (b"x-note", AWS[10:].encode()))
    flow = request_flow(*OPENAI, chat_body("hello"), headers=((b"content-type", b"application/json"), *headers))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    notes = sent.headers.get_all("x-note")
    assert len(notes) == 2 and all(n.startswith("[MASKED:aws-access-key-id:") for n in notes), notes


async def test_a_key_split_over_a_name_and_its_value_refuses_the_request(chain):
    flow = request_flow(*OPENAI, chat_body("hello"), headers=((b"content-type", b"application/json"),
                                                              (b"X-" + AWS[:10].encode(), AWS[10:].encode())))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    assert upstream.received == [] and flow.response is not None and flow.response.status_code == 403
    message = flow.response.get_text()
    assert "aws-access-key-id" in message and "cannot be masked" in message
    assert AWS[:10].lower() not in message.lower() and AWS[10:] not in message
    recorded = everything_recorded(flow)  # the value's finding is not recorded under the name (`header.{1}`)
    assert AWS[:10].lower() not in recorded.lower() and AWS[10:] not in recorded, recorded


GHP = fakes.github_pat(93)


@pytest.mark.parametrize("headers", [
    ((b"x-note", AWS[:6].encode()), (b"x-note", AWS[6:13].encode()), (b"x-note", AWS[13:].encode())),
    ((b"x-a", AWS[:10].encode()), (b"x-b", AWS[10:].encode())),
    ((b"X-" + AWS[:10].encode(), AWS[10:].encode()),),
    ((b"x-a", AWS[:10].encode()), (AWS[10:].encode(), b"1")),
    ((b"cookie", b"a=" + AWS[:10].encode()), (b"cookie", AWS[10:].encode() + b"; b=1")),
    ((b"x-note", b"see " + GHP[:20].encode()), (b"x-note", GHP[20:].encode() + b" thanks")),
    ((b"x-" + GHP[:20].encode(), GHP[20:].encode()),),
], ids=["three_values", "two_headers", "name_as_written", "value_then_next_name", "two_cookies",
        "pat_with_words_around", "pat_name_and_value"])
async def test_other_splits_over_header_parts_are_not_sent_whole(chain, headers):
    text = await sent_headers(chain, headers)
    key = GHP if GHP[:20].encode() in b"".join(n + v for n, v in headers) else AWS
    assert text is None or (key[:6].lower() not in text.lower() and key[-6:] not in text), text


async def test_a_key_split_over_two_headers_with_another_value_between(chain):
    # split23: the agent's own headers' values are joined with the others between left out (header_join._readings)
    headers = ((b"x-a", AWS[:10].encode()), (b"accept", b"*/*"), (b"x-b", AWS[10:].encode()))
    assert not halves_sent(await sent_headers(chain, headers))


def sdk_headers(rng) -> list[tuple[bytes, bytes]]:
    """The headers of a request from the openai / anthropic Python SDKs or plain httpx, their values random where
    they are random in life (ids, trace context, session cookies), a real-shaped host credential included."""
    import string

    def token(n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
        return "".join(rng.choice(alphabet) for _ in range(n))

    hexa = "0123456789abcdef"
    stainless = [("x-stainless-lang", "python"), ("x-stainless-package-version", f"1.{rng.randrange(99)}.0"),
                 ("x-stainless-os", rng.choice(["Linux", "MacOS", "Windows"])),
                 ("x-stainless-arch", rng.choice(["x64", "arm64"])), ("x-stainless-runtime", "CPython"),
                 ("x-stainless-runtime-version", f"3.{rng.randrange(9, 14)}.{rng.randrange(12)}"),
                 ("x-stainless-async", rng.choice(["false", "async:asyncio"])),
                 ("x-stainless-retry-count", str(rng.randrange(3))), ("x-stainless-read-timeout", "600")]
    common = [("accept", "application/json"), ("accept-encoding", "gzip, deflate"), ("connection", "keep-alive"),
              ("traceparent", f"00-{token(32, hexa)}-{token(16, hexa)}-01"),
              ("x-request-id", "-".join(token(n, hexa) for n in (8, 4, 4, 4, 12))),
              ("cookie", f"__cf_bm={token(43)}.{token(10)}-{rng.randrange(10**10)}-1.0.1.1-{token(60)}; "
                         f"_cfuvid={token(43)}-{rng.randrange(10**13)}-0.0.1.1-604800000"),
              ("idempotency-key", f"stainless-python-retry-{token(8, hexa)}-{token(4, hexa)}")]
    kind = rng.choice(["openai", "anthropic", "httpx"])
    if kind == "openai":
        own = [("authorization", f"Bearer {fakes.openai_key(rng.randrange(10**6))}"),
               ("user-agent", "OpenAI/Python 1.54.0"), *stainless, ("openai-organization", f"org-{token(24)}")]
    elif kind == "anthropic":
        own = [("x-api-key", fakes.anthropic_key(rng.randrange(10**6))), ("anthropic-version", "2023-06-01"),
               ("user-agent", "Anthropic/Python 0.39.0"), *stainless, ("x-stainless-timeout", "600")]
    else:
        own = [("user-agent", "python-httpx/0.28.1"), ("x-session", token(40)),
               ("authorization", f"Bearer {fakes.openai_key(rng.randrange(10**6))}")]
    headers = [*own, *rng.sample(common, rng.randrange(len(common) + 1))]
    rng.shuffle(headers)
    return [(k.encode(), v.encode()) for k, v in headers]


@pytest.mark.slow
async def test_sdk_headers_with_random_values_pass_unchanged(chain):
    """Invariant 4: joining header parts (for fixed-shape keys only) refuses or masks no ordinary SDK request."""
    import random

    changed = []
    for seed in range(300):
        headers = sdk_headers(random.Random(seed))
        host = (("api.anthropic.com", "/v1/messages") if any(k == b"x-api-key" for k, _ in headers) else OPENAI)
        flow = request_flow(*host, chat_body("hello"), headers=((b"content-type", b"application/json"), *headers))
        upstream = Upstream()
        await exchange(chain, flow, upstream)
        sent = [(k.lower(), v) for k, v in upstream.received[0].headers.fields] if upstream.received else None
        if sent is None or any(h not in sent for h in headers):
            changed.append(seed)
    assert changed == []
