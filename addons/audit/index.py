"""The audit index: one JSON line per flow, hash-chained. Pure Python, no mitmproxy import.

Each record carries ``seq`` (counts up across files), ``prev`` (the hash of the record before it, also across a
rotation to a new file) and ``hash`` (SHA-256 of its own canonical JSON without ``hash``; keyed mode: HMAC-SHA256
with the ``exitguard_record_key_file`` key, and the record names ``mac`` "hmac-sha256" and ``key_id``, a one-way
id of the key). ``verify`` walks the files in order and says file:line and what is wrong: an edited record, a
removed one (a ``seq`` gap), an inserted or reordered one, one not sealed with the key. A torn last line (the proxy
was killed mid-write) is an "incomplete tail", not tampering. ``check_recordings`` checks the ``.mitm`` files:
every flow's bytes against the hash its record commits to, and that each recording holds its indexed flows end
to end and nothing else.

Record kinds (``event``): "flow" (one per recorded flow: time, flow_id, identity, groups, auth_method,
claimed_identity (only in the record of a refused proxy authentication, a 407: the name of the known token entry
the credential claimed, a revoked or mistyped token's entry or a Basic user name equal to an entry's name, else
null; never the user name as sent), client,
host and port (where the proxy connects, core/destination.py: never just the client's Host header),
claimed_hosts (the other names the client gave when they differ from host, else null), upstream (ip:port of
the upstream connection, null when none was opened), scheme, method, path (query values dropped), model,
status, request_bytes, response_bytes, host_class, policy_version, findings [rule, category, classification,
tier, direction, location, start, length, fingerprint, action: core/findings.FindingRecord; before 2026-12 no
start and location "<text>@<start>"; action "allow" names a value that passed to the client], decision, reason,
report_only, would (report mode: the would-be action), approval, coverage, latency_ms, streamed, injected
(credential names), error, file (.mitm name in the same folder), offset, flow_bytes and flow_sha256 (length and
SHA-256 of the flow's bytes in the recording, from format 2), replica (exitguard_replica: the proxy process that
handled it, so a fleet's folders can be read together)); "connect" (a refused CONNECT: no recording);
"recovered" (a torn tail, a flow written but never indexed, or index lines whose flows a power loss took, cut
at start-up: file, what, truncated_bytes, and lines for `index_without_flows`);
"retention" (retain_days, removed); "recorder_resumed" (broken_since, unrecorded_flows); "approval" (an approval
decided or expired by this replica, whether or not a request still waited: time, identity (the requester),
groups, method, host, decision, reason, approval {id, state, decider, reason, window_s, requested_at, decided_at,
reasons, requests, waiting}, replica). Every record: v (format:
2 commits to flows), seq, prev, hash; keyed: mac, key_id. Every string in a record went through core/outside.py
(no detected value; ``client`` and ``upstream`` are socket addresses, kept as measured).

What the chain proves: unkeyed, that the files are consistent with each other (anyone who can rewrite every
record after an edit can rebuild it); keyed, that whoever wrote them held the key. Neither shows that the newest
records were not cut off: ``chain_head`` (which ``exitguard audit export`` prints last) anchors it when shipped
off the box, and ``check_anchor`` checks it later.
"""

from __future__ import annotations

import csv
import errno
import fnmatch
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, BinaryIO
from urllib.parse import unquote

from addons.core import placeholders
from addons.core.outside import CONTROL_CHARS
from addons.core.vocabulary import Action

FORMAT_VERSION = 2  # 2: flow records commit to their recorded bytes (flow_bytes, flow_sha256)
COMMITTED_SINCE = 2
MAC_ALGORITHM = "hmac-sha256"
KEY_MIN_BYTES = 16
GENESIS = "0" * 64
INDEX_GLOB = "audit-*.jsonl"
# audit-<file seq>-<UTC opening time>.{mitm,jsonl}: sorts in order of creation.
STEM_RE = re.compile(r"^audit-(\d{6,})-(\d{8}T\d{6}Z)$")


# --------------------------------------------------------------------------- file names


