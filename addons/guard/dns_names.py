"""What the DNS queries that go on have in common (open30): their tally for the audit index, and the labels a
tunnel spreads a key over.

- ``QueryTally``: every query that goes on is a decision (invariant 1), but one index record per query floods the
  index (a resolver's traffic is thousands a minute). A query is recorded when it opens a window of its
  (client address, registered domain); the queries after it in the window are counted, and the count goes out
  with the next record of that pair (``count``: the queries since the last record, that one included), when the
  pair is evicted, and at shutdown (``drain``).
- ``RecentPieces``: DNS tunnelling puts a key one label per query (`akia2h.t.exfil.example`,
  `lyosbo.t.exfil.example`, ...), each label too short to be a key. The names of the recent queries of one client
  to one registered domain and the new one are cut where they stop sharing labels (``pieces``), the pieces joined
  in order (no dots), and the guard scans the join for fixed-shape keys; a query is refused when a key found there
  reaches into its own piece. A refused query's name is not kept: sent again, it joins the same pieces again.
  attack31: a label that is no piece (a sequence number or a nonce in a label of its own, a counter in the
  piece's label, one ordinary query to the domain between pieces) broke that join. The names as deep as the new one
  that share its longest suffix with another are also read column by column (``readings``): each label position
  joined on its own, and all of them in a row; a counter before or after a piece (`01-`, `_7`) set aside; pieces
  numbered (a label of digits, or their counters) put in their numbers' order.

Bounded: ``MAX_PAIRS`` (client, domain) pairs each (least recently used evicted), ``RECENT_PIECES`` queries and
``RECENT_CHARS`` characters of names per pair, ``WINDOW`` seconds. A key sent slower than one piece a window, or
spread over domains or clients, is not joined.
"""

from __future__ import annotations

import re
from collections import OrderedDict, deque
from dataclasses import dataclass, field

from publicsuffix2 import get_sld  # type: ignore[import-untyped]  # mitmproxy's own dependency (its console's flow list)

WINDOW = 60.0  # seconds
MAX_PAIRS = 4096
RECENT_PIECES = 32
RECENT_CHARS = 4096  # of names
MAX_COLUMNS = 4  # label positions read on their own: a tunnel's piece, its number, a nonce
# A piece's number in its own label: `01-akia`, `akia_7` (not `akia7`: hex and base32 pieces end in digits).
_COUNTER = re.compile(r"^([0-9]{1,6})[-_](?=.)|(?<=.)[-_]([0-9]{1,6})$")


@dataclass(frozen=True)
class Pair:
    client: str  # the client's address, no port (each query may come from another)
    domain: str  # the query name's registered domain, lower case


def registered_domain(name: str) -> str:
    """The registered domain of a query name (`exfil.example` for `a.b.exfil.example.`): the public suffix list's,
    or the last two labels for a suffix it does not list (`.example`, `.internal`)."""
    name = name.lower().rstrip(".")
    labels = name.split(".")
    domain = get_sld(name) if name else None
    if not domain or "." not in domain:
        domain = ".".join(labels[-2:])
    return domain


def labels(name: str) -> list[str]:
    return name.lower().rstrip(".").split(".")


def pieces(names: list[list[str]], domain: str) -> list[str]:
    """Each name's labels left of the zone all of them share (their longest common suffix of labels, the
    registered ``domain`` at least: `t.exfil.example` for `akia.t.exfil.example` and `2hly.t.exfil.example`),
    joined without dots: a tunnel's pieces."""
    zone = len(domain.split("."))
    shortest = min(len(n) for n in names)
    while zone < shortest and len({n[-zone - 1] for n in names}) == 1:
        zone += 1
    return ["".join(n[:-zone]) for n in names]


@dataclass(frozen=True)
class Joined:
    """Pieces joined, and where the newest name's piece lies in them (``start``, ``end``)."""
    text: str
    start: int
    end: int


def readings(names: list[list[str]], domain: str) -> list[Joined]:
    """The ways the labels of ``names`` (in the order queried, the new one last) may join into a value: every
    name's pieces in a row (``pieces``), and when other names are as deep as the new one, those sharing its longest
    suffix read column by column and all columns in a row, counters set aside and numbered pieces in order."""
    found = [_joined(pieces(names, domain), len(names) - 1, list(range(len(names))))]
    new = names[-1]
    group = [n for n in names[:-1] if len(n) == len(new)]
    if group:
        shared = [_shared_suffix(n, new) for n in group]
        zone = max(len(domain.split(".")), max(shared))
        group = [n for n, s in zip(group, shared, strict=True) if s >= zone] + [new]
        columns = [[n[c] for n in group] for c in range(max(0, len(new) - zone))][-MAX_COLUMNS:]
        if len(group) > 1 and columns:
            numbers = [[_counter(label) for label in column] for column in columns]
            order = _numbered_order(numbers, len(group))
            parts = [[_COUNTER.sub("", label) for label in column] for column in columns]
            found += [_joined(column, len(group) - 1, order) for column in parts]
            found.append(_joined(["".join(labels) for labels in zip(*parts, strict=True)], len(group) - 1, order))
    unique = {j.text: j for j in found if j.end > j.start}
    return list(unique.values())


