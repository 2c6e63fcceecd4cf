"""attack28: the upper-cased reading of a log line, an error text and a host name (attack10, attack26: a lower-cased
AWS key id is no value to the engine as written) was skipped whole when one character's upper case is longer
(`ß` -> `SS`, `ŉ`): the offsets would not map back. So one `ß` anywhere beside a lower-cased key id (a server name
`akia....straße.example`, a path) let it into the log, an error message, the index and the record's destination.
Now such a character is kept as it is in the upper-cased reading, every other one upper-cased: same offsets."""

from __future__ import annotations

import pytest

from addons.core import errortext, logmask, outside, runtime
from tests import fakes

KEY = fakes.aws_key_id(2830).lower()
WITH_SHARP_S = [
    f"Client TLS handshake failed. The client does not trust the proxy's certificate for {KEY}.straße.example",
    f"server connect to {KEY}ß failed",
    f"does not trust the proxy's certificate for {KEY} ŉ",
]


@pytest.fixture
def rt(tmp_path):
    built = runtime.build(None, [str(runtime.DEFAULT_RULES_DIR)], tmp_path / "fp.key")
    runtime.install(built)
    yield built
    runtime.install(None)


@pytest.mark.parametrize("message", WITH_SHARP_S)
def test_an_error_text_with_a_longer_upper_case_still_masks_a_lower_cased_key(rt, message):
    assert KEY[4:] not in errortext._masked(message, rt.inspector).lower()


@pytest.mark.parametrize("message", WITH_SHARP_S)
def test_a_log_line_with_a_longer_upper_case_still_masks_a_lower_cased_key(rt, message):
    assert KEY[4:] not in logmask._mask_findings(message).lower()


@pytest.mark.parametrize("host", [f"{KEY}.straße.example", f"{KEY}ß.example"])
def test_a_host_name_with_a_longer_upper_case_still_masks_a_lower_cased_key(rt, host):
    assert KEY[4:] not in outside.safe_host(host, rt.inspector).lower()


def test_the_same_length_reading_keeps_offsets():
    assert outside.upper_same_length("akiaß.x") == "AKIAß.X"
    assert outside.upper_same_length("straße ŉ Ab") == "STRAßE ŉ AB"