def file_stem(file_seq: int, opened: datetime) -> str:
    return f"audit-{file_seq:06d}-{opened.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def parse_stem(stem: str) -> tuple[int, datetime] | None:
    m = STEM_RE.fullmatch(stem)  # not match: its `$` also takes a name that ends in a line feed
    if not m:
        return None
    return int(m.group(1)), datetime.strptime(m.group(2), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def parse_known_stem(stem: str) -> tuple[int, datetime]:
    """parse_stem for a name already known to be an audit file's."""
    parsed = parse_stem(stem)
    if parsed is None:
        raise ValueError("not an audit file name")
    return parsed


def index_files(directory: str | Path) -> list[Path]:
    """The index files of a record folder, oldest first."""
    found = [p for p in Path(directory).glob(INDEX_GLOB) if parse_stem(p.stem)]
    return sorted(found, key=lambda p: parse_known_stem(p.stem)[0])


# --------------------------------------------------------------------------- files anyone may have put there


class NotRegularFile(OSError):
    """A name in a record folder that is no regular file: a FIFO would block a read for ever, a link to a device
    (``/dev/zero``) would never end one."""


def open_regular(path: str | Path) -> BinaryIO:
    """``path`` opened for reading, refused (``NotRegularFile``) unless it is a regular file. Opened without
    blocking, so a FIFO with no writer is refused instead of waited on."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(errno.EINVAL, f"{Path(path).name}: not a regular file", str(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | Path) -> bytes:
    with open_regular(path) as f:
        return f.read()


def parse_line(raw: bytes) -> dict | None:
    """One index line as a record; None for anything else (not JSON, not an object, nested too deep to read)."""
    try:
        rec = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return rec if isinstance(rec, dict) else None


def text_of(rec: dict, key: str) -> str:
    """A record's text field; "" when it is missing or not text (an index line anyone may have written)."""
    value = rec.get(key)
    return value if isinstance(value, str) else ""


def findings_of(rec: dict) -> list[dict]:
    """A record's findings that are findings (objects); a list of anything else counts for nothing."""
    findings = rec.get("findings")
    return [f for f in findings if isinstance(f, dict)] if isinstance(findings, list) else []


# --------------------------------------------------------------------------- records and the chain


def canonical(record: dict) -> bytes:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def record_hash(record: dict, key: bytes | None = None) -> str:
    """SHA-256 of the record's canonical JSON without ``hash``; with a key, HMAC-SHA256 (the keyed chain)."""
    return _digest(canonical({k: v for k, v in record.items() if k != "hash"}), key)


def _digest(body: bytes, key: bytes | None) -> str:
    if key is None:
        return hashlib.sha256(body).hexdigest()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def _sealed_line(record: dict, key: bytes | None) -> tuple[str, bytes]:
    """(hash, ``canonical`` of the record with that hash + newline) with one JSON encoding instead of two: the
    keys are sorted, so the record encoded with a stand-in hash holds the canonical text without ``hash`` around
    the stand-in, and the line is that text with the real hash in its place. The stand-in is drawn anew for each
    process (no record can hold it but by chance) and must be found exactly once (rec22: the encoding was half of
    the sealing, ~12 us a flow on the writing thread)."""
    if "hash" in record or not all(type(k) is str for k in record):
        digest = record_hash(record, key)
        return digest, canonical({**record, "hash": digest}) + b"\n"
    text = canonical({**record, "hash": _HASH_STAND_IN})
    at = text.find(_HASH_SLOT)
    if at < 0 or text.find(_HASH_SLOT, at + 1) >= 0:
        digest = record_hash(record, key)
        return digest, canonical({**record, "hash": digest}) + b"\n"
    before, after = text[:at], text[at + len(_HASH_SLOT):]
    if after.startswith(b","):
        body = before + after[1:]
    elif before.endswith(b","):
        body = before[:-1] + after
    else:
        body = before + after
    digest = _digest(body, key)
    return digest, before + b'"hash":"%b"' % digest.encode("ascii") + after + b"\n"


_HASH_STAND_IN = secrets.token_hex(32)
_HASH_SLOT = b'"hash":"%b"' % _HASH_STAND_IN.encode("ascii")


def key_id(key: bytes) -> str:
    """Names a chain key in every record it sealed (one-way: tells keys apart, reveals nothing of them)."""
    return hashlib.sha256(b"exitguard-record-key:" + key).hexdigest()[:12]


def read_key(path: str | Path) -> bytes:
    """A chain key file: hex text (as ``create_key`` writes it). ValueError when it is not a usable key."""
    return parse_key(Path(path).read_text(encoding="ascii"))


def parse_key(text: str) -> bytes:
    """A chain key from its hex text. ValueError when it is not a usable key."""
    text = text.strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise ValueError("the record key file does not hold a hex key") from None
    if len(key) < KEY_MIN_BYTES:
        raise ValueError(f"the record key must be at least {KEY_MIN_BYTES} bytes")
    return key


def flow_commitment(data: bytes) -> dict:
    """What a flow record commits to: the exact bytes written to the recording for it."""
    digest = hashlib.sha256()
    if len(data) <= HASHED_HOLDING_THE_GIL:
        # hashlib lets go of the GIL for 2 KB and more, and the writing thread then waits for the event loop to
        # hand it back (rec22: a wait and a wake-up of each thread, per flow, for ~3 us of hashing)
        view = memoryview(data)
        for start in range(0, len(view), _GIL_KEPT_BELOW):
            digest.update(view[start:start + _GIL_KEPT_BELOW])
    else:
        digest.update(data)  # long enough for the event loop to run meanwhile
    return {"flow_bytes": len(data), "flow_sha256": digest.hexdigest()}


HASHED_HOLDING_THE_GIL = 64 * 1024
_GIL_KEPT_BELOW = 2047  # hashlib's HASHLIB_GIL_MINSIZE is 2048


def utc_now_iso(ts: float | None = None) -> str:
    dt = datetime.now(UTC) if ts is None else datetime.fromtimestamp(ts, UTC)
    return dt.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Chain:
    """The running end of the hash chain. ``seal`` is pure; ``advance`` only after the line is on disk.
    With a ``key`` every record is sealed with HMAC-SHA256 and names the key (``mac``, ``key_id``)."""

    def __init__(self, prev: str = GENESIS, seq: int = 0, key: bytes | None = None) -> None:
        self.prev, self.seq = prev, seq
        self._key = key
        self._key_id = key_id(key) if key is not None else None  # the same in every record it seals

    def __repr__(self) -> str:  # never show the key
        return f"Chain(seq={self.seq}, keyed={self._key is not None})"

    def seal(self, record: dict) -> tuple[bytes, dict]:
        sealed = {**record, "v": FORMAT_VERSION, "seq": self.seq + 1, "prev": self.prev}
        if self._key is not None:
            sealed |= {"mac": MAC_ALGORITHM, "key_id": self._key_id}
        sealed["hash"], line = _sealed_line(sealed, self._key)
        return line, sealed

    def advance(self, sealed: dict) -> None:
        self.prev, self.seq = sealed["hash"], sealed["seq"]

    @classmethod
    def after(cls, record: dict | None, key: bytes | None = None) -> Chain:
        return cls(key=key) if record is None else cls(record["hash"], int(record["seq"]), key)


def split_complete(data: bytes) -> tuple[bytes, bytes]:
    """(complete lines, torn tail): a crash can leave a last line without its newline."""
    cut = data.rfind(b"\n") + 1
    return data[:cut], data[cut:]


def last_record(path: Path) -> dict | None:
    """The last complete, parseable record of an index file (the chain continues from it)."""
    complete, _ = split_complete(read_regular(path))
    for line in reversed(complete.splitlines()):
        rec = parse_line(line)
        if rec is not None and "hash" in rec and "seq" in rec:
            return rec
    return None


# --------------------------------------------------------------------------- verify


# A torn tail after a crash is what the recorder cuts when it opens the folder (Recorder.open), recording how many
# bytes it cut: verify says so, so that an operator after a kill knows the next step. The cut is recorded, so it
# explains nothing away: whoever appended the bytes is visible in the `recovered` record.
RESTART_CUTS = ("; a start of the proxy on this folder cuts it and records the cut (a `recovered` record), "
                "then verify passes")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    # chain: incomplete_tail | malformed | edited | removed | inserted | reordered | broken_link | key_needed |
    # unkeyed; recordings (check_recordings): flow_edited | flow_missing | unindexed | uncommitted | missing_flow
    kind: str
    message: str

    @property
    def tampering(self) -> bool:
        return self.kind != "incomplete_tail"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.kind}: {self.message}"


