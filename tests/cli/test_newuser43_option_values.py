"""Option values the addons refuse when mitmproxy configures them are refused by `exitguard up` first (newuser43).

`up` checked the type and the closed set of every exitguard option, the policy and the rules, but not the values
each addon's configure() checks itself: `--set exitguard_allow_upstreams=localhost` (the README's quick start has
the newcomer type this option), `exitguard_record_rotate=daily` or `exitguard_approval_timeout=-5` passed, the
client set-up was printed, mitmproxy started listening and then stopped with status 1 and a traceback through the
addon. Now each is one line and status 2 before anything starts, `--dry-run` included, with the addon's own words.
"""

from __future__ import annotations

import pytest

from tests.cli.test_preflight import refused

BAD_VALUES = [
    ("exitguard_allow_upstreams=localhost", "exitguard_allow_upstreams: 'localhost' wants HOST:PORT"),
    ("exitguard_record_rotate=daily", "exitguard_record_rotate: 'daily' is not 'hourly' or 'size:<N>m'"),
    ("exitguard_retain_days=-1", "exitguard_retain_days must be 0 (keep forever) or more"),
    ("exitguard_record_retry_ms=1", "exitguard_record_retry_ms must be between 50 and 3600000"),
    ("exitguard_approval_timeout=-5", "exitguard_approval_timeout must be a positive number of seconds"),
    ("exitguard_approval_max_window=-1", "exitguard_approval_max_window must be >= 0"),
    ("exitguard_approval_max_pending=0", "exitguard_approval_max_pending must be a positive number"),
    ("exitguard_approval_webhook=ftp://example.com/x", "exitguard_approval_webhook must be an http:// or https://"),
    ("exitguard_approval_callback_listen=nowhere", "exitguard_approval_callback_listen must be HOST:PORT or off"),
    ("exitguard_approval_link_window=-1", "exitguard_approval_link_window must be >= 0"),
    ("exitguard_control_listen=0.0.0.0:9999", "exitguard_control_listen must be a loopback HOST:PORT"),
    ("exitguard_stream_max_holdback=0", "exitguard_stream_max_holdback must be a positive number of characters"),
    ("exitguard_max_buffered_bytes=0", "exitguard_max_buffered_bytes must be a positive number of bytes"),
]


@pytest.mark.parametrize("option, message", BAD_VALUES)
def test_a_value_the_proxy_would_refuse_at_start_is_refused_before(tmp_path, option, message):
    assert message in refused(tmp_path, "--no-record", "--set", option)


def test_the_webhook_url_is_not_echoed(tmp_path):
    text = refused(tmp_path, "--no-record", "--set", "exitguard_approval_webhook=ftp://hooks.example/T0/s3cr3tpath")
    assert "s3cr3tpath" not in text
