"""The audit files on disk: rotating ``.mitm`` recordings and the hash-chained JSONL index beside them.

One pair per rotation period: ``audit-<seq>-<opened>.mitm`` + ``.jsonl``. Records are written in rounds: each
flow of the round is appended as mitmproxy's FlowWriter writes it, then the round's index lines, and an fdatasync
of both files that starts after them makes them durable. The group commit (groupcommit.py) pipelines this:
``write`` appends a round without waiting for the disk, ``sync`` (another thread) fdatasyncs everything written
before it started while the next round is written, and releases only what it covered. ``commit`` is a round made
durable before it returns (start-up events, the retry, shutdown). Every complete index record points to a flow
that can be read back, and the chain order is the index order. On start the newest pair is repaired: a torn tail
left by a crash is cut off both files (and the cut is recorded), so readers such as ``mitmdump -nr`` never stumble
on it.

Thread-safe (one lock, never held across a pipelined fdatasync): the addon serializes a flow in the event loop
(``serialize``, CPU) and hands the bytes to the group commit's threads, so the fdatasync calls do not stall the
proxy's event loop and one of them covers every flow written while the previous one ran.
"""

from __future__ import annotations

import copy
import errno
import fcntl
import logging
import os
import re
import stat
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BufferedWriter
from pathlib import Path
from typing import BinaryIO, cast

from mitmproxy import exceptions, io
from mitmproxy.flow import Flow

from addons.audit import flowstate
from addons.audit import index as auditlog
from addons.core import secretfile

logger = logging.getLogger(__name__)

LOCK_NAME = "audit.lock"
ROUND_BUFFER = 1 << 20  # the recording's write buffer: a round of chat flows (a few KB each) is one write


@dataclass(frozen=True)
class Rotation:
    hourly: bool = True
    max_bytes: int = 0

    @classmethod
    def parse(cls, text: str) -> Rotation:
        if text == "hourly":
            return cls(True, 0)
        m = re.fullmatch(r"size:(\d+)m", text.strip().lower())
        if m and int(m.group(1)) > 0:
            return cls(False, int(m.group(1)) * 1024 * 1024)
        raise ValueError(f"exitguard_record_rotate: {text!r} is not 'hourly' or 'size:<N>m' (N megabytes, N > 0)")

    def due(self, opened: datetime, size: int, now: datetime) -> bool:
        if self.hourly:
            return opened.strftime("%Y%m%d%H") != now.strftime("%Y%m%d%H")
        return size >= self.max_bytes

    def hour_of(self, opened: datetime) -> tuple[float, float] | None:
        """Hourly: the UTC hour ``opened`` falls in, as [start, end) timestamps (``due`` is a time outside it;
        checked for every flow, a comparison instead of a datetime and two strftime calls)."""
        if not self.hourly:
            return None
        start = opened.astimezone(UTC).replace(minute=0, second=0, microsecond=0).timestamp()
        return start, start + 3600


def flows_in(f: BinaryIO) -> Iterator[Flow]:
    """The flows of an open recording, as mitmproxy's FlowReader reads them, except that whatever a crafted file
    makes the reader raise (a tnetstring nested past the recursion limit, a terabyte length prefix, a state
    with missing keys) is a ``FlowReadException`` like any other unreadable flow."""
    stream = iter(io.FlowReader(f).stream())
    while True:
        try:
            loaded = next(stream)
        except StopIteration:
            return
        except exceptions.FlowReadException:
            raise
        except Exception as e:  # RecursionError, MemoryError, KeyError, ...: not a flow either
            raise exceptions.FlowReadException(f"unreadable flow ({type(e).__name__})") from None
        yield loaded


def end_of_flows(path: Path, start: int = 0) -> tuple[int, int]:
    """(byte offset after the last complete flow, number of flows read) reading from ``start``."""
    good, count = start, 0
    with auditlog.open_regular(path) as f:
        f.seek(start)
        try:
            for _ in flows_in(f):
                good, count = f.tell(), count + 1
        except exceptions.FlowReadException:
            pass  # a torn tail: everything before ``good`` is intact
    return good, count


def read_flow_at(path: Path, offset: int):
    """The flow stored at ``offset`` of a recording (the index's file + offset)."""
    with auditlog.open_regular(path) as f:
        f.seek(offset)
        return next(flows_in(f))