def verify(paths: Iterable[str | Path], key: bytes | None = None) -> list[Problem]:
    """Check the chain over index files given oldest first. The first record's ``prev`` is not checked
    (older files may have been removed by retention, which records that it did). With ``key`` every record
    must be sealed with it; without, keyed records are reported once (their content cannot be checked)."""
    problems: list[Problem] = []
    key_reported = False
    last: dict | None = None
    last_where = ""
    seen_seq: dict[int, str] = {}
    for path in map(Path, paths):
        data = read_regular(path)
        lines = data.split(b"\n")
        torn_tail = not data.endswith(b"\n") and data != b""
        if lines and lines[-1] == b"":
            lines.pop()
        for lineno, raw in enumerate(lines, 1):
            where = f"{path.name}:{lineno}"
            rec = parse_line(raw)
            if rec is None:
                if torn_tail and lineno == len(lines):
                    problems.append(Problem(path.name, lineno, "incomplete_tail",
                                            "last line is incomplete (the proxy stopped while writing it); "
                                            "the chain is valid up to the line before" + RESTART_CUTS))
                else:
                    problems.append(Problem(path.name, lineno, "malformed", "not a JSON record"))
                continue
            seal = _check_seal(rec, key, path.name, lineno)
            if seal is not None and seal.kind == "key_needed":
                seal, key_reported = (None if key_reported else seal), True
            problems.extend([seal] if seal is not None else [])
            problems.extend(_check(rec, last, path.name, lineno, last_where, seen_seq, first_in_file=lineno == 1))
            seq = rec.get("seq")
            if isinstance(seq, int):
                seen_seq.setdefault(seq, where)
            last, last_where = rec, where
    return problems


