"""dos58, live: a hostile uniform upload (MiB of `%41`, a key percent-encoded in its middle) through a real mitmdump
while a clean request of another flow comes in. The hostile body is read whole (its key found under the escapes,
never passed), the clean request is answered and masked meanwhile or right after (one event loop: it waits for
the scan, not for a timeout), and the audit index holds a decision for each. No timed assertion: the answers,
what the upstream got and every byte the proxy wrote."""

from __future__ import annotations

import threading
from urllib.parse import unquote_to_bytes

import pytest

from addons.audit import index as auditlog
from tests import fakes
from tests.hostile import live_support as L
from tests.live import harness

pytestmark = pytest.mark.live

MIB = 1 << 20
PAT = fakes.github_pat(58)
CLEAN_PAT = fakes.github_pat(59)


@pytest.fixture
def recorded(tmp_path, upstream_session, upstream):
    rec = tmp_path / "rec"
    p = harness.start_proxy(tmp_path, upstream_session, "--set", f"exitguard_record_dir={rec}")
    yield p, rec
    p.stop()


def post(proxy, path: str, content_type: str, body: bytes) -> bytes:
    t = L.tunnel(proxy, timeout=120)
    t.sendall(b"POST %s HTTP/1.1\r\nHost: api.openai.com\r\ncontent-type: %s\r\ncontent-length: %d\r\n"
              b"connection: close\r\n\r\n" % (path.encode(), content_type.encode(), len(body)) + body)
    answer = L.read_all(t, wait=120)
    t.close()
    return answer


def test_a_hostile_uniform_upload_hides_no_key_and_stalls_no_other_flow(recorded, upstream):
    proxy, rec = recorded
    hidden = "".join(f"%{b:02X}" for b in f" {PAT} ".encode())  # the key written as escapes, as the padding is
    half = b"%41" * (MIB // 2)  # 3 MiB in all: under the policy's max_body_bytes, under the views' MAX_CHARS
    hostile_body = half + hidden.encode() + half
    hostile: list[bytes] = []
    upload = threading.Thread(target=lambda: hostile.append(post(proxy, "/v1/upload", "text/plain", hostile_body)))
    upload.start()
    clean = post(proxy, "/v1/chat/completions", "application/json",
                 L.chat_request(f"deploy with {CLEAN_PAT} please").split(b"\r\n\r\n", 1)[1])
    upload.join(timeout=300)
    assert not upload.is_alive(), "the hostile upload was never answered"

    # The client: both answered, neither with a silent pass of the key.
    assert L.status_of(clean) == 200, clean[:300]
    status = L.status_of(hostile[0])
    assert status in (200, 403), hostile[0][:300]
    # The upstream: the clean request masked, the hostile body never with its key (raw or percent-decoded).
    got = {r.path: r.body for r in upstream.received}
    assert CLEAN_PAT.encode() not in got["/v1/chat/completions"] and b"deploy with" in got["/v1/chat/completions"]
    if status == 200:
        assert PAT.encode() not in unquote_to_bytes(got["/v1/upload"]), "the key went through"
    else:
        assert "/v1/upload" not in got
    # Every byte the proxy wrote: neither key, in either spelling; a decision for each flow in the audit index.
    proxy.stop()
    written = harness.written(rec)
    for secret in (PAT, CLEAN_PAT):
        assert secret.encode() not in written and secret.encode() not in unquote_to_bytes(written)
    assert hidden.encode() not in written
    records = [r for _, _, r in auditlog.read_records(auditlog.index_files(rec))]
    paths = [r.get("path") for r in records]
    assert "/v1/upload" in paths and "/v1/chat/completions" in paths, records
    upload_record = next(r for r in records if r.get("path") == "/v1/upload")
    if status == 200:  # masked: the key is a finding of the record
        assert auditlog.findings_of(upload_record), upload_record
    else:  # refused: found, or the scan's budget ran out on a loaded machine (fail closed, and said so)
        assert auditlog.text_of(upload_record, "decision") == "block", upload_record
        assert auditlog.findings_of(upload_record) or "scanned completely" in auditlog.text_of(upload_record, "reason")
