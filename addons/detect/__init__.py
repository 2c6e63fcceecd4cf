"""Detection engine: rule packs, a Hyperscan (or pure-Python) first stage, regex confirmation in windows
around its hits, and post-validation (entropy, validators, allowlists). Pure Python, no mitmproxy import.

    from addons.detect import Scanner
    scanner = Scanner.default()
    findings = scanner.scan(text)
"""

from .rules import Rule, RuleError
from .scanner import Finding, Scanner, ScanReport

__all__ = ["Finding", "Rule", "RuleError", "ScanReport", "Scanner"]