def _check_seal(rec: dict, key: bytes | None, name: str, lineno: int) -> Problem | None:
    """Does the record match its ``hash``: SHA-256, or HMAC with ``key`` for a keyed record."""
    keyed = rec.get("mac") is not None
    if keyed and rec.get("mac") != MAC_ALGORITHM:
        return Problem(name, lineno, "malformed", f"unknown seal {rec.get('mac')!r}")
    if key is None:
        if keyed:
            return Problem(name, lineno, "key_needed", "the records are sealed with a key (HMAC): verify with "
                                                       "--key-file to check their content")
        if rec.get("hash") != record_hash(rec):
            return Problem(name, lineno, "edited", "the record does not match its hash (its content was changed)")
        return None
    if not keyed:
        return Problem(name, lineno, "unkeyed", "the record is not sealed with the key: anyone could have "
                                                "written it (edited and re-hashed, or written before keying)")
    if rec.get("hash") != record_hash(rec, key):
        other = rec.get("key_id") != key_id(key)
        return Problem(name, lineno, "edited", "the record does not match its keyed hash ("
                       + ("it names another key" if other else "its content was changed") + ")")
    return None


def _check(rec: dict, last: dict | None, name: str, lineno: int, last_where: str,
           seen_seq: dict[int, str], first_in_file: bool) -> list[Problem]:
    out: list[Problem] = []
    seq = rec.get("seq")
    if not isinstance(seq, int):
        return [*out, Problem(name, lineno, "malformed", "no sequence number")]
    if last is None:
        return out
    last_seq = last.get("seq")
    if not isinstance(last_seq, int):
        last_seq = seq - 1
    if seq > last_seq + 1:
        gap = seq - last_seq - 1
        what = "file(s) or record(s)" if first_in_file else "record(s)"
        out.append(Problem(name, lineno, "removed", f"{gap} {what} missing before this one "
                                                    f"(seq {last_seq + 1}..{seq - 1}; previous is {last_where})"))
    elif seq <= last_seq:
        if seq == last_seq and seq in seen_seq:
            out.append(Problem(name, lineno, "inserted", f"seq {seq} appears twice (also at {seen_seq[seq]}): "
                                                         "a record was inserted"))
        else:
            out.append(Problem(name, lineno, "reordered", f"seq {seq} comes after seq {last_seq} ({last_where})"))
    elif rec.get("prev") != last.get("hash"):
        link = "the first record of this file does not chain on the last record of the previous file" \
            if first_in_file else "this record does not chain on the one before it"
        out.append(Problem(name, lineno, "broken_link",
                           f"{link} ({last_where}): that record was edited, or one was inserted here"))
    return out


