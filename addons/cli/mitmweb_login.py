"""A script `exitguard audit open` loads into its mitmweb (``-s``): the browser gets a private hand-over page, never
the login token on a command line (`core/web_login.py`, review62).

`audit open` runs mitmweb without the bundle, so nothing refuses its console's ``scripts`` option: whoever read the
token from the browser opener's arguments (every local user may) ran their own Python as the operator. mitmproxy
puts this file's folder at sys.path[0]; it is taken back off first (as addons/bundle.py does), since modules here
would shadow others by their top-level names (``token``).
"""

import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]
_checkout = os.path.dirname(os.path.dirname(_here))
if _checkout not in sys.path:  # running from a checkout without an install
    sys.path.insert(0, _checkout)

from addons.core.web_login import open_browser_privately  # noqa: E402

open_browser_privately()  # at load: before mitmweb's WebAddon opens the browser at `running`
