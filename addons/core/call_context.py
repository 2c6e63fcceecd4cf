"""The tool call around an argument a codec took out of its JSON: a value under a key of entry (`"pin"`, `"unlock"`,
`"typed"`) is a password only in a call that logs in or unlocks (addons/detect/tool_call.py), and the call's name and
other arguments are fields of their own. `call_context` puts them back before the argument's key context, as the
call wrote them (`"name": "vpn_connect", "arguments": {"account": "ops", "unlock": "`), so the field is scanned as the
whole call would be. Only keys the detector reads so (tool_call.reads_key) pay for it; context is never reported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Protocol

from addons.detect import tool_call

# `<container><sep><key>`: the arguments object (`...function.arguments`, `$.x.parameters`, a JSON string's
# `...arguments#$`), then `.` or `#$.`, then the argument's key (no deeper nesting).
_ARGUMENT = re.compile(r"(?P<container>.*[.#$](?:arguments|args|input|parameters|params|kwargs|tool_input))"
                       r"(?P<sep>\.|#\$\.)(?P<key>[^.#\[\]]{1,64})")
_NAME_KEYS = ("name", "tool_name", "function_name", "toolName", "tool")
_AROUND = 16  # fields either side searched for the call's name and the other arguments
_SIBLING_CHARS = 64  # longer values are left out: a name or account is short


class FieldLike(Protocol):
    """A body's field as the context readers need it (formats.Field; inspection.py reads the same)."""

    @property
    def location(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def kind(self) -> str: ...


def call_context(fields: Sequence[FieldLike], i: int, context: str) -> str:
    """``context`` of ``fields[i]`` with its tool call's name and other arguments before it, when ``fields[i]`` is
    an argument under a key the detector reads with its call; ``context`` unchanged otherwise."""
    argument = _ARGUMENT.fullmatch(fields[i].location)
    if argument is None or not context or not tool_call.reads_key(argument.group("key")):
        return context
    container, sep = argument.group("container"), argument.group("sep")
    parent = container[:max(container.rfind("."), container.rfind("#"))]
    name_locations = {f"{parent}.{key}" for key in _NAME_KEYS}
    prefix = container + sep
    name, siblings = None, []
    for j in range(max(0, i - _AROUND), min(len(fields), i + _AROUND + 1)):
        f = fields[j]
        if j == i or f.kind != "text" or len(f.text) > _SIBLING_CHARS:
            continue
        if f.location in name_locations:
            name = f.text
        elif f.location.startswith(prefix) and _ARGUMENT.fullmatch(f.location) is not None \
                and "." not in f.location[len(prefix):]:
            siblings.append(f'{json.dumps(f.location[len(prefix):])}: {json.dumps(f.text, ensure_ascii=False)}, ')
    head = f'"name": {json.dumps(name, ensure_ascii=False)}, ' if name is not None else ""
    return f'{head}"arguments": {{{"".join(siblings)}{context}'
