"""Credential brokering: agents carry a placeholder key (``OPENAI_API_KEY=exitguard``) and the proxy swaps in
the real vendor credential on the way out, for guarded, allowed flows of the configured (caller, host) only.

Two addons, placed apart in the chain (addons/chain.py):
- ``CredentialCheck`` (before the guard): a flow that names a brokered host under any of its names is refused
  when its names disagree (421) or it is plain http (403): the key would go where mitmproxy connects, not where
  the Host header points (core/destination.py). A real provider key sent by a client to a brokered host is refused
  (policy ``client_keys``, default block) with a message pointing at the placeholder; a brokered credential's
  value in any request's headers or URL (it must never leave except where exitguard puts it) is masked or
  blocked as a ``brokered-credential`` finding. Bodies are covered by the inspector's extra detector
  (credentials_config.BrokeredCredentialDetector), in requests, responses and streams alike.
- ``CredentialInjection`` (after guard and approval): injects the credential of the broker matching the
  destination, after checking the names again; in ``response`` / ``error`` (before Audit and mitmproxy's Save)
  it takes every brokered value out of the flow again, so no record holds it. ``metakeys.INJECTED`` keeps the
  credential's name and where it went, never the value.
"""

from __future__ import annotations

import base64
import binascii
import functools
import logging
import urllib.parse

from mitmproxy import ctx, http

from addons.core import destination, metakeys, outside, responses, runtime, wire
from addons.core.body_budget import opens_websocket
from addons.core.fail_closed import fail_closed
from addons.core.findings import FindingRecord
from addons.core.placeholders import brokered, masked
from addons.core.vocabulary import Action, Category, Classification, Decision, Direction, Tier
from addons.credentials.answer import KeyForms
from addons.credentials.section import RULE_ID, Broker, CredentialsSection

logger = logging.getLogger(__name__)

# Where provider SDKs put API keys: checked for real keys on brokered hosts.
KEY_HEADERS = ("authorization", "x-api-key", "api-key", "x-goog-api-key")
KEY_QUERY_PARAMS = ("key", "api_key")
# Flows in these states must never get a credential.
NO_INJECTION_DECISIONS = frozenset({Decision.BLOCK, Decision.DENY, Decision.ERROR, Decision.HELD,
                                    Decision.DENIED})
INJECTABLE_APPROVAL_STATES = {"approved", "would_hold"}  # would_hold: report mode holds nothing


def _section() -> CredentialsSection | None:
    section = runtime.get().policy.sections.get("credentials")
    return section if section is not None and section.brokers else None


def _bare_key(header: str, value: str) -> str:
    """The key inside a header value: the token after Bearer, the password of Basic, or the value itself."""
    scheme, _, rest = value.strip().partition(" ")
    if header == "authorization" and rest:
        if scheme.lower() == "basic":
            try:
                return base64.b64decode(rest.strip(), validate=True).decode("utf-8", "replace").partition(":")[2]
            except (binascii.Error, ValueError):
                return rest.strip()
        return rest.strip()
    return value.strip()


def client_keys(request: http.Request, broker: Broker | None) -> list[tuple[str, str]]:
    """(location, key) for every place a client may have put a provider API key."""
    headers = set(KEY_HEADERS)
    params = set(KEY_QUERY_PARAMS)
    if broker is not None:
        (params if broker.location.kind == "query" else headers).add(broker.location.name)
    found = [(f"header.{name}", _bare_key(name, v)) for name in sorted(headers)
             for v in request.headers.get_all(name)]
    found += [(f"query.{k}", v) for k, v in request.query.items(multi=True) if k in params]
    return [(loc, key) for loc, key in found if key]


def brokered_names(names: destination.FlowNames, section: CredentialsSection) -> list[str]:
    """The flow's names (any of them, claimed or real) that some broker serves."""
    return sorted(h for h in names.hostnames() if section.for_host(h))