def _last_flow_offset(index: Path, mitm_name: str) -> tuple[int, int | None]:
    """Where the last indexed flow of ``mitm_name`` starts (it is complete: indexed only after its fsync), and
    where it ends when its record commits to its length (None for records written before that)."""
    complete, _ = auditlog.split_complete(auditlog.read_regular(index))
    committing = False  # this index is written in a format that commits to flows: nothing indexed means 0 bytes
    for line in reversed(complete.splitlines()):
        rec = auditlog.parse_line(line)
        if rec is None:
            continue
        committing = committing or (isinstance(rec.get("v"), int) and rec["v"] >= auditlog.COMMITTED_SINCE)
        if rec.get("file") == mitm_name and isinstance(rec.get("offset"), int):
            length = rec.get("flow_bytes")
            return rec["offset"], rec["offset"] + length if isinstance(length, int) else None
    return 0, 0 if committing else None


def _unbacked_lines(index: Path, mitm: Path) -> tuple[int, int] | None:
    """(where to cut the index, how many lines go) when its last lines point at flows the recording does not
    hold whole; None when every line's flow is there. A round's recording and index are synced at once, so after a
    power loss the index may keep lines of the last round whose flows were lost; their clients had no answer.
    Only a tail is ever cut, which is what anyone able to write the folder could do to the index anyway (an
    external anchor shows it); the cut is recorded."""
    complete, _ = auditlog.split_complete(auditlog.read_regular(index))
    size = mitm.stat().st_size
    lines = complete.splitlines(keepends=True)
    cut_at, cut_lines, position = None, 0, len(complete)
    for n, line in enumerate(reversed(lines), start=1):
        position -= len(line)
        rec = auditlog.parse_line(line)
        if rec is None or rec.get("file") != mitm.name or not isinstance(rec.get("offset"), int):
            continue
        length = rec.get("flow_bytes")
        if rec["offset"] + (length if isinstance(length, int) else 0) <= size:
            break  # this flow is whole, and every one before it (flows are appended in index order)
        cut_at, cut_lines = position, n
    return None if cut_at is None else (cut_at, cut_lines)


class RecorderBroken(OSError):
    pass


@dataclass(frozen=True)
class FlowEntry:
    """A serialized flow to append; ``make_record(file, offset)`` gives its index record once placed."""
    data: bytes
    make_record: Callable[[str, int], dict]


@dataclass(frozen=True)
class EventEntry:
    """An index record with no flow (recovered, retention, refused CONNECT, ...)."""
    record: dict


Entry = FlowEntry | EventEntry


@dataclass(frozen=True)
class Committed:
    """What a round made durable: the sealed records of its first ``len(sealed)`` entries, in order, and why the
    rest were not written (None: all were)."""
    sealed: list[dict]
    error: Exception | None


@dataclass
class _Staged:
    """Where a failure cuts the files back to: their sizes and the chain as of a point everything before which is
    durable (or, inside a direct round, is being made durable by it)."""
    chain: auditlog.Chain
    mitm: BufferedWriter | None
    mitm_start: int
    index: BufferedWriter | None
    index_start: int

    @classmethod
    def at(cls, mitm: BufferedWriter | None, index: BufferedWriter | None, chain: auditlog.Chain) -> _Staged:
        return cls(copy.copy(chain), mitm, mitm.tell() if mitm else 0, index, index.tell() if index else 0)


Token = object  # whoever waits for an entry written by ``write`` (groupcommit.py: its future)
Outcome = tuple[Token, dict | Exception]


