"""The one script mitmproxy loads: ``mitmdump -s addons/bundle.py``.

mitmproxy puts this file's folder at sys.path[0] for the life of the process, which would make
every module in addons/ importable a second time under a top-level name. Take it back off, then
import the package by its full name. All logic lives in the package; keep this file tiny, since
a hot reload of a broken script leaves *no* addon loaded (it fails open).
"""

import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]
if os.path.dirname(_here) not in sys.path:  # running from a checkout without an install
    sys.path.insert(0, os.path.dirname(_here))

from mitmproxy import ctx  # noqa: E402

from addons.chain import apply_private_sets, build, refuse_unusable_options  # noqa: E402
from addons.core.heap import freeze_start_up_objects  # noqa: E402

apply_private_sets(getattr(ctx, "options", None))  # credentials `exitguard up` kept off the command line
refuse_unusable_options(getattr(ctx, "options", None))  # else a bad --set value drops this bundle silently
addons = build()
freeze_start_up_objects()  # imports done: the rule build and traffic's full GC passes skip them
