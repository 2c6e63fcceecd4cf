"""batch63: dos62's head batch against the per-part scans on the shipped pack, in heads the batch reads as shipped
(64 texts or more: no threshold forced): 64 to 300 texts built from every rule example and negative example, as
header values and (where one is a token) as names, each after a neighbour that ends in `=`, a line break, a quote, a
backslash, a word, or an empty value. The same parts, findings, results and masks either way (`_outcome` of
test_dos62_head_batch.py; its per-part side is the code before dos62: `Inspector.quiet` answering nothing)."""

from __future__ import annotations

import re

import pytest

from addons.guard import request_parts
from tests.guard.test_dos62_head_batch import _examples, _flow, _outcome, shipped  # noqa: F401

TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # what may be a header name
# What the header before each example holds (the join puts a line break after its text).
NEIGHBOURS = [b"a=", b"x\n", b'"', b"", b"v\\", b"Bearer", b"==", b"k:\n"]
# Examples a head: with their neighbours, 2 headers each (a head is batched from 32 fields): 64 to 300 texts.
SIZES = [15, 21, 33, 49]


def _heads(items: list[bytes]):
    start = turn = 0
    while start < len(items):
        yield turn, items[start:start + SIZES[turn % len(SIZES)]]
        start += SIZES[turn % len(SIZES)]
        turn += 1


def _same(headers: list[tuple[bytes, bytes]], inspector, monkeypatch) -> None:
    headers = headers + [(f"x-f{j}".encode(), b"b") for j in range(max(0, 30 - len(headers)))]  # the last, short head
    flow = _flow(headers)
    fields = [(n.decode("utf-8", "surrogateescape"), v.decode("utf-8", "surrogateescape"))
              for n, v in flow.request.headers.fields]
    assert len(request_parts._head_texts(fields, set())) >= request_parts.HEAD_BATCH_MIN  # batched as shipped
    assert _outcome(_flow(headers), inspector, monkeypatch, batch=True) == \
        _outcome(flow, inspector, monkeypatch, batch=False)


@pytest.mark.slow  # ~8 s of CPU (45 s at load ~11): every example of the shipped pack twice over, both ways
def test_every_example_as_a_value_after_each_neighbour(shipped, monkeypatch):  # noqa: F811
    values = [e.encode("utf-8", "surrogateescape") for e in _examples(shipped.inspector.scanner)]
    assert len(values) > 3000
    for turn, chunk in _heads(values):
        headers = []
        for i, value in enumerate(chunk):
            headers.append((f"x-n{i}".encode(), NEIGHBOURS[(turn + i) % len(NEIGHBOURS)]))
            headers.append((f"x-e{i}".encode(), value))
        _same(headers, shipped.inspector, monkeypatch)


def test_every_token_example_as_a_name_after_each_neighbour(shipped, monkeypatch):  # noqa: F811
    names = [e.encode() for e in _examples(shipped.inspector.scanner) if TOKEN.fullmatch(e) and len(e) <= 200]
    assert len(names) > 100
    for turn, chunk in _heads(names):
        headers = []
        for i, name in enumerate(chunk):
            # before the name: the neighbour's value text (ending in its context's quote) or, with no value, its name
            # upper-cased
            headers.append((f"x-n{i}".encode(), NEIGHBOURS[(turn + i) % len(NEIGHBOURS)]))
            headers.append((name, b"" if i % 3 == 0 else b"1"))
        _same(headers, shipped.inspector, monkeypatch)
