"""Streamed traffic of guarded hosts: SSE / NDJSON answers masked as they stream, chunked request bodies kept
buffered for the Guard, WebSocket messages scanned one by one.

The stream callable runs synchronously in mitmproxy's event loop, once per network read, and an exception
inside it is *not* caught by mitmproxy in a way that stops the stream (fail open): everything inside it is
wrapped, and any failure ends the stream with the API's error event and kills the flow.
"""

from __future__ import annotations

import functools
import json
import logging
import time
import zlib
from typing import Any

from mitmproxy import ctx, exceptions, http

from addons.core import body_budget, compat, encoded_keys, health, metakeys, responses, runtime, scope, wire
from addons.core.fail_closed import fail_closed
from addons.core.findings import FindingRecord
from addons.core.inspection import TextResult
from addons.core.vocabulary import Action
from addons.detect import deadline, disguise
from addons.detect.holdback import Holdback
from addons.formats import api_surface, encoded, stream_shapes
from addons.stream import control_frames, value_holdback, ws_readings
from addons.stream.cpu_budget import CpuBudget
from addons.stream.masker import STOPPING_ACTIONS, StreamMasker
from addons.stream.response_headers import HeaderScan, scan_headers
from addons.stream.value_holdback import ValueHoldback

logger = logging.getLogger(__name__)

STREAM_TYPES = {"text/event-stream": "sse", "application/x-ndjson": "ndjson", "application/ndjson": "ndjson",
                "application/jsonl": "ndjson", "application/x-jsonlines": "ndjson",
                "application/vnd.amazon.eventstream": "eventstream"}  # media type -> framing
SURFACES = {"openai-chat": "openai_chat", "openai-responses": "openai_responses", "anthropic-messages": "anthropic",
            "gemini": "gemini"}
DEFAULT_MAX_HOLDBACK = 8192  # characters


def read_max_holdback(opts) -> int:
    """exitguard_stream_max_holdback, checked (also by `exitguard up` before it starts the proxy)."""
    if opts.exitguard_stream_max_holdback <= 0:
        raise exceptions.OptionsError("exitguard_stream_max_holdback must be a positive number of characters")
    return opts.exitguard_stream_max_holdback


def guarded(flow: http.HTTPFlow) -> bool:
    return flow.live and flow.metadata.get(metakeys.HOST_CLASS) == "guarded"


class Decoder:
    """Incremental Content-Encoding decoder: the stream callable sees compressed chunks (mitmproxy keeps the
    encoding of streamed bodies), and compressed bytes must never pass unscanned."""

    def __init__(self, encoding: str) -> None:
        encoding = encoding.strip().lower()
        self._raw_deflate = False  # "deflate" is meant to be zlib-wrapped; some servers send it raw
        self._obj: Any  # a zlib, brotli or zstandard decompressor: they share no type (decode tells them apart)
        if encoding in ("", "identity", "none"):
            self._obj = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            self._obj = zlib.decompressobj(wbits=47)  # 32+15: gzip or zlib header, detected
            self._raw_deflate = encoding == "deflate"
        elif encoding == "br":
            import brotli  # mitmproxy depends on it

            self._obj = brotli.Decompressor()
        elif encoding == "zstd":
            import zstandard

            self._obj = zstandard.ZstdDecompressor().decompressobj()
        else:
            raise ValueError(f"unsupported content-encoding {encoding!r}")
        self.encoding = encoding
        self._fed = False  # bytes went in: an end marker must come out

    def decode(self, data: bytes) -> bytes:
        if self._obj is None:
            return data
        if self.encoding == "br":
            self._fed = self._fed or bool(data)
            return self._obj.process(data)
        out = []
        while data:
            if getattr(self._obj, "eof", False):
                # A gzip body may be several members one after the other (RFC 1952); each needs a fresh
                # decompressor, else the second one is silently dropped.
                self._obj = self._fresh()
            try:
                out.append(self._obj.decompress(data))
            except zlib.error:
                if self._raw_deflate:  # no zlib header: retry the same bytes as a raw deflate stream
                    self._obj, self._raw_deflate = zlib.decompressobj(wbits=-15), False
                    out.append(self._obj.decompress(data))
                else:
                    raise
            self._raw_deflate = False  # decided by the first bytes
            self._fed = True
            data = self._obj.unused_data if getattr(self._obj, "eof", False) else b""
        return b"".join(out)

    def _fresh(self) -> Any:
        if self.encoding == "zstd":
            import zstandard

            return zstandard.ZstdDecompressor().decompressobj()
        return zlib.decompressobj(wbits=47)

    def flush(self) -> bytes:
        """End of the body: the rest, or TruncatedStream when the last member/frame is incomplete."""
        if self._obj is None:
            return b""
        if self.encoding == "br":
            if self._fed and not self._obj.is_finished():
                raise TruncatedStream("the compressed answer ended in the middle of its data")
            return b""
        tail = self._obj.flush() if hasattr(self._obj, "flush") else b""
        if self._fed and not getattr(self._obj, "eof", True):
            raise TruncatedStream("the compressed answer ended in the middle of its data")
        return tail


