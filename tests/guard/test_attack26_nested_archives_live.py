"""Live (attack26): a key in an archive inside an archive (`inner.zip` zipped again, a `.tar.gz` inside a `.tar.gz`),
uploaded to a guarded host (api.openai.com, routed to a local HTTPS upstream) by httpx as a raw octet-stream body
and as a multipart file part, through a real mitmdump with the bundle and the shipped rules. Before, one layer was
inflated and the inner archive read as printable strings: both reached the upstream with the key. Checked: what the
upstream received, what the client got, and every byte the proxy wrote (log, index, .mitm): neither the key nor
the archive that carries it."""

from __future__ import annotations

import base64
import io
import json
import random
import tarfile
import time
import zipfile

import pytest

from tests import fakes
from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(26)
_WORDS = ["region", "bucket", "deploy", "build", "release", "model", "stream", "value"]


def _env() -> bytes:
    rnd = random.Random(26)  # prose around the key: every compressor codes its letters
    prose = " ".join(rnd.choice(_WORDS) for _ in range(600))
    return f"{prose}\nAWS_ACCESS_KEY_ID={AKID}\n{prose}\n".encode()


def _zip(name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return out.getvalue()


def _tar_gz(name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        info = tarfile.TarInfo(name)
        info.size, info.mtime = len(data), 1700000000
        archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


ZIP_IN_ZIP = _zip("inner.zip", _zip(".env", _env()))
TGZ_IN_TGZ = _tar_gz("inner.tar.gz", _tar_gz(".env", _env()))

CLIENT = """
import base64, json, os, httpx
out = {}
zip_in_zip = base64.b64decode(os.environ["ZIP_IN_ZIP"])
tgz_in_tgz = base64.b64decode(os.environ["TGZ_IN_TGZ"])
with httpx.Client(timeout=20) as client:
    sent = client.post("https://api.openai.com/v1/files", data={"purpose": "assistants"},
                       files={"file": ("bundle.zip", zip_in_zip, "application/zip")})
    out["multipart"] = [sent.status_code, sent.text]
    sent = client.post("https://api.openai.com/v1/uploads/up_1/parts", content=tgz_in_tgz,
                       headers={"content-type": "application/octet-stream"})
    out["octet"] = [sent.status_code, sent.text]
print(json.dumps(out))
"""


def exposed(data: bytes) -> bool:
    return any(needle in data for needle in (AKID.encode(), ZIP_IN_ZIP[40:120], TGZ_IN_TGZ[40:120]))


def test_a_key_in_a_nested_archive_reaches_neither_side_nor_any_record(tmp_path, upstream):
    assert AKID.encode() not in ZIP_IN_ZIP + TGZ_IN_TGZ  # compressed twice: not written as it is
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        out = run_client(CLIENT, proxy, ZIP_IN_ZIP=base64.b64encode(ZIP_IN_ZIP).decode(),
                         TGZ_IN_TGZ=base64.b64encode(TGZ_IN_TGZ).decode())
        assert out["multipart"][0] == 403 and out["octet"][0] == 403, out
        assert not [r for r in upstream.received if r.path.startswith(("/v1/files", "/v1/uploads"))]
        assert not exposed(json.dumps(out).encode()), out
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        assert written  # the refusals were recorded
        assert not exposed(written + proxy.log.encode())
    finally:
        proxy.stop()
