"""Audit: every live flow is written, scrubbed, to rotating ``.mitm`` files plus a hash-chained JSONL index.

Recorded at ``response`` / ``error`` / ``websocket_end`` (the last addon in the chain, so masks and decisions are
final); refused CONNECTs are indexed from ``http_connect`` (they get no later hook). The scrubbed copy is
serialized on the event loop and handed to the group-commit thread (groupcommit.py): one fdatasync round covers
every flow written since the last, and each hook waits for the round that holds its record, so nothing guarded
reaches a client before its record is durable, while other flows go on.
When writing fails (disk full, permissions) the recorder is marked broken: a guarded response that could not be
recorded is replaced by a 503, new guarded requests are refused with a 503 in ``requestheaders``, and the files
are re-opened every ``exitguard_record_retry_ms`` until writing works again (recorded as a ``recorder_resumed`` event).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from mitmproxy import ctx, exceptions, http

from addons.audit import index as auditlog
from addons.audit import scrub
from addons.audit.groupcommit import GroupCommit
from addons.audit.recorder import Entry, EventEntry, FlowEntry, Recorder, Rotation
from addons.core import clean_bodies, destination, health, metakeys, options, outside, responses, runtime, secretfile
from addons.core import state as shared_state
from addons.core.fail_closed import fail_closed
from addons.core.secretfile import SecretFileError, read_secret_file

logger = logging.getLogger(__name__)

RETENTION_INTERVAL = 3600.0
# findings.FindingRecord fields; `start` is absent in records written before 2026-12 (location "<text>@<start>").
FINDING_KEYS = ("rule", "category", "classification", "tier", "direction", "location", "start", "length",
                "fingerprint", "action")
# Index fields exitguard measured on its sockets (peer addresses): no request sets them, and an address rule must
# not erase who called where. Everything else goes through core/outside.py.
OBSERVED = frozenset({"client", "upstream"})
# Index fields exitguard makes itself: the time (from a timestamp) and mitmproxy's flow id (a uuid4 it draws for
# every live flow). New in every record, so each would cost a full scan (~50 us) for a text no request wrote.
MADE = frozenset({"time", "flow_id"})
UNSCANNED = OBSERVED | MADE
# Index fields of a flow record whose values are taken as they are from its scrubbed copy's metadata (``flow_record``:
# scrub.scrubbed passed every string of that metadata through core/outside.py with the same scanner), or built of its
# strings only (the findings' fields, the identity of ``proxyauth``): not scanned a second time. (Not the policy
# version: when the metadata has none, it is the runtime's.)
FROM_SCRUBBED_METADATA = frozenset({"identity", "groups", "auth_method", "host_class", "decision", "reason", "model",
                                    "findings", "approval", "coverage", "latency_ms"})
# Words the records' code writes (keys and fixed values; core/outside.py adds metadata keys and enum values):
# scanned once per scanner instead of a cache lookup each, ~100 times per record.
outside.add_own_words((
    "event", "flow", "connect", "time", "flow_id", "identity", "groups", "auth_method", "client", "host", "port",
    "claimed_hosts", "upstream", "method", "host_class", "policy_version", "decision", "reason", "replica",
    "scheme", "path", "model", "status", "request_bytes", "response_bytes", "findings", "report_only", "would",
    "approval", "coverage", "latency_ms", "streamed", "injected", "error", *FINDING_KEYS,
    # coverage entries (scrub.py, guard, stream) and metakeys.DESTINATION (core/destination.py)
    "direction", "source", "scanned", "skipped", "not_guarded", "stream_stopped", "names", "agree", "claimed",
    "target", "sni", "upstream_sni", "https", "http", "POST", "GET",
    # ALPN protocol ids of nearly every connection (scrub.py masks a client's offers)
    "h2", "http/1.1", "http/1.0"))
UNAVAILABLE = ("the audit recorder cannot write, so requests to guarded hosts are refused until it can; "
               "ask your exitguard administrator.")


class Audit:
    def __init__(self) -> None:
        self.recorder: Recorder | None = None
        self.commits: GroupCommit | None = None  # the recorder's writing threads (hooks submit to them)
        self.retain_days = 0  # exitguard_retain_days, parsed in configure (0: keep forever)
        self.broken_since: str | None = None  # ISO time of the first failed write, while broken
        self.unrecorded = 0
        self._last_retry = 0.0
        self.retry_seconds = 5.0
        self._retention: asyncio.Task | None = None
        self._active: dict[str, http.HTTPFlow] = {}  # seen, not yet recorded: written at shutdown if still open

    def load(self, loader) -> None:
        loader.add_option("exitguard_record_dir", str | None, None,
                          "Record every flow (scrubbed .mitm files) and the audit index here. Unset: off.")
        loader.add_option("exitguard_record_rotate", str, "hourly",
                          "Start a new recording file hourly, or by size: size:<N>m (N megabytes).")
        loader.add_option("exitguard_retain_days", int, 0,
                          "Delete recordings and index files not written for this many days (0: keep forever).")
        loader.add_option("exitguard_record_key_file", str | None, None,
                          "Seal the audit index with HMAC-SHA256 under the key in this file (hex; created 0600 "
                          "when missing). Keep it outside the record folder: whoever can write the folder cannot "
                          "rebuild the chain without it. `exitguard audit verify --key-file` checks it.")
        loader.add_option("exitguard_record_retry_ms", int, 5000,
                          "Milliseconds between attempts to write records again after writing failed (guarded "
                          "traffic is refused meanwhile).")

    def configure(self, updated: set[str]) -> None:
        if "exitguard_record_retry_ms" in updated:
            self.retry_seconds = read_retry_ms(ctx.options) / 1000
        if not updated & {"exitguard_record_dir", "exitguard_record_rotate", "exitguard_retain_days",
                          "exitguard_record_key_file"}:
            return
        rotation = read_rotation(ctx.options)
        record_dir = options.optional_path(ctx.options, "exitguard_record_dir")
        key_file = options.optional_path(ctx.options, "exitguard_record_key_file")
        key = chain_key(key_file, record_dir) if key_file is not None else None
        self._close()
        self.retain_days = ctx.options.exitguard_retain_days
        clean_bodies.keep_scans(record_dir is not None)  # the guard hands its body scans to the scrub (scrub.py)
        if record_dir is None:
            self.broken_since = None
            health.set_recorder_broken(False)
            health.set_record_room(None)
            return
        recorder = Recorder(record_dir, rotation, key=key)
        try:
            for event in recorder.open():
                recorder.record_event(event)
            self.recorder, self.commits = recorder, GroupCommit(recorder)
            self._apply_retention()
        except OSError as e:  # at start-up: refuse to run rather than run unrecorded
            recorder.release()
            self.recorder = None
            reason = e.strerror or type(e).__name__
            raise exceptions.OptionsError(f"exitguard: cannot write audit records in "
                                          f"{record_dir}: {reason}") from e
        self.broken_since = None
        health.set_recorder_broken(False)
        health.set_record_room(health.FolderRoom(record_dir))
        logger.info("exitguard audit: recording to %s (%s)", record_dir, recorder.current_stem)

    def running(self) -> None:
        if self._retention is None:
            self._retention = asyncio.create_task(self._retention_loop())

    def done(self) -> None:
        if self._retention:
            self._retention.cancel()
        self._record_unfinished()
        self._close()

    def _record_unfinished(self) -> None:
        """Flows still open at shutdown (held for approval, long streams, WebSockets), like mitmproxy's Save."""
        rt = _runtime_or_none()
        for flow in list(self._active.values()):
            if self.recorder is None or self.broken_since is not None:
                break
            try:
                copy = scrub.record_copy(flow, rt)
                copy.metadata.setdefault(metakeys.COVERAGE, []).append(
                    {"direction": "response", "status": "skipped", "reason": "still open when the proxy stopped"})
                sizes = (len(flow.request.raw_content or b""),
                         len(flow.response.raw_content or b"") if flow.response else 0)
                self.recorder.record_serialized(
                    self.recorder.serialize(copy), placed(flow_record(copy, rt, sizes)))
            except (OSError, ValueError) as e:
                logger.error("exitguard audit: could not record open flow %s at shutdown (%s)", flow.id,
                             type(e).__name__)
        self._active.clear()

    def _close(self) -> None:
        if self.commits is not None:
            self.commits.stop()  # what is queued is still written
            self.commits = None
        if self.recorder is not None:
            self.recorder.release()
            self.recorder = None

    # ----------------------------------------------------------------- hooks

    @fail_closed
    async def http_connect(self, flow: http.HTTPFlow) -> None:
        if self.recorder is None or not flow.live or flow.response is None or flow.response.status_code < 300:
            return
        await self._write(flow, EventEntry(connect_record(flow, _runtime_or_none())))  # no later hook

    @fail_closed
    def requestheaders(self, flow: http.HTTPFlow) -> None:
        if self.recorder is None or not flow.live:
            return
        self._active[flow.id] = flow
        if flow.response is not None or self.broken_since is None:
            return
        self._maybe_retry()
        if self.broken_since is not None and flow.metadata.get(metakeys.HOST_CLASS) == "guarded":
            responses.refuse(flow, 503, "exitguard_audit_unavailable", UNAVAILABLE, decision="error")

    @fail_closed
    async def response(self, flow: http.HTTPFlow) -> None:
        if flow.websocket is None:  # WebSocket flows are recorded whole at websocket_end
            await self._record(flow)

    @fail_closed
    async def error(self, flow: http.HTTPFlow) -> None:
        if flow.websocket is None:
            await self._record(flow)

    @fail_closed
    async def websocket_end(self, flow: http.HTTPFlow) -> None:
        await self._record(flow)

    # ----------------------------------------------------------------- recording

    async def record_event(self, record: dict) -> None:
        """An index record with no flow, made by another addon (an approval decided or expired, handed in by the
        chain): stamped with the time and this replica, every string through core/outside.py, durable on return
        (or counted unrecorded and logged, as a flow would be)."""
        if self.recorder is None:
            return
        rec = _event_record(record)
        if self.broken_since is not None:
            self._maybe_retry()
        if self.broken_since is None and self.commits is not None:
            try:
                await self.commits.write(EventEntry(rec))
                return
            except (OSError, ValueError) as e:
                self._failed(e)
        self.unrecorded += 1
        logger.error("exitguard audit: an %s record was NOT written", record.get("event"))  # a kind of ours

    def record_event_now(self, record: dict) -> None:
        """``record_event`` written before it returns, for another addon's ``done`` (the proxy is stopping: no task
        runs any more), like the flows still open then."""
        if self.recorder is None:
            return
        if self.broken_since is not None:
            self._maybe_retry()  # the disk may be back: the stop's denials are worth one more try
        if self.broken_since is not None:
            # attack18: this returned without a word, so the stop's denial of a held request was in no record and
            # no log line; it is said like every other record that could not be written
            self.unrecorded += 1
            logger.error("exitguard audit: an %s record was NOT written at shutdown (the audit record is broken)",
                         record.get("event"))
            return
        try:
            self.recorder.record_event(_event_record(record))
        except (OSError, ValueError) as e:
            self.unrecorded += 1
            logger.error("exitguard audit: an %s record was NOT written at shutdown (%s)", record.get("event"),
                         type(e).__name__)

    async def _record(self, flow: http.HTTPFlow) -> None:
        # A flow seen live here and killed since (a held request whose client left, a stream stopped mid-answer)
        # reaches its error hook no longer live (``flow.kill()`` clears it): it is recorded all the same. Flows
        # that were never live here (read from a file) are not.
        seen_live = self._active.pop(flow.id, None) is not None
        if self.recorder is None or not (flow.live or seen_live) or metakeys.RECORD_FILE in flow.metadata:
            return
        rt = _runtime_or_none()
        sizes = (len(flow.request.raw_content or b""), len(flow.response.raw_content or b"") if flow.response else 0)
        # One scan per text of this record: its copy's metadata and its index record share host, model, identity.
        scanner = outside.Remembering(rt.inspector) if rt is not None else None
        try:
            copy = scrub.record_copy(flow, rt, scanner)  # in the event loop: the live flow must not change under it
            # Built here, on the event loop (the inspector is not thread-safe); the writer adds file and offset.
            sealed = await self._write(flow, placed(flow_record(copy, rt, sizes, scanner)), copy)
        except MemoryError:
            # faults48: near a memory limit the copies of a large body failed here, and the flow (already refused by
            # the guard's own MemoryError, or about to be by fail_closed) was in no record. Its record without the
            # bodies costs next to nothing; the coverage says they were not kept.
            logger.error("exitguard audit: flow %s is recorded WITHOUT its bodies (out of memory)", flow.id)
            copy = without_bodies(flow, rt, scanner)
            sealed = await self._write(flow, placed(flow_record(copy, rt, sizes, scanner)), copy)
        if sealed is not None:
            flow.metadata[metakeys.RECORD_FILE] = sealed["file"]
            flow.metadata[metakeys.RECORD_OFFSET] = sealed["offset"]

    async def _write(self, flow: http.HTTPFlow, what: EventEntry | Callable[[str, int], dict],
                     copy: http.HTTPFlow | None = None) -> dict | None:
        """Record an event, or the scrubbed ``copy`` placed by ``what``; returns once the round that holds it is
        durable (None: not recorded, and a guarded answer replaced)."""
        if self.broken_since is not None:
            self._maybe_retry()
        commits = self.commits
        if self.broken_since is None and commits is not None:
            entry = self._entry(flow, what, copy)
            if entry is not None:
                try:
                    return await commits.write(entry)
                except (OSError, ValueError) as e:  # ValueError: a file closed under us
                    self._failed(e)
        self._unrecorded(flow)
        return None

    def _entry(self, flow: http.HTTPFlow, what: EventEntry | Callable[[str, int], dict],
               copy: http.HTTPFlow | None) -> Entry | None:
        if isinstance(what, EventEntry):
            return what
        assert copy is not None  # a flow record is placed in the copy's recording
        try:
            # CPU work stays on the event loop (the writing thread would fight it for the GIL).
            return FlowEntry(Recorder.serialize(copy), what)
        except ValueError:  # this flow only (FlowWriter refused its state); the recorder itself is fine
            logger.error("exitguard audit: flow %s cannot be serialized", flow.id)
            return None

    def _failed(self, e: Exception) -> None:
        health.set_recorder_broken(True)
        if self.broken_since is None:
            self.broken_since = auditlog.utc_now_iso()
            # OSError.strerror names the cause (no content); never str(e) of other errors (may quote data).
            logger.error("exitguard audit: CANNOT WRITE the audit record (%s%s). Requests to guarded hosts are "
                         "REFUSED until recording works again (retrying every %g s).", type(e).__name__,
                         f": {e.strerror}" if isinstance(e, OSError) and e.strerror else "", self.retry_seconds)
        self._last_retry = time.monotonic()
        if self.recorder is not None:
            self.recorder.close()

    def _unrecorded(self, flow: http.HTTPFlow) -> None:
        self.unrecorded += 1
        logger.error("exitguard audit: flow %s to %s was NOT recorded", flow.id,
                     outside.safe_text(flow.request.pretty_host, outside.current_scanner()))
        guarded = flow.metadata.get(metakeys.HOST_CLASS) == "guarded"
        if guarded and flow.response is not None and not flow.metadata.get(metakeys.SYNTHETIC) \
                and flow.error is None and flow.websocket is None:
            # Do not hand out a guarded response that is not on record.
            responses.refuse(flow, 503, "exitguard_audit_unavailable", UNAVAILABLE, decision="error")

    def _maybe_retry(self) -> None:
        now = time.monotonic()
        if self.recorder is None or now - self._last_retry < self.retry_seconds:
            return
        self._last_retry = now
        try:
            events = self.recorder.open()
            for event in [*events, {"event": "recorder_resumed", "time": auditlog.utc_now_iso(),
                                    "broken_since": self.broken_since, "unrecorded_flows": self.unrecorded}]:
                self.recorder.record_event(event)
        except OSError as e:
            self.recorder.close()
            logger.error("exitguard audit: still cannot write the audit record (%s); guarded requests stay "
                         "refused", e.strerror or type(e).__name__)
            return
        logger.warning("exitguard audit: recording works again after %d unrecorded flow(s)", self.unrecorded)
        self.broken_since, self.unrecorded = None, 0
        health.set_recorder_broken(False)

    # ----------------------------------------------------------------- retention

    def _apply_retention(self) -> None:
        days = self.retain_days
        if self.recorder is not None and days > 0 and self.broken_since is None:
            self.recorder.remove_expired(days)

    async def _retention_loop(self) -> None:
        while True:
            await asyncio.sleep(RETENTION_INTERVAL)
            try:
                await asyncio.to_thread(self._apply_retention)  # deletes and an fdatasync: off the event loop
            except OSError as e:
                self._failed(e)


