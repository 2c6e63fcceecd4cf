"""The addon chain, in order. The order is part of the design (DESIGN.md, "Addon chain"):
who is calling -> may they reach this host -> what is in the request -> hold for approval ->
inject vendor credentials -> record. Responses pass back through the same chain.
"""

from __future__ import annotations


def build() -> list:
    from addons.approval import Approval
    from addons.audit import Audit
    from addons.config import Config
    from addons.credentials import CredentialCheck, CredentialInjection
    from addons.guard import Guard
    from addons.hostpolicy import HostPolicy
    from addons.identity import Identity
    from addons.streaming import Streaming

    return [
        Config(),  # loads policy + rules; everything below fails closed until it has
        Identity(),
        HostPolicy(),
        CredentialCheck(),
        Guard(),
        Streaming(),
        Approval(),
        CredentialInjection(),  # after approval: a held request carries no real key while it waits
        Audit(),  # last: records the flow as it finally left and came back, scrubbed
    ]
