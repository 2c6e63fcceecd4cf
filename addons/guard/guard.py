"""Buffered inspection of guarded requests and responses: scan every text field, then mask or block.

Fails closed at every step: a body too large to scan, one that cannot be decoded, or a scan that was
cut short is blocked, never passed. Streamed responses (SSE) are handled by streaming.py instead.
"""

from __future__ import annotations

import logging
import time

from mitmproxy import http

from addons.core import clean_bodies, held, metakeys, placeholders, responses, runtime, scope, wire
from addons.core.fail_closed import fail_closed
from addons.core.findings import FindingRecord
from addons.core.inspection import TextResult, contexts_of, mask_findings
from addons.core.vocabulary import Action
from addons.formats import (
    AmbiguousBody,
    BodyError,
    BodyTooLarge,
    Deadline,
    OutOfTime,
    ScanCutShort,
    Unmaskable,
    compressed,
    decode_content,
    open_body,
    open_strings_decoded,
)
from addons.formats.sniff import is_wide_strings
from addons.guard import adjacent, hostpolicy, joined, request_parts

logger = logging.getLogger(__name__)

# What a held answer shows on the live flow (mitmweb, later addons): every value that is not sent as is. A request,
# sent, held or refused, shows every finding masked (SHOWN; refused ones since attack41).
HIDDEN = frozenset({Action.MASK, Action.BLOCK, Action.APPROVE})
# What the live flow of a request that is sent shows (wire40): every finding masked, as the record masks it, also
# the values the policy lets through (allowed, report-only, approved); those leave from the flow's wire copy.
SHOWN = frozenset(Action)
NOT_SHOWN = b"[exitguard: body not shown: a value the policy let through to the client cannot be masked in it]"
NOT_SHOWN_HERE = b"[exitguard: body not shown: a value found in it cannot be masked there]"
NOT_SCANNED = b"[exitguard: body not shown: it could not be scanned completely]"
NOT_SCANNED_TEXT = "[exitguard: not shown: the request could not be scanned completely]"


