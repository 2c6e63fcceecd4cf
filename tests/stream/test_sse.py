import pytest

from addons.formats import ndjson_stream, sse

STREAM = (b": ping\r\n\r\nevent: delta\r\nid: 7\r\nretry: 1000\r\ndata: line one\r\ndata: line two\r\n\r\n"
          b"data:no-space\rdata:  two spaces\r\rdata: [DONE]\n\n")


def parse(pieces):
    p, events = sse.SSEParser(), []
    for piece in pieces:
        events += p.feed(piece)
    return events + p.finish()


def test_fields_comments_and_multiline_data():
    events = parse([STREAM])
    assert [e.comments for e in events] == [["ping"], [], [], []]
    ev = events[1]
    assert (ev.event, ev.id, ev.retry, ev.data) == ("delta", "7", "1000", "line one\nline two")
    assert events[2].data == "no-space\n two spaces"  # CR endings; only one space after the colon is dropped
    assert events[3].data == "[DONE]"
    assert b"".join(e.raw for e in events) == STREAM  # byte-exact pass-through


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 64])
def test_any_chunking_gives_the_same_events(size):
    whole = parse([STREAM])
    split = parse([STREAM[i:i + size] for i in range(0, len(STREAM), size)])
    assert [(e.raw, e.lines) for e in split] == [(e.raw, e.lines) for e in whole]


def test_crlf_split_between_pieces_is_one_line_ending():
    events = parse([b"data: a\r", b"\n\r", b"\ndata: b\n\n"])
    assert [e.data for e in events] == ["a", "b"]


def test_multibyte_character_split_between_pieces():
    body = "data: h\u00e9llo \u2603\n\n".encode()
    assert parse([body[i:i + 1] for i in range(len(body))])[0].data == "h\u00e9llo \u2603"


def test_unterminated_last_event_is_returned_at_finish():
    p = sse.SSEParser()
    assert p.feed(b"data: tail") == []
    (ev,) = p.finish()
    assert ev.data == "tail" and ev.raw == b"data: tail"


def test_bom_is_dropped():
    assert parse([b"\xef\xbb", b"\xbfdata: x\n\n"])[0].data == "x"


def test_serialize_keeps_line_order_and_splits_data():
    (ev,) = parse([b"event: e\nid: 1\ndata: old\n: note\n\n"])
    assert sse.serialize(ev, "new\nlines") == b"event: e\nid: 1\ndata: new\ndata: lines\n: note\n\n"
    assert sse.make_event('{"a":1}', "error") == b'event: error\ndata: {"a":1}\n\n'


def test_ndjson_records_in_any_chunking():
    body = b'{"a": 1}\n\n{"b": "\xc3\xa9"}\r\n{"c": 3}'
    for size in (1, 4, 100):
        p, recs = ndjson_stream.NDJSONParser(), []
        for i in range(0, len(body), size):
            recs += p.feed(body[i:i + size])
        recs += p.finish()
        assert [r.text for r in recs] == ['{"a": 1}', "", '{"b": "\u00e9"}', '{"c": 3}']
        assert b"".join(r.raw for r in recs) == body
        assert ndjson_stream.serialize(recs[2], "x") == b"x\r\n"
