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
