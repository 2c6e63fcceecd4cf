"""newuser56: an in-house token (`acme_live_` + 32 base62 + a 6-character checksum) given `validator: github_crc32`
failed `exitguard rules test` with "validator github_crc32 failed" and no word of what that validator accepts
(exactly 30 base62 and their 6-character CRC32 after the last `_`). The failure now says, and what to do instead."""

from addons.cli.main import main

TOKEN = "acme_live_ETttFuMciZY33OqKfLRdvTiwaSHojHz14G6sMO"  # 32 + 6: not GitHub's 30 + 6

PACK = """rules:
  - id: acme-live-token
    description: ACME internal API token
    references: [https://wiki.acme.example/security/token-format]
    category: secret
    classification: confidential
    tier: precise
    keywords: [acme_live_]
    regex: '\\b(acme_live_[0-9A-Za-z]{38})\\b'
    VALIDATOR
    examples: ['ACME_TOKEN=TOKEN']
"""


def _rules_test(tmp_path, capsys, validator_line: str) -> tuple[int, str]:
    pack = tmp_path / "acme.yaml"
    pack.write_text(PACK.replace("VALIDATOR", validator_line).replace("TOKEN", TOKEN))
    status = main(["rules", "test", str(pack)])
    return status, capsys.readouterr().out


def test_a_refusing_validator_says_what_it_accepts(tmp_path, capsys):
    status, out = _rules_test(tmp_path, capsys, "validator: github_crc32")
    assert status == 1 and "validator github_crc32 failed" in out
    assert "github_crc32 accepts: GitHub classic / npm format: `<prefix>_<30 random base62><6-char base62 CRC32" in out
    assert "A pack cannot bring its own checksum" in out and "`entropy: auto`" in out
    assert TOKEN not in out and TOKEN[10:30] not in out  # the example's value is still never shown
    assert out.rstrip().endswith("1 rules, 1 examples: 1 failure(s) (engine hyperscan)")


def test_no_hint_where_no_validator_refused(tmp_path, capsys):
    status, out = _rules_test(tmp_path, capsys, "entropy: auto")
    assert status == 0 and "accepts:" not in out
    status, out = _rules_test(tmp_path, capsys, "validator: jwt")
    assert status == 1 and "jwt accepts: Three base64url parts" in out


def test_design_lists_what_every_validator_accepts():
    from pathlib import Path

    from addons.detect import validators

    design = (Path(__file__).parents[2] / "DESIGN.md").read_text()
    listing = design.split("- **Validators**", 1)[1].split("\n- **", 1)[0]
    for name in validators.VALIDATORS:
        assert f"`{name}`" in listing, name
