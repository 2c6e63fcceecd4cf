"""Text from traffic or from the shared store, made safe to print on an operator's terminal.

What exitguard prints quotes what agents, models and anyone reaching Redis wrote: escape sequences there would
move the cursor, erase or rewrite lines (a reviewer shown a harmless preview), retitle the window or write the
clipboard (OSC 52). Every C0/C1 control, DEL and bidi control is written out as ``\\xNN`` / ``\\uNNNN``; rich's
``Text`` strips only BEL, BS, VT, FF and CR, and ``print`` nothing.
"""

from __future__ import annotations

from addons.core.outside import CONTROL_CHARS


def shown(value: object) -> str:
    """``value`` as text for the terminal: every control written as ``\\xNN`` / ``\\uNNNN``."""
    return CONTROL_CHARS.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}",
                         str(value))


def shown_lines(text: str) -> str:
    """``shown`` for a multi-line text: its line feeds kept, every other control written out."""
    return "\n".join(shown(line) for line in text.split("\n"))
