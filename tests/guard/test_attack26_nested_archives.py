"""attack26: a key in a compressed layer inside another (a zip in a zip, a .tar.gz in a .tar.gz, a zip member that
is gzip'd, gzip of gzip) or in a compression the guard did not open (bzip2, xz, zstd or brotli written into a binary
body, not declared as its Content-Encoding). `formats/compressed.py` inflated one layer: an archive inside a
decompressed part was read only for its printable strings, where a compressed key is noise. The same bytes under
`unparseable: pass` with `Content-Encoding: gzip, gzip` (stacked: not decoded) or gzip declared over gzip of JSON
were read as the printable strings of the outer layer. In-process, behind HostPolicy, with the test rules; the live
case is in tests/guard/test_attack26_nested_archives_live.py."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import random
import tarfile
import zipfile
import zlib

import brotli
import pytest
import zstandard
from mitmproxy.test import taddons

from addons.core import runtime
from addons.formats import open_body
from addons.formats.compressed import MAX_DEPTH, inner_fields
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from tests.guard.support import OPENAI, POLICY, RULES, TOKEN, Upstream, chat_body, exchange, request_flow

_WORDS = ["the", "of", "and", "model", "request", "token", "answer", "stream", "proxy", "value", "config",
          "deploy", "build", "release"]


def env_file(seed: int = 26) -> bytes:
    """4 KB of seeded prose around one key line: long enough that every compressor codes the key's letters (a short
    input keeps them as literals, found in the printable strings before the fix too)."""
    rnd = random.Random(seed)
    text = " ".join(rnd.choice(_WORDS) for _ in range(800)).encode()
    return text[:2000] + b"\nTOKEN=" + TOKEN.encode() + b"\n" + text[2000:]


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def zipped(data: bytes, name: str = ".env") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README", b"notes")
        archive.writestr(name, data)
    return buf.getvalue()


def tar_gz(data: bytes, name: str = ".env", compress: bool = True) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz" if compress else "w") as archive:
        info = tarfile.TarInfo(name)
        info.size, info.mtime = len(data), 0
        archive.addfile(info, io.BytesIO(data))
    if compress:
        return buf.getvalue()
    return buf.getvalue()[:512 + (len(data) + 511) // 512 * 512]  # no end-of-archive padding: under the test's limit


def zstd(data: bytes) -> bytes:
    return zstandard.ZstdCompressor().compress(data)


ENV = env_file()
NESTED = {
    "gzip(gzip)": gz(gz(ENV)),
    "gzip(gzip(gzip))": gz(gz(gz(ENV))),
    "zlib(gzip)": zlib.compress(gz(ENV)),
    "zip(zip)": zipped(zipped(ENV), "inner.zip"),
    "gzip(zip)": gz(zipped(ENV)),
    "zip(gzip)": zipped(gz(ENV), ".env.gz"),
    "tar.gz(tar.gz)": tar_gz(tar_gz(ENV), "inner.tar.gz"),
    "tar(tar.gz)": tar_gz(tar_gz(ENV), "inner.tar.gz", compress=False),
    "zstd(gzip)": zstd(gz(ENV)),
    "bzip2": bz2.compress(ENV),
    "xz": lzma.compress(ENV),
    "zstd": zstd(ENV),
    "brotli": brotli.compress(ENV),
    "zip(bzip2 member)": zipped(bz2.compress(ENV), ".env.bz2"),
}


@pytest.mark.parametrize("name", sorted(NESTED))
async def test_a_key_in_a_nested_or_unread_compression_refuses_the_body(chain, name):
    body = NESTED[name]
    assert TOKEN.encode() not in body and TOKEN[6:14].encode() not in body  # the key is not written as it is
    flow = request_flow(*OPENAI, body, headers=((b"content-type", b"application/octet-stream"),))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    assert upstream.received == [] and flow.response is not None and flow.response.status_code == 403


async def test_the_same_archives_without_a_key_are_sent_as_they_are(chain):
    clean = env_file().replace(b"TOKEN=" + TOKEN.encode(), b"TOKEN=see-the-vault")
    fat_jar = zipped(zipped(zipped(gz(clean), "app.jar"), "app.war"), "app.ear")  # 5 layers, inside a tar.gz: 7
    for body in (gz(gz(clean)), zipped(zipped(clean), "inner.zip"), tar_gz(tar_gz(clean), "in.tgz"),
                 bz2.compress(clean), lzma.compress(clean), zstd(gz(clean)), brotli.compress(clean),
                 tar_gz(fat_jar, "release.ear")):
        flow = request_flow(*OPENAI, body, headers=((b"content-type", b"application/octet-stream"),))
        upstream = Upstream()
        await exchange(chain, flow, upstream)
        assert [r.raw_content for r in upstream.received] == [body]


def test_archives_nested_past_the_depth_refuse_the_reading():
    """Each layer read is bounded by the shared budget; past `MAX_DEPTH` layers the reading did not finish, which
    refuses the body like any scan cut short (a deeper layer would otherwise pass unread)."""
    from addons.formats.model import ScanCutShort

    deep = ENV
    for _ in range(MAX_DEPTH + 1):
        deep = gz(deep)
    with pytest.raises(ScanCutShort):
        open_body("application/octet-stream", deep)
    shallow = ENV
    for _ in range(MAX_DEPTH):
        shallow = gz(shallow)
    assert any(TOKEN in f.text for f in open_body("application/octet-stream", shallow).fields)


@pytest.fixture(scope="module")
def passing(tmp_path_factory) -> runtime.Runtime:
    folder = tmp_path_factory.mktemp("attack26-unparseable")
    policy = folder / "policy.yaml"
    policy.write_text(POLICY.replace("unparseable: block", "unparseable: pass"))
    return runtime.build(str(policy), [str(RULES)], folder / "fingerprint.key")


@pytest.mark.parametrize("encoding, body", [
    ("gzip, gzip", gz(gz(chat_body("see " + TOKEN)))),  # stacked: not decoded, read as printable strings
    ("gzip", gz(gz(chat_body("see " + TOKEN)))),  # one layer decoded, the JSON under it is gzip again
], ids=["stacked", "gzip-over-gzip"])
async def test_under_unparseable_pass_a_second_gzip_layer_is_read(passing, encoding, body):
    runtime.install(passing)
    try:
        flow = request_flow(*OPENAI, body, headers=((b"content-type", b"application/json"),
                                                    (b"content-encoding", encoding.encode())))
        upstream = Upstream()
        with taddons.context(HostPolicy(), Guard()) as tctx:
            await exchange(tctx, flow, upstream)
        assert upstream.received == [] and flow.response is not None and flow.response.status_code == 403
    finally:
        runtime.install(None)


IN_BASE64 = {  # attack20/21 left these open: a base64 run's binary was read for its printable strings only
    "zip": zipped(ENV),
    "gzip(gzip)": gz(gz(ENV)),
    "tar.gz(zip)": tar_gz(zipped(ENV), "inner.zip"),
    "xz": lzma.compress(ENV),
}


@pytest.mark.parametrize("name", sorted(IN_BASE64))
async def test_a_key_in_an_archive_base64d_into_a_chat_message_refuses_it(chain, name):
    import base64

    carried = base64.b64encode(IN_BASE64[name]).decode()
    flow = request_flow(*OPENAI, chat_body("unpack this: " + carried))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    assert upstream.received == [] and flow.response is not None and flow.response.status_code == 403


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["zstd", "xz", "bzip2", "brotli"])
def test_a_decompression_bomb_in_a_newly_read_format_stays_small(kind):
    """The readings added here are bounded like gzip's (1 MiB out of a stream, the rest said skipped): a zstd frame of
    96 MiB of one letter was decoded 64 KiB of input at a time, one step giving all of it (measured with 512 MiB:
    513 MiB peak); a brotli stream longer than the bound was not read at all, and nothing said so."""
    import tracemalloc

    compress = {"zstd": zstandard.ZstdCompressor(level=19).compress, "xz": lambda data: lzma.compress(data, preset=1),
                "bzip2": lambda data: bz2.compress(data, 1), "brotli": lambda data: brotli.compress(data, quality=1)}
    raw = compress[kind](b"a" * (96 << 20))  # text: brotli, which has no magic bytes, is taken when it gives text
    tracemalloc.start()
    try:
        fields, skipped = inner_fields(raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 48 << 20, peak >> 20
    assert sum(len(f.text) for f in fields) <= 2 << 20 and skipped