class Refusal(Exception):
    """Stop inspecting and answer the client with this error."""

    def __init__(self, status: int, code: str, message: str, coverage: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.coverage = status, code, message, coverage


# A message's whole scan may take this many of the scanner's time budgets (2 s each by default): room for one body
# that needs nearly a full scan and for the views between its fields, never the minute 10 MiB of tiny fields costs.
MESSAGE_BUDGET_SCANS = 2


def _out_of_time(direction: str, how_far: str) -> Refusal:
    return Refusal(403 if direction == "request" else 502, "exitguard_scan_incomplete",
                   f"the {direction} could not be scanned completely in time ({how_far}).", "incomplete")


class Guard:
    @fail_closed
    def requestheaders(self, flow: http.HTTPFlow) -> None:
        if flow.response or not scope.inspects(flow, "request"):
            return
        limit = runtime.get().policy.max_body_bytes
        declared = flow.request.headers.get("content-length", "")
        too_large = declared.isdigit() and int(declared) > limit
        if not scope.fails_closed(flow):  # observed: too large to scan is recorded and streamed on, unscanned
            if too_large:
                _coverage(flow, "request", "too_large", f"declared {declared} bytes > limit {limit}")
                flow.request.stream = hostpolicy.WatchedBody(flow)  # attack50: a reload may deny the host meanwhile
            return
        flow.request.stream = False  # a guarded body is scanned whole before anything leaves
        if too_large:
            _coverage(flow, "request", "too_large", f"declared {declared} bytes > limit {limit}")
            responses.refuse(flow, 413, "exitguard_body_too_large",
                          f"the request body ({declared} bytes) exceeds the {limit}-byte inspection limit.")

    @fail_closed
    def request(self, flow: http.HTTPFlow) -> None:
        if flow.response or not scope.inspects(flow, "request"):
            return
        if flow.request.stream and not scope.fails_closed(flow):  # observed and too large: streamed, unscanned
            return
        self._inspect(flow, flow.request, "request")

    @fail_closed
    def response(self, flow: http.HTTPFlow) -> None:
        wire.drop(flow)  # the request has left by now, or never will
        if not scope.inspects(flow, "response") or flow.metadata.get(metakeys.SYNTHETIC) or flow.response is None:
            return
        if flow.response.stream or flow.metadata.get(metakeys.STREAMED):
            return  # the stream masker owns it
        self._inspect(flow, flow.response, "response")

    def error(self, flow: http.HTTPFlow) -> None:
        wire.drop(flow)
        wire.drop_response(flow)

    def _inspect(self, flow: http.HTTPFlow, message: http.Message, direction: str) -> None:
        started = time.perf_counter()
        rt = runtime.get()
        try:
            results, render = self._scan_message(flow, message, direction, rt)
        except Refusal as r:
            _coverage(flow, direction, r.coverage, r.message)
            if scope.fails_closed(flow):  # observed hosts: recorded as not inspected, sent as it is
                if direction == "request" and r.coverage == "incomplete":
                    self._hide_unscanned(flow, rt)
                self._refuse(flow, direction, r.status, r.code, r.message)
            return
        finally:
            _add_latency(flow, started)
        findings = [f for res in results for f in res.findings]
        _coverage(flow, direction, "scanned", f"{len(results)} field(s)")
        if not findings:
            metakeys.raise_decision(flow.metadata, "allow")
            if not flow.marked:
                responses.annotate(flow, f"{direction} scanned: nothing found", ":white_check_mark:")
            return
        flow.metadata.setdefault(metakeys.FINDINGS, []).extend(f.to_metadata() for f in findings)
        action = Action.strictest(f.action for f in findings)
        rules = sorted({f.rule for f in findings if f.action == action})
        if rt.policy.report_only:
            flow.metadata[metakeys.REPORT_ONLY] = True
            metakeys.raise_decision(flow.metadata, "report", f"would {action}: {', '.join(rules)}")
            responses.annotate(flow, f"report-only: would {action} {direction} ({', '.join(rules)})", ":eyes:")
            if direction == "request" and scope.fails_closed(flow):  # an observed host's request is shown as sent
                self._show_masked(flow, render)
            elif direction == "response" and scope.fails_closed(flow):  # and its answer (wire41)
                self._show_answer_masked(flow, render)
            return
        if action == Action.BLOCK:
            if direction == "request":
                render(SHOWN)  # the live flow keeps no raw value of a blocked request, allowed ones too (attack41)
            self._refuse(flow, direction, 403, "exitguard_blocked",
                         f"the {direction} was blocked because it contains {_describe(findings, Action.BLOCK)}; "
                         f"nothing was {'sent upstream' if direction == 'request' else 'delivered'}.")
            return
        try:
            render()
        except Unmaskable as e:
            if direction == "request":
                render(SHOWN)  # nothing it found stays on the live flow, allowed values too (attack41)
            self._refuse(flow, direction, 403, "exitguard_blocked",
                         f"the {direction} was blocked because it contains {_describe(findings, Action.MASK)} "
                         f"where it cannot be masked safely ({e}); nothing was "
                         f"{'sent upstream' if direction == 'request' else 'delivered'}.")
            return
        masked = [f for f in findings if f.action == Action.MASK]
        if masked:
            metakeys.raise_decision(flow.metadata, "mask", f"masked {_describe(findings, Action.MASK)}")
            responses.annotate(flow, f"masked {len(masked)} value(s) in {direction} "
                                     f"({_describe(findings, Action.MASK)})", ":see_no_evil:")
        if action == Action.APPROVE:
            if direction == "request" and not wire.seam_ready():
                render(SHOWN)
                responses.refuse(flow, 502, "exitguard_wire_unavailable", held.WIRE_UNAVAILABLE, decision="error")
                return
            flow.metadata[metakeys.APPROVAL] = {"state": "required", "rules": rules}
            # The approval hold puts the request on the wire copy if approved; the live flow keeps it masked.
            held.hide(flow, lambda: render(SHOWN if direction == "request" else HIDDEN))
            return
        allowed = any(f.action == Action.ALLOW for f in findings)
        if allowed and direction == "request" and scope.fails_closed(flow) and not self._show_masked(flow, render):
            return
        if allowed and direction == "response" and scope.fails_closed(flow):
            self._show_answer_masked(flow, render)
        if not masked:
            metakeys.raise_decision(flow.metadata, "allow")
            # Sent as is; the live flow shows them masked: say that it carried some (never which)
            responses.annotate(flow, f"found {_describe(findings, Action.ALLOW)} in {direction}, allowed by the "
                                     "policy", ":eyes:")

    @staticmethod
    def _show_masked(flow: http.HTTPFlow, render) -> bool:
        """The request leaves as it is now, from its wire copy (core/wire.py); the live flow, which mitmweb shows
        until the flow is gone, gets every finding masked as the record masks it. The broker later adds its key to
        the same copy. Without compat's seam the copy would never be sent: refused (502), never the masks sent in
        place of the values the policy let through, never the values shown. False when refused."""
        if not wire.seam_ready():
            render(SHOWN)
            responses.refuse(flow, 502, "exitguard_wire_unavailable", held.WIRE_UNAVAILABLE, decision="error")
            return False
        wire.request_for(flow)  # a copy of what leaves
        render(SHOWN)
        # The path as the record writes it: a placeholder readable, not percent-encoded (it is never sent).
        flow.request.path = placeholders.readable(flow.request.path)
        wire.seal(flow)
        shown = flow.metadata.setdefault(metakeys.SHOWN_MASKED, [])
        if "request" not in shown:
            shown.append("request")
        return True

    @staticmethod
    def _show_answer_masked(flow: http.HTTPFlow, render) -> None:
        """wire41: the answer leaves as it is now, from its response copy (core/wire.py); the live response, which
        mitmweb shows and the record reads, gets every finding masked. Without compat's seam the answer leaves
        masked (the live response is what leaves): the request was already carried out upstream, so the client
        gets a valid answer with those values masked rather than a 502 it might retry; never the values shown."""
        assert flow.response is not None
        seam = wire.seam_ready()
        leaves = wire.response_for(flow) if seam else None
        render(SHOWN)
        if leaves is not None and leaves.raw_content and not flow.response.raw_content:
            # render could not put a placeholder where the value is: the live view keeps no body, only why
            flow.response.content = NOT_SHOWN
        shown = flow.metadata.setdefault(metakeys.SHOWN_MASKED, [])
        if "response" not in shown:
            shown.append("response")
        if leaves is not None:
            wire.seal_response(flow)
            return
        metakeys.raise_decision(flow.metadata, "mask", "values the policy lets through to the client were masked: "
                                "this mitmproxy does not take a wire copy (addons/core/compat.py)")
        responses.annotate(flow, "allowed values in the response were masked (no wire copy)", ":see_no_evil:")

    def _scan_message(self, flow, message, direction, rt):
        """Scan the body and (for requests) headers, trailers, path and query; return the results and a
        function applying masks (which raises Unmaskable where a value cannot be rewritten)."""
        groups = flow.metadata.get(metakeys.GROUPS)
        host_class = flow.metadata[metakeys.HOST_CLASS]
        # Each scan has the scanner's time budget; a message of many tiny fields (20,000 `a=b&` pairs) would pass
        # every one and still hold the event loop for a minute (attack58): the message as a whole gets a budget too.
        # It counts this thread's CPU, not the wall clock: what it guards is the event loop's time, and a machine
        # short of CPU must not refuse an honest message the proxy never spent its budget on (attack59 saw 5,000-field
        # bodies refused at load ~19).
        # The codecs charge it as they read (formats/deadline.py): 10 MiB of NDJSON lines took ~8 s to open before
        # the first check (attack59); now the opening stops where the budget runs out (codec61).
        deadline = Deadline.after(rt.scanner.time_budget * MESSAGE_BUDGET_SCANS)
        doc, body = self._open(flow, message, direction, rt.policy, deadline)
        if deadline.passed():  # the opening spent the last of it
            raise _out_of_time(direction, f"its body opened, none of its {len(doc.fields)} fields scanned")
        for reason in doc.skipped:
            _coverage(flow, direction, "skipped", reason)
        if doc.kind == "binary" and doc.fields:
            _coverage(flow, direction, "strings", "binary body: scanned its printable strings")
        if direction == "request" and not flow.metadata.get(metakeys.MODEL):
            model = next((f.text for f in doc.fields if f.location == "$.model"), None)
            if model:
                flow.metadata[metakeys.MODEL] = model[:200]

        results: list[TextResult] = []
        for field, context in zip(doc.fields, contexts_of(doc.fields), strict=True):
            res = rt.inspector.inspect_field(field.text, direction, field.location, groups, host_class,
                                             fixed_shape_only=field.kind == "decoded-short", context=context,
                                             noise_judged=field.kind == "strings"
                                             and is_wide_strings(field.location))
            if res.incomplete:
                raise Refusal(403, "exitguard_scan_incomplete",
                              f"the {direction} could not be scanned completely ({field.location}).", "incomplete")
            results.append(res)
            if deadline.passed():
                raise _out_of_time(direction, f"{len(results)} of its {len(doc.fields)} fields scanned")
        alone = list(results)  # each field's own findings; the split views below append theirs
        try:
            for i, res in adjacent.scan_pairs(doc.fields, results, rt.inspector, direction, groups,
                                              deadline).items():
                results[i] = res
            for i, res in joined.scan(doc.fields, results, rt.inspector, direction, groups, host_class).items():
                results[i] = res
            if deadline.passed():
                raise OutOfTime()
        except OutOfTime:
            raise _out_of_time(direction, "its fields scanned, not the values split between them") from None
        except adjacent.Unsplittable as e:
            raise Refusal(403, "exitguard_blocked", f"the {direction} holds a secret split over several values "
                          f"that cannot all be masked ({e}).", "incomplete") from None
        for rule in _split_left(results, alone, rt.policy.report_only):
            metakeys.mark_split_left(flow.metadata, direction, rule)  # the recording cannot mask its pieces
        field_results = list(results)  # index i: doc.fields[i]
        if (scan := _scrub_scan(doc, body, alone)) is not None and not (
                rt.policy.report_only and compressed(message.headers.get("content-encoding"))):
            # The recording keeps these bytes without a second scan, or masks what this scan found in them (in
            # report-only mode a compressed body's were not re-encoded: the recording's scrub does that).
            clean = not any(scan.found) and not any(res.findings for res in field_results)  # split views' too
            clean_bodies.mark(message, rt.inspector, None if clean else scan)
        parts = self._scan_parts(message, rt, groups, host_class) if direction == "request" else []
        results.extend(p.result for p in parts)

        def render(hidden: frozenset[Action] | None = None) -> None:
            """Apply the masks (re-encoding with the same content-encoding); with ``hidden``, also replace the
            values of findings with those actions (what the live flow shows of a blocked or held request)."""
            def hides(res: TextResult) -> bool:
                return res.changed if hidden is None else any(f.action in hidden for f in res.findings)

            fields = {i: res.text if hidden is None else mask_findings(doc.fields[i].text, res.findings, hidden)
                      for i, res in enumerate(field_results) if hides(res)}
            if fields:
                clean_bodies.forget(message)  # other bytes from here on (the held view: until put back)
                try:
                    message.content = doc.render(fields)
                except Unmaskable:
                    if hidden is None:
                        raise
                    # A body that cannot be masked is not kept on the live flow; a notice stands in for it, never
                    # nothing: an empty live request goes out with end_stream, and the wire seam then drops the copy
                    # that holds what leaves (report mode, allowed values: the body was sent empty, newuser50)
                    message.content = NOT_SHOWN_HERE
            request_parts.apply(message, parts, hidden)

        return results, render

    @staticmethod
    def _hide_unscanned(flow: http.HTTPFlow, rt) -> None:
        """A guarded request refused because its scan was cut short: nothing of it leaves, and its live flow (mitmweb's
        console, later addons) keeps no value, as a refused request's does (attack41): the body, which was not read
        whole, gives way to a notice; the head is masked, every finding (a head is small: mitmproxy answers 431 to a
        large one), or, when that scan is cut short too, its path and header values give way to the notice.
        attack59: a key in the query, a header and the body stayed on the live flow as the agent wrote them."""
        request = flow.request
        clean_bodies.forget(request)
        request.headers.pop("content-encoding", None)
        request.raw_content = NOT_SCANNED
        try:
            parts = request_parts.scan(request, rt.inspector, flow.metadata.get(metakeys.GROUPS),
                                       flow.metadata[metakeys.HOST_CLASS])
        except request_parts.IncompleteScan:
            request.path = "/" + NOT_SCANNED_TEXT
            request.headers.fields = tuple((name, value if name.lower() == b"host" else NOT_SCANNED_TEXT.encode())
                                           for name, value in request.headers.fields)
            return
        request_parts.apply(request, parts, SHOWN)

    def _open(self, flow, message, direction: str, policy, deadline: Deadline):
        """The opened body and the decoded bytes it was opened from. Fails closed: too large, ambiguous or (by
        policy) unparseable or binary bodies are refused; with `unparseable: pass` a body that does not parse is
        still read as its printable strings. Every reading stops at ``deadline`` (refused as incomplete)."""
        try:
            body = decode_content(message.raw_content or b"", message.headers.get("content-encoding"),
                                  policy.max_body_bytes)
            doc = open_body(message.headers.get("content-type", ""), body, time_limit=deadline)
        except ScanCutShort as e:  # before BodyError: whatever `unparseable` says, it was not read whole
            raise Refusal(403 if direction == "request" else 502, "exitguard_scan_incomplete",
                          f"the {direction} could not be scanned completely: {e}.", "incomplete") from None
        except BodyTooLarge:
            raise Refusal(413 if direction == "request" else 502, "exitguard_body_too_large",
                          f"the {direction} body exceeds the {policy.max_body_bytes}-byte inspection limit.",
                          "too_large") from None
        except AmbiguousBody as e:
            raise Refusal(400 if direction == "request" else 502, "exitguard_ambiguous_body",
                          f"the {direction} body is ambiguous and was refused: {e}.", "unparseable") from None
        except BodyError as e:
            if policy.unparseable == "block":
                raise Refusal(400 if direction == "request" else 502, "exitguard_unparseable",
                              f"the {direction} body could not be inspected: {e}.", "unparseable") from None
            _coverage(flow, direction, "unparseable", f"{e}; scanned its printable strings")
            try:  # binary: never marked
                doc = open_strings_decoded(message.raw_content or b"", "unparseable body", time_limit=deadline)
            except ScanCutShort as cut:
                raise Refusal(403 if direction == "request" else 502, "exitguard_scan_incomplete",
                              f"the {direction} could not be scanned completely: {cut}.", "incomplete") from None
            body = message.raw_content or b""
        else:
            if message.raw_content and compressed(message.headers.get("content-encoding")) \
                    and not policy.report_only:
                # Passed on as the canonical encoding of what was scanned (formats.compressed says why), by
                # mitmproxy's encoder: no mtime, fixed levels. Report-only mode changes no byte. A body that
                # decodes to nothing too: its bytes are then all what no decoder gives back (a brotli metadata
                # block, empty gzip members' mtimes), read by nothing (attack rec6).
                message.content = body
        if doc.kind == "binary" and policy.binary_bodies == "block":
            raise Refusal(415, "exitguard_binary_body", f"binary {direction} bodies are not allowed by policy.",
                          "skipped")
        return doc, body

    @staticmethod
    def _scan_parts(request: http.Request, rt, groups, host_class) -> list[request_parts.Part]:
        try:
            return request_parts.scan(request, rt.inspector, groups, host_class)
        except request_parts.IncompleteScan as e:
            raise Refusal(403, "exitguard_scan_incomplete",
                          f"the request could not be scanned completely ({e}).", "incomplete") from None

    def _refuse(self, flow, direction: str, status: int, code: str, message: str) -> None:
        if direction == "response":
            flow.response = responses.make_error(flow, status, code, message)
            flow.metadata[metakeys.SYNTHETIC] = True
            metakeys.raise_decision(flow.metadata, "block", message)
            responses.annotate(flow, f"block: {message}", ":no_entry:")
        else:
            responses.refuse(flow, status, code, message)


def _scrub_scan(doc, body: bytes, alone: list[TextResult]) -> clean_bodies.Scan | None:
    """What the recording's scrub of this body would compute (core/clean_bodies.py), or None when its scan would
    not be this one. It opens the same bytes the same way and scans every field with the same inspector and
    context, so it is this scan when the body was opened as what it claims (not binary, not read as printable
    strings) and nothing in it was skipped; each field's findings are then those of every rule that
    ``inspect_field`` started from (``TextResult.detected``: before the policy's yielding rules and the fixed-shape
    filter of short decoded values), each field's own (``alone``: not the split-value views')."""
    if doc.kind == "binary" or doc.skipped or any(res.detected is None for res in alone):
        return None
    return clean_bodies.Scan(doc, body, tuple(res.detected or () for res in alone))


def _split_left(results: list[TextResult], alone: list[TextResult], report_only: bool) -> set[str]:
    """The rules of the values the split-value views (adjacent.py, joined.py: they append to a field's findings)
    found across fields that are sent as they are (allowed, approved, or report-only)."""
    return {f.rule for res, own in zip(results, alone, strict=True) for f in res.findings[len(own.findings):]
            if report_only or not f.action.replaces_value}


def _describe(findings: list[FindingRecord], action: Action) -> str:
    rules = sorted({f.rule for f in findings if f.action == action})
    n = sum(1 for f in findings if f.action == action)
    return f"{n} finding(s) of rule(s) {', '.join(rules)}"


def _coverage(flow, direction: str, status: str, reason: str) -> None:
    flow.metadata.setdefault(metakeys.COVERAGE, []).append({"direction": direction, "status": status,
                                                           "reason": reason})


def _add_latency(flow, started: float) -> None:
    flow.metadata[metakeys.LATENCY_MS] = round(flow.metadata.get(metakeys.LATENCY_MS, 0.0)
                                               + (time.perf_counter() - started) * 1000, 3)