def read_retry_ms(opts) -> int:
    """exitguard_record_retry_ms, checked (also by `exitguard up` before it starts the proxy)."""
    if not 50 <= opts.exitguard_record_retry_ms <= 3_600_000:
        raise exceptions.OptionsError("exitguard_record_retry_ms must be between 50 and 3600000")
    return opts.exitguard_record_retry_ms


def read_rotation(opts) -> Rotation:
    """exitguard_record_rotate and exitguard_retain_days, checked (also by `exitguard up` before it starts)."""
    try:
        rotation = Rotation.parse(opts.exitguard_record_rotate)
    except ValueError as e:
        raise exceptions.OptionsError(str(e)) from None
    if opts.exitguard_retain_days < 0:
        raise exceptions.OptionsError("exitguard_retain_days must be 0 (keep forever) or more")
    return rotation


# --------------------------------------------------------------------------- the chain key


def chain_key(key_file: Path, record_dir: Path | None) -> bytes:
    """The HMAC key of the index (created when missing). Refused inside the record folder: a key next to the
    records it seals proves nothing."""
    key_path = key_file.expanduser()  # read as named: the walk judges every folder on the way, a link's too
    if record_dir is not None and key_path.resolve().is_relative_to(record_dir.expanduser().resolve()):
        raise exceptions.OptionsError("exitguard_record_key_file must be outside exitguard_record_dir (whoever "
                                      "can write the records could read the key and rebuild the chain)")
    try:
        if not os.path.lexists(key_path):  # a link at the name, even a dangling one, is never written through
            create_key(key_path)
        # Private like every secret file (core/secretfile.py): a key others may read or replace lets them seal
        # edited records as the proxy would.
        return auditlog.parse_key(read_secret_file(key_path))
    except SecretFileError as e:
        raise exceptions.OptionsError(f"exitguard_record_key_file: {e}") from None
    except (OSError, ValueError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e) if isinstance(e, ValueError) \
            else type(e).__name__
        raise exceptions.OptionsError(f"exitguard_record_key_file {key_path}: {reason}") from None


