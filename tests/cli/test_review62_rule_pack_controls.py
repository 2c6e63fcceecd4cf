"""review62: a rule pack from someone else (a pull request's `rules/`, a shared folder) reviewed with `exitguard rules
list --rules PACK`, `rules test PACK` or `scan --rules PACK`: its text reached the reviewer's terminal raw.

`rules list` printed each description as rich markup with its escape sequences (erase the line above, OSC 52 writes
the clipboard; rich strips only BEL, BS, VT, FF, CR), and a rule id the loader refuses was quoted raw in the one-line
error of all three commands (an OSC title, a BEL). Both now go through `cli/terminal.shown`.
"""

from __future__ import annotations

import pytest
import yaml

from addons.cli import main as cli

ESCAPES = "\x1b[2K\x1b[1Aclean \x1b]52;c;Y3VybCBldmlsfHNo\x07\x9b31m"


def _pack(tmp_path, rule_id: str, description: str):
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump({"rules": [{
        "id": rule_id, "description": description, "category": "secret", "classification": "confidential",
        "tier": "precise", "references": ["https://example.com/format"], "keywords": ["zzq"],
        "regex": "(zzq[0-9]{8})", "examples": ["zzq12345678"]}]}, allow_unicode=True))
    return path


def _no_controls(text: str) -> None:
    for control in ("\x1b", "\x07", "\x9b"):
        assert control not in text, repr(control)


def test_rules_list_shows_a_description_with_its_controls_written_out(tmp_path, capsys):
    pack = _pack(tmp_path, "evil-rule", f"desc {ESCAPES} [link=https://evil.example]here[/link]")
    assert cli.main(["rules", "list", "--rules", str(pack)]) == 0
    out = capsys.readouterr().out
    _no_controls(out)
    assert "\\x1b[2K" in out
    assert "[link=https://evil.example]" in out  # shown as written, not taken as rich markup


@pytest.mark.parametrize("argv", [["rules", "list", "--rules"], ["rules", "test"], ["scan", "--rules"]],
                         ids=["list", "test", "scan"])
def test_a_refused_rule_id_is_quoted_with_its_controls_written_out(tmp_path, capsys, argv):
    pack = _pack(tmp_path, "evil-\x1b]0;pwned\x07rule", "a description")
    extra = [str(pack)] if argv[0] == "scan" else []
    assert cli.main([*argv, str(pack), *extra]) == 2
    err = capsys.readouterr().err
    _no_controls(err)
    assert "lower-kebab-case" in err and len(err.splitlines()) == 1
