"""attack28: a compressed layer met when the body's 16 MiB budget is spent to the byte was inflated without any
bound: `min(MAX_OUT, 0)` is 0, and zlib reads a max_length of 0 as 'no limit'. A zip of 15 members of 1 MiB and a
last member of exactly 1 MiB that is a gzip stream (1 MB of body in all) inflated that stream whole: 256 MiB of
one letter took 889 MB of memory and 21 s of CPU, a body of 10 MiB would take gigabytes. Now a layer past the
budget is not read (said so in the skipped reasons), and no decoder reads a limit of 0 as none."""

from __future__ import annotations

import gzip
import importlib
import io
import zipfile

compressed = importlib.import_module("addons.formats.compressed")
MiB = 1 << 20


def budget_spent_then_a_bomb(letters: int) -> bytes:
    bomb = gzip.compress(b"B" * letters, compresslevel=9, mtime=0)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as archive:
        for i in range(15):
            archive.writestr(f"a{i}.txt", b"A" * MiB, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("last.gz", bomb + b"A" * (MiB - len(bomb)))  # exactly the 1 MiB left
    return buf.getvalue()


def test_a_layer_met_with_the_budget_spent_is_not_inflated():
    fields, skipped = compressed.inner_fields(budget_spent_then_a_bomb(32 * MiB))
    assert max(len(f.text) for f in fields) <= compressed.MAX_OUT
    assert sum(len(f.text) for f in fields) <= compressed.MAX_TOTAL + MiB  # the tar/zip strings aside
    assert any("not read" in reason for reason in skipped), skipped


def test_no_decoder_reads_a_limit_of_zero_as_none():
    stream = gzip.compress(b"B" * MiB, mtime=0)
    assert compressed._inflate(stream, 31, 0)[:2] == (b"", False)