def destination_problem(names: destination.FlowNames,
                        shown: destination.FlowNames | None = None) -> tuple[int, str, str] | None:
    """Why a brokered credential must not go to this flow's destination: (status, code, message), or None.
    The key goes where mitmproxy connects, so every name must agree, the channel must be TLS, and the name
    must be bound to the connection (a host name, or an IP whose certificate is checked for the name).
    Decided on ``names``; the message quotes ``shown`` (the same names masked, ``shown_names``)."""
    shown = shown or names
    if not names.agree:
        return 421, destination.MISDIRECTED, destination.mismatch_message(shown, "a brokered credential")
    if names.scheme != "https":
        return (403, "exitguard_brokered_host_needs_https",
                f"{shown.destination} is reached over plain {names.scheme}; exitguard sends brokered credentials "
                f"over https only. Use https://{shown.destination}/. Nothing was sent.")
    if destination.is_ip(names.destination):
        return (421, destination.MISDIRECTED,
                f"this request goes to the address {shown.destination}, and no TLS server name (SNI) checked by "
                f"the proxy ties it to {', '.join(sorted(shown.hostnames())) or 'a brokered host'}; a brokered "
                f"credential cannot go there. Nothing was sent.")
    return None


def shown_names(names: destination.FlowNames, rt) -> destination.FlowNames:
    """The names as they may be written and quoted: a value in one masked, read upper-cased too (names are
    lower-cased where exitguard reads them), as HostPolicy records them."""
    return names.masked(functools.partial(outside.safe_host, scanner=rt.inspector))


