"""The tool call around an argument a codec took out of its JSON: a value under a key of entry (`"pin"`, `"unlock"`,
`"typed"`) is a password only in a call that logs in or unlocks (addons/detect/tool_call.py), and the call's name and
other arguments are fields of their own. `call_context` puts them back before the argument's key context, as the
call wrote them (`"name": "vpn_connect", "arguments": {"account": "ops", "unlock": "`), so the field is scanned as the
whole call would be. Only keys the detector reads so (tool_call.reads_key) pay for it; context is never reported.

attack27: the name was looked for among the 16 fields either side, and every short argument was put in the context:
20 other arguments, or 10 of 60 characters (the name then further back than the detector looks), and the call's
password was sent. The name is now found by its location among all the body's fields (`CallIndex`, one pass a
body), and of the other arguments only the first that is evidence (`tool_call.is_evidence`) is shown.

open30: an argument nested in the arguments (`{"creds": {"combo": X}}`) or in arguments stringified twice
(`...function.arguments#$.args#$.combo`) was read without its call; up to three nested objects or arrays are now
part of an argument's location, and the name is looked for beside each arguments-like segment, innermost first.
attack31: four deep went without the call (an agent nests one more level); up to ``MAX_NESTING`` now.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from addons.detect import tool_call

_CONTAINERS = r"(?:arguments|args|input|parameters|params|kwargs|tool_input)"
MAX_NESTING = 8  # objects or arrays between the arguments and the argument (a body nests 200 levels at most)
# `<container><inner><sep><key>`: the arguments object (`...function.arguments`, `$.x.parameters`, a JSON string's
# `...arguments#$`), up to MAX_NESTING objects or arrays nested in it (`.creds`, `[0]`, `#$.args`: open30), then `.` or
# `#$.`, then the argument's key.
_ARGUMENT = re.compile(rf"(?P<container>.*[.#$]{_CONTAINERS})"
                       rf"(?P<inner>(?:(?:\.|#\$\.)[^.#\[\]]{{1,64}}|\[\d{{1,4}}\]){{0,{MAX_NESTING}}}?)"
                       r"(?P<sep>\.|#\$\.)(?P<key>[^.#\[\]]{1,64})")
# Each arguments-like segment of a container: the call's name is a sibling of one of them (the innermost that has
# one: arguments stringified twice, `...function.arguments#$.args#$.combo`, keep the name beside `arguments`).
_CONTAINER = re.compile(rf"[.#$]{_CONTAINERS}(?=$|[.#\[])")
_NAME_KEYS = ("name", "tool_name", "function_name", "toolName", "tool")
_SIBLING_CHARS = 64  # longer values are left out: a name or account is short


class FieldLike(Protocol):
    """A body's field as the context readers need it (formats.Field; inspection.py reads the same)."""

    @property
    def location(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def kind(self) -> str: ...


@dataclass
class CallIndex:
    """A body's short text fields by location (the calls' names), and each arguments object's first argument that
    is evidence for the call (`tool_call.is_evidence`), by the arguments' prefix (`<container><sep>`)."""

    names: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # prefix -> [(field index, as written)]

    @classmethod
    def of(cls, fields: Sequence[FieldLike]) -> CallIndex:
        index = cls()
        for j, f in enumerate(fields):
            if f.kind != "text" or len(f.text) > _SIBLING_CHARS:
                continue
            if f.location.rpartition(".")[2] in _NAME_KEYS:
                index.names[f.location] = f.text  # a repeated key: the last, as JSON parsers keep it
            argument = _ARGUMENT.fullmatch(f.location)
            if argument is not None and tool_call.is_evidence(argument.group("key"), f.text):
                found = index.evidence.setdefault(_prefix(argument), [])
                if len(found) < 2:  # the argument itself may be one; one other is enough
                    written = f'{json.dumps(argument.group("key"))}: {json.dumps(f.text, ensure_ascii=False)}, '
                    found.append((j, written))
        return index


def call_context(fields: Sequence[FieldLike], i: int, context: str, calls: CallIndex | None = None) -> str:
    """``context`` of ``fields[i]`` with its tool call's name and other arguments before it, when ``fields[i]`` is
    an argument under a key the detector reads with its call; ``context`` unchanged otherwise. ``calls``: the
    body's `CallIndex` (built here when not given: give it when calling for many fields of one body)."""
    argument = _ARGUMENT.fullmatch(fields[i].location)
    if argument is None or not context or not tool_call.reads_key(argument.group("key")):
        return context
    calls = CallIndex.of(fields) if calls is None else calls
    container = argument.group("container")
    parents = [container[:m.start()] for m in reversed(list(_CONTAINER.finditer(container)))]
    name = next((calls.names[n] for parent in parents for key in _NAME_KEYS
                 if (n := f"{parent}.{key}") in calls.names), None)
    sibling = next((written for j, written in calls.evidence.get(_prefix(argument), ()) if j != i), "")
    head = f'"name": {json.dumps(name, ensure_ascii=False)}, ' if name is not None else ""
    return f'{head}"arguments": {{{sibling}{context}'


def _prefix(argument: re.Match[str]) -> str:
    """The location of the object the argument is a key of (its siblings share it)."""
    return argument.group("container") + argument.group("inner") + argument.group("sep")


def tool_call_argument(location: str) -> bool:
    """Whether a field at ``location`` is an argument `call_context` reads with its call."""
    argument = _ARGUMENT.fullmatch(location)
    return argument is not None and tool_call.reads_key(argument.group("key"))
