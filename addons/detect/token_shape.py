"""prose50: whether a dotted token's parts are a generator's, not code's names.

`Ae9vC9Uh.LovY4n8`, `BE.CPDc7WmvNyEt` and `r.aRiqJL9pm77fyX` have the shape of a dotted reference
(`settings.auth`, `np.float64`), and the prose scorer and the allowlist took them for code. A name in code
changes between lower case, upper case and digits at its words' edges only (`http2Server`, `toBase64String`,
`getHTTPResponseCode`: 3 to 5 changes in 11 to 19 characters); a generator changes class at almost every
character. A part with at least MIN_CHANGES changes, in at least CHANGE_SHARE of its gaps, is a generator's.
gate50 / prose51: not a part of hex digits in one case (`static.a8f3c2d1e9`): a content hash or a commit id changes
between letters and digits as often, and a build names its files by one.
"""

from __future__ import annotations

import re
from itertools import pairwise

MIN_CHANGES = 5
CHANGE_SHARE = 0.45
JOINT_SHARE = 0.6  # over all the parts together: stricter than one long part's share, as short parts are many
_PARTS = re.compile(r"[A-Za-z0-9]+")
_HEX = re.compile(r"[0-9a-f]+|[0-9A-F]+")


def _kind(char: str) -> int:
    return 0 if char.islower() else 1 if char.isupper() else 2


def generated_part(value: str) -> bool:
    """A run of letters and digits in `value` changes character class as a generator's output does, or its runs
    do together (attack51: `Tq7v.Lm29.Rx4k`, a password cut into short parts, has no part long enough to judge alone
    and was taken for a dotted reference; code's short parts are words, `cfg.db.pw`, `np.float64`)."""
    total_changes = total_gaps = 0
    for part in _PARTS.findall(value):
        if _HEX.fullmatch(part):
            continue  # gate50 / prose51: a hash or a commit id, in either judgement
        changes = sum(_kind(a) != _kind(b) for a, b in pairwise(part))
        if len(part) >= MIN_CHANGES + 1 and changes >= MIN_CHANGES and changes >= CHANGE_SHARE * (len(part) - 1):
            return True
        total_changes += changes
        total_gaps += len(part) - 1
    return total_changes >= MIN_CHANGES and total_changes >= JOINT_SHARE * total_gaps