class CredentialCheck:
    @fail_closed
    def requestheaders(self, flow: http.HTTPFlow) -> None:
        if not flow.live or flow.response:
            return
        section = _section()
        if section is None:
            return
        rt = runtime.get()
        names = destination.flow_names(flow)
        if brokered_names(names, section) and destination_problem(names):
            self._refuse_destination(flow, names, rt)
        elif flow.metadata.get(metakeys.HOST_CLASS) == "guarded":
            self._check_client_keys(flow, section, rt, names)
        if not flow.response:
            self._brokered_values_in_headers(flow, section, rt)

    @fail_closed
    def request(self, flow: http.HTTPFlow) -> None:
        """Bodies to hosts the guard does not inspect: a brokered value there is a leak to another host."""
        if not flow.live or flow.response or flow.request.stream \
                or flow.metadata.get(metakeys.HOST_CLASS) not in ("pass", "observe"):
            return
        section = _section()
        if section is None:
            return
        try:
            body, decoded = flow.request.get_content() or b"", True
        except ValueError:  # undecodable content-encoding: look at the raw bytes, and never re-encode them
            body, decoded = flow.request.raw_content or b"", False
        hits = [name for name, value in section.values().items() if value.encode() in body]
        if not hits:
            return
        rt = runtime.get()
        action = rt.policy.action_for(Direction.REQUEST, RULE_ID, Category.SECRET, Classification.REGULATED,
                                      Tier.PRECISE, flow.metadata.get(metakeys.GROUPS) or [])
        flow.metadata.setdefault(metakeys.FINDINGS, []).extend(
            _record(RULE_ID, "body", body.find(section.values()[name].encode()), len(section.values()[name]),
                    rt.fingerprinter.digest(section.values()[name]), action) for name in hits)
        note = "a brokered credential appeared in the request body to a host exitguard does not inspect"
        if rt.policy.report_only:
            flow.metadata[metakeys.REPORT_ONLY] = True
            metakeys.raise_decision(flow.metadata, "report", f"would {action}: {note}")
        elif action == Action.MASK and decoded:  # the body format is unknown here: replace the literal value only
            for name in hits:
                value = section.values()[name]
                marker = masked(RULE_ID, rt.fingerprinter.digest(value)).encode()
                body = body.replace(value.encode(), marker)
            flow.request.content = body
            metakeys.raise_decision(flow.metadata, "mask", note)
        elif action != Action.ALLOW:
            responses.refuse(flow, 403, "exitguard_brokered_credential_leak", f"{note}; nothing was sent.")

    @staticmethod
    def _refuse_destination(flow: http.HTTPFlow, names: destination.FlowNames, rt) -> None:
        shown = shown_names(names, rt)
        destination.record(flow, shown)
        problem = destination_problem(names, shown)
        assert problem is not None  # the caller found one
        status, code, message = problem
        if rt.policy.report_only:  # observe only: nothing is refused, and CredentialInjection injects nothing
            flow.metadata[metakeys.REPORT_ONLY] = True
            metakeys.raise_decision(flow.metadata, "report", f"would refuse ({code}): {message}")
            return
        responses.refuse(flow, status, code, message)

    def _check_client_keys(self, flow: http.HTTPFlow, section: CredentialsSection, rt,
                           names: destination.FlowNames) -> None:
        host = names.destination
        brokers = section.for_host(host)
        if not brokers:
            return
        identity, groups = flow.metadata.get(metakeys.IDENTITY), flow.metadata.get(metakeys.GROUPS) or []
        broker = section.match(host, flow.metadata)
        policy_broker = broker or brokers[0]
        keys = client_keys(flow.request, policy_broker)
        real = [(loc, key) for loc, key in keys if self._is_real_key(key, section, rt)]
        if real and policy_broker.client_keys == "block":
            self._refuse_client_key(flow, real, policy_broker, rt, host)
        elif broker is None and any(key == b.placeholder for _, key in keys for b in brokers):
            # What would work, once: the refusal's own help line already says whom to ask.
            why = (f"identity {identity!r} (groups: {', '.join(groups) or 'none'}), so the placeholder key cannot "
                   f"be replaced: the policy's brokers for {host} name other identities or groups."
                   if identity else
                   "anonymous callers, so the placeholder key cannot be replaced: the policy's brokers for "
                   f"{host} serve named callers; send your proxy token (HTTPS_PROXY=http://NAME:TOKEN@HOST:PORT).")
            responses.refuse(flow, 403, "exitguard_no_brokered_credential",
                             f"no {host} credential is brokered for {why}")

    @staticmethod
    def _is_real_key(key: str, section: CredentialsSection, rt) -> bool:
        if any(key == b.placeholder for b in section.brokers):
            return False
        if key in section.values().values():
            return True
        return any(f.category == Category.SECRET for f in rt.scanner.scan(key))

    def _refuse_client_key(self, flow, real, broker: Broker, rt, host: str) -> None:
        findings = [_record("client-provider-key", loc, 0, len(key), rt.fingerprinter.digest(key), Action.BLOCK)
                    for loc, key in real]
        flow.metadata.setdefault(metakeys.FINDINGS, []).extend(findings)
        where = ", ".join(sorted({loc for loc, _ in real}))
        message = (f"this request carries a real API key ({where}), but exitguard holds the "
                   f"{host} credential for you. Configure your client with the placeholder "
                   f"key {broker.placeholder!r} instead (e.g. OPENAI_API_KEY={broker.placeholder}); the key was "
                   f"not sent.")
        if rt.policy.report_only:
            flow.metadata[metakeys.REPORT_ONLY] = True
            metakeys.raise_decision(flow.metadata, "report", "would block: real provider key from the client")
            return
        responses.refuse(flow, 403, "exitguard_use_placeholder_key", message)
        # The request goes nowhere now: take the key out of the flow too, so no recording or UI keeps it.
        for loc, key in real:
            marker = masked("client-provider-key", rt.fingerprinter.digest(key))
            kind, _, name = loc.partition(".")
            if kind == "header":
                flow.request.headers.set_all(name, [marker if key in _bare_key(name, v) or key in v else v
                                                    for v in flow.request.headers.get_all(name)])
            else:
                flow.request.query.set_all(name, [marker if v == key else v for v in flow.request.query.get_all(name)])

    def _brokered_values_in_headers(self, flow: http.HTTPFlow, section: CredentialsSection, rt) -> None:
        """Mask (or block, per policy) brokered values in request headers and the URL, on any host."""
        detector = section.detector()
        groups = flow.metadata.get(metakeys.GROUPS) or []
        action = rt.policy.action_for(Direction.REQUEST, RULE_ID, Category.SECRET, Classification.REGULATED,
                                      Tier.PRECISE, groups)
        hits = []
        for name, value in list(flow.request.headers.items(multi=True)):
            if found := detector(value):
                hits.append((f"header.{name.lower()}", value, found))
        if found := detector(flow.request.path):
            hits.append(("url", flow.request.path, found))
        if not hits:
            return
        records = []
        for location, value, found in hits:
            for f in found:
                records.append(_record(RULE_ID, location, f.start, f.end - f.start,
                                       rt.fingerprinter.digest(value[f.start:f.end]), action))
        flow.metadata.setdefault(metakeys.FINDINGS, []).extend(records)
        note = f"a brokered credential appeared in the request ({', '.join(sorted({h[0] for h in hits}))})"
        if rt.policy.report_only:
            flow.metadata[metakeys.REPORT_ONLY] = True
            metakeys.raise_decision(flow.metadata, "report", f"would {action}: {note}")
            return
        if action == Action.ALLOW:
            return
        if action in (Action.BLOCK, Action.APPROVE):  # a header cannot wait for approval: refuse
            responses.refuse(flow, 403, "exitguard_brokered_credential_leak",
                          f"{note}; credentials brokered by exitguard may only go where exitguard puts them. "
                          f"Nothing was sent.")
            return
        for location, value, found in hits:
            masked = _mask(value, found, rt)
            if location == "url":
                flow.request.path = masked
            else:
                name = location.split(".", 1)[1]
                flow.request.headers.set_all(name, [_mask(v, detector(v), rt) for v in
                                                    flow.request.headers.get_all(name)])
        metakeys.raise_decision(flow.metadata, "mask", note)
        responses.annotate(flow, f"masked {note}", ":see_no_evil:")


