"""Races a local user can win, staged deterministically for tests."""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType


def swap_after_open(monkeypatch, module_os: ModuleType, planted: Path) -> None:
    """Every `os.open` the module makes replaces the opened path with `planted` right after the open: what the
    code then reads must be the file it opened, never the planted one (a check-then-read race won)."""
    real_open = module_os.open

    def open_then_swap(name, flags, *args):
        descriptor = real_open(name, flags, *args)
        os.replace(planted, name)
        return descriptor

    monkeypatch.setattr(module_os, "open", open_then_swap)
