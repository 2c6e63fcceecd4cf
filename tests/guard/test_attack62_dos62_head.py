"""attack62: dos62's one first-stage scan for a request's head (request_parts.scan, Inspector.quiet), attacked with
header values no first stage sees as they are but the per-part scans might read (base64, URL-safe base64, `Basic`,
percent- and hex-encoded, reversed, spaced, Cyrillic look-alikes, zero-width joiners, a MIME encoded-word, after 5,000
characters, each half alone) under five header names, and a key split over two headers: the batch must give the same
parts, findings and masks as the per-part scans, with its threshold forced down (as test_dos62_head_batch.py does)
and in a head long enough to be batched on its own (40 filler headers). Run on dos62's 94851e3 as a scratch copy
before it landed (390 passed) and here after the merge of main 9a3ddfa."""

from __future__ import annotations

import base64
import urllib.parse

import pytest

from tests import fakes
from tests.guard.test_dos62_head_batch import _flow, _outcome, shipped  # noqa: F401

KEY = fakes.aws_key_id(7)
PAT = fakes.github_pat(5)
SECRETS = [KEY, PAT, "password=Tarn_Gannet7", "Bearer " + PAT, "user:Tarn_Gannet7"]
FILLERS = [(f"x-filler-{i}".encode(), f"v{i}".encode()) for i in range(40)]


def _values() -> list[str]:
    out = []
    for secret in SECRETS:
        raw = secret.encode()
        out += [base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode().rstrip("="),
                urllib.parse.quote(secret, safe=""), "".join(f"%{c:02X}" for c in raw), raw.hex(),
                "Basic " + base64.b64encode(b"k.olsen:" + raw).decode(), secret[::-1], " ".join(secret),
                secret.replace("A", "\u0410"), "\u200b".join(secret), secret + "\u00a0",
                "=?utf-8?b?" + base64.b64encode(raw).decode() + "?=", "x" * 5000 + secret, secret[:10], secret[10:]]
    return out


def _same(headers, inspector, monkeypatch) -> None:
    before = _outcome(_flow(headers), inspector, monkeypatch, batch=False)
    after = _outcome(_flow(headers), inspector, monkeypatch, batch=True)
    assert after == before


@pytest.mark.parametrize("value", _values())
@pytest.mark.parametrize("name", ["x-note", "authorization", "cookie", "x-api-key", "x-debug-info"])
def test_an_encoded_or_disguised_value_reads_as_per_part(shipped, monkeypatch, name, value):  # noqa: F811
    _same([(name.encode(), value.encode("utf-8", "surrogateescape"))], shipped.inspector, monkeypatch)


@pytest.mark.parametrize("value", _values()[::3])
def test_in_a_head_long_enough_to_be_batched(shipped, monkeypatch, value):  # noqa: F811
    _same([*FILLERS, (b"x-note", value.encode("utf-8", "surrogateescape"))], shipped.inspector, monkeypatch)


@pytest.mark.parametrize("split", range(3, 18))
def test_a_key_split_over_two_headers(shipped, monkeypatch, split):  # noqa: F811
    _same([*FILLERS, (b"x-part-a", KEY[:split].encode()), (b"x-part-b", KEY[split:].encode())],
          shipped.inspector, monkeypatch)