def _mask(text: str, found, rt) -> str:
    out, last = [], 0
    for f in found:
        out += [text[last:f.start], masked(RULE_ID, rt.fingerprinter.digest(text[f.start:f.end]))]
        last = f.end
    return "".join(out) + text[last:]


def say_who_open_brokers_serve(section: CredentialsSection | None) -> None:
    """Warn of brokers that inject for anonymous callers: where credentials are optional (a loopback listener with
    exitguard_auth=auto), every account on the proxy's host is such a caller, and calls with the operator's key."""
    if section is None or getattr(ctx.options, "exitguard_auth", "auto") == "required":
        return
    identity = runtime.get().policy.sections.get("identity")
    if identity is not None and getattr(identity, "mode", None) == "required":
        return
    for broker in section.open_to_every_caller():
        logger.warning("exitguard: the broker of credential %r for %s injects for every caller, anonymous ones "
                       "included where credentials are optional (loopback with exitguard_auth=auto): on a host "
                       "with other accounts, give it groups: or identities:, or set exitguard_auth=required",
                       broker.credential, ", ".join(broker.hosts))


class CredentialInjection:
    def __init__(self) -> None:
        self._announced: CredentialsSection | None = None  # the section whose open brokers were last told of
        # flow id -> (credential name, value) while the credential is in the flow; memory only, never metadata.
        self._injected: dict[str, tuple[str, str]] = {}
        # flow id -> (the injected key's spellings, the key) for a WebSocket whose upgrade carried it.
        self._websockets: dict[str, tuple[KeyForms, str]] = {}
        self._told_intercepted: set[str] = set()  # flow ids noted as intercepted with a key on their wire copy

    @fail_closed
    def requestheaders(self, flow: http.HTTPFlow) -> None:
        # A streamed request body leaves with its headers: inject now, or never.
        if flow.request.stream and flow.id not in self._injected:
            self._inject(flow)

    def running(self) -> None:
        self._announce_open_brokers()

    def _announce_open_brokers(self) -> None:
        """At start-up, and once for each policy reload that changes the brokers."""
        try:
            section = _section()
        except runtime.NotConfigured:
            return
        if section is not self._announced:
            self._announced = section
            say_who_open_brokers_serve(section)

    @fail_closed
    def request(self, flow: http.HTTPFlow) -> None:
        self._announce_open_brokers()
        if flow.id not in self._injected:
            self._inject(flow)

    def update(self, flows) -> None:
        # mitmweb's `intercept` filter runs after the bundle at `request`: an intercepted brokered request waits
        # there, shown in the console and open to edits (host, headers) before it is resumed, with no check of ours in
        # between (attack37). The live flow never holds the key (attack39): resumed unchanged, the wire copy goes
        # to the brokered host; edited, the request leaves as edited, without the key (compat.send_wire_copies).
        for flow in flows:
            if isinstance(flow, http.HTTPFlow) and flow.intercepted and flow.response is None \
                    and flow.id in self._injected and flow.id not in self._told_intercepted:
                self._told_intercepted.add(flow.id)
                responses.annotate(flow, "intercepted after the brokered credential was put on the wire copy: "
                                   "resumed unchanged it goes with the key, edited it goes without", ":lock:")

    @fail_closed
    def responseheaders(self, flow: http.HTTPFlow) -> None:
        # A streamed answer's headers leave right after this hook (Streaming scanned them just before).
        if flow.response is not None and (injected := self._injected.get(flow.id)) is not None:
            self._mask_head(flow, KeyForms.of(injected[1]), injected[1])

    @fail_closed
    def response(self, flow: http.HTTPFlow) -> None:
        if flow.response is not None and (injected := self._injected.get(flow.id)) is not None:
            self._mask_answer(flow, injected[1])
            self._mask_answer_copy(flow, injected[1])
            if opens_websocket(flow):  # its messages come later: keep the key's spellings until it ends
                self._websockets[flow.id] = (KeyForms.of(injected[1]), injected[1])
        self._scrub(flow)

    @fail_closed
    def error(self, flow: http.HTTPFlow) -> None:
        injected = self._injected.get(flow.id)
        if injected is not None and flow.error is not None and flow.killable \
                and KeyForms.of(injected[1]).find(flow.error.msg):
            # A vendor answer mitmproxy cannot parse: its error quotes the line ("Invalid header line: b'X-Debug
            # <key>'"), and that message is the 502 page the agent gets. Only a kill keeps it from being sent.
            metakeys.raise_decision(flow.metadata, "error", "the vendor's answer could not be parsed and the parse "
                                    "error quoted the brokered credential; the connection was closed instead")
            flow.kill()
        self._scrub(flow)
        self._websockets.pop(flow.id, None)

    @fail_closed
    def websocket_message(self, flow: http.HTTPFlow) -> None:
        if flow.websocket is None or (known := self._websockets.get(flow.id)) is None:
            return
        message = flow.websocket.messages[-1]
        if message.from_client:
            return
        forms, value = known
        marker = masked(RULE_ID, runtime.get().fingerprinter.digest(value))
        if (content := forms.mask_bytes(message.content, marker)) != message.content:
            message.content = content  # latin-1 round trip: a text message stays the UTF-8 it was
            self._note_masked(flow, "a WebSocket message")

    def websocket_end(self, flow: http.HTTPFlow) -> None:
        self._websockets.pop(flow.id, None)

    def _mask_answer(self, flow: http.HTTPFlow, value: str) -> None:
        """The broker's last look at the answer before it leaves (buffered) or is recorded (streamed): the key it
        injected, in any spelling KeyForms reads, in headers, trailers and the body. A body it cannot decode is
        refused: the key could be in it."""
        assert flow.response is not None
        forms = KeyForms.of(value)
        self._mask_head(flow, forms, value)
        if flow.response.trailers:
            self._mask_headers(flow.response.trailers, forms, value, flow)
        if flow.response.stream:
            return  # sent as it came (Streaming masked it); Streaming keeps the record copy in content
        try:
            body = flow.response.get_content(strict=True) or b""
        except ValueError:
            if flow.response.raw_content:
                responses.refuse(flow, 502, "exitguard_unreadable_answer",
                                 "the answer to a request that carried a brokered credential uses a content "
                                 "encoding exitguard cannot read, so it cannot be checked for that credential; "
                                 "it was not passed on.", decision="error")
            return
        marker = masked(RULE_ID, runtime.get().fingerprinter.digest(value))
        if (masked_body := forms.mask_bytes(body, marker)) != body:
            flow.response.content = masked_body  # encoded again as it came
            self._note_masked(flow, "the answer's body")

    def _mask_answer_copy(self, flow: http.HTTPFlow, value: str) -> None:
        """wire41: an answer that carries values the policy lets through leaves from its response copy (core/wire.py),
        which the guard made before this hook and which keeps those values as they came: a key the vendor echoed is
        masked there too (the live answer shows it masked already, whatever the policy). Refused on either: nothing
        of the copy leaves."""
        copy = wire.registered_response(flow)
        if copy is None:
            return
        live = flow.response
        if live is None or flow.metadata.get(metakeys.SYNTHETIC):  # refused on the live answer
            wire.drop_response(flow)
            return
        flow.response = copy.response
        try:
            self._mask_answer(flow, value)
            refused = flow.response is not copy.response
        finally:
            flow.response = live
        if refused:
            wire.drop_response(flow)
            responses.refuse(flow, 502, "exitguard_unreadable_answer",
                             "the answer to a request that carried a brokered credential could not be checked for "
                             "that credential; it was not passed on.", decision="error")
        else:
            wire.seal_response(flow)  # both masked: the copy leaves, with the live answer as it is now

    def _mask_head(self, flow: http.HTTPFlow, forms: KeyForms, value: str) -> None:
        """Headers and the reason phrase (HTTP/1.1 passes it on as the vendor wrote it: `401 Invalid key <key>`)."""
        assert flow.response is not None
        self._mask_headers(flow.response.headers, forms, value, flow)
        if forms.find(flow.response.reason):
            flow.response.reason = forms.mask(flow.response.reason,
                                              masked(RULE_ID, runtime.get().fingerprinter.digest(value)))
            self._note_masked(flow, "the answer's reason phrase")

    def _mask_headers(self, headers: http.Headers, forms: KeyForms, value: str, flow: http.HTTPFlow) -> None:
        names = {k.lower() for k, v in headers.items(multi=True) if forms.find(v)}
        if not names:
            return
        marker = masked(RULE_ID, runtime.get().fingerprinter.digest(value))
        for name in names:
            headers.set_all(name, [forms.mask(v, marker) for v in headers.get_all(name)])
        self._note_masked(flow, f"answer header(s) {', '.join(sorted(names))}")

    @staticmethod
    def _note_masked(flow: http.HTTPFlow, where: str) -> None:
        note = f"masked the brokered credential the vendor sent back in {where}"
        metakeys.raise_decision(flow.metadata, "mask", note)
        responses.annotate(flow, note, ":see_no_evil:")

    def _inject(self, flow: http.HTTPFlow) -> None:
        if not flow.live or flow.response is not None or flow.metadata.get(metakeys.HOST_CLASS) != "guarded":
            return
        if flow.metadata.get(metakeys.DECISION) in NO_INJECTION_DECISIONS:
            return
        approval = flow.metadata.get(metakeys.APPROVAL)
        if approval is not None and approval.get("state") not in INJECTABLE_APPROVAL_STATES:
            return  # waiting, refused, or marked "required" with no approval addon to hold it: no credential
        section = _section()
        if section is None:
            return
        names = destination.flow_names(flow)
        if brokered_names(names, section) and destination_problem(names):
            # CredentialCheck refused this already, unless in report mode or a later addon moved the request.
            rt = runtime.get()
            if not rt.policy.report_only:
                problem = destination_problem(names, shown_names(names, rt))
                assert problem is not None
                responses.refuse(flow, *problem)
            return
        broker = section.match(names.destination, flow.metadata)
        if broker is None:
            return
        loc = broker.location
        if broker.client_keys == "allow":
            # What will be sent: a request held for approval shows its credential headers redacted (core/held.py)
            # and leaves from its wire copy.
            copy = wire.registered(flow)
            current = client_keys(copy.request if copy is not None else flow.request, broker)
            if any(key != broker.placeholder for where, key in current if where.endswith("." + loc.name)):
                return  # the client uses its own key, as the policy allows
        if not wire.seam_ready():  # the key would go on the live flow mitmweb shows, or not at all: refuse
            responses.refuse(flow, 502, "exitguard_broker_unavailable",
                             "exitguard cannot put the brokered credential on this request: the proxy's mitmproxy "
                             "does not take a wire copy (addons/core/compat.py, send_wire_copies). Nothing was sent.",
                             decision="error")
            return
        value = section.values()[broker.credential]
        self._injected[flow.id] = (broker.credential, value)
        # The key goes on the wire copy only; the live flow (mitmweb, save, export) shows the broker's marker.
        _put(wire.request_for(flow), loc, value)
        _put(flow.request, loc, brokered(broker.credential), readable_basic=True)
        wire.seal(flow)
        flow.metadata[metakeys.INJECTED] = {"credential": broker.credential, "location": loc.describe()}
        destination.record(flow, shown_names(names, runtime.get()))  # the names the decision was made on

    def _scrub(self, flow: http.HTTPFlow) -> None:
        """Take every brokered value out of what will be recorded (request and response headers, URL)."""
        wire.drop(flow)  # sent by now, or never
        self._told_intercepted.discard(flow.id)
        values = dict(section.values()) if (section := _section()) is not None else {}
        if (injected := self._injected.pop(flow.id, None)) is not None:
            values.setdefault(*injected)  # still scrubbed if a policy reload dropped the section mid-flow
        for name, value in values.items():
            marker = brokered(name)
            for message in (flow.request, flow.response):
                if message is None:
                    continue
                for key in {k.lower() for k, v in message.headers.items(multi=True) if value in v}:
                    message.headers.set_all(key, [v.replace(value, marker) for v in message.headers.get_all(key)])
                if basic := _basic_with(message.headers.get("authorization", ""), value):
                    message.headers["authorization"] = basic.replace(value, marker)  # readable, no longer base64
            if value in flow.request.path:
                flow.request.path = flow.request.path.replace(value, marker)