def create_key(path: Path) -> None:
    """A new key, 0600 in folders made 0700 whatever the umask, written whole before its name appears (never
    through a link planted at the name); a key another process made first is left for it to be read."""
    secretfile.create_private_file(path, (secrets.token_hex(32) + "\n").encode())


# --------------------------------------------------------------------------- index records


def _event_record(record: dict) -> dict:
    rec = {**record, "time": auditlog.utc_now_iso(), "replica": shared_state.current().replica}
    return outside.safe_record(rec, _scanner(_runtime_or_none()), MADE)


def _runtime_or_none():
    try:
        return runtime.get()
    except runtime.NotConfigured:
        return runtime.last()  # at shutdown (Config's done ran first); None before any was installed


def _address(peer) -> str | None:
    return f"{peer[0]}:{peer[1]}" if peer else None


def _destination(flow: http.HTTPFlow) -> dict:
    """Where the flow really went (the host mitmproxy connects to, and the address it reached), and the other
    names the client gave when they differ: a spoofed Host header must not be what the record shows."""
    scanner = outside.current_scanner()
    names = destination.flow_names(flow)  # kept per its inputs: a connection's flows get the same object
    known = _MASKED_NAMES.get(id(names))
    if known is not None and known[0] is names and known[1] is scanner:
        host, port, claimed = known[2]
    else:
        # names are lower-cased: read upper-cased too, a lower-cased key is no value to the record's scrub (attack10)
        masked = names.masked(functools.partial(outside.safe_host, scanner=scanner))
        host, port, claimed = masked.destination, masked.port, tuple(masked.claimed())
        if len(_MASKED_NAMES) >= _MASKED_NAMES_KEPT:
            _MASKED_NAMES.clear()
        _MASKED_NAMES[id(names)] = (names, scanner, (host, port, claimed))
    server = flow.server_conn
    return {"host": host, "port": port, "claimed_hosts": list(claimed) or None,
            "upstream": _address(server.peername) if server is not None else None}


