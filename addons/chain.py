"""The addon chain, in order. The order is part of the design (DESIGN.md, "Addon chain"):
who is calling -> may they reach this host -> what is in the request -> hold for approval ->
inject vendor credentials -> record. Responses pass back through the same chain.
"""

from __future__ import annotations

import importlib

CHAIN = (
    ("addons.config", "Config"),
    ("addons.identity", "Identity"),
    ("addons.hostpolicy", "HostPolicy"),
    ("addons.credentials", "CredentialCheck"),
    ("addons.guard", "Guard"),
    ("addons.streaming", "Streaming"),
    ("addons.approval", "Approval"),
    ("addons.credentials", "CredentialInjection"),
    ("addons.audit", "Audit"),
)

# Parts still being built in this development branch; every entry must be gone before release.
IN_PROGRESS = {"addons.streaming"}


def build() -> list:
    chain = []
    for module_name, class_name in CHAIN:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as e:
            if module_name in IN_PROGRESS and e.name == module_name:
                continue
            raise
        chain.append(getattr(module, class_name)())
    return chain
