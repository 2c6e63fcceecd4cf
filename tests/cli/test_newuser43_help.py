"""Every `--help` names the real default where a newcomer would copy it (newuser43).

`exitguard ca init --help`, `ca trust --help` and `env --help` said "where the CA lives (default: certs/)", a
relative folder, while `up`, `approvals` and `token` name the real one (the checkout's certs/, or ~/.exitguard/certs
for an installed package); `rules test --help` said "(default: rules/)" of the built-in packs, and its --engine
had no help at all.
"""

from __future__ import annotations

import pytest

from addons.cli.main import parser
from addons.cli.paths import DEFAULT_CONFDIR


def help_of(capsys, *words: str) -> str:
    with pytest.raises(SystemExit):
        parser().parse_args([*words, "--help"])
    return " ".join(capsys.readouterr().out.split())  # argparse wraps: compare words


@pytest.mark.parametrize("words", [("ca", "init"), ("ca", "trust"), ("env",)])
def test_the_confdir_default_is_the_real_folder(capsys, words):
    assert f"where the CA lives (default: {DEFAULT_CONFDIR})" in help_of(capsys, *words)


def test_rules_test_names_the_built_in_packs_and_explains_engine(capsys):
    text = help_of(capsys, "rules", "test")
    assert "(default: the built-in rules/)" in text
    engine = "--engine {auto,hyperscan,python} "
    assert engine in text and "Hyperscan" in text.split(engine, 2)[-1]


def test_approvals_help_shows_every_sub_command_in_its_usage_lines(capsys):
    text = help_of(capsys, "approvals")
    for words in ("approvals list", "approvals approve ID", "approvals deny ID", "approvals fleet"):
        assert f"exitguard {words}" in text, words


def test_the_block_loopback_option_says_all_it_refuses():
    """`mitmdump --options` said loopback, link-local and unspecified; the README (and the check) also refuse
    multicast and the host's own interface addresses."""
    from addons import chain

    [help_text] = [o.help for name, o in chain.declared_options().items() if name == "exitguard_block_loopback"]
    words = " ".join(help_text.split())
    assert "multicast" in words and "own interface addresses" in words and "exitguard_allow_upstreams" in words
