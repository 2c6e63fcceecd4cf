"""A dotted passphrase quoted under a key that names a password (`--dbpass='azimuth.zenith.corona'`, held-out set
20's CMS setups, spent) is no dotted code reference; a dotted path with a word of code in it still is."""

import pytest

from addons.detect import Scanner
from addons.detect.key_names import value_signals

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


def test_a_dotted_passphrase_under_a_password_key_is_found():
    text = "$ wp config create --dbname=shop --dbuser=ops --dbpass='gannet.marten.quill' --dbhost=127.0.0.1"
    assert "gannet.marten.quill" in _values(text)


@pytest.mark.parametrize("value,code", [("gannet.marten.quill", False), ("settings.auth.handler", True),
                                        ("django.contrib.auth", True)])
def test_only_a_path_of_code_is_a_code_reference(value, code):
    assert any("dotted code reference" in name for name, _ in value_signals(value)) == code