class TruncatedStream(Exception):
    """The compressed body ended before its end marker: what is missing was never scanned nor sent."""


class StreamCallable:
    """flow.response.stream: bytes in any chunking -> masked bytes. Returns a list (never b"" mid-stream)."""

    def __init__(self, flow: http.HTTPFlow, masker: StreamMasker, decoder: Decoder | None,
                 rt: runtime.Runtime | None = None, budget: CpuBudget | None = None) -> None:
        self.flow = flow
        self.budget = budget  # the CPU this answer's inspection may take (policy stream_cpu_budget); None: no limit
        self.rt = rt  # the runtime the masker was built from: the answer goes on only while it is in force
        self.masker = masker
        self.decoder = decoder
        self.seconds = 0.0
        self.killed = False
        self.carried = 0  # bytes of the answer taken in so far: its record will need about as much room
        self.stop_first: tuple[str, str] | None = None  # (code, message): refuse before any byte (headers)

    def __call__(self, data: bytes) -> list[bytes]:
        started, cpu_started = time.perf_counter(), time.thread_time()
        try:
            with deadline.limit(None if self.budget is None else self.budget.available(time.monotonic()),
                                "the streamed answer's scan was cut at the policy's stream_cpu_budget (one piece "
                                "took more of the proxy's CPU than it allows), so the rest is withheld"):
                out = self._step(data)
        except TruncatedStream as e:
            out = self.masker.refuse("exitguard_truncated_stream", str(e))
        except Exception as e:
            # mitmproxy: an exception escaping the stream callable loses one chunk and the stream goes on
            # (fail open); so nothing escapes, and a failure stops the stream here.
            logger.error("exitguard: stream of flow %s failed with %s; stopping it", self.flow.id, type(e).__name__)
            out = self.masker.refuse("exitguard_internal_error", "the streamed answer could not be decoded")
        if self.masker.stopped and not self.killed:
            self.killed = True
            # Abort at the HTTP level too: the client sees a broken body, not a clean end (streamed status is 200),
            # and the upstream is dropped at this chunk, not read to its end (compat.end_killed_streams).
            self.flow.kill()
        self.seconds += time.perf_counter() - started
        if self.budget is not None:  # CPU, not wall time: a busy machine must not cut a model's paced answer
            self.budget.charge(time.thread_time() - cpu_started, time.monotonic())
        return out

    def _step(self, data: bytes) -> list[bytes]:
        if self.stop_first is not None:
            return self.masker.refuse(*self.stop_first, "block")
        if self.decoder is None:  # an encoding we cannot read: refuse, pass nothing
            return self.masker.refuse("exitguard_unsupported_encoding",
                                      "the streamed answer uses a compression exitguard cannot read", "block")
        if self.rt is not None and not runtime.treats_alike(self.rt, runtime.get()):
            # Reloaded mid-answer: the masker holds the old policy and rules; the rest is not sent under them.
            return self.masker.refuse("exitguard_policy_changed", "the policy or rules changed while this answer "
                                      "was streaming, so the rest of it is withheld; send the request again", "block")
        if self.budget is not None and self.budget.exhausted:
            return self.masker.refuse("exitguard_stream_cpu_budget", "the streamed answer took more of the proxy's "
                                      f"CPU than the policy's stream_cpu_budget allows ({self.budget.spent:.1f} s; it "
                                      "comes in pieces too small or too fast to inspect), so the rest is withheld")
        self.carried += len(data)
        if health.recorder_broken():  # an answer that cannot be recorded is not delivered (Audit: 503)
            self.masker.help_text = "Ask your exitguard administrator."  # no record of this flow to show
            return self.masker.refuse("exitguard_audit_unavailable", "the audit record cannot be written, so "
                                      "the rest of the answer is withheld")
        if not health.recorder_has_room(self.carried):
            return self.masker.refuse("exitguard_audit_unavailable", "the record folder's disk is nearly full, "
                                      "so the rest of the answer is withheld")
        if data:
            return self.masker.feed(self.decoder.decode(data))
        tail = self.decoder.flush()
        return (self.masker.feed(tail) if tail else []) + self.masker.finish()


def stream_summary(findings: list[FindingRecord]) -> str:
    """What the stream masker did, per action: "masked 2 value(s) (rules a, b); allowed 1 value(s) (rules c)".
    Allowed values went to the client in clear, so they must not be counted as masked."""
    parts = []
    for action, verb in ((Action.MASK, "masked"), (Action.ALLOW, "allowed")):
        rules = sorted({f.rule for f in findings if f.action == action})
        if rules:
            count = sum(f.action == action for f in findings)
            parts.append(f"{verb} {count} value(s) (rules {', '.join(rules)})")
    return "; ".join(parts)


