"""The addon chain, in order, and the policy sections its concerns own. The order is part of the design
(DESIGN.md, "Addon chain"): who is calling -> may they reach this host -> what is in the request -> hold for
approval -> inject vendor credentials -> record. Responses pass back through the same chain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mitmproxy import exceptions, optmanager

from addons.approval import rules as approval_rules
from addons.approval.approval import Approval
from addons.audit.audit import Audit
from addons.audit.console_head import CoverHead, CoverMessage, CoverStreamedAnswer, UncoverHead
from addons.core import policy
from addons.core.body_budget import BodyBudget
from addons.core.config import Config
from addons.core.errortext import ErrorText
from addons.core.logmask import FlowLine
from addons.core.replayed import ForgetOnReplay
from addons.core.state.addon import State
from addons.credentials import section as credentials_section
from addons.credentials.credentials import CredentialCheck, CredentialInjection
from addons.credentials.echo import CallerEchoes
from addons.guard.datagrams import Datagrams
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from addons.identity import section as identity_section
from addons.identity.identity import Identity
from addons.stream.streaming import Streaming


def register_policy_sections() -> None:
    policy.register_section("identity", identity_section.parse)
    policy.register_section("credentials", credentials_section.parse)
    policy.register_section("approvals", approval_rules.parse)


register_policy_sections()  # importing the chain (bundle, CLI, tests) makes full policies loadable


def declare_options(loader) -> None:
    """Declare every option of the chain on ``loader`` (an OptManager will do) and nothing else: what
    ``exitguard up`` checks ``--set`` values against before it starts mitmproxy. ``Config.load`` also patches
    mitmproxy and logging, so its declarations are taken alone; the other addons' ``load`` only declares."""
    for addon in build():
        declare = addon.declare_options if isinstance(addon, Config) else getattr(addon, "load", None)
        if declare is not None:
            declare(loader)


EXPECTED = {int: "an integer", bool: "true or false"}  # what a value of this type looks like on --set


class OptionValueError(ValueError):
    """A ``--set`` value mitmproxy could not apply; the message names the option, never the value."""

    def __init__(self, message: str, name: str, repeated: bool = False) -> None:
        super().__init__(message)
        self.name = name
        self.repeated = repeated  # a single-value option given more than once


def declared_options() -> optmanager.OptManager:
    """Every option of the chain, declared by its own code, plus mitmproxy's ``confdir`` (Config reads it)."""
    opts = optmanager.OptManager()
    opts.add_option("confdir", str, "~/.mitmproxy", "mitmproxy's configuration folder")
    declare_options(opts)
    return opts


def set_given(opts: optmanager.OptManager, given: Mapping[str, Sequence[str | None]]) -> None:
    """Set ``--set`` values (None: named without a value, which unsets it) the way mitmproxy will, or raise
    OptionValueError naming the option and what is wrong, never the value (a webhook URL is a credential)."""
    for name, values in given.items():
        option = dict(opts.items())[name]
        if len(values) > 1 and option.typespec != Sequence[str]:
            raise OptionValueError(f"{name} is given {len(values)} times", name, repeated=True)
        try:
            opts.set(*(name if v is None else f"{name}={v}" for v in values))
        except exceptions.OptionsError:
            raise OptionValueError(f"--set {name}: expected {EXPECTED.get(option.typespec, 'a value')}",
                                   name) from None


def refuse_unusable_options(options) -> None:
    """Called by the bundle before its addons register. mitmproxy 12.3 applies ``--set`` values of addon options
    when the script registers; a value that does not parse (or a single-value option given twice) raises there,
    inside the script's load task, and the whole bundle is dropped without an error logged: mitmdump would run
    as a plain, unguarded proxy. Refuse to start instead. ``options``: mitmproxy's (None outside mitmproxy)."""
    if options is None:
        return
    opts = declared_options()
    given = {name: [None] if not value.val else list(value.val) for name, value in options.deferred.items()
             if name in opts and hasattr(value, "val")}  # unknown names: Config.running refuses them
    try:
        set_given(opts, given)
    except ValueError as e:
        from addons.core.options import refuse_to_start

        refuse_to_start(str(e))


def apply_private_sets(options) -> None:
    """Set the credential-bearing options ``exitguard up`` handed over in the environment (core/private_sets.py),
    before the addons register, so they are checked below and applied like ``--set`` values. A bad one refuses
    the start: an exception here would drop the bundle (an unguarded proxy)."""
    if options is None:
        return
    from addons.core import private_sets
    from addons.core.options import refuse_to_start

    try:
        private_sets.apply(options)
    except ValueError as e:  # its messages name options, never values
        refuse_to_start(str(e))
    except Exception as e:  # anything else may quote a value: its type only, and never load without the bundle
        refuse_to_start(f"cannot apply ${private_sets.ENV} ({type(e).__name__})")


def build() -> list:
    identity = Identity()
    audit = Audit()
    # Approvers prove who they are like callers do; an approved request's caller is checked again; every
    # decision is an audit index record, also when no request waits for it any more.
    approval = Approval(check_credential=identity.check_credential, recheck_caller=identity.refuse_stale_caller,
                        record_event=audit.record_event, record_event_now=audit.record_event_now)
    return [
        # loads policy + rules (everything below fails closed until it has); a refused runtime change is recorded
        Config(record_event_now=audit.record_event_now),
        ForgetOnReplay(),  # a replay (a flow loaded from a file too) starts with none of exitguard's metadata
        State(),  # the shared state (exitguard_state): this process, or Redis for a fleet of replicas
        UncoverHead(),  # first at `request`: the head as the agent wrote it, for every addon below (CoverHead)
        identity,
        HostPolicy(own_listener=approval.own_listener_name),  # approval refuses its own listeners, and mitmweb's
        CredentialCheck(),
        Guard(),
        # not HTTP on a packet listener: raw UDP refused, DNS names scanned (one at a time and joined per domain);
        # each refusal recorded, queries that go on tallied
        Datagrams(record_event=audit.record_event, record_event_now=audit.record_event_now),
        Streaming(),
        approval,
        BodyBudget(),  # after every addon that decides whether a request body is buffered (Guard, Approval)
        CredentialInjection(),  # after approval: a held request carries no real key while it waits
        CallerEchoes(),  # after the guard and the broker: the caller's own credential echoed in the answer, redacted
        audit,  # records the flow as it finally left and came back, scrubbed
        FlowLine(),  # one masked log line per flow (mitmdump's own flow lines are off)
        ErrorText(),  # mitmproxy's error text, masked for every addon after the bundle (mitmweb, save)
        CoverHead(),  # last: a guarded request's head masked for mitmweb's console until the guard reads it
        CoverStreamedAnswer(),  # after the recorder: a streamed answer's passed values masked for the console
        CoverMessage(),  # last at websocket_message: a message's passed values masked for the console (wire42)
    ]
