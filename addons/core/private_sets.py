"""Options whose values are credentials, handed from ``exitguard up`` to the bundle off the command line.

A process's command line is world-readable (``/proc/PID/cmdline``, ``ps``): ``--set web_password=...`` on
mitmweb's gave every local user the operator console's login (it resumes held requests: self-approval), and
``--set exitguard_approval_webhook=https://hooks.slack.com/services/...`` the reviewers' channel (a message with
an Approve button on the attacker's own approval, labelled as anything). ``up`` leaves such ``--set`` values out
of the argv it execs and puts them in the environment (``/proc/PID/environ`` is the process owner's and root's
only); the bundle sets them before its addons register, so they are checked and applied as on the command line.

The variable is no instruction to a proxy started otherwise (attack22): one planted where a plain mitmdump starts (a
shell profile, an env file) changed an option the operator set on its command line or in config.yaml, unseen. An
option set both ways refuses the start (``up`` never sets both), and the names of those set are said at start.
"""

from __future__ import annotations

import json
import logging
import os

ENV = "EXITGUARD_PRIVATE_SETS"

logger = logging.getLogger(__name__)

# mitmproxy's and exitguard's options that hold a credential or a URL that is one (a Redis URL may hold the
# password; a webhook's path is its secret; proxyauth / upstream_auth may be user:password; cert_passphrase
# decrypts the private key of the certificates mitmproxy presents).
PRIVATE_OPTIONS = frozenset({"web_password", "exitguard_approval_webhook", "exitguard_state", "proxyauth",
                             "upstream_auth", "cert_passphrase"})


def split_argv(argv: list[str]) -> tuple[list[str], list[str]]:
    """``argv`` without the ``--set NAME=VALUE`` pairs of PRIVATE_OPTIONS, and those specs in order."""
    public: list[str] = []
    private: list[str] = []
    i = 0
    while i < len(argv):
        if argv[i] == "--set" and i + 1 < len(argv) and argv[i + 1].partition("=")[0] in PRIVATE_OPTIONS:
            private.append(argv[i + 1])
            i += 2
            continue
        public.append(argv[i])
        i += 1
    return public, private


def encode(specs: list[str]) -> str:
    return json.dumps(specs)


def take(environ=os.environ) -> list[str]:
    """The specs ``up`` handed over, removed from the environment (programs the proxy runs do not inherit them).
    Anything but a list of ``NAME=VALUE`` strings of PRIVATE_OPTIONS raises ValueError (never quoting it)."""
    raw = environ.pop(ENV, None)
    if raw is None:
        return []
    try:
        specs = json.loads(raw)
    except ValueError:
        raise ValueError(f"${ENV} is not JSON") from None
    if not isinstance(specs, list) or not all(isinstance(s, str) and s.partition("=")[0] in PRIVATE_OPTIONS
                                              for s in specs):
        raise ValueError(f"${ENV} must list NAME=VALUE strings of {', '.join(sorted(PRIVATE_OPTIONS))}")
    return specs


def apply(options, environ=os.environ) -> None:
    """Set the handed-over specs on mitmproxy's ``options`` (exitguard's not yet registered: deferred, applied
    when they are, like a ``--set``). Errors name the option, never its value. One already set otherwise (the
    command line, config.yaml: changed, or deferred) is refused, not overridden."""
    specs = take(environ)
    if not specs:
        return
    names = ", ".join(sorted({s.partition("=")[0] for s in specs}))
    both = sorted({name for name in (s.partition("=")[0] for s in specs)
                   if name in options.deferred or (name in options and options.has_changed(name))})
    if both:
        raise ValueError(f"{', '.join(both)} set both in ${ENV} and otherwise (the command line, config.yaml); "
                         f"exitguard up never sets both: unset ${ENV}, or set them one way")
    logger.info("exitguard: %s set from $%s (exitguard up keeps them off the command line)", names, ENV)
    try:
        options.set(*specs, defer=True)
    except Exception as e:  # mitmproxy's OptionsError quotes the value: name the options only
        raise ValueError(f"a value of {names} (handed over by exitguard up) is not valid "
                         f"({type(e).__name__})") from None