class PassThrough:
    """Stream callable for answers of hosts that are not inspected: passes bytes on, keeps a copy for the record,
    up to ``limit`` and while the caller's share of buffered bytes has room (``body_budget.keep``: an agent's own
    server may hold many answers open at once, attack16)."""

    def __init__(self, limit: int, flow: http.HTTPFlow | None = None) -> None:
        self.limit = limit
        self.flow = flow
        self.kept: list[bytes] = []
        self.size = 0
        self.kept_size = 0
        self.keeping = True

    def __call__(self, data: bytes) -> list[bytes]:
        if not data:
            return []
        self.size += len(data)
        if self.keeping and self.size <= self.limit and (self.flow is None or body_budget.keep(self.flow, len(data))):
            self.kept.append(data)
            self.kept_size += len(data)
        else:
            self.keeping = False  # the record keeps a beginning, never pieces
        return [data]


def _observe_only(rt: runtime.Runtime, flow: http.HTTPFlow) -> bool:
    """Report mode changes nothing, except in a flow that carried a brokered credential: a vendor echoing the key
    would hand it to the agent, and the masker cannot mask one rule while only observing the others (attack11)."""
    return rt.policy.report_only and metakeys.INJECTED not in flow.metadata


class Streaming:
    def __init__(self) -> None:
        self._holdbacks: dict[tuple, tuple] = {}  # (runtime id, groups) -> (runtime, Holdback)
        self.max_holdback = DEFAULT_MAX_HOLDBACK  # exitguard_stream_max_holdback, parsed in configure
        self._ws: dict[tuple[str, str], StreamMasker] = {}  # (flow id, direction) -> masker, while open
        self._ws_budgets: dict[tuple[str, str], CpuBudget | None] = {}  # ... -> its CPU budget (None: no limit)

    def load(self, loader) -> None:
        compat.set_websocket_control_filter(self._control_frame)  # pings, pongs, close reasons (no hook)
        loader.add_option("exitguard_stream_max_holdback", int, DEFAULT_MAX_HOLDBACK,
                          "Characters of one streamed output that may be held back while they could still become "
                          "a secret. Past it the stream is stopped with an error event (fail closed).")

    def configure(self, updated: set[str]) -> None:
        if "exitguard_stream_max_holdback" in updated:
            self.max_holdback = read_max_holdback(ctx.options)

    # ---- requests -------------------------------------------------------------------------------
    @fail_closed
    def requestheaders(self, flow: http.HTTPFlow) -> None:
        if flow.response or not guarded(flow):
            return
        # Uncompressed answers: SSE must be parsed as it arrives (compressed streams are decoded as a fallback).
        flow.request.anticomp()
        # The Guard scans whole bodies in `request`; a streamed request body would leave before that.
        flow.request.stream = False

    # ---- streamed responses ---------------------------------------------------------------------
    @fail_closed
    def responseheaders(self, flow: http.HTTPFlow) -> None:
        if flow.response is None or flow.metadata.get(metakeys.SYNTHETIC) or not flow.live:
            return
        media = flow.response.headers.get("content-type", "").split(";")[0].strip().lower()
        if not guarded(flow):
            if scope.forwards_unscanned(flow, "response"):
                # Not inspected, but not stalled either: mitmproxy would buffer the whole stream, or a download of
                # any size (attack14: 200 MiB -> RSS +692 MiB), whoever asked for it; and answers under the limit,
                # many at once from an agent's own server, each held open (attack16: 20 x 8 MiB -> RSS +204 MiB).
                flow.response.stream = PassThrough(runtime.get().policy.max_body_bytes, flow)
            return
        if media not in STREAM_TYPES:
            flow.response.stream = False  # buffered: the Guard scans it whole in `response`
            return
        rt = runtime.get()  # raises when not configured: fail_closed answers 502
        framing = STREAM_TYPES[media]
        surface = "generic" if framing != "sse" else SURFACES.get(
            api_surface(flow.request.pretty_host, flow.request.path),
            stream_shapes.surface_for(flow.request.path, media))
        groups = flow.metadata.get(metakeys.GROUPS)
        masker = StreamMasker(
            # Stream windows are unique: keep them out of the detection cache the buffered guard relies on.
            surface, functools.partial(_with_runs, rt.inspector, "response", cache=False), self.max_holdback,
            *self._safe_end(rt, groups), framing=framing, groups=groups,
            report_only=_observe_only(rt, flow), help_text=responses.help_for(flow.id),
            max_event_bytes=rt.policy.max_body_bytes)
        encoding = flow.response.headers.get("content-encoding", "")
        try:
            decoder = Decoder(encoding)
        except ValueError:
            decoder = None
        headers = flow.response.headers
        if decoder is not None and decoder.encoding not in ("", "identity", "none"):
            headers.pop("content-encoding")  # the client gets what we decoded and masked
        # Masking changes the length: never forward the upstream's content-length.
        if "content-length" in headers:
            headers.pop("content-length")
            if flow.request.http_version.startswith("HTTP/1") and "chunked" not in headers.get(
                    "transfer-encoding", "").lower():
                headers["transfer-encoding"] = "chunked"
        stream = StreamCallable(flow, masker, decoder, rt, CpuBudget.of(rt.policy.stream_cpu_budget))
        # A streamed answer's headers leave right after this hook: scan them now.
        scan = self._scan_headers(flow, rt, flow.response.headers, "header")
        if scan.stops:
            stream.stop_first = ("exitguard_blocked", _stop_message(scan, "header"))
        flow.response.stream = stream
        flow.metadata[metakeys.STREAMED] = True

    def _safe_end(self, rt, groups, direction: str = "response", at_message_end: bool = False):
        """Hold back what a rule, or an extra detector (a brokered credential), could still complete; and a key
        arriving spaced out, broken over lines or in rot13, which only the loose views read
        (`disguise.loose_safe_end`, with the hold-back of the fixed-shape key rules); and a key whose disguise (an
        invisible character, a lookalike, an escape) hides its beginning from the plain hold-back
        (`disguise.disguised_safe_end`; with the value rules' hold-back too, attack54).
        Rules whose masked value follows a prefix (URL credentials, .pgpass lines, ...) hold only from where
        their value can begin (stream/value_holdback.py). Returns (safe_end, value_hold) for the masker.
        `at_message_end`: less the rules a WebSocket message's end settles (`Holdback.without_spared`, hold58)."""
        holdback, values = self._holdback(rt, groups, direction)
        if at_message_end:
            holdback = holdback.without_spared()
        keys = self._holdback(rt, groups, direction, fixed_shape=True)[0].safe_end
        extra = [d.safe_end for d in rt.inspector.extra_detectors if hasattr(d, "safe_end")]
        prefixes = rt.inspector.key_prefixes()
        plain = holdback.safe_end

        def plain_and_values(text: str, start: int) -> int:
            # attack54: the undisguised view is held for the value rules too: a context scorer reads a verdict there
            # ("Don't sh\u200bare it") that the text as written does not show, and masks the token it condemns
            # delta61: the value hold-back bounded by the plain one's safe end (the same min, fewer rules searched)
            held = plain(text, start)
            return held if held <= start else min(held, values.hold(text, start, below=held)[0])

        return (lambda text, start: min(plain(text, start), disguise.loose_safe_end(text, start, keys, prefixes),
                                        disguise.disguised_safe_end(text, start, plain_and_values),
                                        encoded.tail_safe_end(text, start),
                                        *(e(text, start) for e in extra))), values.hold

    def _holdback(self, rt, groups, direction: str, fixed_shape: bool = False) -> tuple[Holdback, ValueHoldback]:
        """Hold back only for rules whose findings in this direction are not simply allowed (PII in answers);
        with `fixed_shape`, only for those that are fixed-shape keys (the rules the loose views report).
        The value rules among them go to a ValueHoldback, the rest to the plain one."""
        key = (id(rt), tuple(groups or ()), direction, fixed_shape)
        cached = self._holdbacks.get(key)
        if cached is None or cached[0] is not rt:  # the runtime was reloaded
            if len(self._holdbacks) > 32:
                self._holdbacks.clear()
            wanted = {r.id for r in rt.scanner.rules if rt.policy.action_for(
                direction, r.id, r.category, r.classification, r.tier, list(groups or ())) != "allow"
                and (not fixed_shape or (r.tier == "precise" and r.category == "secret"))}
            parts = value_holdback.split(Holdback.for_scanner(rt.scanner), wanted, _value_rules(rt.scanner))
            cached = self._holdbacks[key] = (rt, parts)
        return cached[1]

    @fail_closed
    def response(self, flow: http.HTTPFlow) -> None:
        if flow.response is not None and guarded(flow) and not flow.metadata.get(metakeys.SYNTHETIC):
            self._scan_buffered_headers(flow)
        streamed = flow.response is not None and isinstance(flow.response.stream, StreamCallable)
        self._record(flow)
        if streamed:  # what was sent is the live body now; a response copy (trailers, wire41) goes with it
            wire.seal_response(flow)

    def _scan_buffered_headers(self, flow: http.HTTPFlow) -> None:
        """Headers of a buffered answer and trailers of any answer leave after this hook: scan them here. They
        leave from the answer's response copy when the guard registered one (core/wire.py, wire41), so that copy is
        what is scanned and masked; the live flow then shows every finding masked."""
        assert flow.response is not None
        rt = runtime.get()
        streamed = isinstance(flow.response.stream, StreamCallable)
        copy = wire.registered_response(flow)
        leaves = copy.response if copy is not None else flow.response
        parts = [] if streamed else [(leaves.headers, "header")]
        if leaves.trailers:
            parts.append((leaves.trailers, "trailer"))
        found: list[FindingRecord] = []
        for headers, kind in parts:
            scan = self._scan_headers(flow, rt, headers, kind, leaves, found)
            if not scan.stops:
                continue
            wire.drop_response(flow)  # the answer stops: nothing of the copy leaves
            message = _stop_message(scan, kind)
            metakeys.raise_decision(flow.metadata, "block", message)
            if streamed:  # the body is out: end the answer abnormally, without the trailers
                flow.response.trailers = None
                flow.kill()
            else:
                flow.response = responses.make_error(flow, 403, "exitguard_blocked", message)
                flow.metadata[metakeys.SYNTHETIC] = True
            responses.annotate(flow, f"block: {message}", ":no_entry:")
            return
        if found and (copy is not None or rt.policy.report_only or any(f.action == Action.ALLOW for f in found)):
            self._show_head_masked(flow, rt, streamed)

    @staticmethod
    def _show_head_masked(flow: http.HTTPFlow, rt, streamed: bool) -> None:
        """wire41: the head and trailers found holding values leave from the response copy (made now if the guard
        made none: the live answer is what leaves until here); the live flow, which mitmweb shows, gets every
        finding masked. Without compat's seam the live answer is what leaves: masked, never a value shown."""
        assert flow.response is not None
        if wire.seam_ready():
            wire.response_for(flow)
        live, groups = flow.response, flow.metadata.get(metakeys.GROUPS)
        if not streamed:
            scan_headers(live.headers, rt.inspector, groups, "header", change=True, status_line=live,
                         shown=frozenset(Action))
        if live.trailers:
            scan_headers(live.trailers, rt.inspector, groups, "trailer", change=True, shown=frozenset(Action))
        shown = flow.metadata.setdefault(metakeys.SHOWN_MASKED, [])
        if "response" not in shown:
            shown.append("response")
        wire.seal_response(flow)

    def _scan_headers(self, flow: http.HTTPFlow, rt, headers: http.Headers, kind: str,
                      status_line: http.Response | None = None, found: list[FindingRecord] | None = None) -> HeaderScan:
        report = rt.policy.report_only
        md = flow.metadata
        scan = scan_headers(headers, rt.inspector, md.get(metakeys.GROUPS), kind, change=not report,
                            status_line=(status_line or flow.response) if kind == "header" else None)
        if not scan.findings and not scan.incomplete:
            return scan
        if found is not None:
            found.extend(scan.findings)
        md.setdefault(metakeys.FINDINGS, []).extend(f.to_metadata() for f in scan.findings)
        if report:
            md[metakeys.REPORT_ONLY] = True
            metakeys.raise_decision(md, "report", f"would {scan.action}: response {kind}(s) ({scan.rules})")
            return HeaderScan()  # observe only: nothing is stopped
        if not scan.stops and any(f.action == Action.MASK for f in scan.findings):
            metakeys.raise_decision(md, "mask", f"masked response {kind}(s) (rules {scan.rules})")
            responses.annotate(flow, f"masked response {kind}(s) ({scan.rules})", ":see_no_evil:")
        return scan

    def error(self, flow: http.HTTPFlow) -> None:
        # Killed (fail closed) or cut off upstream: record what the client got all the same.
        try:
            self._record(flow)
        except Exception:
            logger.exception("exitguard: could not record the stream of flow %s", flow.id)

    def _record(self, flow: http.HTTPFlow) -> None:
        if flow.response is None:
            return
        stream = flow.response.stream
        if isinstance(stream, PassThrough):
            flow.response.stream = False
            # mitmproxy 11.0.2: streamed bodies are not stored; keep the copy (raw: the encoding is unchanged).
            kept = b"".join(stream.kept)
            if stream.kept_size < stream.size:
                # attack17: cut where the bytes ran out, inside a value whose beginning no rule finds (35 of a
                # GitHub token's 36 characters), the scrub kept that beginning. The copy ends at its last line
                # break (a compressed or one-line answer keeps nothing; the scrub could not read a cut one anyway).
                kept = kept[:kept.rfind(b"\n") + 1]
                why = "" if stream.size > stream.limit else " (the caller's share of buffered bytes was full)"
                flow.metadata.setdefault(metakeys.COVERAGE, []).append({
                    "direction": "response", "status": "not_guarded",
                    "reason": f"streamed {stream.size} bytes; the record keeps the first {len(kept)} "
                              f"(whole lines){why}"})
            flow.response.raw_content = kept
            return
        if not isinstance(stream, StreamCallable):
            return  # not ours, or recorded already (stream is reset below)
        masker = stream.masker
        # mitmproxy 11.0.2: streamed bodies are not stored (store_streamed_bodies is 12.0); keep what was sent.
        flow.response.stream = False
        flow.response.content = b"".join(masker.sent)
        md = flow.metadata
        md.setdefault(metakeys.FINDINGS, []).extend(f.to_metadata() for f in masker.findings)
        for rule in masker.split_left:
            metakeys.mark_split_left(md, "response", rule)
        coverage = masker.coverage
        if flow.error and not masker.stopped:
            coverage = {"direction": "response", "status": "stream_stopped",
                        "reason": "the stream ended early (connection closed or killed); held-back text was not sent"}
        md.setdefault(metakeys.COVERAGE, []).append(coverage)
        md[metakeys.LATENCY_MS] = round(md.get(metakeys.LATENCY_MS, 0.0) + stream.seconds * 1000, 3)
        rules = sorted({f.rule for f in masker.findings})
        if masker.stopped:
            metakeys.raise_decision(md, masker.decision or "error", masker.stop_reason)
            responses.annotate(flow, f"stream stopped: {masker.stop_reason}", ":no_entry:")
        elif masker.report_only and masker.findings:
            md[metakeys.REPORT_ONLY] = True
            would = "block" if masker.decision == "block" else "mask"
            metakeys.raise_decision(md, "report", f"would {would}: {', '.join(rules)}")
        elif any(f.action == Action.MASK for f in masker.findings):
            summary = stream_summary(masker.findings)
            metakeys.raise_decision(md, "mask", f"stream: {summary}")
            responses.annotate(flow, f"stream: {summary}", ":see_no_evil:")
        else:
            metakeys.raise_decision(md, "allow")

    # ---- WebSocket messages ---------------------------------------------------------------------
    @fail_closed
    def websocket_message(self, flow: http.HTTPFlow) -> None:
        if not guarded(flow) or flow.websocket is None:
            return
        rt = runtime.get()
        message = flow.websocket.messages[-1]
        direction = "request" if message.from_client else "response"
        budget = self._ws_budget(flow, direction, rt)
        if budget is not None and budget.exhausted:
            self._over_budget(flow, rt, direction, budget)
            return
        cpu_started = time.thread_time()
        try:
            # wsloop59: the budget is also a deadline inside the message's scan: a single message of hostile uniform
            # text held the loop for its whole scan, the budget charged only after it.
            with deadline.limit(None if budget is None else budget.available(time.monotonic()),
                                "a websocket message's scan was cut at the policy's stream_cpu_budget (it took more "
                                "of the proxy's CPU than the budget allows), so it and the rest are withheld"):
                self._websocket_message(flow, rt, message, direction)
        finally:
            if budget is not None:
                budget.charge(time.thread_time() - cpu_started, time.monotonic())
        # wsbudget58: one message of hostile uniform text took seconds of the loop (every flow waited). The message
        # that empties the bucket is dropped too: the connection ends before its sender can make the loop pay again.
        if budget is not None and budget.exhausted and not message.dropped and not flow.error:
            self._over_budget(flow, rt, direction, budget)

    def _ws_budget(self, flow: http.HTTPFlow, direction: str, rt) -> CpuBudget | None:
        """The connection's CPU budget for ``direction`` (per connection and direction, as per streamed answer; the
        policy's when it is first asked for)."""
        key = (flow.id, direction)
        if key not in self._ws_budgets:
            self._ws_budgets[key] = CpuBudget.of(rt.policy.stream_cpu_budget)
        return self._ws_budgets[key]

    def _control_frame(self, flow: http.HTTPFlow, event, to_server: bool):
        """``control_frames.filtered``, a ping's or pong's scan charged to its direction's budget as a message's is.
        attack59: 125 bytes of their own per ping cost ~185 us of scan, charged to nothing: a connection sending only
        pings kept the loop busy for as long as it liked. Past the budget a payload is dropped unread (the frame
        goes on empty: an unanswered ping would break the connection); the next message ends the connection."""
        if not isinstance(event, control_frames.PAYLOAD_FRAMES) or not guarded(flow) or flow.websocket is None:
            return control_frames.filtered(flow, event, to_server)
        budget = self._ws_budget(flow, "request" if to_server else "response", runtime.get())
        if budget is None:
            return control_frames.filtered(flow, event, to_server)
        if budget.exhausted:
            return compat.without_payload(event)
        cpu_started = time.thread_time()
        try:
            return control_frames.filtered(flow, event, to_server)
        finally:
            budget.charge(time.thread_time() - cpu_started, time.monotonic())

    def _over_budget(self, flow: http.HTTPFlow, rt, direction: str, budget: CpuBudget) -> None:
        """A WebSocket connection's messages took more of the loop's CPU than stream_cpu_budget allows: the message
        is dropped and the connection ends, closed with the reason and on record, as a streamed answer stops."""
        assert flow.websocket is not None
        masker = self._ws_masker(flow, rt, direction)
        reason = (f"the websocket messages took more of the proxy's CPU than the policy's stream_cpu_budget allows "
                  f"({budget.spent:.1f} s), so the rest is withheld")
        masker.refuse("exitguard_stream_cpu_budget", reason)
        flow.websocket.messages[-1].drop()
        md = flow.metadata
        md.setdefault(metakeys.COVERAGE, []).append({"direction": direction, "status": "stream_stopped",
                                                     "reason": reason})
        metakeys.raise_decision(md, "error", reason)
        flow.kill()

    def _websocket_message(self, flow: http.HTTPFlow, rt, message, direction: str) -> None:
        assert flow.websocket is not None
        index = len(flow.websocket.messages) - 1
        md = flow.metadata
        masker = self._ws_masker(flow, rt, direction)
        seen = len(masker.findings)
        original = text = message.text if message.is_text else _json_text(message.content)
        groups = md.get(metakeys.GROUPS)
        if text is not None:
            # attack21: the agent's JSON message read as the guard reads a JSON body (each value under its key,
            # long integers): `{"db_password": "..."}` and a card as a JSON number went upstream.
            # gate50: a value ending one of a delta's fields is the masker's, which holds that end like a plain
            # message's (`U / X. ` then `- only`: masked here, its own period went on after the placeholder).
            keyed = ws_readings.keyed_values(text, rt.inspector, direction, f"websocket:{index}", groups,
                                             deltas_held=True) if direction == "request" else ws_readings.Reading(None)
            text = keyed.text or text
            # attack16: a key base64-, base32- or hex-encoded in the message (the agent's realtime session) went
            # upstream: each run is read as a body's would be, a fixed-shape key in it replaces the run.
            runs = encoded_keys.with_encoded_keys(TextResult(text), text, rt.inspector, direction,
                                                  f"websocket:{index}", groups)
            text = runs.text
            # One masker per connection and direction: a value split over messages is held back and
            # reassembled like a streamed answer's (JSON messages: per field; other text: one channel).
            new = masker.message(text)
            incomplete = keyed.incomplete or runs.incomplete
            if incomplete or runs.action in STOPPING_ACTIONS or keyed.action in STOPPING_ACTIONS:
                new = None
            findings = keyed.findings + runs.findings + masker.findings[seen:]
            for rule in masker.split_left:
                metakeys.mark_split_left(md, direction, rule)
            for rule in masker.settled_left:  # hold58: once per rule and direction
                note = {"direction": direction, "status": "scanned",
                        "reason": f"websocket: a value of rule {rule} left with its message before a later one gave "
                                  "the word that makes it a value (a message's end settles it); not recorded"}
                if note not in md.setdefault(metakeys.COVERAGE, []):
                    md[metakeys.COVERAGE].append(note)
        else:
            # Other binary (audio, protobuf) cannot be re-framed as text: scanned whole, byte for character.
            result = rt.inspector.inspect_text(message.content.decode("latin-1"), direction,
                                               f"websocket:{index}", groups)
            # attack21: and as a binary body is read (UTF-16 strings, compressed parts, encoded runs): a key there
            # went on. What is found there cannot be rewritten: the connection ends, as a binary body gets 403.
            other = ws_readings.binary_readings(result.text.encode("latin-1"), rt.inspector, direction,
                                                f"websocket:{index}", groups)
            findings, incomplete = result.findings + other.findings, result.incomplete or other.incomplete
            new = None if incomplete or result.action in STOPPING_ACTIONS or other.action != Action.ALLOW \
                else result.text
            if new is not None and not masker.binary(message.content.decode("latin-1")):
                new = None  # a key split between it and the values around it
        if findings:
            md.setdefault(metakeys.FINDINGS, []).extend(f.to_metadata() for f in findings)
        rules = ", ".join(sorted({f.rule for f in findings}))
        if _observe_only(rt, flow):
            if findings:
                md[metakeys.REPORT_ONLY] = True
                metakeys.raise_decision(md, "report", f"would mask or block websocket message(s): {rules}")
                wire.passes_as_it_is(message)  # wire42: it leaves as it came, shown masked (audit/console_head.py)
            return
        if new is not None and any(f.action == Action.ALLOW for f in findings):
            wire.passes_as_it_is(message)  # wire42: a value let through leaves, shown masked (audit/console_head.py)
        if new is None:
            # A message cannot wait for approval or be half-sent: drop it and end the connection.
            message.drop()
            reason = (masker.stop_reason if text is not None or masker.stopped else None) or (
                f"websocket message {index} could not be scanned completely" if incomplete
                else f"websocket message {index} blocked (rules {rules})")
            md.setdefault(metakeys.COVERAGE, []).append({"direction": direction, "status": "stream_stopped",
                                                         "reason": reason})
            metakeys.raise_decision(md, masker.decision or "block", reason)
            flow.kill()
            return
        if text is None:
            new_content = new.encode("latin-1")
        elif new == original:
            return
        else:
            new_content = new.encode("utf-8", "surrogatepass")
        if message.is_text:
            message.text = new
        else:
            message.content = new_content
        if findings:
            metakeys.raise_decision(md, "mask", f"masked websocket message(s) (rules {rules})")

    def _ws_masker(self, flow: http.HTTPFlow, rt, direction: str) -> StreamMasker:
        key = (flow.id, direction)
        masker = self._ws.get(key)
        if masker is None:
            groups = flow.metadata.get(metakeys.GROUPS)
            masker = self._ws[key] = StreamMasker(
                "generic", functools.partial(_with_runs, rt.inspector, direction),
                self.max_holdback, *self._safe_end(rt, groups, direction), framing="ndjson", groups=groups,
                report_only=_observe_only(rt, flow), help_text=responses.help_for(flow.id),
                max_event_bytes=rt.policy.max_body_bytes, whole_messages=direction == "request",
                message_end_safe_end=self._safe_end(rt, groups, direction, at_message_end=True)[0])
        return masker

    def websocket_end(self, flow: http.HTTPFlow) -> None:
        for direction in ("request", "response"):
            self._ws_budgets.pop((flow.id, direction), None)
            masker = self._ws.pop((flow.id, direction), None)
            if masker is None or masker.stopped or not any(ch.end > ch.emitted for ch in masker.channels.values()):
                continue
            if masker.report_only:
                _report_held_at_close(flow, masker, direction)
            else:
                flow.metadata.setdefault(metakeys.COVERAGE, []).append({
                    "direction": direction, "status": "scanned",
                    "reason": "websocket closed: text held back as a possible secret was not sent"})