class Recorder:
    def __init__(self, directory: str | Path, rotation: Rotation, clock: Callable[[], float] = time.time,
                 key: bytes | None = None) -> None:
        self.directory = Path(directory)
        self._key = key  # seals the chain with HMAC (exitguard_record_key_file); None: plain SHA-256
        self.rotation = rotation
        self.clock = clock
        self._lock = threading.Lock()
        self._mitm: BufferedWriter | None = None
        self._index: BufferedWriter | None = None
        self._stem = ""
        self._pair_paths: tuple[str, str] = ("", "")  # the open pair's recording and index, as named
        self._opened: datetime | None = None
        self._hour: tuple[float, float] | None = None  # hourly rotation: the open pair's hour (Rotation.hour_of)
        self._file_seq = 0
        self._lock_fd: int | None = None
        self._fsync_thread: ThreadPoolExecutor | None = None  # syncs the index while the round syncs the recording
        # Pipelined rounds (``write`` then ``sync``): the writing thread writes the next round while ``sync`` runs.
        self._idle = threading.Condition(self._lock)  # notified when a pipelined fdatasync ends
        self._syncing = False  # a pipelined fdatasync runs outside the lock: nobody closes or cuts the files meanwhile
        self._durable: _Staged | None = None  # the open pair as of its last fdatasync: where a failure cuts back to
        self._unsynced: list[tuple[Token, dict]] = []  # written, waiting for an fdatasync that starts after them
        self._settled: list[Outcome] = []  # decided outside ``sync`` (a direct round, a rotation): it hands them out
        self.on_settled: Callable[[], None] = lambda: None  # the group commit: call ``sync`` to hand them out
        self.chain = auditlog.Chain()

    # ----------------------------------------------------------------- opening

    @property
    def current_stem(self) -> str:
        return self._stem

    def open(self) -> list[dict]:
        """Repair the newest pair and open for appending (or open a new pair). Returns event records to write
        (what a repair cut off). Raises OSError when the folder cannot be written."""
        with self._lock:
            self._close_files()
            secretfile.make_private_folder(self.directory)  # parents too: mkdir -p under umask 000 makes them 0777
            check_folder(self.directory)
            self._take_folder()
            events = []
            pairs = auditlog.index_files(self.directory)
            mitms = sorted((p for p in self.directory.glob("audit-*.mitm") if auditlog.parse_stem(p.stem)),
                           key=lambda p: auditlog.parse_known_stem(p.stem)[0])
            self._file_seq = max([auditlog.parse_known_stem(p.stem)[0] for p in pairs + mitms] or [0])
            if pairs:
                events += self._repair(pairs[-1])
            self.chain = auditlog.Chain.after(self._chain_tail(pairs), self._key)
            newest = pairs[-1] if pairs else None
            now = self._now()
            if newest is not None and newest.with_suffix(".mitm").exists():
                opened = auditlog.parse_known_stem(newest.stem)[1]
                if not self.rotation.due(opened, newest.with_suffix(".mitm").stat().st_size, now):
                    self._open_pair(newest.stem, opened)
                    return events
            self._new_pair(now)
            return events

    def _take_folder(self) -> None:
        """One recorder per folder: two processes appending to one index would fork the chain. attack46: a lock
        held on a file no longer at its name (the folder was removed and made again) locks nothing: taken anew."""
        if self._lock_fd is not None:
            if _same_file(self._lock_fd, self.directory / LOCK_NAME):
                return
            os.close(self._lock_fd)
            self._lock_fd = None
        fd = _open_own(self.directory / LOCK_NAME, os.O_RDWR | os.O_CREAT)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OSError(errno.EBUSY, "another exitguard process is recording in this folder") from None
        self._lock_fd = fd

    def _repair(self, index: Path) -> list[dict]:
        events = []
        complete, torn = auditlog.split_complete(index.read_bytes())
        if torn:
            with os.fdopen(_open_own(index, os.O_RDWR), "r+b") as f:
                f.truncate(len(complete))
                os.fsync(f.fileno())
            logger.warning("exitguard audit: cut an incomplete last line (%d bytes) from %s", len(torn), index.name)
            events.append({"event": "recovered", "file": index.name, "what": "index",
                           "truncated_bytes": len(torn)})
        mitm = index.with_suffix(".mitm")
        if mitm.exists():
            unbacked = _unbacked_lines(index, mitm)
            if unbacked is not None:
                cut_at, lines = unbacked
                with os.fdopen(_open_own(index, os.O_RDWR), "r+b") as f:
                    cut_bytes = os.fstat(f.fileno()).st_size - cut_at
                    f.truncate(cut_at)
                    os.fsync(f.fileno())
                logger.warning("exitguard audit: cut %d index line(s) whose flows %s does not hold from %s", lines,
                               mitm.name, index.name)
                events.append({"event": "recovered", "file": index.name, "what": "index_without_flows",
                               "truncated_bytes": cut_bytes, "lines": lines})
            start, end = _last_flow_offset(index, mitm.name)
            # A flow written but never indexed (killed between the two writes) is cut: its client got no answer.
            good = end if end is not None else end_of_flows(mitm, start)[0]
            size = mitm.stat().st_size
            if good < size:
                with os.fdopen(_open_own(mitm, os.O_RDWR), "r+b") as f:
                    f.truncate(good)
                    os.fsync(f.fileno())
                logger.warning("exitguard audit: cut an incomplete flow (%d bytes) from %s", size - good, mitm.name)
                events.append({"event": "recovered", "file": mitm.name, "what": "recording",
                               "truncated_bytes": size - good})
        return events

    def _chain_tail(self, pairs: list[Path]) -> dict | None:
        for index in reversed(pairs):
            rec = auditlog.last_record(index)
            if rec is not None:
                return rec
        return None

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), UTC)

    def _new_pair(self, now: datetime) -> None:
        self._file_seq += 1
        self._open_pair(auditlog.file_stem(self._file_seq, now), now)

    def _open_pair(self, stem: str, opened: datetime) -> None:
        # A round's flows reach the file in one write at its sync (rec22: with the default 8 KB buffer a write of
        # its own every flow or two, and each write a hand-over of the GIL to the event loop and back).
        mitm_path, index_path = self.directory / f"{stem}.mitm", self.directory / f"{stem}.jsonl"
        self._mitm = _open_private(mitm_path, ROUND_BUFFER)
        self._index = _open_private(index_path)
        self._pair_paths = (str(mitm_path), str(index_path))  # checked every round (_check_in_place): made once
        self._stem, self._opened, self._hour = stem, opened, self.rotation.hour_of(opened)
        self._fsync_dir()
        self._durable = _Staged.at(self._mitm, self._index, self.chain)

    def _fsync_dir(self) -> None:
        fd = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(fd)  # the new file names survive a power loss too
        finally:
            os.close(fd)

    # ----------------------------------------------------------------- writing

    def _rotation_due(self) -> bool:
        if self._mitm is None or self._index is None or self._opened is None:
            raise RecorderBroken("recorder is not open")
        if self._hour is not None:
            return not self._hour[0] <= self.clock() < self._hour[1]
        return self.rotation.due(self._opened, self._mitm.tell(), self._now())

    def _rotate(self) -> None:
        self._close_files()
        self._new_pair(self._now())

    @staticmethod
    def serialize(flow) -> bytes:
        """The flow exactly as FlowWriter writes it (ValueError for metadata that is not plain data)."""
        return flowstate.encoded(flow)

    def record_flow(self, flow, make_record: Callable[[str, int], dict]) -> dict:
        """Append ``flow`` (already scrubbed) and its index record; returns the sealed record."""
        return self.record_serialized(self.serialize(flow), make_record)

    def record_serialized(self, data: bytes, make_record: Callable[[str, int], dict]) -> dict:
        return self._commit_one(FlowEntry(data, make_record))

    def record_event(self, record: dict) -> dict:
        return self._commit_one(EventEntry(record))

    def _commit_one(self, entry: Entry) -> dict:
        done = self.commit([entry])
        if done.error is not None:
            raise done.error
        return done.sealed[0]

    def commit(self, entries: list[Entry]) -> Committed:
        """A direct round (start-up events, the retry, shutdown): write every entry and make it durable before
        returning, with whatever pipelined rounds wrote before it. A rotation due in the middle first commits what
        the old pair holds. On a failure what is not durable is cut back out of the files (best effort), the chain
        is wound back to the last durable record and the files are closed: nothing more is written until ``open``
        succeeds."""
        tokens = [object() for _ in entries]
        with self._lock:
            outcomes = dict((id(t), o) for t, o in self._write_round(entries, tokens))
            if not outcomes:
                try:
                    self._sync_now()
                except Exception:  # every waiter it covered, these too, has the error in _settled
                    pass
            mine = {id(t) for t in tokens}
            theirs = []
            for token, outcome in self._settled:
                if id(token) in mine:
                    outcomes[id(token)] = outcome
                else:
                    theirs.append((token, outcome))
            self._settled = theirs
        sealed: list[dict] = []
        for token in tokens:
            outcome = outcomes.get(id(token)) or RecorderBroken("not written")
            if isinstance(outcome, Exception):
                return Committed(sealed, outcome)
            sealed.append(outcome)
        return Committed(sealed, None)

    def write(self, entries: list[Entry], tokens: list[Token]) -> list[Outcome]:
        """A pipelined round: append every entry (the flows, then their index lines) without waiting for the disk;
        each token then waits for ``sync``. Returns the outcomes of the entries not written (their error)."""
        with self._lock:
            return self._write_round(entries, tokens)

    def _write_round(self, entries: list[Entry], tokens: list[Token]) -> list[Outcome]:
        written: list[tuple[Token, dict]] = []
        lines: list[bytes] = []
        handed = 0  # tokens already waiting in _unsynced (or settled by a rotation's sync)
        start = _Staged.at(self._mitm, self._index, self.chain)  # this round's bytes go if a write fails
        try:
            for entry, token in zip(entries, tokens, strict=True):
                if self._rotation_due():
                    self._flush(lines)
                    self._unsynced += written
                    handed += len(written)
                    written, lines = [], []
                    self._sync_now()  # the old pair is durable before it closes (or its waiters have the error)
                    self._rotate()
                    start = _Staged.at(self._mitm, self._index, self.chain)
                line, sealed = self._write(entry)
                lines.append(line)
                written.append((token, sealed))
            self._flush(lines)
        except Exception as e:  # every failure breaks the round; the caller decides what it means
            self._wait_idle()  # a failed fdatasync may have cut back and closed meanwhile: then nothing is left
            if self._mitm is not None and self._index is not None:
                for f, offset in ((start.mitm, start.mitm_start), (start.index, start.index_start)):
                    if f is not None:
                        self._cut_back(f, offset)
                self.chain = start.chain
                try:
                    self._sync_now()  # what earlier rounds wrote is whole: durable now, or its waiters fail
                except Exception:
                    pass
                self._close_files()
            return [(token, e) for token in tokens[handed:]]
        self._unsynced += written
        return []

    def sync(self) -> list[Outcome]:
        """The pipelined fdatasync: make everything written so far durable, outside the lock (the next round is
        written meanwhile), and return the outcomes of its waiters (and of those settled elsewhere since). A waiter
        is covered only by an fdatasync that started after its entry was written. On a failure every waiter not
        durable fails, what is not durable is cut back out of the files, and they are closed."""
        with self._lock:
            out, self._settled = self._settled, []
            if not self._unsynced:
                return out
            covered, self._unsynced = self._unsynced, []
            mitm, index, durable = self._mitm, self._index, self._durable
            if mitm is None or index is None or durable is None:
                return out + [(token, RecorderBroken("recorder is not open")) for token, _ in covered]
            point = _Staged.at(mitm, index, self.chain)
            self._syncing = True
        error: Exception | None = None
        try:
            self._sync_files(mitm, index, point.mitm_start != durable.mitm_start)
        except Exception as e:
            error = e
        with self._lock:
            self._syncing = False
            self._idle.notify_all()
            if error is None:
                if self._durable is durable:
                    self._durable = point
                return out + covered
            lost, self._unsynced = self._unsynced, []
            self._abandon(durable)
            return out + [(token, error) for token, _ in covered + lost]

    def take_settled(self) -> list[Outcome]:
        with self._lock:
            out, self._settled = self._settled, []
            return out

    def _sync_now(self) -> None:
        """Under the lock: make everything written durable now (a rotation, a direct round), after any pipelined
        fdatasync ends; its waiters go to ``_settled``. On a failure they get the error there, what is not durable
        is cut back, the files are closed, and the error is raised."""
        self._wait_idle()
        if self._mitm is None:  # a failed pipelined fdatasync closed the files while we waited
            raise RecorderBroken("recorder is not open")
        covered, self._unsynced = self._unsynced, []
        if not covered:
            return
        try:
            mitm, index, durable = self._open_mitm(), self._open_index(), self._durable
            assert durable is not None
            self._sync_files(mitm, index, mitm.tell() != durable.mitm_start)
        except Exception as e:
            self._settled += [(token, e) for token, _ in covered]
            if self._durable is not None and self._mitm is not None:
                self._abandon(self._durable)
            self.on_settled()
            raise
        self._durable = _Staged.at(mitm, index, self.chain)
        self._settled += covered
        self.on_settled()

    def _wait_idle(self) -> None:
        while self._syncing:
            self._idle.wait()

    def _write(self, entry: Entry) -> tuple[bytes, dict]:
        """Append the entry's flow to the recording (not yet synced) and seal its index line."""
        record = entry.record if isinstance(entry, EventEntry) else self._append_flow(entry)
        # A flow record has its request's time; an event gets the time it is sealed.
        line, sealed = self.chain.seal(record if "time" in record else
                                       {"time": auditlog.utc_now_iso(self.clock()), **record})
        self.chain.advance(sealed)  # the next line links to it; wound back if the round fails
        return line, sealed

    def _append_flow(self, entry: FlowEntry) -> dict:
        mitm = self._open_mitm()
        offset = mitm.tell()
        mitm.write(entry.data)
        return {**entry.make_record(f"{self._stem}.mitm", offset), **auditlog.flow_commitment(entry.data)}

    def _flush(self, lines: list[bytes]) -> None:
        """The round's flows reach the recording before their lines reach the index (a SIGKILL, which loses
        nothing written, never leaves a line without its flow)."""
        if not lines:
            return
        mitm, index = self._open_mitm(), self._open_index()
        mitm.flush()
        index.write(b"".join(lines))
        index.flush()

    def _sync_files(self, mitm: BufferedWriter, index: BufferedWriter, flows: bool) -> None:
        """fdatasync both files at once, the index on a helper thread: one fdatasync's wait instead of two in a row
        (the recording only when flows were written to it). After a power loss a line may have been made durable
        while its flow was not: ``_repair`` cuts such lines (none of those clients had an answer)."""
        if not flows:
            os.fdatasync(index.fileno())
        else:
            index_synced = self._syncer().submit(os.fdatasync, index.fileno())
            try:
                os.fdatasync(mitm.fileno())  # data + size; skips the mtime-only metadata write
            finally:
                index_synced.result()  # never leave it running against a file a failed round closes
        self._check_in_place(mitm, index)

    def _check_in_place(self, mitm: BufferedWriter, index: BufferedWriter) -> None:
        """attack46: both files are still the ones at their names. An open file outlives its name: after the record
        folder (or a file of it) was removed, renamed or replaced, every write still succeeded, into a file nobody
        can read, and guarded answers went out unrecorded until the next rotation (up to an hour). Checked after
        each fdatasync, before its waiters are released: the round fails instead, its guarded answers get a 503,
        and the retry opens a new pair at the folder's name (made again if it is gone). Two stat calls a round."""
        for f, path in zip((mitm, index), self._pair_paths, strict=True):
            if not _same_file(f.fileno(), path):
                raise OSError(errno.ENOENT, f"{os.path.basename(path)} was removed or replaced in the record folder "
                                            "while the proxy was writing it")

    def _syncer(self) -> ThreadPoolExecutor:
        if self._fsync_thread is None:
            self._fsync_thread = ThreadPoolExecutor(1, thread_name_prefix="exitguard-record-sync")
        return self._fsync_thread

    def _abandon(self, point: _Staged) -> None:
        """Cut both files back to ``point`` and close them: no flow bytes without their index line (verify counts
        unindexed bytes as tampering), no chain ahead of the index."""
        self._wait_idle()
        for f, start in ((point.mitm, point.mitm_start), (point.index, point.index_start)):
            if f is not None:
                self._cut_back(f, start)
        self.chain = point.chain
        self._close_files()

    def _open_mitm(self) -> BufferedWriter:
        if self._mitm is None:
            raise RecorderBroken("recorder is not open")
        return self._mitm

    def _open_index(self) -> BufferedWriter:
        if self._index is None:
            raise RecorderBroken("recorder is not open")
        return self._index

    @staticmethod
    def _cut_back(f, offset: int) -> None:
        """After a failed write, try to remove what part of it reached the file (best effort)."""
        try:
            f.truncate(offset)
            f.seek(offset)
        except (OSError, ValueError):
            pass

    # ----------------------------------------------------------------- retention and closing

    def expired(self, days: int) -> list[Path]:
        cutoff = self.clock() - days * 86400
        out = []
        for p in sorted(self.directory.glob("audit-*")):
            if p.suffix not in (".mitm", ".jsonl") or not auditlog.parse_stem(p.stem) or p.stem == self._stem:
                continue
            try:
                if p.stat().st_mtime < cutoff:
                    out.append(p)
            except FileNotFoundError:
                continue
        return out

    def remove_expired(self, days: int) -> dict | None:
        """Delete files not written for ``days`` days and record what went. None when nothing expired."""
        with self._lock:
            gone = []
            for p in self.expired(days):
                try:
                    p.unlink()
                    gone.append(p.name)
                except FileNotFoundError:
                    pass
        if not gone:
            return None
        logger.info("exitguard audit: retention removed %d file(s) older than %d day(s)", len(gone), days)
        return self.record_event({"event": "retention", "retain_days": days, "removed": gone})

    def _close_files(self) -> None:
        """Under the lock. A waiter still unsynced gets an error: its bytes are written, but no fdatasync will
        cover them now."""
        self._wait_idle()
        if self._unsynced:
            self._settled += [(token, RecorderBroken("closed before the record was durable"))
                              for token, _ in self._unsynced]
            self._unsynced = []
            self.on_settled()
        for f in (self._mitm, self._index):
            if f is not None:
                try:
                    f.close()
                except OSError:
                    pass
        self._mitm = self._index = None

    def close(self) -> None:
        """Close the files (the folder stays ours: a broken recorder re-opens them)."""
        with self._lock:
            self._close_files()

    def release(self) -> None:
        self.close()
        if self._fsync_thread is not None:
            self._fsync_thread.shutdown()
            self._fsync_thread = None
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # also drops the flock
            self._lock_fd = None


