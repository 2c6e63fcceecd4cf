"""attack3 end to end (real mitmdump + bundle, curl, the local upstream, default policy, recording on): a key in
bytes the guard used to read as other text (a `charset=utf-16` label over UTF-8 bytes) or not at all (a gzip
member's file name). Each test checks what the upstream received, what the client received, and every recorded
byte."""

from __future__ import annotations

import gzip
import io

import pytest

from tests import fakes
from tests.guard.test_live_content import _index_lines, assert_nowhere
from tests.live import harness

pytestmark = pytest.mark.live

PAT = fakes.github_pat(41)
URL = "https://api.openai.com/v1/chat/completions"


@pytest.fixture(scope="module")
def recorded(tmp_path_factory, upstream_session):
    folder = tmp_path_factory.mktemp("attack3")
    rec_dir = folder / "rec"
    proxy = harness.start_proxy(folder, upstream_session, "--set", f"exitguard_record_dir={rec_dir}")
    yield proxy, rec_dir
    proxy.stop()


def post(proxy, tmp_path, body: bytes, *headers: str):
    path = tmp_path / "body"
    path.write_bytes(body)
    args = [a for h in headers for a in ("-H", h)]
    out = harness.curl(proxy, "-w", "\n%{http_code}", *args, "--data-binary", f"@{path}", URL)
    assert out.returncode == 0, out.stderr
    text, _, status = out.stdout.rpartition(b"\n")
    return int(status), text


def test_a_key_under_a_utf16_label_over_utf8_bytes_is_blocked_and_never_recorded(recorded, upstream, tmp_path):
    proxy, rec_dir = recorded
    before = _index_lines(rec_dir)
    body = f'{{"model": "m", "messages": [{{"role": "user", "content": "use {PAT} now"}}]}}'.encode()
    status, answer = post(proxy, tmp_path, body + b" " * (len(body) % 2), "Content-Type: text/plain; charset=utf-16")
    assert status == 403 and b"cannot be masked" in answer and PAT.encode() not in answer
    assert upstream.received == []
    assert_nowhere(rec_dir, [PAT], before + 1)


def test_a_key_in_a_gzip_members_file_name_is_refused_and_never_recorded(recorded, upstream, tmp_path):
    proxy, rec_dir = recorded
    before = _index_lines(rec_dir)
    packed = io.BytesIO()
    with gzip.GzipFile(filename=PAT, mode="wb", fileobj=packed, mtime=0) as g:
        g.write(b'{"model": "m", "messages": [{"role": "user", "content": "hello"}]}')
    status, answer = post(proxy, tmp_path, packed.getvalue(), "Content-Type: application/json",
                          "Content-Encoding: gzip")
    assert status == 400 and b"file name, comment or extra field" in answer and PAT.encode() not in answer
    assert upstream.received == []
    assert_nowhere(rec_dir, [PAT], before + 1)