# id(FlowNames) -> (the names, the scanner that masked them, (destination, port, claimed names) masked): a flow's
# names come from destination.flow_names' cache, the same object for every flow of a connection, and masking them
# (~10 host scans, each a memo lookup, and a sort) was a third of the index record's common fields (record50). The
# names object is held, so its id cannot pass to another; a reload brings a new scanner.
_MASKED_NAMES: dict[int, tuple[destination.FlowNames, object, tuple[str, int, tuple[str, ...]]]] = {}
_MASKED_NAMES_KEPT = 1024


def _common(flow: http.HTTPFlow) -> dict:
    md = flow.metadata
    auth = md.get("proxyauth")
    identity = md.get(metakeys.IDENTITY) or (auth[0] if isinstance(auth, (list, tuple)) and auth else None)
    return {"time": auditlog.utc_now_iso(flow.request.timestamp_start or flow.timestamp_created),
            "flow_id": flow.id, "identity": identity, "groups": list(md.get(metakeys.GROUPS) or []),
            "auth_method": md.get(metakeys.AUTH_METHOD), "client": _address(flow.client_conn.peername),
            **_destination(flow), "method": flow.request.method,
            "host_class": md.get(metakeys.HOST_CLASS), "policy_version": md.get(metakeys.POLICY_VERSION),
            "decision": md.get(metakeys.DECISION), "reason": md.get(metakeys.REASON),
            "replica": shared_state.current().replica,
            # a refused proxy authentication only: who it claimed to be, when no secret (identity._claimed)
            **({"claimed_identity": md.get(metakeys.CLAIMED_IDENTITY)} if metakeys.CLAIMED_IDENTITY in md else {})}


