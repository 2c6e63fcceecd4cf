"""A scanner budget load cannot spend, for tests of what is found or sent, not of how long a scan may take (flake64).

The scanner's budget is wall clock (2 s a scan): on a machine short of CPU a scan passes it and is rightly reported
incomplete, and `Scanner.scan` (which drops the report) returns what it had found so far: a test of what is found
then fails for the machine's load, not for the product. Hold62's memo test failed so at load ~11, and
tests/detect/test_scanner.py under a simulated 1/10 of a core. The budget has its own tests, which set it low
themselves (tests/detect/test_bad_input.py, tests/core/test_inspection_cache.py, tests/hostile/test_attack59_*)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from addons.detect import Scanner

UNHURRIED_SECONDS = 600.0  # past pytest's own timeout (300 s): a scan that hangs still fails the test


@contextmanager
def unhurried(scanner: Scanner) -> Iterator[Scanner]:
    """`scanner` itself (Scanner.from_rules shares it across the process) with the budget raised; restored after."""
    budget = scanner.time_budget
    scanner.time_budget = UNHURRIED_SECONDS
    try:
        yield scanner
    finally:
        scanner.time_budget = budget


def unhurried_copy(scanner: Scanner) -> Scanner:
    """Another scanner over the same rules and compiled database (cached), with the budget raised."""
    return Scanner(scanner.rules, scanner.version, scanner.engine, time_budget=UNHURRIED_SECONDS)
