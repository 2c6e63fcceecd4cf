"""attack44: the listener spellings the console may add while the proxy runs (core/listeners.py). A name other than
`localhost` itself goes to DNS when the listener binds (nsswitch `files dns`: `localhost.` with its dot and a host
with a space around it match no /etc/hosts line), so whoever answers that query chooses the address the new
listener takes; `net.is_loopback` reads them as loopback (it strips and knows `localhost.`: right for a
destination, where loopback is refused, wrong for a listener, where loopback is allowed)."""

from __future__ import annotations

import pytest

from addons.core import listeners

START = listeners.resolved(["regular"], "127.0.0.1", 8080)


def refusal(mode: str) -> str | None:
    return listeners.refusal(START, listeners.resolved(["regular", mode], "127.0.0.1", 8080))


@pytest.mark.parametrize("mode", ["regular@localhost.:8081", "regular@localhost :8081", "regular@ 127.0.0.1:8081",
                                  "regular@ localhost:8081", "regular@127.0.0.1 :8081", "regular@ip6-localhost:8081",
                                  "regular@[::]:8081", "regular@127.1:8081", "regular@2130706433:8081",
                                  "regular@0x7f.1:8081", "regular@0:8081", "regular@:8081"])
def test_a_spelling_that_is_not_a_loopback_literal_or_localhost_is_refused(mode):
    assert "beyond loopback" in (refusal(mode) or ""), mode


@pytest.mark.parametrize("mode", ["regular@127.0.0.1:8081", "regular@127.8.9.10:8081", "regular@[::1]:8081",
                                  "regular@::1:8081", "regular@[0:0:0:0:0:0:0:1]:8081",
                                  "regular@[::ffff:127.0.0.1]:8081", "regular@::ffff:127.0.0.1:8081",
                                  "regular@localhost:8081", "regular@LOCALHOST:8081", "REGULAR@127.0.0.1:8081",
                                  "regular@127.0.0.1:0"])
def test_loopback_literals_and_localhost_in_any_case_are_added(mode):
    assert refusal(mode) is None, mode