def _joined(parts: list[str], newest: int, order: list[int]) -> Joined:
    text, start, end = "", 0, 0
    for i in order:
        if i == newest:
            start, end = len(text), len(text) + len(parts[i])
        text += parts[i]
    return Joined(text, start, end)


def _shared_suffix(a: list[str], b: list[str]) -> int:
    shared = 0
    while shared < min(len(a), len(b)) and a[-shared - 1] == b[-shared - 1]:
        shared += 1
    return shared


def _counter(label: str) -> int | None:
    m = _COUNTER.search(label)
    if m is None:
        return int(label) if label.isdigit() and len(label) <= 6 else None
    return int(m.group(1) or m.group(2))


def _numbered_order(numbers: list[list[int | None]], size: int) -> list[int]:
    """The names in the order a column's numbers give (every name numbered, no number twice: a tunnel's sequence
    numbers), else as queried."""
    for column in numbers:
        known = [n for n in column if n is not None]
        if len(known) == size and len(set(known)) == size:
            return sorted(range(size), key=known.__getitem__)
    return list(range(size))


@dataclass(frozen=True)
class Due:
    """An index record to write now: ``count`` queries of ``pair`` since its last record."""
    pair: Pair
    count: int
    opens_window: bool  # the query being decided is the first of this count


@dataclass
class _Tally:
    since: float
    unrecorded: int = 0


class QueryTally:
    def __init__(self, window: float = WINDOW, max_pairs: int = MAX_PAIRS) -> None:
        self.window, self.max_pairs = window, max_pairs
        self._pairs: OrderedDict[Pair, _Tally] = OrderedDict()

    def note(self, pair: Pair, now: float) -> list[Due]:
        """Count a query that went on; the records due now (this one's when it opens a window, evicted counts)."""
        due: list[Due] = []
        tally = self._pairs.get(pair)
        if tally is not None and now - tally.since < self.window:
            tally.unrecorded += 1
            self._pairs.move_to_end(pair)
            return due
        due.append(Due(pair, 1 + (tally.unrecorded if tally else 0), opens_window=True))
        self._pairs[pair] = _Tally(now)
        self._pairs.move_to_end(pair)
        while len(self._pairs) > self.max_pairs:
            old, left = self._pairs.popitem(last=False)
            if left.unrecorded:
                due.append(Due(old, left.unrecorded, opens_window=False))
        return due

    def drain(self) -> list[Due]:
        """The counts no record has carried yet (at shutdown)."""
        due = [Due(pair, t.unrecorded, opens_window=False) for pair, t in self._pairs.items() if t.unrecorded]
        self._pairs.clear()
        return due


@dataclass
class _Recent:
    names: deque[tuple[float, list[str]]] = field(default_factory=deque)
    chars: int = 0


class RecentPieces:
    def __init__(self, window: float = WINDOW, max_pairs: int = MAX_PAIRS, max_pieces: int = RECENT_PIECES,
                 max_chars: int = RECENT_CHARS) -> None:
        self.window, self.max_pairs, self.max_pieces, self.max_chars = window, max_pairs, max_pieces, max_chars
        self._pairs: OrderedDict[Pair, _Recent] = OrderedDict()

    def joined(self, pair: Pair, name: str, now: float) -> list[Joined]:
        """The ``readings`` of the recent names of ``pair`` and ``name`` (none when there are no recent names)."""
        recent = self._pairs.get(pair)
        if recent is None:
            return []
        self._expire(recent, now)
        if not recent.names:
            return []
        return readings([n for _, n in recent.names] + [labels(name)], pair.domain)

    def keep(self, pair: Pair, name: str, now: float) -> None:
        """Remember the name of a query that went on."""
        kept = labels(name)
        size = sum(map(len, kept))
        if size > self.max_chars:
            return
        recent = self._pairs.get(pair)
        if recent is None:
            recent = self._pairs[pair] = _Recent()
            while len(self._pairs) > self.max_pairs:
                self._pairs.popitem(last=False)
        self._pairs.move_to_end(pair)
        self._expire(recent, now)
        recent.names.append((now, kept))
        recent.chars += size
        while len(recent.names) > self.max_pieces or recent.chars > self.max_chars:
            recent.chars -= sum(map(len, recent.names.popleft()[1]))

    def _expire(self, recent: _Recent, now: float) -> None:
        while recent.names and now - recent.names[0][0] >= self.window:
            recent.chars -= sum(map(len, recent.names.popleft()[1]))

    def __len__(self) -> int:
        return len(self._pairs)
