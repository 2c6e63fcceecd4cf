"""newuser56: a security engineer's pack in a folder named `rules`, started from beside it with README's own
spelling `--rules rules --rules ...`, loaded that folder alone: the shipped packs (AWS, GitHub, private keys, ...)
were gone, and the start said only "2 detection rules". `--rules` replacing the built-in rules is documented; the
start now says so in words, naming the folder to add, and a start that loads the built-in folder says nothing."""

from __future__ import annotations

from addons.cli import preflight
from addons.core.runtime import DEFAULT_RULES_DIR
from tests.cli.test_newuser56_validator_hint import PACK as VALIDATOR_PACK
from tests.cli.test_newuser56_validator_hint import TOKEN
from tests.cli.test_preflight import up_argv

WARNING = "the built-in rules are not loaded"
PACK = VALIDATOR_PACK.replace("    VALIDATOR\n", "").replace("=TOKEN", f"={TOKEN}")  # no validator


def _own_pack(tmp_path) -> str:
    folder = tmp_path / "rules"  # named as the built-in folder is, which README's `--rules rules` then means
    folder.mkdir(exist_ok=True)
    (folder / "acme.yaml").write_text(PACK)
    return str(folder)


def _notices(tmp_path, *rules: str) -> list[str]:
    args = [a for path in rules for a in ("--rules", path)]
    return [n for n in preflight.check(up_argv(tmp_path, "--no-record", *args)).notices if WARNING in n]


def test_a_pack_of_ones_own_alone_is_said_in_words(tmp_path):
    [notice] = _notices(tmp_path, _own_pack(tmp_path))
    assert f"--rules replaces {DEFAULT_RULES_DIR}" in notice
    assert f"add --rules {DEFAULT_RULES_DIR} beside yours" in notice
    assert f"only {tmp_path / 'rules'} (1 detection rules)" in notice  # the pack's own count, beside the words


def test_a_part_of_the_built_in_folder_is_not_the_built_in_rules():
    assert preflight.own_rules_only([str(DEFAULT_RULES_DIR / "pii.yaml")], 12)


def test_the_built_in_folder_beside_ones_own_or_none_given_says_nothing(tmp_path):
    # (the function the start calls: loading the built-in packs beside another would compile a new database)
    assert not _notices(tmp_path)
    assert not preflight.own_rules_only([str(DEFAULT_RULES_DIR), _own_pack(tmp_path)], 411)
    assert not preflight.own_rules_only([_own_pack(tmp_path), str(DEFAULT_RULES_DIR) + "/"], 411)
    assert not preflight.own_rules_only([str(DEFAULT_RULES_DIR.parent)], 411)  # a folder holding it
