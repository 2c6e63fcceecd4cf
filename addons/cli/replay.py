"""``exitguard replay --policy NEW.yaml RECORDINGS...``: dry-run a new policy over recorded flows, offline.

Recordings hold *masked* bodies (the audit recorder never keeps a raw value), so a flow is re-decided from what
was recorded about it, not from its masked body alone:
- a direction exitguard inspected when the flow ran (a guarded host, scanned): its recorded findings
  (rule, fingerprint, action), each re-decided with the new policy, plus what the new rules
  find in text that is still visible (a rule the old rule set did not have). The ``[MASKED:<rule>:<tag>]``
  placeholders in such a body are not counted again: exitguard's own ones are the recorded findings, and the
  others were echoed by the client (an earlier answer it sends back), not values. So the same policy over its
  own recordings reports no change, also for streams whose values were split across events;
- a direction exitguard did not inspect (the host passed, or the body was not scanned): the recorder masked every
  value in it, so each placeholder stands for a finding of its rule, plus visible detections;
- a body that is not in the recording (exitguard's own block page replaced the response, or the body could not
  be scanned and was not kept): the recorded findings of that direction.
A finding whose rule the new rule set no longer has is dropped. The outcome of a flow is
pass / allow / mask / hold / block / deny; rows show flows whose outcome or per-rule actions change.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from addons.approval import rules as approval_rules
from addons.cli.errors import UserError
from addons.cli.errors import console as console_for_output
from addons.cli.terminal import shown
from addons.core import destination, metakeys, net, outside, placeholders
from addons.core.vocabulary import Action, Classification, HostClass, Ordered
from addons.credentials.section import RULE_ID as BROKERED_RULE_ID


class Outcome(Ordered):
    """What happened to a flow as a whole, least to most strict (the report's "stricter" / "looser")."""

    PASS = "pass"
    ALLOW = "allow"
    MASK = "mask"
    HOLD = "hold"
    BLOCK = "block"
    DENY = "deny"


# The finding keys a report row shows (and compares with the recorded findings).
REPORT_KEYS = ("rule", "category", "classification", "tier", "direction", "location", "start", "action")
ACTION_OUTCOME = {Action.ALLOW: Outcome.ALLOW, Action.MASK: Outcome.MASK, Action.APPROVE: Outcome.HOLD,
                  Action.BLOCK: Outcome.BLOCK}
INSPECTED = ("scanned", "stream_stopped")  # coverage statuses of a direction the guard or the stream masker read
# Classes known_values.py gives a value by what it is, not its rule (newuser56): kept from the record when re-decided.
KNOWN_VALUE_CLASSES = frozenset({Classification.TEST_VALUE.value, Classification.PUBLIC.value})
DETECTOR_RULES = frozenset({BROKERED_RULE_ID})  # findings of detectors that are not rules, re-decided all the same


def register(sub) -> None:
    p = sub.add_parser("replay", help="dry-run a new policy over recorded flows",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("recordings", nargs="+", metavar="RECORDING",
                   help=".mitm files, or record folders (their audit-*.mitm files)")
    p.add_argument("--policy", required=True, metavar="FILE", help="the new policy file")
    p.add_argument("--rules", action="append", default=[], metavar="PATH",
                   help="rule file or folder for the new policy (repeatable; default: the built-in rules/)")
    p.add_argument("--all", action="store_true", help="list every flow, not only those whose outcome changes")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=run)


def recording_files(paths: list[str]) -> list[Path]:
    from addons.audit import index as auditlog

    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = [f for f in p.glob("audit-*.mitm") if auditlog.parse_stem(f.stem)]
            in_folder = sorted(found, key=lambda f: auditlog.parse_known_stem(f.stem)[0]) or sorted(p.glob("*.mitm"))
            if not in_folder:
                raise UserError(f"{p}: no recordings (.mitm files) in this folder")
            files += in_folder
        elif p.is_file():
            files.append(p)
        else:
            raise UserError(f"{p}: no such file or folder")
    return files


def read_flows(path: Path, warnings: list[str]):
    """HTTP flows of one recording; a torn tail (the proxy was killed while writing) ends it with a warning, and
    so does a flow the reader cannot make out (a crafted file: recorder.flows_in)."""
    from mitmproxy import exceptions, http

    from addons.audit import index as auditlog
    from addons.audit.recorder import flows_in

    read = 0
    try:
        recording = auditlog.open_regular(path)  # a FIFO named like a recording would block for ever
    except auditlog.NotRegularFile as e:
        raise UserError(str(e.strerror)) from None
    with recording as f:
        try:
            for flow in flows_in(f):
                read += 1
                if isinstance(flow, http.HTTPFlow):
                    yield flow
        except exceptions.FlowReadException:
            if read == 0:  # not one flow: this is not a recording (a README, a JSON file), not a torn one
                raise UserError(f"{path}: not a mitmproxy recording (.mitm)") from None
            warnings.append(f"{path}: stopped at an incomplete or unreadable flow at byte {f.tell()}")


def shape_problem(md: dict) -> str | None:
    """What in a flow's metadata is not as exitguard records it (a recording by another tool, or crafted): such a
    flow is not replayed, since its findings cannot be re-decided. None when it is as recorded."""
    groups, findings, host_class = md.get(metakeys.GROUPS), md.get(metakeys.FINDINGS), md.get(metakeys.HOST_CLASS)
    if groups is not None and not (isinstance(groups, list) and all(isinstance(g, str) for g in groups)):
        return "groups"
    if host_class is not None and not isinstance(host_class, str):
        return "host class"
    if findings is None:
        return None
    if not isinstance(findings, list):
        return "findings"
    for f in findings:
        if isinstance(f, dict) and not (isinstance(f.get("rule"), str)
                                        and isinstance(f.get("direction", "request"), str)
                                        and f.get("action", "mask") in Action.values()):
            return "a finding"
    return None


def outcome(host_class: str | None, actions: list[str]) -> Outcome:
    if host_class == HostClass.DENY:
        return Outcome.DENY
    if host_class == HostClass.PASS:
        return Outcome.PASS
    return ACTION_OUTCOME[Action.strictest(actions)]


def flow_class(policy, flow, groups: list[str]) -> HostClass:
    """The flow's class under ``policy`` as the proxy decides it (guard/hostpolicy.py classify): the strictest over
    every name the flow goes by, and an IP literal no checked TLS name binds is at least ``unnamed_hosts``. By
    its Host alone, a flow to a bare IP address that ran guarded would replay as an unlisted host."""
    names = destination.flow_names(flow, verify_upstream=True)
    return policy.flow_class(names.policy_hosts(), groups, bound_to_name=not net.is_ip(names.destination))


class Replayer:
    def __init__(self, rt) -> None:
        self.rt = rt
        self.rules = {r.id: r for r in getattr(rt.scanner, "rules", [])}

    def decide(self, flow) -> dict:
        md = flow.metadata
        groups = list(md.get(metakeys.GROUPS) or [])
        host = flow.request.pretty_host
        recorded = [f for f in md.get(metakeys.FINDINGS) or [] if isinstance(f, dict)]
        old = outcome(md.get(metakeys.HOST_CLASS), [f.get("action", "mask") for f in recorded])
        if held_by_rule(md):
            old = Outcome.strictest([old, Outcome.HOLD])
        new_class = flow_class(self.rt.policy, flow, groups)
        new_findings = []
        if new_class == HostClass.GUARDED:
            for direction, message in (("request", flow.request), ("response", flow.response)):
                new_findings += self._direction(flow, direction, message, recorded, groups)
        new = outcome(new_class, [f["action"] for f in new_findings])
        if new in (Outcome.PASS, Outcome.ALLOW, Outcome.MASK) and self._approval_rules(flow, new_findings):
            new = Outcome.HOLD  # the proxy holds it whatever its host class, unless a block answered first
        changes = rule_changes(recorded, new_findings)
        return {"flow_id": flow.id, "host": host, "method": flow.request.method,
                "path": flow.request.path.split("?")[0], "identity": md.get(metakeys.IDENTITY),
                "recorded_decision": md.get(metakeys.DECISION),
                "recorded_report_only": bool(md.get(metakeys.REPORT_ONLY)),
                "old": old.value, "new": new.value, "change": _direction_of(old, new), "rule_changes": changes,
                "new_findings": new_findings}

    def _approval_rules(self, flow, findings: list[dict]) -> list[str]:
        """The new policy's ``approvals:`` rules that would hold this request, as the proxy asks them
        (approval/approval.py), at the time it was recorded (a rule's ``when`` window)."""
        rules = self.rt.policy.sections.get("approvals")
        if not rules:
            return []
        request, md = flow.request, flow.metadata
        facts = approval_rules.RequestFacts(
            method=request.method, host=request.pretty_host, path=approval_rules.normalize_path(request.path),
            identity=md.get(metakeys.IDENTITY), groups=tuple(md.get(metakeys.GROUPS) or ()),
            findings=tuple(findings), now=datetime.fromtimestamp(request.timestamp_start or 0, UTC),
            claimed_methods=approval_rules.claimed_methods(
                request.headers, request.query.get_all(approval_rules.METHOD_OVERRIDE_QUERY)))
        return rules.matching(facts)

    def _direction(self, flow, direction, message, recorded, groups) -> list[dict]:
        md = flow.metadata
        if message is None:
            return []
        mine = [f for f in recorded if f.get("direction", "request") == direction]
        redecided = [self._redecide(f, groups) for f in mine if self._knows(f.get("rule"))]
        synthetic_response = direction == "response" and md.get(metakeys.SYNTHETIC)
        dropped = any(c.get("direction") == direction and "recording: body not kept" in str(c.get("reason"))
                      for c in md.get(metakeys.COVERAGE) or [] if isinstance(c, dict))
        texts = self._texts(message, direction)
        if synthetic_response or dropped or texts is None:
            return redecided  # the body is not in the recording: only what was recorded about it
        if inspected(md, direction, mine):
            return redecided + self._visible(texts, direction, groups, already=mine)
        return self._placeholders(texts, direction, groups) + self._visible(texts, direction, groups, already=[])

    def _knows(self, rule_id) -> bool:
        return rule_id in self.rules or rule_id in DETECTOR_RULES

    def _placeholders(self, texts, direction, groups) -> list[dict]:
        """Findings for the placeholders the recorder put where values were, in a direction nobody inspected."""
        out = []
        for location, text in texts:
            for m in placeholders.find_masked(text):
                rule = self.rules.get(m.rule)
                if rule is not None:
                    out.append(self._finding(direction, rule.id, rule.category, rule.classification, rule.tier,
                                             location, m.start, groups, "placeholder"))
        return out

    def _visible(self, texts, direction, groups, already: list[dict]) -> list[dict]:
        """What the new rules find in text the recording still shows in clear. A detection that matches a
        recorded finding (same rule and length: the recorded fingerprints use another key) is that finding."""
        known = [(f.get("rule"), f.get("length")) for f in already]
        out = []
        for location, text in texts:
            for f in self.rt.inspector.inspect_text(text, direction, location, groups).findings:
                if (f.rule, f.length) in known:
                    known.remove((f.rule, f.length))
                    continue
                record = f.to_metadata()
                out.append({**{k: record[k] for k in REPORT_KEYS}, "source": "visible"})
        return out

    def _texts(self, message, direction) -> list[tuple[str, str]] | None:
        """(location, text) of the URL and every body field; None when the body cannot be opened."""
        from mitmproxy import http

        from addons.formats import BodyError, decode_content, open_body

        texts = []
        if isinstance(message, http.Request):
            texts.append(("url.path", message.path.split("?")[0]))
            texts += [(f"query.{k}", v) for k, v in message.query.items(True)]
        try:
            body = decode_content(message.raw_content or b"", message.headers.get("content-encoding"),
                                  self.rt.policy.max_body_bytes)
            doc = open_body(message.headers.get("content-type", ""), body)
        except BodyError:
            return None
        return texts + [(fld.location, fld.text) for fld in doc.fields]

    def _redecide(self, f: dict, groups) -> dict:
        """A recorded finding under the new policy; the new rule set's category and tier when it has the rule."""
        rule = self.rules.get(f["rule"])
        category, classification, tier = ((rule.category, rule.classification, rule.tier) if rule else
                                          (f.get("category"), f.get("classification"), f.get("tier")))
        if f.get("classification") in KNOWN_VALUE_CLASSES:  # the engine judged the value itself (a published test
            classification = f["classification"]  # card, a credited author): its masked body cannot say so again
        return {**self._finding(f.get("direction", "request"), f["rule"], category, classification, tier,
                                f.get("location", ""), f.get("start"), groups, "recorded"),
                "fingerprint": f.get("fingerprint")}

    def _finding(self, direction, rule_id, category, classification, tier, location, start, groups,
                 source) -> dict:
        """A row of the report: plain strings, like the recorded findings it is compared with."""
        action = self.rt.policy.action_for(direction, rule_id, category, classification, tier, groups)
        return {"rule": rule_id, "category": str(category), "classification": str(classification),
                "tier": str(tier), "direction": str(direction), "location": location, "start": start,
                "action": action.value, "source": source}


def held_by_rule(md: dict) -> bool:
    """Whether an ``approvals:`` rule held the flow when it ran (or would have, in report mode)."""
    approval = md.get(metakeys.APPROVAL)
    return isinstance(approval, dict) and bool(approval.get("rules"))


def inspected(md: dict, direction: str, findings: list[dict]) -> bool:
    """Whether exitguard read this direction when the flow ran (then its findings were recorded)."""
    if md.get(metakeys.HOST_CLASS) != HostClass.GUARDED:
        return False
    return bool(findings) or any(c.get("direction") == direction and c.get("status") in INSPECTED
                                 for c in md.get(metakeys.COVERAGE) or [] if isinstance(c, dict))


def rule_changes(recorded: list[dict], new_findings: list[dict]) -> list[str]:
    """Per (direction, rule): the actions recorded -> the actions the new policy takes, where they differ."""
    def by_rule(findings) -> dict[tuple, set]:
        out: dict[tuple, set] = {}
        for f in findings:
            out.setdefault((f.get("direction", "request"), f.get("rule")), set()).add(f.get("action", "mask"))
        return out

    old, new = by_rule(recorded), by_rule(new_findings)
    changes = []
    for key in sorted(set(old) | set(new), key=str):
        before, after = old.get(key), new.get(key)
        if before != after:
            changes.append(f"{key[0]} {key[1]}: {'/'.join(sorted(before)) if before else '-'} -> "
                           f"{'/'.join(sorted(after)) if after else '-'}")
    return changes


def _direction_of(old: Outcome, new: Outcome) -> str:
    if old == new:
        return "same"
    return "stricter" if new.is_stricter_than(old) else "looser"


def replay(paths: list[str], policy: str, rules: list[str], key_file: Path) -> dict:
    import addons.chain  # noqa: F401  (the policy sections a policy may hold)
    from addons.core import runtime

    rt = runtime.build(policy, rules, key_file, resolve_credentials=False)  # recordings hold no brokered key
    replayer = Replayer(rt)
    warnings: list[str] = []
    rows = []
    files = recording_files(paths)
    for path in files:
        for flow in read_flows(path, warnings):
            if (odd := shape_problem(flow.metadata)) is not None:
                warnings.append(f"{path}: flow {flow.id}: its {odd} not as exitguard records it; not replayed")
                continue
            # What is printed quotes the recording (whoever wrote it chose it): masked with the new rules.
            rows.append(outside.safe_record(replayer.decide(flow), rt.inspector))
    warnings = [outside.safe_text(w, rt.inspector) for w in warnings]
    changed = [r for r in rows if r["change"] != "same"]
    return {"policy": str(policy), "policy_version": rt.version, "mode": rt.policy.mode,
            "files": [str(f) for f in files], "flows": len(rows),
            "stricter": sum(r["change"] == "stricter" for r in rows),
            "looser": sum(r["change"] == "looser" for r in rows),
            "rule_changes": sum(bool(r["rule_changes"]) for r in rows),
            "rows": rows, "changed": changed, "warnings": warnings}


def run(args: argparse.Namespace) -> int:
    from addons.core.policy import PolicyError

    with tempfile.TemporaryDirectory(prefix="exitguard-replay-") as tmp:
        try:  # fingerprints do not matter for decisions: a throwaway key
            report = replay(args.recordings, args.policy, args.rules, Path(tmp) / "key")
        except (PolicyError, ValueError) as e:
            raise UserError(str(e)) from None
    listed = report["rows"] if args.all else [r for r in report["rows"]
                                               if r["change"] != "same" or r["rule_changes"]]
    if args.json:
        print(json.dumps({k: v for k, v in report.items() if k not in ("rows", "changed")} | {"flows_listed": listed},
                         indent=2))
        return 0
    from rich.table import Table
    from rich.text import Text

    console = console_for_output()
    for w in report["warnings"]:
        # one line each, however long its path: the terminal wraps it, a pipe (grep) gets it whole
        console.print(Text.assemble(("warning:", "yellow"), " ", shown(w)), highlight=False, soft_wrap=True)
    table = Table(title=Text(shown(f"exitguard replay: {report['policy']} ({report['mode']}) over "
                                   f"{report['flows']} flow(s)")))
    for col in ("flow", "host", "request", "recorded", "new policy", "change", "why"):
        table.add_column(col, overflow="fold")
    for r in listed:
        recorded = r["old"] + (" (report)" if r["recorded_report_only"] else "")
        table.add_row(*(Text(shown(cell)) for cell in (  # Text: a recorded path is not rich markup
            r["flow_id"][:8], r["host"], f"{r['method']} {r['path']}", recorded, r["new"], r["change"])),
            Text("\n".join(shown(change) for change in r["rule_changes"])))
    console.print(table)
    console.print(f"{report['stricter']} flow(s) stricter, {report['looser']} looser, "
                  f"{report['rule_changes']} with per-rule changes, of {report['flows']}.")
    if report["mode"] == "report":
        console.print("note: the new policy is in report mode: these are would-be actions, nothing is changed.")
    return 0
