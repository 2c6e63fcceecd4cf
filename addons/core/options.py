"""Reading exitguard's mitmproxy options in ``configure``: declared choices, unset (None) values, refusing start-up.

mitmproxy 12.3 shows an option's ``choices=`` in ``--options``, mitmweb and the console, but does not enforce it
for ``--set``, config.yaml or the web API: ``check_choice`` does, from the same declaration. Optional options
default to None ("unset"); an empty string is refused, so ``--set exitguard_policy=$UNSET_VARIABLE`` cannot
silently mean "the built-in policy".
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from mitmproxy import exceptions

from addons.core import rust_listeners


def declared_choices(options, name: str) -> tuple[str, ...]:
    option = dict(options.items())[name]
    return tuple(option.choices or ())


def check_choice(options, name: str) -> str | None:
    """The option's value when it is one of its declared choices (or None: unset); else OptionsError."""
    value = optional_text(options, name)
    choices = declared_choices(options, name)
    if value is None or not choices or value in choices:
        return value
    raise exceptions.OptionsError(f"{name}: {value!r} is not one of {', '.join(choices)}")


def chosen(options, name: str) -> str:
    """A choice option that always has a value (its default is one of its choices)."""
    value = check_choice(options, name)
    if value is None:
        raise exceptions.OptionsError(f"{name} needs a value: one of {', '.join(declared_choices(options, name))}")
    return value


def optional_text(options, name: str) -> str | None:
    """An ``Optional[str]`` option: None when unset; an empty or blank value is refused (it is not "unset")."""
    value = getattr(options, name)
    if value is not None and not value.strip():
        raise exceptions.OptionsError(f"{name} is empty: give a value, or leave the option unset for its default")
    return value


def optional_path(options, name: str) -> Path | None:
    value = optional_text(options, name)
    return None if value is None else Path(value).expanduser()


def refuse_to_start(message: str) -> NoReturn:
    """Stop start-up from a ``running()`` hook, on purpose and with a reason.

    mitmproxy exits after *any* error logged during start-up ("Error logged during startup, exiting..."), but
    only as a side effect of its errorcheck addon; this says why on stderr and exits with status 1 itself (without
    finalizing the interpreter when a mitmproxy_rs listener is open: core/rust_listeners.py).
    """
    rust_listeners.stop(SystemExit(f"exitguard: {message}. Refusing to start."))
