"""The addon chain, in order, and the policy sections its concerns own. The order is part of the design
(DESIGN.md, "Addon chain"): who is calling -> may they reach this host -> what is in the request -> hold for
approval -> inject vendor credentials -> record. Responses pass back through the same chain.
"""

from __future__ import annotations

from addons.approval import rules as approval_rules
from addons.approval.approval import Approval
from addons.audit.audit import Audit
from addons.core import policy
from addons.core.config import Config
from addons.core.logmask import FlowLine
from addons.core.state.addon import State
from addons.credentials import section as credentials_section
from addons.credentials.credentials import CredentialCheck, CredentialInjection
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


def build() -> list:
    identity = Identity()
    return [
        Config(),  # loads policy + rules; everything below fails closed until it has
        State(),  # the shared state (exitguard_state): this process, or Redis for a fleet of replicas
        identity,
        HostPolicy(),
        CredentialCheck(),
        Guard(),
        Streaming(),
        Approval(check_credential=identity.check_credential),  # approvers prove who they are like callers do
        CredentialInjection(),  # after approval: a held request carries no real key while it waits
        Audit(),  # records the flow as it finally left and came back, scrubbed
        FlowLine(),  # one masked log line per flow (mitmdump's own flow lines are off)
    ]
