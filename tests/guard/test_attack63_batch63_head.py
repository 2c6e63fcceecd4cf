"""attack63: batch63's sound first stage (prefilter.TAIL after every scanned text, no small-write engine) attacked
through the Guard: heads of 64 headers and more (long enough to be batched at the shipped HEAD_BATCH_MIN), whose
values are built to end a match on their last byte in the lengths vectorscan's small-write engine lost (17-69 bytes:
`=` padding before a rule example, the example cut a few characters short), with a final CR, LF or blank, a no-break
space, a key split over two neighbours, and rule examples' tokens as header names. The batch must give what the
per-part scans give (`Inspector.quiet` answering nothing: the code before dos62): the same parts, findings and masks.
Held on batch63's cbfd442 (merged here at 76a9eea): no difference in the heads below nor in a scratch sweep of 200
heads of 64-160 texts through `fired_in` against `ends` of each text alone. Unit part ~1.5 s of CPU past the shipped
runtime's fixture."""

from __future__ import annotations

import random
import re

import pytest

from tests import fakes
from tests.guard.test_dos62_head_batch import _flow, _outcome, shipped  # noqa: F401

TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]{12,}")  # what may be a header name, long enough to hold a key
FILLERS = [(f"x-fill-{i}".encode(), f"f{i}".encode()) for i in range(64)]


def _examples(scanner) -> list[str]:
    return [t for rule in scanner.rules for t in rule.examples
            if "\n" not in t and "\r" not in t and len(t) <= 120]


def _small_write_values(examples: list[str], rng: random.Random) -> list[bytes]:
    """Values ending a match on their last byte, 17 to 69 bytes long where the example allows it."""
    out = []
    for text in examples:
        pad = max(0, rng.randrange(17, 70) - len(text))
        value = rng.choice(["=" * pad + text, text[:max(1, len(text) - rng.randrange(0, 6))],
                            text + rng.choice(["\r", "\n", " ", "\u00a0"]), "\u00a0" + text])
        out.append(value.encode("utf-8", "surrogateescape"))
    return out


def _same(headers, inspector, monkeypatch) -> None:
    assert len(headers) >= 64
    before = _outcome(_flow(headers), inspector, monkeypatch, batch=False)
    after = _outcome(_flow(headers), inspector, monkeypatch, batch=True)  # a head batched at the shipped threshold
    assert after == before


def _heads(scanner, seed: int, count: int) -> list[list[tuple[bytes, bytes]]]:
    rng = random.Random(seed)
    values = _small_write_values(_examples(scanner), rng)
    rng.shuffle(values)
    heads = []
    for start in range(0, min(len(values), 24 * count), 24):
        chunk = [(f"x-v{i}".encode(), v) for i, v in enumerate(values[start:start + 24])]
        heads.append([*FILLERS[:48], *chunk] if len(chunk) >= 16 else [*FILLERS, *chunk])
    return heads[:count]


@pytest.mark.parametrize("seed", range(3))
def test_small_write_lengths_in_a_batched_head(shipped, monkeypatch, seed):  # noqa: F811
    for head in _heads(shipped.inspector.scanner, seed, 4):
        _same(head, shipped.inspector, monkeypatch)


@pytest.mark.slow  # every example once, ~40 heads
def test_every_example_in_a_batched_head(shipped, monkeypatch):  # noqa: F811
    for head in _heads(shipped.inspector.scanner, 99, 1000):
        _same(head, shipped.inspector, monkeypatch)


@pytest.mark.parametrize("split", [5, 9, 13, 17])
@pytest.mark.parametrize("pad", [0, 15, 47])
def test_a_key_split_over_two_headers_padded_to_the_window(shipped, monkeypatch, split, pad):  # noqa: F811
    key = fakes.aws_key_id(11)
    _same([*FILLERS, (b"x-part-a", ("=" * pad + key[:split]).encode()), (b"x-part-b", key[split:].encode())],
          shipped.inspector, monkeypatch)


def test_examples_as_header_names_in_a_batched_head(shipped, monkeypatch):  # noqa: F811
    tokens = {token for text in _examples(shipped.inspector.scanner) for token in TOKEN.findall(text)}
    names = [token.encode() for token in sorted(tokens)][:80]
    assert len(names) >= 20
    _same([*FILLERS, *[(name, b"v") for name in names]], shipped.inspector, monkeypatch)