def _scanner(rt) -> outside.TextScanner | None:
    return rt.inspector if rt is not None else None


def connect_record(flow: http.HTTPFlow, rt) -> dict:
    """The index record of a refused CONNECT (the live flow: there is no recording), through core/outside.py."""
    assert flow.response is not None  # http_connect records answered CONNECTs only
    return outside.safe_record({"event": "connect", **_common(flow), "status": flow.response.status_code},
                               _scanner(rt), UNSCANNED)


def without_bodies(flow: http.HTTPFlow, rt, scanner: outside.TextScanner | None = None) -> http.HTTPFlow:
    """The record copy of ``flow`` with neither body (headers, path, error and metadata scrubbed as always)."""
    c = scrub.detached(flow)
    for direction, message in (("request", c.request), ("response", c.response)):
        if message is not None and message.raw_content:
            message.headers.pop("content-encoding", None)
            message.raw_content = b""
            c.metadata.setdefault(metakeys.COVERAGE, []).append(
                {"direction": direction, "status": "skipped", "reason": "recording: body not kept (out of memory)"})
    return scrub.scrubbed(c, rt, scanner)


def placed(record: dict):
    """``make_record`` for the recorder: the record plus where its flow was written."""
    return lambda file, offset: {**record, "file": file, "offset": offset}


