"""wire63: an event stream sent as a request body (`Content-Type: text/event-stream`) to a guarded host, a key over
two `data:` lines of one event (its reader hands on `AKIA2HLY\\nOSBO...`, the same split the guard catches in a
text/plain body) or over two events (a client that appends them). The body was read as text with `data: ` between
the pieces, which the line-break views do not join across: it went out as it came, under every line ending (LF, CR
alone, CRLF). Shipped rules, default policy, in-process."""

from __future__ import annotations

import pytest

from tests import fakes
from tests.guard.support import OPENAI, Upstream, exchange, guard_chain, request_flow, shipped_rules_runtime

AKID = fakes.aws_key_id(63)
PAT = fakes.github_pat(63)
ENDS = {"LF": "\n", "CR": "\r", "CRLF": "\r\n"}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    return shipped_rules_runtime(tmp_path_factory.mktemp("wire63-sse"))


@pytest.fixture
def chain(shipped):
    with guard_chain(shipped) as tctx:
        yield tctx


async def _posted(chain, body: str) -> tuple[bytes | None, int]:
    flow = request_flow(*OPENAI, body.encode(), headers=((b"content-type", b"text/event-stream"),))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    status = flow.response.status_code if flow.response else 200
    return (upstream.received[0].raw_content if upstream.received else None), status


@pytest.mark.parametrize("end", sorted(ENDS))
@pytest.mark.parametrize("key", [AKID, PAT], ids=["aws-key-id", "github-pat"])
@pytest.mark.parametrize("shape", ["two data lines", "two events"])
async def test_a_key_over_data_lines_of_an_event_stream_body_is_not_sent(chain, end, key, shape):
    nl = ENDS[end]
    between = nl if shape == "two data lines" else nl + nl
    body = f"event: note{nl}data: hi{nl}{nl}data: {key[:10]}{between}data: {key[10:]}{nl}{nl}"
    assert await _posted(chain, body) == (None, 403)


async def test_a_key_within_one_data_line_is_masked_and_a_clean_stream_goes_as_it_came(chain):
    sent, status = await _posted(chain, f"event: note\ndata: see {AKID} here\ndata: next\n\n")
    assert status == 200 and sent is not None and AKID.encode() not in sent and b"[MASKED:aws-access-key-id:" in sent
    clean = 'id: 1\nevent: note\ndata: {"text": "hello"}\ndata: more\n\n: comment\ndata: bye\nretry: 3000\n\n'
    assert await _posted(chain, clean) == (clean.encode(), 200)


def test_long_data_lines_are_read_in_linear_time():
    """A run at a line's end is matched on the line's reversed last 512 characters: a search for `...{1,512}$`
    retries at every position of a long line that does not end in a run."""
    import time

    from addons.formats import open_body

    body = (b"data: " + b"a" * 100_000 + b"!\n") * 3 + b"data: b\n\n"
    started = time.process_time()
    open_body("text/plain", body)  # the same text without the event-stream reading: its runs' decoding
    as_text = time.process_time() - started
    started = time.process_time()
    open_body("text/event-stream", body)
    assert time.process_time() - started - as_text < 0.5  # the search retried at every position: seconds
