# ruff: noqa: E402, E701, E702, E501, I001  (a measurement harness: sys.path is set from argv before addons is imported)
"""attack64: CPU time and peak RSS of HostPolicy + Guard (the test rules, the default 10 MiB body limit) on one hostile
body for wire63's readers, in a process of its own (RSS is the process's peak).

usage: .venv/bin/python scripts/attack64_hostile_bodies.py ROOT CASE
ROOT holds the `addons` and `rules` measured (`git archive REV addons rules | tar -x -C ROOT`); the tests' support
module comes from this checkout. Run two ROOTs side by side, case by case, and note the load."""
import asyncio
import base64
import bz2
import gzip
import io
import lzma
import random
import resource
import struct
import sys
import tempfile
import time
import zipfile
from pathlib import Path

root, case = sys.argv[1], sys.argv[2]
sys.path[:0] = [root, str(Path(__file__).resolve().parents[1])]
import zstandard

from addons.core import runtime
from tests.guard import support
from tests.guard.support import OPENAI, Upstream, chat_body, exchange, guard_chain, request_flow

MB = 1 << 20
def gz(d): return gzip.compress(d, mtime=0)
def zs(d): return zstandard.ZstdCompressor().compress(d)
rnd = random.Random(64)
junk = rnd.randbytes(8 * MB)

def grpc(p): return b"\x01" + len(p).to_bytes(4, "big") + p
def zipped(members, method=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as a:
        for n, d in members: a.writestr(n, d)
    return out.getvalue()
def fake_local(n, tail):  # local headers: deflated, sizes 4 GB declared, an empty final block, then the tail
    h = struct.pack("<4s2xHH8xIIHH", b"PK\x03\x04", 0, 8, 0xFFFFFFF0, 0xFFFFFFF0, 1, 0) + b"a" + b"\x03\x00"
    return h * n + tail
def pdf_a85(streams, per):
    body = b"%PDF-1.4\n"
    for i in range(streams):
        body += b"%d 0 obj << /Length 1 /Filter /ASCII85Decode >> stream\n" % i + b"z" * per + b"\nendstream\n"
    return body
def xml_runs(n):
    return ("<w:document><w:body><w:p>" + "<w:r><w:t>a</w:t></w:r>" * n + "</w:p></w:body></w:document>").encode()
def deep_xml(n):
    return ("<w:document>" + "<w:p>" * n + "x" + "</w:p>" * n + "</w:document>").encode()

bomb_member = gz(b"\0" * MB)
CASES = {
    "gzip-empty-members": lambda: ("bin", gz(b"") * (9 * MB // 20)),
    "zstd-empty-frames": lambda: ("bin", zs(b"") * (9 * MB // len(zs(b"")))),
    "xz-empty-streams": lambda: ("bin", lzma.compress(b"") * (9 * MB // len(lzma.compress(b"")))),
    "bzip2-empty-streams": lambda: ("bin", bz2.compress(b"") * (9 * MB // len(bz2.compress(b"")))),
    "gzip-255-then-8MB-tail": lambda: ("bin", gz(b"") * 255 + b"\x01" + junk),
    "zstd-255-then-8MB-tail": lambda: ("bin", zs(b"") * 255 + b"\x01" + junk),
    "bomb-split-members": lambda: ("bin", bomb_member * (9 * MB // len(bomb_member))),
    "b64-gzip-empty-members": lambda: ("b64", gz(b"") * (6 * MB // 20)),
    "b64-gzip-255-then-6MB-tail": lambda: ("b64", gz(b"") * 255 + b"\x01" + junk[:6 * MB]),
    "b64-zstd-empty-frames": lambda: ("b64", zs(b"") * (6 * MB // len(zs(b"")))),
    "grpc-255-gzip-then-8MB": lambda: ("grpc", grpc(gz(b"") * 255 + b"\x01" + junk)),
    "zip-fake-local-headers": lambda: ("bin", fake_local(300, junk)),
    "zip-20000-unlisted-headers": lambda: ("bin", fake_local(20000, b"")),
    "zip-appended-nested-x8": lambda: ("bin", nested_appended(8)),
    "pdf-a85-z-streams": lambda: ("bin", pdf_a85(7, 1300000)),
    "b64-pdf-a85-z": lambda: ("b64", pdf_a85(4, 1300000)),
    "docx-1M-runs": lambda: ("bin", zipped([("word/document.xml", xml_runs(1_000_000))])),
    "docx-16-members-of-runs": lambda: ("bin", zipped([(f"word/d{i}.xml", xml_runs(45_000)) for i in range(16)])),
    "docx-deep-nesting": lambda: ("bin", zipped([("word/document.xml", deep_xml(200_000))])),
    "docx-in-zip-in-b64": lambda: ("b64", zipped([("a.docx", zipped([("word/document.xml", xml_runs(40_000))]))])),
    "multipart-gzip-members": lambda: ("multipart", gz(b"") * (8 * MB // 20)),
    "sse-empty-data-lines": lambda: ("sse", b"data:\n" * (9 * MB // 6)),
    "sse-one-8MB-line": lambda: ("sse", b"data: " + b"A" * (8 * MB) + b"\ndata: x\n\n"),
    "sse-runs-every-line": lambda: ("sse", b"data: abc\n" * (9 * MB // 10)),
}
def nested_appended(depth):
    inner = b"x"
    for _ in range(depth):
        inner = b"\x89PNG junk" * 10 + zipped([("m", inner)], zipfile.ZIP_STORED)
    return inner

import addons; assert addons.__file__.startswith(root), addons.__file__
kind, payload = CASES[case]()
if kind == "b64":
    body, headers = chat_body("unpack: " + base64.b64encode(payload).decode()), ()
elif kind == "grpc":
    body, headers = payload, ((b"content-type", b"application/grpc"),)
elif kind == "sse":
    body, headers = payload, ((b"content-type", b"text/event-stream"),)
elif kind == "multipart":
    body = b"--b\r\nContent-Disposition: form-data; name=f; filename=a.gz\r\nContent-Type: application/gzip\r\n\r\n" + payload + b"\r\n--b--\r\n"
    headers = ((b"content-type", b"multipart/form-data; boundary=b"),)
else:
    body, headers = payload, ((b"content-type", b"application/octet-stream"),)
folder = Path(tempfile.mkdtemp())
(folder / "policy.yaml").write_text(support.POLICY.replace("max_body_bytes: 4096", "max_body_bytes: 10485760"))
rt = runtime.build(str(folder / "policy.yaml"), [str(support.RULES)], folder / "k", mode=None)
base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
flow = request_flow(*OPENAI, body, headers=headers)
up = Upstream()
async def go():
    with guard_chain(rt) as tctx:
        t = time.process_time()
        await exchange(tctx, flow, up)
        return time.process_time() - t
cpu = asyncio.run(go())
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
status = flow.response.status_code if up.received == [] else "sent"
print(f"{case:28s} body {len(body)/MB:5.2f} MB  cpu {cpu:6.2f} s  rss +{(rss-base_rss)/1024:6.0f} MB  -> {status}")