# --------------------------------------------------------------------------- the recordings


@dataclass(frozen=True)
class _Span:
    where: tuple[str, int]  # index file name, line
    offset: int
    length: int


def check_recordings(directory: str | Path, paths: Iterable[str | Path]) -> list[Problem]:
    """Every flow record's bytes in its ``.mitm`` must hash to its ``flow_sha256``, and the flows of a recording
    must cover it end to end, in index order: an edit (even of the same length), a removed, swapped or added
    flow, a truncated recording and a truncated index all show. Records written before the commitment
    (format 1) are reported as ``uncommitted``: only the chain vouches for them."""
    directory = Path(directory)
    problems: list[Problem] = []
    spans: dict[str, list[_Span]] = {}
    legacy: set[str] = set()  # recordings that also hold uncommitted flows: coverage starts at the first committed
    uncommitted: set[str] = set()  # recordings with format-1 flows: their bytes cannot be accounted for
    for path, lineno, rec in read_records(paths):
        if rec.get("event") != "flow":
            continue
        if not _committed(rec):
            uncommitted.add(str(rec.get("file")))
            problems.append(Problem(path.name, lineno, "uncommitted",
                                    f"{rec.get('file')} @ {rec.get('offset')}: the record carries no hash of its "
                                    "recorded flow (written before format 2): the recording is not verified"))
            continue
        span = _Span((path.name, lineno), rec["offset"], rec["flow_bytes"])
        spans.setdefault(str(rec.get("file")), []).append(span)
        problems.extend(_check_flow_bytes(directory, rec, span))
    for mitm, file_spans in spans.items():
        problems.extend(_check_coverage(directory / Path(mitm).name, file_spans, mitm in legacy))
    problems.extend(_unaccounted_recordings(directory, paths, set(spans) | uncommitted))
    problems.extend(_orphan_recordings(directory, paths))
    return problems


def _committed(rec: dict) -> bool:
    return all(isinstance(rec.get(k), int) and not isinstance(rec.get(k), bool) for k in ("offset", "flow_bytes")) \
        and isinstance(rec.get("flow_sha256"), str) and isinstance(rec.get("file"), str)


def _check_flow_bytes(directory: Path, rec: dict, span: _Span) -> list[Problem]:
    name, lineno = span.where
    mitm = directory / Path(rec["file"]).name  # a record never points outside its folder
    try:
        with open_regular(mitm) as f:
            f.seek(span.offset)
            data = f.read(span.length)
    except OSError as e:
        return [Problem(name, lineno, "flow_missing", f"{rec['file']}: cannot be read ({type(e).__name__})")]
    if len(data) != span.length:
        return [Problem(name, lineno, "flow_missing", f"{rec['file']} @ {span.offset}: the recording ends "
                                                      f"{span.length - len(data)} byte(s) before this flow's end "
                                                      "(truncated, or flows were removed)")]
    if hashlib.sha256(data).hexdigest() != rec["flow_sha256"]:
        return [Problem(name, lineno, "flow_edited", f"{rec['file']} @ {span.offset}: the recorded bytes do not "
                                                     "match the hash in the index (edited, swapped or moved)")]
    return []


def _check_coverage(mitm: Path, spans: list[_Span], after_legacy: bool) -> list[Problem]:
    """The indexed flows follow each other without a gap, from the start of the file (or, after uncommitted
    flows, from the first committed one) to its end."""
    problems = []
    end = spans[0].offset if after_legacy else 0
    for span in spans:
        if span.offset != end:
            what = "bytes no record accounts for" if span.offset > end else "overlapping flows"
            problems.append(Problem(*span.where, "unindexed", f"{mitm.name} @ {end}..{span.offset}: {what} "
                                                               "(a flow was inserted, removed or reordered)"))
        end = span.offset + span.length
    try:
        size = mitm.stat().st_size
    except OSError:
        return problems  # reported per flow already
    if size > end:
        problems.append(Problem(mitm.name, 0, "unindexed", f"{size - end} byte(s) after the last indexed flow "
                                                           f"(@ {end}): the index was truncated, or data added, "
                                                           "or the proxy was killed while recording a flow"
                                                           + RESTART_CUTS))
    return problems


