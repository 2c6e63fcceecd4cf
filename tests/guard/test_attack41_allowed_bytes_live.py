"""attack41, live: a request the policy lets through (wire40: it leaves from the wire copy, the live flow shows it
masked) reaches the upstream as the client wrote it, in every framing an SDK uses: HTTP/2, a chunked HTTP/1.1
body, JSON with unicode escapes, form-urlencoded, multipart, and compressed bodies (gzip, deflate, br, zstd: passed
on as the canonical encoding of the same content, formats.compressed), with a Content-Length that is right. A
placeholder shape the client wrote itself next to the key leaves as written; the record and the log hold no key."""

from __future__ import annotations

import gzip
import json
import zlib

import brotli
import httpx
import pytest
import yaml
import zstandard

from addons.core.policy import DEFAULT_POLICY_FILE
from tests import fakes
from tests.live import harness

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(4101)
FORGED = "[MASKED:email-address:a1b2c3]"
JSON = ('{"note":"use ' + AKID + FORGED + ' \\u00e9t\\u00e9 \\u0041\\u004b","x":"\u2713"}').encode()
FORM = b"a=1&key=" + AKID.encode() + b"&mail=dana%40example.org&u=%E2%9C%93"
MULTIPART = (b"--b0undary\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\n" + AKID.encode()
             + b"\r\n--b0undary\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n"
             b"Content-Type: text/plain\r\n\r\nhello\r\n--b0undary--\r\n")
ENCODERS = {"gzip": lambda b: gzip.compress(b, mtime=7), "deflate": zlib.compress, "br": brotli.compress,
            "zstd": lambda b: zstandard.ZstdCompressor().compress(b)}
DECODERS = {"gzip": gzip.decompress, "deflate": zlib.decompress, "br": brotli.decompress,
            "zstd": lambda b: zstandard.ZstdDecompressor().decompress(b, max_output_size=1 << 20)}


@pytest.fixture(scope="module")
def allowing(tmp_path_factory, upstream_session):
    d = tmp_path_factory.mktemp("attack41")
    policy = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    policy["actions"]["request"]["secret/precise"] = "allow"
    (d / "policy.yaml").write_text(yaml.safe_dump(policy))
    proxy = harness.start_proxy(d, upstream_session, "--set", f"exitguard_policy={d / 'policy.yaml'}",
                                "--set", f"exitguard_record_dir={d / 'rec'}")
    yield proxy, d / "rec"
    proxy.stop()


def _received(upstream, name: str) -> harness.Received:
    (got,) = [r for r in upstream.received if r.path.startswith(f"/v1/attack41-{name}")]
    return got


def _nothing_kept(proxy, record) -> None:
    assert AKID not in proxy.log and AKID.encode() not in harness.written(record)


@pytest.mark.parametrize("http2", [False, True])
def test_json_with_escapes_and_a_forged_placeholder_leaves_byte_for_byte(allowing, upstream, http2):
    proxy, record = allowing
    name = f"json-h2-{http2}"
    upstream.route("POST", f"/v1/attack41-{name}", lambda req: harness.Reply.json({"ok": True}))
    with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30, http2=http2) as client:
        r = client.post(f"https://api.openai.com/v1/attack41-{name}?k={AKID}", content=JSON,
                        headers={"content-type": "application/json", "x-note": AKID + FORGED})
    assert r.status_code == 200, r.text
    got = _received(upstream, name)
    assert got.body == JSON and got.path == f"/v1/attack41-{name}?k={AKID}" and got.headers["x-note"] == AKID + FORGED
    assert got.headers.get("content-length") in (None, str(len(JSON)))
    _nothing_kept(proxy, record)


@pytest.mark.parametrize(("kind", "body"), [("application/x-www-form-urlencoded", FORM),
                                            ("multipart/form-data; boundary=b0undary", MULTIPART)])
def test_forms_leave_byte_for_byte(allowing, upstream, kind, body):
    proxy, record = allowing
    name = kind.split("/")[1].split(";")[0]
    upstream.route("POST", f"/v1/attack41-{name}", lambda req: harness.Reply.json({"ok": True}))
    with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30) as client:
        r = client.post(f"https://api.openai.com/v1/attack41-{name}", content=body, headers={"content-type": kind})
    assert r.status_code == 200, r.text
    got = _received(upstream, name)
    assert got.body == body and got.headers["content-length"] == str(len(body))
    _nothing_kept(proxy, record)


def test_a_chunked_body_leaves_whole(allowing, upstream):
    proxy, record = allowing
    upstream.route("POST", "/v1/attack41-chunked", lambda req: harness.Reply.json({"ok": True}))
    with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30) as client:
        r = client.post("https://api.openai.com/v1/attack41-chunked", content=iter([JSON[:20], JSON[20:]]),
                        headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    assert _received(upstream, "chunked").body == JSON
    _nothing_kept(proxy, record)


@pytest.mark.parametrize("encoding", list(ENCODERS))
def test_a_compressed_body_leaves_with_its_content_and_a_right_length(allowing, upstream, encoding):
    proxy, record = allowing
    name = f"enc-{encoding}"
    upstream.route("POST", f"/v1/attack41-{name}", lambda req: harness.Reply.json({"ok": True}))
    raw = ENCODERS[encoding](JSON)
    with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30) as client:
        r = client.post(f"https://api.openai.com/v1/attack41-{name}", content=raw,
                        headers={"content-type": "application/json", "content-encoding": encoding})
    assert r.status_code == 200, r.text
    got = _received(upstream, name)
    assert got.headers["content-encoding"] == encoding and got.headers["content-length"] == str(len(got.body))
    assert DECODERS[encoding](got.body) == JSON
    assert json.loads(DECODERS[encoding](got.body))["note"].startswith(f"use {AKID}")
    _nothing_kept(proxy, record)
