import functools
import gzip
import struct
import time
import zlib

import brotli
import pytest
import zstandard

from addons.formats import BodyError, BodyTooLarge, decode_content, encode_content, encoding

DATA = b'{"messages": [{"role": "user", "content": "hello"}]}' * 50
ENCODINGS = ["gzip", "x-gzip", "deflate", "deflateraw", "br", "zstd", "identity", None, "", "none"]


@pytest.mark.parametrize("name", ENCODINGS)
def test_round_trip(name):
    assert decode_content(encode_content(DATA, name), name, len(DATA)) == DATA


@pytest.mark.parametrize("name", ENCODINGS)
def test_limit_is_inclusive(name):
    encoded = encode_content(DATA, name)
    assert decode_content(encoded, name, len(DATA)) == DATA
    with pytest.raises(BodyTooLarge):
        decode_content(encoded, name, len(DATA) - 1)


def test_header_value_is_case_and_space_insensitive():
    assert decode_content(gzip.compress(DATA), " GZIP ", 10**6) == DATA


def test_raw_deflate_sent_as_deflate():
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    raw = compressor.compress(DATA) + compressor.flush()
    assert decode_content(raw, "deflate", 10**6) == DATA


def test_multi_member_gzip_and_zstd_frames():
    assert decode_content(gzip.compress(b"ab") + gzip.compress(b"cd"), "gzip", 100) == b"abcd"
    z = zstandard.ZstdCompressor()
    assert decode_content(z.compress(b"ab") + z.compress(b"cd"), "zstd", 100) == b"abcd"


@pytest.mark.parametrize("value", ["gzip, br", "gzip,gzip", "compress", "x-secret-coding"])
def test_stacked_or_unknown_encodings(value):
    with pytest.raises(BodyError):
        decode_content(b"abc", value, 100)
    with pytest.raises(BodyError):
        encode_content(b"abc", value)


@pytest.mark.parametrize("name", ["gzip", "deflate", "br", "zstd"])
def test_truncated_body(name):
    encoded = encode_content(DATA, name)
    with pytest.raises(BodyError, match=r"truncated|corrupt"):
        decode_content(encoded[: len(encoded) // 2], name, 10**6)


@pytest.mark.parametrize("name", ["gzip", "deflate", "br", "zstd"])
def test_corrupt_body(name):
    with pytest.raises(BodyError) as e:
        decode_content(b"this is not compressed secret", name, 10**6)
    assert "secret" not in str(e.value) and not isinstance(e.value, BodyTooLarge)


def test_gzip_trailing_garbage():
    with pytest.raises(BodyError, match="trailing"):
        decode_content(gzip.compress(b"ab") + b"garbage", "gzip", 100)
    assert decode_content(gzip.compress(b"ab") + b"\0\0", "gzip", 100) == b"ab"


def test_empty_body_with_encoding():
    assert decode_content(b"", "gzip", 10) == b""


def test_identity_over_limit():
    with pytest.raises(BodyTooLarge):
        decode_content(b"x" * 11, None, 10)


GIB = 1 << 30
LIMIT = 10 << 20


def _zero_stream(compressor_chunks):
    """Compress 1 GiB of zeros chunk by chunk (never holding 1 GiB)."""
    zeros = bytes(16 << 20)
    return b"".join(compressor_chunks(zeros, GIB // len(zeros)))


@functools.cache
def _gzip_bomb():
    zeros = bytes(16 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    # After a full flush deflate forgets its history, so 16 MiB of zeros compress to the same block each time.
    block = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(GIB // len(zeros)):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + block * (GIB // len(zeros)) + c.flush() + struct.pack("<II", crc, GIB & 0xFFFFFFFF)


@functools.cache
def _brotli_bomb():
    def chunks(zeros, n):
        c = brotli.Compressor(quality=1)  # fast to build, still ~5000:1
        yield from (c.process(zeros) for _ in range(n))
        yield c.finish()
    return _zero_stream(chunks)


@functools.cache
def _zstd_bomb():
    def chunks(zeros, n):
        c = zstandard.ZstdCompressor(level=3).compressobj(size=GIB)
        yield from (c.compress(zeros) for _ in range(n))
        yield c.flush()
    return _zero_stream(chunks)


@pytest.mark.slow  # a gibibyte, decompressed up to the limit
@pytest.mark.parametrize("name, make_bomb", [("gzip", _gzip_bomb), ("br", _brotli_bomb), ("zstd", _zstd_bomb)])
def test_one_gib_bomb_stops_at_the_limit(name, make_bomb):
    bomb = make_bomb()
    assert len(bomb) < 2 << 20  # really a bomb: ~1000x or more
    started = time.perf_counter()
    with pytest.raises(BodyTooLarge) as e:
        decode_content(bomb, name, LIMIT)
    assert time.perf_counter() - started < 1.0
    assert e.value.limit == LIMIT


def test_brotli_decoder_yields_little_per_call_without_output_limit(monkeypatch):
    # The brotli 1.1 path: 16-byte steps keep each call's output to a few MiB even on a bomb.
    monkeypatch.setattr(encoding, "_BROTLI_HAS_LIMIT", False)
    sizes = []
    real_add = encoding._Sink.add
    monkeypatch.setattr(encoding._Sink, "add", lambda self, chunk: (sizes.append(len(chunk)), real_add(self, chunk)))
    with pytest.raises(BodyTooLarge):
        decode_content(brotli.compress(bytes(64 << 20), quality=5), "br", LIMIT)
    assert max(sizes) <= 16 << 20 and sum(sizes) <= LIMIT + (16 << 20)


def test_zstd_window_over_8_mib_is_refused():
    params = zstandard.ZstdCompressionParameters.from_level(19, window_log=24)
    data = zstandard.ZstdCompressor(compression_params=params).compress(bytes(32 << 20))
    with pytest.raises(BodyError):
        decode_content(data, "zstd", 64 << 20)


@pytest.mark.parametrize("name, make_bomb", [("gzip", _gzip_bomb), ("br", _brotli_bomb), ("zstd", _zstd_bomb)])
def test_bomb_allocates_about_the_limit(name, make_bomb):
    import tracemalloc

    bomb = make_bomb()
    tracemalloc.start()
    try:
        with pytest.raises(BodyTooLarge):
            decode_content(bomb, name, LIMIT)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Output kept up to the limit, plus at most one oversized step (brotli 1.1: one meta-block, <= 16 MiB).
    assert peak < LIMIT + (20 << 20)


@pytest.mark.parametrize("body", [b"notgzip-body", b"{\"a\": 1}", b"\x1f"])
def test_a_body_that_is_not_gzip_says_so(body):
    """Byte 3 of any text has gzip's FNAME/FCOMMENT/FEXTRA bits more often than not: the 400 told a client that
    sent plain JSON under Content-Encoding: gzip that its gzip carried a file name."""
    with pytest.raises(BodyError) as e:
        decode_content(body, "gzip", 100)
    assert str(e.value) == "gzip body is not gzip data (it does not start with the gzip magic bytes)"