def _unaccounted_recordings(directory: Path, paths: Iterable[str | Path], covered: set[str]) -> list[Problem]:
    """A recording beside its index that no flow record points into (the index holds events only) must be empty:
    whatever it holds is nobody's flow (``exitguard replay`` would read it all the same)."""
    problems = []
    for index in map(Path, paths):
        mitm = index.with_suffix(".mitm")
        if mitm.name in covered:
            continue
        try:
            size = mitm.stat().st_size
        except FileNotFoundError:
            continue  # no recording: nothing to account for (any other error is the reader's to report)
        if size:
            problems.append(Problem(mitm.name, 0, "unindexed", f"{size} byte(s) that no record accounts for "
                                                               "(its index holds no flow): flows were added"))
    return problems


def _orphan_recordings(directory: Path, paths: Iterable[str | Path]) -> list[Problem]:
    """A recording whose index is gone (its records with it)."""
    indexed = {Path(p).stem for p in paths}
    return [Problem(m.name, 0, "unindexed", "a recording without its index file")
            for m in sorted(directory.glob("audit-*.mitm")) if parse_stem(m.stem) and m.stem not in indexed]


def chain_head(paths: Iterable[str | Path]) -> dict | None:
    """The last sealed record (seq, hash, file, time, seal): what to anchor outside the box."""
    last = None
    for path, lineno, rec in read_records(paths):
        if "hash" in rec and isinstance(rec.get("seq"), int):
            last = (path, lineno, rec)
    if last is None:
        return None
    path, lineno, rec = last
    # replica: a fleet's export ends with one head per folder, and each must say whose chain it anchors
    return {"event": "chain_head", "seq": rec["seq"], "hash": rec["hash"], "index_file": path.name,
            "line": lineno, "time": rec.get("time"), "mac": rec.get("mac"), "key_id": rec.get("key_id"),
            "replica": rec.get("replica")}


def check_anchor(paths: Iterable[str | Path], anchor: str) -> list[Problem]:
    """``anchor`` is ``SEQ:HASH`` from an earlier export: that record must still be in the chain, unchanged."""
    seq_text, _, want = anchor.partition(":")
    if not seq_text.isdigit() or len(want) != 64:
        raise ValueError("an anchor is SEQ:HASH (as `exitguard audit export` prints it)")
    for path, lineno, rec in read_records(paths):
        if rec.get("seq") == int(seq_text):
            if rec.get("hash") == want:
                return []
            return [Problem(path.name, lineno, "anchor_mismatch", f"seq {seq_text} does not have the anchored hash: "
                                                                  "the chain was rewritten from here or before")]
    return [Problem("(anchor)", 0, "anchor_missing", f"no record with seq {seq_text}: the index was truncated or "
                                                     "removed after the anchor was taken")]


# --------------------------------------------------------------------------- reading and filtering


def read_records(paths: Iterable[str | Path]) -> Iterator[tuple[Path, int, dict]]:
    """Every complete, parseable record, as (file, line number, record)."""
    for path in map(Path, paths):
        complete, _ = split_complete(read_regular(path))
        for lineno, raw in enumerate(complete.splitlines(), 1):
            rec = parse_line(raw)
            if rec is not None:
                yield path, lineno, rec


def parse_time(text: str) -> datetime:
    """ISO 8601; a time without a zone is UTC."""
    dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def record_actions(rec: dict) -> set[str]:
    """What a record shows happened: its decision and every finding's (possibly would-be) action."""
    actions = {text_of(rec, "decision")} | {text_of(f, "action") for f in findings_of(rec)}
    return {a for a in actions if a}


@dataclass(frozen=True)
class Filter:
    since: datetime | None = None
    until: datetime | None = None
    identity: str | None = None
    host: str | None = None  # glob
    rule: str | None = None
    action: str | None = None  # decision or finding action
    flows_only: bool = False

    def __call__(self, rec: dict) -> bool:
        if self.flows_only and rec.get("event") != "flow":
            return False
        if self.since or self.until:
            try:
                t = parse_time(text_of(rec, "time"))
            except ValueError:
                return False
            if (self.since and t < self.since) or (self.until and t >= self.until):
                return False
        if self.identity is not None and rec.get("identity") != self.identity:
            return False
        if self.host is not None and not fnmatch.fnmatchcase(text_of(rec, "host").lower(), self.host.lower()):
            return False
        if self.rule is not None and self.rule not in {text_of(f, "rule") for f in findings_of(rec)}:
            return False
        return self.action is None or self.action in record_actions(rec)


