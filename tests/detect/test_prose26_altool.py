"""`xcrun altool -u U -p X`: Apple's upload tool takes an app-specific password after -p (held-out set 20's mobile
builds, spent); `@keychain:NAME` and `@env:NAME` name where it is kept, and -p of other tools is often a port."""

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


@pytest.mark.parametrize("value", ["Gannet~Moor48", "abcd-efgh-ijkl-mnop", "TernSedgeMarram"])
def test_the_password_after_altool_p_is_found(value):
    text = f"$ xcrun altool --upload-app -t ios -f build/App.ipa -u ops@corp.test -p '{value}'\n*** Error: failed."
    assert value in _values(text)


@pytest.mark.parametrize("text", [
    "xcrun altool --upload-app -f App.ipa -u ops@corp.test -p @keychain:AC_PASSWORD",
    'xcrun altool --upload-app -f App.ipa -u ops@corp.test -p "@env:AC_PASSWORD"',
    'xcrun altool --upload-app -f App.ipa -u ops@corp.test -p "$AC_PASSWORD"',
    "ssh -p 2222 ops@build-mac.corp.test",
])
def test_a_named_place_or_another_tools_p_is_none(text):
    assert _values(text) == []