def _put(request: http.Request, loc, value: str, readable_basic: bool = False) -> None:
    """``value`` where the broker puts its credential. ``readable_basic``: the live flow's marker, written as the
    scrub writes it (Basic as ``user:value``, a query value unencoded)."""
    if loc.kind == "header":
        request.headers[loc.name] = loc.format.replace("{value}", value)
    elif loc.kind == "query":
        request.query[loc.name] = value
        if readable_basic:  # the marker as the scrub writes it: readable, not percent-encoded
            request.path = request.path.replace(urllib.parse.quote(value, safe=""), value)
    elif readable_basic:
        request.headers["authorization"] = f"Basic {loc.username}:{value}"
    else:
        pair = f"{loc.username}:{value}".encode()
        request.headers["authorization"] = "Basic " + base64.b64encode(pair).decode()


def _basic_with(header: str, value: str) -> str | None:
    """For ``Basic b64(user:value)``: the header with the pair decoded and the value still in it, else None."""
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != "basic" or not rest:
        return None
    try:
        pair = base64.b64decode(rest.strip(), validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return None
    return f"Basic {pair}" if value in pair else None


def _record(rule: str, location: str, start: int, length: int, fingerprint: str, action: Action | str) -> dict:
    """A finding of a credential check (always a regulated secret, found exactly) for flow metadata."""
    return FindingRecord(rule, Category.SECRET, Classification.REGULATED, Tier.PRECISE, Direction.REQUEST,
                         location, start, length, fingerprint, Action(action)).to_metadata()
