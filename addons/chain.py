"""The addon chain, in order. The order is part of the design (DESIGN.md, "Addon chain"):
who is calling -> may they reach this host -> what is in the request -> hold for approval ->
inject vendor credentials -> record. Responses pass back through the same chain.
"""

from __future__ import annotations


def build() -> list:
    from addons.config import Config
    from addons.guard import Guard
    from addons.hostpolicy import HostPolicy

    return [
        Config(),
        HostPolicy(),
        Guard(),
    ]
