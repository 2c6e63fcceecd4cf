"""rec6 end to end (real mitmdump + bundle, curl, the local upstream, default policy, recording on): a key in the
bytes of a compressed body that decodes to nothing (a brotli metadata block), which no decoder gives back. It
went upstream as sent and, the body marked clean, into the recording. Checks what the upstream received, what
the client received, every recorded byte and the proxy's log."""

from __future__ import annotations

import pytest
from mitmproxy.net import encoding

from tests import fakes
from tests.guard.test_guard_scans import _brotli_with_metadata
from tests.guard.test_live_attack3 import post
from tests.guard.test_live_content import _index_lines, assert_nowhere
from tests.live import harness

pytestmark = pytest.mark.live

PAT = fakes.github_pat(42)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory, upstream_session):
    folder = tmp_path_factory.mktemp("rec6")
    rec_dir = folder / "rec"
    proxy = harness.start_proxy(folder, upstream_session, "--set", f"exitguard_record_dir={rec_dir}")
    yield proxy, rec_dir
    proxy.stop()


def test_a_key_in_a_brotli_metadata_block_of_an_empty_body_goes_nowhere(recorded, upstream, tmp_path):
    proxy, rec_dir = recorded
    before = _index_lines(rec_dir)
    body = _brotli_with_metadata(PAT.encode())
    status, answer = post(proxy, tmp_path, body, "Content-Type: text/plain", "Content-Encoding: br")
    assert status == 200 and PAT.encode() not in answer
    # passed on as the encoder's own empty stream (mitmproxy's brotli of nothing)
    assert [r.body for r in upstream.received] == [encoding.encode(b"", "br")]
    assert_nowhere(rec_dir, [PAT], before + 1)
    assert PAT not in proxy.log
