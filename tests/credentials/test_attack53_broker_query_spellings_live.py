"""attack53, live: the caller's own key under a spelling of a broker's own query parameter (`query: sig`) that a
lenient server reads as it (`SIG=`, `a=1;sig=`, `a;sig=`): while the request waits for approval, nothing mitmweb
serves holds the key, nor the proxy's log, nor the record; Resume sends it. Before the change
the console's /flows and the record held it raw (unit: test_attack53_broker_query_spellings.py)."""

from __future__ import annotations

import pytest

from tests import fakes
from tests.credentials.test_attack52_broker_names_live import (
    QUERY_BROKER,
    own_key_console,
    post_held_then_resumed,
    written_but_answer_bodies,
)

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(5301)  # what holds the request for approval
OWN = "7c3a9e1f5b2d4068a1c2e3f4a5b6c7"  # + 2 hex digits a spelling: the caller's own vendor key, no rule's shape
BROKERED = "brokered-FAKE-" + "Vt9Lm2Qx7Rk4Wz8Np3Hs6Jd3"
# one key each: the upstream's answer echoes the path (an open hole, attack52's xfail) and the console keeps what it saw
SPELLINGS = {"upper": f"SIG={OWN}a1", "semicolon": f"page=2;sig={OWN}b2", "semicolon-name": f"page;Sig={OWN}c3"}


@pytest.fixture(scope="module")
def approving(tmp_path_factory, upstream_session):
    with own_key_console(tmp_path_factory.mktemp("attack53-broker-spellings"), upstream_session, BROKERED,
                         brokers=(QUERY_BROKER,)) as started:
        yield started


@pytest.mark.parametrize("spelling", SPELLINGS.keys())
def test_the_callers_key_under_a_spelling_of_the_brokers_parameter_is_shown_nowhere(approving, upstream, spelling):
    proxy, console, record = approving
    marker = f"attack53-{spelling}"
    query = SPELLINGS[spelling]
    own = query[-32:]
    response = post_held_then_resumed(proxy, console, marker, f"https://api.anthropic.com/v1/{marker}?{query}",
                                      json={"note": f"use {AKID}"})
    assert response.status_code == 200, response.text
    (got,) = [r for r in upstream.received if marker in r.path]
    # sent: the broker adds its own `sig` (it sees none under the exact name), and setting it re-encodes the query,
    # so the semicolon's pair reaches the vendor as `page=2%3Bsig%3D...` (mitmproxy's query setter, as before)
    assert own in got.path and f"sig={BROKERED}" in got.path, got.path
    assert AKID in got.body.decode()
    for text in console.seen:  # before: /flows held the caller's key while the flow was held
        assert own not in text and AKID not in text, text[:300]
    assert own not in proxy.log and own.encode() not in written_but_answer_bodies(record)  # before: the record had it
