"""What ``exitguard up`` checks before it starts mitmproxy, and what it then says is guarded.

mitmproxy reports a bad policy as a traceback after it has started listening, and a bad value for an option an
addon declares (``--set exitguard_retain_days=x``, or an option given twice) makes it drop the whole bundle
without a word: the proxy then runs with no exitguard addon at all. So ``up`` checks the exitguard options it
hands to mitmproxy, and loads the policy and rule packs with the code the proxy itself uses
(``runtime.load_checked``), first. Anything wrong is one line and status 2, before a client is told to connect.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mitmproxy import exceptions

from addons import chain
from addons.cli.errors import UserError
from addons.core import config, options, runtime
from addons.core.policy import DEFAULT_POLICY_FILE, Policy, PolicyError
from addons.core.validation import did_you_mean

CHECKED_PREFIX = "exitguard_"
SET_BY_UP = {"exitguard_policy": "--policy", "exitguard_record_dir": "--record, default recordings/,",
             "exitguard_retain_days": "--retain", "confdir": "--confdir"}  # options an `up` flag sets


@dataclass(frozen=True)
class Startup:
    """What the proxy will enforce, as loaded before it starts."""
    policy: Policy
    rule_count: int
    record_dir: Path | None


def check(argv: Sequence[str]) -> Startup:
    """The exitguard options of a mitmproxy command line, the policy and the rules they name; UserError if any
    is wrong. Values are never echoed (a webhook URL is a credential), only option names and closed words."""
    opts = chain.declared_options()
    given = given_values(argv)
    for name in given:
        if name not in opts:
            raise UserError(f"--set {name}: no such option{did_you_mean(name, opts.keys())} "
                            "(exitguard's options: README, 'Options')")
    try:
        chain.set_given(opts, given)
    except chain.OptionValueError as e:
        flag = SET_BY_UP.get(e.name) if e.repeated else None
        raise UserError(f"{e} ({flag} sets it too)" if flag else str(e)) from None
    try:
        for name, option in opts.items():
            if option.choices:
                options.check_choice(opts, name)
            elif option.typespec == str | None:
                options.optional_text(opts, name)
        settings = config.read_settings(opts)
        policy, scanner = runtime.load_checked(str(settings.policy) if settings.policy else None,
                                               list(settings.rules), settings.mode)
    except exceptions.OptionsError as e:
        raise UserError(str(e)) from None
    except (PolicyError, ValueError) as e:  # the rule loader raises RuleError (a ValueError) naming file and rule
        raise UserError(str(e)) from None
    record_dir = options.optional_path(opts, "exitguard_record_dir")
    return Startup(policy, len(scanner.rules), record_dir)


def given_values(argv: Sequence[str]) -> dict[str, list[str | None]]:
    """The ``--set NAME[=VALUE]`` of exitguard options (and confdir) in a mitmproxy argv, values in order
    (None: the option is named without a value, which unsets it)."""
    given: dict[str, list[str | None]] = {}
    for flag, spec in itertools.pairwise(argv):
        if flag != "--set":
            continue
        name, sep, value = spec.partition("=")
        if name.startswith(CHECKED_PREFIX) or name == "confdir":
            given.setdefault(name, []).append(value if sep else None)
    return given


def summary(startup: Startup) -> str:
    """The start-up lines: what is guarded and where that comes from, the mode, where flows are recorded."""
    policy = startup.policy
    source = "the built-in policy" if Path(policy.source) == DEFAULT_POLICY_FILE else policy.source
    listed = len(policy.listed_guarded_hosts())
    known = len(set(policy.guarded_hosts)) - listed
    parts = ([f"{known} known LLM providers and gateways"] if policy.guard_known_providers else []) + \
        [f"{listed} from {source}"]
    lines = [f"guarding {known + listed} host patterns: {', '.join(parts)}; "
             f"unlisted hosts: {policy.unlisted_hosts.value}" +
             (f"; {len(policy.deny_hosts)} denied" if policy.deny_hosts else ""),
             f"mode {policy.mode}" +
             (" (detect and record only: nothing is masked or blocked)" if policy.report_only else "") +
             f"; {startup.rule_count} detection rules",
             f"recording to {startup.record_dir} (exitguard audit reads it)" if startup.record_dir
             else "not recording (--no-record): nothing is kept for audit or replay"]
    return "".join(f"exitguard: {line}\n" for line in lines)
