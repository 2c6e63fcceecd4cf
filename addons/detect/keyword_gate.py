"""Which first-stage ends of a rule with keywords are worth a regex call. Pure.

Post-validation rejects a match with no keyword of its rule within `radius` chars of it (scanner._keyword_near).
The first stage cannot always see keywords: it reads every non-ASCII char as `?`, so a rule that finds пароль or
パスワード there ends on every word of Russian or Japanese text followed by a number. Such an end's regex call
(~25 us) is wasted when no keyword is near, which this gate finds from the keywords' places, found once per scan.

Skipping an end must not change the findings. A skipped end's match would be rejected, but confirming it also
sets `covered_from` (ends inside its value are skipped), so an end is kept when a kept end lies less than
`reach` before it: its match may start there and cover that one. Ends are decided from the first up.
"""

from __future__ import annotations

import bisect

# Final sigma lower-cases by context, so a slice lower-cased alone may differ from the same slice of the whole.
_CONTEXT_CASED = ("σ", "ς")


class KeywordPlaces:
    """Where each keyword starts in a view, lower-cased once and found with str.find (C) on first use."""

    def __init__(self, view: str) -> None:
        self._view = view
        self._lowered: str | None = None
        # keyword -> its starts, and whether that is all of them (a search stops past its limit)
        self._starts: dict[str, tuple[list[int], bool]] = {}

    def starts(self, keyword: str, limit: int) -> list[int] | None:
        """The keyword's start offsets in the view; None when there are more than `limit` (listing them would cost
        more than the gate saves) or when lower-casing moves offsets (İ -> i̇)."""
        if self._lowered is None:
            self._lowered = self._view.lower()
        lowered = self._lowered
        if len(lowered) != len(self._view) or any(c in keyword for c in _CONTEXT_CASED):
            return None
        found, complete = self._starts.get(keyword, ([], False))
        if not complete and len(found) <= limit:
            found = []
            at = lowered.find(keyword)
            while at >= 0 and len(found) <= limit:
                found.append(at)
                at = lowered.find(keyword, at + 1)
            complete = at < 0
            self._starts[keyword] = found, complete
        return found if complete and len(found) <= limit else None


def ends_to_confirm(ends: list[int], keywords: tuple[str, ...], reach: int, radius: int,
                    places: KeywordPlaces) -> list[int]:
    """The ends whose regex call can change the findings. A match ending at `end` starts after `end - reach`, and
    its keyword must start within `radius` before that start and end within `radius` after `end`. All of them
    when the keywords occur more often than the ends (listing their places would cost more than it saves)."""
    starts: list[int] = []
    for keyword in keywords:
        found = places.starts(keyword, len(ends) - len(starts))
        if found is None:
            return ends
        starts.extend(found)
    if not starts:
        return []
    starts.sort()
    kept: list[int] = []
    last_kept = None
    for end in sorted(set(ends)):
        i = bisect.bisect_left(starts, end - reach - radius)
        near = i < len(starts) and starts[i] < end + radius
        if near or (last_kept is not None and last_kept > end - reach):
            kept.append(end)
            last_kept = end
    return kept
