"""attack43: which listener changes the console may make while the proxy runs (core/listeners.py)."""

from __future__ import annotations

import pytest

from addons.core import listeners

START = listeners.resolved(["regular"], "127.0.0.1", 8080)


@pytest.mark.parametrize("modes", [["regular", "regular@127.0.0.1:8081"], ["regular", "regular@[::1]:8081"],
                                   ["regular", "regular@localhost:8081"], ["regular"], ["regular@127.0.0.1:8080"]])
def test_loopback_regular_listeners_may_be_added_and_removed(modes):
    assert listeners.refusal(START, listeners.resolved(modes, "127.0.0.1", 8080)) is None


@pytest.mark.parametrize("modes, why", [
    (["regular", "upstream:http://127.0.0.1:3128@127.0.0.1:8081"], "no longer be the destination"),
    (["regular", "reverse:https://api.openai.com@127.0.0.1:8081"], "asks no proxy credentials"),
    (["regular", "socks5@127.0.0.1:8081"], "cannot ask for proxy credentials"),
    (["regular", "wireguard@8081"], "cannot ask for proxy credentials"),
    (["regular", "regular@0.0.0.0:8081"], "beyond loopback"),
    (["regular", "regular@8081"], None),  # the start's listen host (loopback): allowed
    (["regular@127.0.0.1:8081"], "started with stay"),
])
def test_other_listener_changes_are_refused_naming_why(modes, why):
    reason = listeners.refusal(START, listeners.resolved(modes, "127.0.0.1", 8080))
    assert (reason is None) if why is None else (why in (reason or "")), reason


def test_moving_the_start_listener_by_its_listen_options_is_refused():
    assert "started with stay" in (listeners.refusal(START, listeners.resolved(["regular"], "0.0.0.0", 8080)) or "")
    assert "started with stay" in (listeners.refusal(START, listeners.resolved(["regular"], "127.0.0.1", 9)) or "")


def test_a_start_on_every_interface_adds_nothing_beyond_loopback():
    start = listeners.resolved(["regular"], "", 8080)
    assert "beyond loopback" in (listeners.refusal(start, listeners.resolved(["regular", "regular@9"], "", 8080))
                                 or "")
