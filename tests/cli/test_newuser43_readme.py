"""The README's quick start, walked in order by a newcomer (newuser43).

Its first block leaves `scripts/exitguard up ... &` running on 127.0.0.1:8080; the SDK recipe after it starts
another `up ... &` on the same default address, which stopped with "127.0.0.1:8080 is already in use". The README
now says to stop the first one between the two.
"""

from __future__ import annotations

import re

from tests.cli.test_readme import README


def quick_start() -> str:
    """The section, a shell line continued with a backslash joined to the next."""
    return README.split("## Quick start", 1)[1].split("To run the whole test suite", 1)[0].replace("\\\n", " ")


def background_ups(text: str) -> list[re.Match]:
    return list(re.finditer(r"^scripts/exitguard up (?![^\n]*--listen)[^\n]*&", text, re.MULTILINE))


def test_the_first_proxy_is_stopped_before_the_second_takes_its_port():
    text = quick_start()
    ups = background_ups(text)
    # newuser52 added a third: the stand-in through HTTPS_PROXY, after the reverse listener's `up` (job 3: the
    # http.server stays job 1, the stand-in takes the freed number 2)
    assert len(ups) == 3, [m.group(0) for m in ups]
    for first, second, kill in ((ups[0], ups[1], "kill %2"), (ups[1], ups[2], "kill %3")):
        between = text[first.end():second.start()]
        assert kill in between, between
