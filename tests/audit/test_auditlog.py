"""The hash chain, verify, filters and export of the audit index (pure)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addons.audit import index as auditlog


def write_chain(directory: Path, per_file: list[int]) -> list[Path]:
    """Index files holding per_file[i] flow records each, chained across files like the recorder does."""
    chain = auditlog.Chain()
    files = []
    n = 0
    for i, count in enumerate(per_file, 1):
        path = directory / (auditlog.file_stem(i, datetime(2026, 1, 1, i, tzinfo=UTC)) + ".jsonl")
        with open(path, "wb") as f:
            for _ in range(count):
                n += 1
                line, sealed = chain.seal({"event": "flow", "flow_id": f"flow-{n:04d}", "time":
                                           f"2026-01-01T{i:02d}:00:{n % 60:02d}.000Z", "host": "api.openai.com",
                                           "identity": "alice" if n % 2 else "bob", "decision": "mask",
                                           "findings": [{"rule": "github-pat-classic", "action": "mask",
                                                         "fingerprint": "ab" * 8}] if n % 3 == 0 else []})
                f.write(line)
                chain.advance(sealed)
        files.append(path)
    return files


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def kinds(problems) -> list[tuple[str, int, str]]:
    return [(p.file, p.line, p.kind) for p in problems]


def test_intact_chain_across_rotation_verifies(tmp_path):
    files = write_chain(tmp_path, [3, 4, 2])
    assert auditlog.index_files(tmp_path) == files
    assert auditlog.verify(files) == []
    first_of_second = json.loads(lines(files[1])[0])
    assert first_of_second["prev"] == json.loads(lines(files[0])[-1])["hash"]  # anchored across the rotation
    assert [r["seq"] for _, _, r in auditlog.read_records(files)] == list(range(1, 10))


def test_edited_record_is_found_with_file_and_line(tmp_path):
    files = write_chain(tmp_path, [5])
    data = lines(files[0])
    data[2] = data[2].replace(b'"decision":"mask"', b'"decision":"allow"')
    files[0].write_bytes(b"".join(data))
    assert kinds(auditlog.verify(files)) == [(files[0].name, 3, "edited")]


def test_edited_record_with_recomputed_hash_breaks_the_next_link(tmp_path):
    files = write_chain(tmp_path, [5])
    data = lines(files[0])
    rec = json.loads(data[1])
    rec["identity"] = "mallory"
    rec["hash"] = auditlog.record_hash(rec)
    data[1] = auditlog.canonical(rec) + b"\n"
    files[0].write_bytes(b"".join(data))
    assert kinds(auditlog.verify(files)) == [(files[0].name, 3, "broken_link")]


def test_removed_record(tmp_path):
    files = write_chain(tmp_path, [5])
    data = lines(files[0])
    del data[2]
    files[0].write_bytes(b"".join(data))
    problems = auditlog.verify(files)
    assert kinds(problems) == [(files[0].name, 3, "removed")]
    assert "seq 3..3" in problems[0].message


def test_removed_file_is_found_at_the_next_file(tmp_path):
    files = write_chain(tmp_path, [2, 2, 2])
    files[1].unlink()
    problems = auditlog.verify([files[0], files[2]])
    assert kinds(problems) == [(files[2].name, 1, "removed")]
    assert "file(s)" in problems[0].message


def test_inserted_record(tmp_path):
    files = write_chain(tmp_path, [4])
    original = lines(files[0])
    for forged_seq, expected in ((2, [(3, "inserted"), (4, "broken_link")]), (3, [(4, "inserted")])):
        data = list(original)
        forged = json.loads(data[1])  # record 2 with a new flow id, sealed properly after it
        forged.update(flow_id="forged", prev=forged["hash"], seq=forged_seq)
        forged["hash"] = auditlog.record_hash(forged)
        data.insert(2, auditlog.canonical(forged) + b"\n")
        files[0].write_bytes(b"".join(data))
        assert kinds(auditlog.verify(files)) == [(files[0].name, line, kind) for line, kind in expected]


def test_reordered_records(tmp_path):
    files = write_chain(tmp_path, [5])
    data = lines(files[0])
    data[1], data[2] = data[2], data[1]
    files[0].write_bytes(b"".join(data))
    found = kinds(auditlog.verify(files))
    assert (files[0].name, 3, "reordered") in found
    assert all(p[2] in ("removed", "reordered", "broken_link") for p in found)


def test_torn_last_line_is_an_incomplete_tail_not_tampering(tmp_path):
    files = write_chain(tmp_path, [3])
    data = files[0].read_bytes()
    files[0].write_bytes(data + data.splitlines(keepends=True)[0][:40])  # killed mid-write
    problems = auditlog.verify(files)
    assert kinds(problems) == [(files[0].name, 4, "incomplete_tail")]
    assert not problems[0].tampering
    assert len(list(auditlog.read_records(files))) == 3
    assert auditlog.last_record(files[0])["seq"] == 3


def test_garbage_in_the_middle_is_tampering(tmp_path):
    files = write_chain(tmp_path, [3])
    data = lines(files[0])
    data.insert(1, b"{not json\n")
    files[0].write_bytes(b"".join(data))
    assert kinds(auditlog.verify(files)) == [(files[0].name, 2, "malformed")]


def test_chain_continues_after_a_record():
    line, sealed = auditlog.Chain().seal({"event": "flow"})
    chain = auditlog.Chain.after(json.loads(line))
    assert (chain.prev, chain.seq) == (sealed["hash"], 1)
    _, nxt = chain.seal({"event": "flow"})
    assert nxt["prev"] == sealed["hash"] and nxt["seq"] == 2


@pytest.mark.parametrize("key", [None, b"k" * 32], ids=["sha256", "hmac"])
@pytest.mark.parametrize("record", [
    {}, {"a": 1}, {"z": "ü\u2028", "event": "flow"}, {"hash": "forged", "time": "t"},
    {"event": "flow", "host": "h", "host_class": "guarded", "groups": ["g"], "findings": [{"rule": "r"}],
     "approval": None, "would": None, "identity": "ä"},
], ids=["empty", "before-only", "both", "own-hash", "flow"])
def test_a_sealed_line_is_the_canonical_record_and_its_hash(record, key):
    """seal builds the line from the two halves around "hash" (one JSON encoding): the bytes must be exactly
    canonical() of the sealed record, and the hash record_hash() of it."""
    line, sealed = auditlog.Chain(key=key).seal(record)
    assert line == auditlog.canonical(sealed) + b"\n"
    assert sealed["hash"] == auditlog.record_hash(sealed, key)


def test_filters(tmp_path):
    files = write_chain(tmp_path, [6, 6])
    recs = [r for _, _, r in auditlog.read_records(files)]
    f = auditlog.Filter(identity="alice")
    assert {r["identity"] for r in recs if f(r)} == {"alice"}
    assert len([r for r in recs if auditlog.Filter(rule="github-pat-classic")(r)]) == 4
    since = auditlog.parse_time("2026-01-01T02:00:00")
    assert [r["seq"] for r in recs if auditlog.Filter(since=since)(r)] == list(range(7, 13))
    until = auditlog.parse_time("2026-01-01T02:00:00Z")
    assert [r["seq"] for r in recs if auditlog.Filter(until=until)(r)] == list(range(1, 7))
    assert not [r for r in recs if auditlog.Filter(host="*.anthropic.com")(r)]
    assert len([r for r in recs if auditlog.Filter(host="API.openai.*")(r)]) == 12
    assert len([r for r in recs if auditlog.Filter(action="mask")(r)]) == 12
    assert not [r for r in recs if auditlog.Filter(action="block")(r)]


def test_export_jsonl_and_csv(tmp_path):
    files = write_chain(tmp_path, [3])
    recs = [r for _, _, r in auditlog.read_records(files)]
    out = io.StringIO()
    assert auditlog.export(recs, "jsonl", out) == 3
    assert [json.loads(line)["hash"] for line in out.getvalue().splitlines()] == [r["hash"] for r in recs]
    out = io.StringIO()
    auditlog.export(recs, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["flow_id"] for r in rows] == ["flow-0001", "flow-0002", "flow-0003"]
    assert rows[2]["rules"] == "github-pat-classic" and rows[2]["fingerprints"] == "ab" * 8
    with pytest.raises(ValueError):
        auditlog.export(recs, "xml", io.StringIO())


def test_find_flow_by_id_and_prefix(tmp_path):
    files = write_chain(tmp_path, [3])
    assert auditlog.find_flow(files, "flow-0002")[2]["seq"] == 2
    assert auditlog.find_flow(files, "nope") is None
    with pytest.raises(LookupError):
        auditlog.find_flow(files, "flow-000")


@pytest.mark.parametrize("path, expected", [
    ("/v1/chat/completions", "/v1/chat/completions"),
    ("/search?q=secret%20stuff&key=abc&flag", "/search?q=&key=&flag"),
    ("/x?token=%5BMASKED%3Agithub-pat-classic%3A3f9c1a%5D&a=b",
     "/x?token=%5BMASKED%3Agithub-pat-classic%3A3f9c1a%5D&a="),
])
def test_safe_path_drops_query_values_but_keeps_placeholders(path, expected):
    assert auditlog.safe_path(path) == expected


def test_file_names_sort_in_creation_order(tmp_path):
    t = datetime(2026, 5, 1, 23, 59, 59, tzinfo=UTC)
    stem = auditlog.file_stem(12, t)
    assert auditlog.parse_stem(stem) == (12, t)
    assert auditlog.parse_stem("audit-x") is None


_JSON_LEAVES = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
_JSON_VALUES = st.recursive(_JSON_LEAVES, lambda inner: st.lists(inner, max_size=3)
                            | st.dictionaries(st.sampled_from(["hash", "a", "z", "h"]) | st.text(max_size=4), inner,
                                              max_size=3), max_leaves=12)


@pytest.mark.slow  # 300 records, ~3 s of CPU: the unit loop keeps test_a_record_holding_the_stand_in_is_sealed_right
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["event", "a", "hasg", "hasi", "z", "time", "h"]) | st.text(max_size=6),
                       _JSON_VALUES, max_size=6), st.sampled_from([None, b"k" * 32]))
def test_a_sealed_line_is_canonical_for_any_record(record, key):
    """rec22: seal encodes the record once, with a stand-in where the hash goes: keys sorting just before and
    after "hash", nested "hash" keys and any text must give exactly canonical() of the sealed record."""
    line, sealed = auditlog.Chain(key=key).seal(record)
    assert line == auditlog.canonical(sealed) + b"\n"
    assert sealed["hash"] == auditlog.record_hash(sealed, key)


@pytest.mark.parametrize("where", ["nested", "twice"])
def test_a_record_holding_the_stand_in_is_sealed_right(where):
    # The stand-in can be in a record only by chance; if it is, the line is still the canonical one.
    stand_in = auditlog._HASH_STAND_IN
    record = {"a": {"hash": stand_in}} if where == "nested" else {"a": {"hash": stand_in}, "z": [{"hash": stand_in}]}
    line, sealed = auditlog.Chain().seal(record)
    assert line == auditlog.canonical(sealed) + b"\n" and sealed["hash"] == auditlog.record_hash(sealed)