HELD_UNSCANNED = "(text held at the close, not scanned)"  # in SPLIT_LEFT: the direction's messages are not kept


def _report_held_at_close(flow: http.HTTPFlow, masker: StreamMasker, direction: str) -> None:
    """Report mode sent every message as it came, so the text the masker still held at the close has left: scan it
    now (hold61's gap: never scanned, it was shown in clear in mitmweb and Save wrote it). What it finds is noted like
    a message's findings, and the direction's last message is marked (``wire.passes_as_it_is``) so that the cover
    (audit/console_head.py ``CoverMessage.websocket_end``) shows that direction's messages as the record keeps them."""
    assert flow.websocket is not None
    md = flow.metadata
    seen = len(masker.findings)
    masker.finish()  # its bytes are not sent: every message has left already
    findings = masker.findings[seen:]
    for rule in masker.split_left:
        metakeys.mark_split_left(md, direction, rule)
    if masker.stopped:  # attack61: the held text may end a value cut over messages the record reads one by one
        metakeys.mark_split_left(md, direction, HELD_UNSCANNED)
    reason = (f"websocket closed: text held back as a possible secret was scanned at the close "
              f"({len(findings)} finding(s))" if not masker.stopped else
              f"websocket closed: text held back could not be scanned at the close ({masker.stop_reason})")
    md.setdefault(metakeys.COVERAGE, []).append({"direction": direction, "status": "scanned" if not masker.stopped
                                                 else "stream_stopped", "reason": reason})
    if findings:
        md.setdefault(metakeys.FINDINGS, []).extend(f.to_metadata() for f in findings)
        md[metakeys.REPORT_ONLY] = True
        rules = ", ".join(sorted({f.rule for f in findings}))
        metakeys.raise_decision(md, "report", f"would mask or block websocket message(s): {rules} (held at the close)")
    if findings or masker.stopped:
        ours = [m for m in flow.websocket.messages if m.from_client == (direction == "request")]
        if ours:
            wire.passes_as_it_is(ours[-1])


