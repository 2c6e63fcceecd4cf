"""Small shared pieces for the deployment tests."""

from __future__ import annotations

from pathlib import Path

RULES = Path(__file__).with_name("egtest-rules.yaml")  # a test-owned rule: independent of the shipped packs