def _same_file(fd: int, path: Path | str) -> bool:
    """Whether ``path`` names the file open as ``fd`` (never through a link). Any error reading the name (the
    folder gone, or made unreadable) is a no: what cannot be checked is not believed."""
    try:
        named = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _open_private(path: Path, buffering: int = -1) -> BufferedWriter:
    """Append-only, readable by the proxy's user alone: recordings hold prompts and answers (masked, but still
    business data)."""
    fd = _open_own(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    return os.fdopen(fd, "ab") if buffering < 0 else cast(BufferedWriter, os.fdopen(fd, "ab", buffering=buffering))


def _open_own(path: Path, flags: int) -> int:
    """A file of the record folder, opened only as the regular file it should be: never through a symbolic link
    (one planted at the next rotation's predictable name would take the records, or the repair's truncation,
    anywhere the proxy's user can write) and never waiting on a FIFO (its open blocks until a reader comes: the
    writing thread and every guarded flow with it would hang with no error)."""
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK, 0o600)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, f"{path.name} in the record folder is a symbolic link") from None
        if e.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, f"{path.name} in the record folder is not a regular file") from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, f"{path.name} in the record folder is not a regular file")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def check_folder(directory: Path) -> None:
    """The record folder must be the proxy's alone to write: whoever else can write it can plant links at the
    next names, remove a rotated pair, or copy an old file over a newer one. A sticky bit protects only names that
    already exist. A group-writable folder passes when the group is the proxy's own (Kubernetes' fsGroup). Its
    owner must be the proxy's user or root: any other owner may change its mode, and with it everything else."""
    euid = os.geteuid()
    # The way there counts too: whoever may write a folder on it renames the record folder aside and puts a link
    # to their own at its name; new pairs are opened by path, so the next rotation would record into theirs.
    _, why = secretfile.walk(directory, euid)
    if why is not None:
        raise OSError(errno.EPERM, f"the record folder {directory} {why}")
    st = os.stat(directory)
    mode = stat.S_IMODE(st.st_mode)
    if st.st_uid not in (0, euid):
        raise OSError(errno.EPERM, f"the record folder is owned by uid {st.st_uid}, not by the proxy's user (uid "
                                   f"{euid}) or root: its owner can replace anything in it (chown it)")
    if mode & 0o002 or (mode & 0o020 and st.st_gid != os.getegid()):
        raise OSError(errno.EPERM, f"others can write the record folder (mode {mode:o}); make it the proxy's "
                                   "alone (chmod go-w)")