def find_flow(paths: Iterable[str | Path], flow_id: str) -> tuple[Path, int, dict] | None:
    """The last record of a flow id (a unique prefix of at least 8 characters is accepted)."""
    hits = [(p, n, r) for p, n, r in read_records(paths)
            if r.get("event") == "flow" and (r.get("flow_id") == flow_id
                                             or (len(flow_id) >= 8 and str(r.get("flow_id", "")).startswith(flow_id)))]
    exact = [h for h in hits if h[2].get("flow_id") == flow_id]
    hits = exact or hits
    if len({h[2].get("flow_id") for h in hits}) > 1:
        raise LookupError(f"flow id prefix {flow_id!r} is ambiguous")
    return hits[-1] if hits else None


# --------------------------------------------------------------------------- export

CSV_COLUMNS = ("time", "seq", "event", "flow_id", "identity", "groups", "client", "host", "claimed_hosts",
               "upstream", "method", "path", "model", "status", "request_bytes", "response_bytes", "decision",
               "reason", "report_only", "rules", "actions", "fingerprints", "policy_version", "latency_ms", "file",
               "offset", "hash", "replica")  # replica last: columns read by position before it stay where they were


def csv_row(rec: dict) -> dict:
    findings = findings_of(rec)
    row = {c: rec.get(c) for c in CSV_COLUMNS}
    for name in ("groups", "claimed_hosts"):
        items = rec.get(name)
        row[name] = ";".join(str(x) for x in items) if isinstance(items, list) else ""
    row["rules"] = ";".join(text_of(f, "rule") for f in findings)
    row["actions"] = ";".join(text_of(f, "action") for f in findings)
    row["fingerprints"] = ";".join(text_of(f, "fingerprint") for f in findings)
    return {k: "" if v is None else v for k, v in row.items()}


# A spreadsheet takes a cell starting with one of these for a formula (`=HYPERLINK(...)` sends other cells away).
FORMULA_START = ("=", "+", "-", "@")


def _escaped(text: str) -> str:
    return CONTROL_CHARS.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def json_line(rec: dict) -> str:
    """A record as one JSON line whose controls and bidi overrides are JSON escapes (json writes C0 ones so, not
    C1 or bidi without ensure_ascii): the same value for every reader, nothing a terminal acts on, and letters
    stay letters."""
    return _escaped(json.dumps(rec, sort_keys=True, ensure_ascii=False))


def csv_cell(value):
    """A CSV cell for a person's spreadsheet: controls written out, and text a spreadsheet would take for a
    formula quoted with a leading ``'`` (the usual guard: shown as text, not evaluated)."""
    if not isinstance(value, str):
        return value
    value = _escaped(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def export(records: Iterable[dict], fmt: str, out: IO[str]) -> int:
    """Records written from traffic (a model name, a method, a path) go to terminals and spreadsheets."""
    n = 0
    if fmt == "jsonl":
        for rec in records:
            out.write(json_line(rec) + "\n")
            n += 1
    elif fmt == "csv":
        w = csv.DictWriter(out, CSV_COLUMNS)
        w.writeheader()
        for rec in records:
            w.writerow({k: csv_cell(v) for k, v in csv_row(rec).items()})
            n += 1
    else:
        raise ValueError(f"unknown export format {fmt!r} (jsonl or csv)")
    return n


# --------------------------------------------------------------------------- pieces of a flow record


def safe_path(path: str) -> str:
    """The request path with query values dropped, except exitguard placeholders (already masked)."""
    base, sep, query = path.partition("?")
    if not sep:
        return base
    parts = []
    for pair in query.split("&"):
        key, eq, value = pair.partition("=")
        keep = eq and placeholders.parse_masked(unquote(value)) is not None
        parts.append(f"{key}={value}" if keep else (f"{key}=" if eq else key))
    return f"{base}?{'&'.join(parts)}"


def would_action(findings: list[dict]) -> str:
    actions = [str(f["action"]) for f in findings if f.get("action") in Action.values()]
    return Action.strictest(actions).value