def flow_record(c: http.HTTPFlow, rt, sizes: tuple[int, int], scanner: outside.TextScanner | None = None) -> dict:
    """The index record of a scrubbed flow copy ``c`` (fields: addons/audit/index.py), every string through
    core/outside.py: nothing of it is copied raw from the request (model, keys in locations, path)."""
    md = c.metadata
    findings = [{k: f.get(k) for k in FINDING_KEYS if k in f} for f in md.get(metakeys.FINDINGS) or []
                if isinstance(f, dict)]
    report_only = bool(md.get(metakeys.REPORT_ONLY))
    error = c.error.msg[:300] if c.error is not None else None  # masked by record_copy; masked again below
    rec = {"event": "flow", **_common(c), "scheme": c.request.scheme, "path": auditlog.safe_path(c.request.path),
           "model": md.get(metakeys.MODEL), "status": c.response.status_code if c.response else None,
           "request_bytes": sizes[0], "response_bytes": sizes[1],
           "findings": findings, "report_only": report_only,
           "would": auditlog.would_action(findings) if report_only else None,
           "approval": md.get(metakeys.APPROVAL), "coverage": md.get(metakeys.COVERAGE) or [],
           "latency_ms": md.get(metakeys.LATENCY_MS), "streamed": bool(md.get(metakeys.STREAMED)),
           "injected": [name for _, _, name in scrub.injected_targets(md.get(metakeys.INJECTED))],
           "error": error}
    if rec["policy_version"] is None and rt is not None:
        rec["policy_version"] = rt.version
    # The values copied from the copy's metadata are scrub.scrubbed's output already (outside.safe_record, this
    # scanner): a second walk of them found nothing new, at ~a third of this record's cost (record50).
    return outside.safe_record(rec, scanner or _scanner(rt), UNSCANNED, FROM_SCRUBBED_METADATA)