def _json_text(content: bytes) -> str | None:
    """A binary message holding JSON (Realtime events sent as binary frames): its text, else None."""
    try:
        text = content.decode("utf-8")
        return text if isinstance(json.loads(text), (dict, list)) else None
    except ValueError:  # UnicodeDecodeError and JSONDecodeError both
        return None


def _with_runs(inspector, direction: str, text: str, _direction: str, location: str, groups=None, **kw):
    """The stream masker's inspection of a window of a channel: the text as written, and the fixed-shape keys inside
    its encoded runs (attack19: a key's base64 split over two messages or events was read in two pieces, each noise;
    the window holds the run joined, its tail held back by ``encoded.tail_safe_end``). The masker inspects as
    "response"; a client's WebSocket messages are requests (``direction``)."""
    result = inspector.inspect_text(text, direction, location, groups, **kw)
    return encoded_keys.with_encoded_keys(result, text, inspector, direction, location, groups)


_VALUE_RULES: dict[int, tuple[object, dict]] = {}


def _warm_holdbacks(rt) -> None:
    """What a streamed answer's hold-backs build once per loaded scanner, built on a reload's thread
    (runtime.warm_with): ~1.2 s of CPU that the first streamed answer after the reload spent on the loop."""
    Holdback.for_scanner(rt.scanner)
    _value_rules(rt.scanner)


runtime.warm_with(_warm_holdbacks)


def _value_rules(scanner) -> dict:
    """value_holdback.value_rules, once per loaded scanner (it compiles a prefix per rule)."""
    cached = _VALUE_RULES.get(id(scanner))
    if cached is None or cached[0] is not scanner:
        if len(_VALUE_RULES) >= 4:
            _VALUE_RULES.clear()
        cached = _VALUE_RULES[id(scanner)] = (scanner, value_holdback.value_rules(scanner))
    return cached[1]


def _stop_message(scan: HeaderScan, kind: str) -> str:
    if scan.incomplete:
        return f"a response {kind} could not be scanned completely"
    return f"a response {kind} carries a value of rule(s) {scan.rules}"
