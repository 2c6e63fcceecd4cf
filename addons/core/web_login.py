"""mitmweb opens the operator's browser without putting its login token on a command line (review62).

mitmweb 12.3 starts the browser with ``http://127.0.0.1:8081/?token=<login>`` as an argument (``gio open``,
``xdg-open``, ``x-www-browser``, or the browser itself when none runs yet, for as long as it runs), and every local
user reads any process's arguments (``/proc/PID/cmdline``, ``ps``). Whoever reads the token holds the console:
Resume (= approve) their agent's held requests, every flow shown. `open_browser_privately` makes the browser open
a page in a private temporary folder (0700, the file 0600) that sends it on to the login URL: the opener's
arguments name only the file. The page is removed after `PAGE_KEPT_S` (the browser has read it by then; a page
left by a killed proxy holds a token that died with it). A browser that may not read the temporary folder (a snap
sandbox with its own ``/tmp``) shows an error; the URL mitmweb printed still logs in.
"""

from __future__ import annotations

import html
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

WEBADDONS = "mitmproxy.tools.web.webaddons"
PAGE_KEPT_S = 120.0  # how long the hand-over page stays: a cold browser start on a busy machine takes seconds
TOKEN_QUERY = "?token="  # mitmweb's login URL: without a web_password it carries the token in its query


def open_browser_privately() -> None:
    """Wrap mitmweb's ``open_browser`` (a module function its WebAddon calls at ``running``); safe to call more
    than once. A URL with no token (a ``web_password`` login) is opened as it is. Only where mitmweb runs (its
    master imported the module before any script loads): importing it in mitmdump would load mitmweb's whole web
    stack (tornado, flask: ~1.3 s of imports) for a browser that is never opened."""
    webaddons = sys.modules.get(WEBADDONS)
    if webaddons is None:
        return
    original: Callable[[str], bool] = getattr(webaddons.open_browser, "__wrapped__", webaddons.open_browser)

    def open_browser(url: str) -> bool:
        if TOKEN_QUERY not in url:
            return original(url)
        try:
            page = hand_over_page(url)
        except OSError:  # no temporary folder to write (full, read-only): mitmweb then prints the URL to open
            return False
        return original(page.as_uri())

    open_browser.__wrapped__ = original  # type: ignore[attr-defined]
    webaddons.open_browser = open_browser  # type: ignore[attr-defined]


def hand_over_page(url: str, keep_s: float = PAGE_KEPT_S) -> Path:
    """A page only this user may read that sends the browser on to ``url``; removed after ``keep_s``."""
    folder = tempfile.mkdtemp(prefix="exitguard-web-")  # 0700, a new name: nothing another user planted
    page = Path(folder) / "open-mitmweb.html"
    fd = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    target = html.escape(url, quote=True)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(f'<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={target}">'
                f'<title>mitmweb</title><p><a href="{target}">Open mitmweb</a></p>\n')
    remover = threading.Timer(keep_s, shutil.rmtree, (folder,), {"ignore_errors": True})
    remover.daemon = True
    remover.start()
    return page
