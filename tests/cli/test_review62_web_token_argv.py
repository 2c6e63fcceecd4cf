"""review62: a local user reads mitmweb's login token from the browser opener's command line.

`exitguard up --web` on a desktop (a display): mitmweb opens the browser with ``http://127.0.0.1:P/?token=...`` as
an argument of ``gio open`` / ``xdg-open`` / ``x-www-browser`` (or the browser itself), and ``/proc/PID/cmdline`` is
every user's to read. Before review62, user ``nobody`` read the token there and with it got 200 from ``/flows``
(and could Resume, i.e. approve, held requests). The fake openers here stand in for the desktop's: they keep the
arguments they were given, as ``ps`` shows them while they run.
"""

from __future__ import annotations

import http.cookiejar
import http.server
import os
import re
import signal
import stat
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlparse

import pytest

from addons.core import web_login
from tests.cli.test_commands_as_a_user import EXITGUARD, ROOT, env
from tests.cli.test_up_as_a_user import free_port

OPENERS = ("gio", "xdg-open", "x-www-browser")  # what Python's webbrowser registers on an X11/Wayland desktop


def _fake_openers(folder: Path) -> Path:
    calls = folder / "calls"
    for name in OPENERS:
        script = folder / name
        script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> {calls}\nexec sleep 5\n')  # webbrowser: still running
        script.chmod(0o755)
    return calls


def _login_url(proc: subprocess.Popen) -> str:
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if found := re.search(r"Web server listening at (http://\S+\?token=[0-9a-f]{32})\b", line):
            return found[1]
    raise AssertionError("mitmweb printed no login URL")


def _opened(calls: Path) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if calls.exists() and calls.read_text().strip():
            return calls.read_text()
        time.sleep(0.2)
    raise AssertionError("no browser was opened")


@pytest.mark.live
def test_the_browser_opener_gets_no_login_token_on_its_command_line(tmp_path):
    fakes = tmp_path / "bin"
    fakes.mkdir()
    calls = _fake_openers(fakes)
    environ = env() | {"DISPLAY": ":62", "PATH": f"{fakes}{os.pathsep}{os.environ['PATH']}",
                       "TMPDIR": str(tmp_path)}  # the hand-over page's folder: not left in /tmp
    environ.pop("BROWSER", None)
    web_port = free_port()
    proc = subprocess.Popen([str(EXITGUARD), "up", "--web", "--listen", f"127.0.0.1:{free_port()}", "--no-record",
                             "--confdir", str(tmp_path / "certs"), "--set", f"web_port={web_port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environ, cwd=ROOT)
    try:
        url = _login_url(proc)
        token = url.split("token=", 1)[1]
        assert len(token) >= 32
        opened = _opened(calls)
        assert token not in opened, "the login token is on the browser opener's command line"
        [page_uri] = re.findall(r"file://\S+", opened)
        page = Path(unquote(urlparse(page_uri).path))
        assert stat.S_IMODE(page.stat().st_mode) == 0o600 and page.stat().st_uid == os.getuid()
        assert stat.S_IMODE(page.parent.stat().st_mode) == 0o700
        assert f'content="0;url={url}"' in page.read_text()  # the page sends the browser on to the login
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=60)
        finally:
            proc.kill()


def test_a_login_url_without_a_token_is_opened_as_it_is(monkeypatch, tmp_path):
    from mitmproxy.tools.web import webaddons

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    opened: list[str] = []
    monkeypatch.setattr(webaddons, "open_browser", lambda url: opened.append(url) or True)
    web_login.open_browser_privately()
    web_login.open_browser_privately()  # twice: still one hand-over, never a page for a page
    assert webaddons.open_browser("http://127.0.0.1:8081/")  # a web_password login: nothing secret in it
    assert webaddons.open_browser("http://127.0.0.1:8081/?token=0123456789abcdef0123456789abcdef")
    assert opened[0] == "http://127.0.0.1:8081/"
    assert opened[1].startswith("file://") and "0123456789abcdef" not in opened[1]


def test_no_page_to_write_opens_no_browser_and_mitmweb_prints_the_url(monkeypatch, tmp_path):
    from mitmproxy.tools.web import webaddons

    opened: list[str] = []
    monkeypatch.setattr(webaddons, "open_browser", lambda url: opened.append(url) or True)
    web_login.open_browser_privately()
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "gone"))  # mkdtemp fails: no such folder
    assert webaddons.open_browser("http://127.0.0.1:8081/?token=0123456789abcdef0123456789abcdef") is False
    assert opened == []  # never the token URL itself: mitmweb says "No web browser found. Please open ..."


def test_the_hand_over_page_is_private_escaped_and_removed(tmp_path):
    url = 'http://127.0.0.1:8081/?token=ab"><script>x</script>'
    page = web_login.hand_over_page(url, keep_s=0.2)
    text = page.read_text()
    assert "<script>" not in text and "&quot;&gt;&lt;script&gt;" in text
    assert stat.S_IMODE(page.stat().st_mode) == 0o600
    deadline = time.monotonic() + 10
    while page.parent.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not page.parent.exists()


class _CookieCatcher(http.server.BaseHTTPRequestHandler):
    """A local user's own web server on another loopback port (a dev server, a notebook): what browsers send it."""
    caught: ClassVar[list[str]] = []

    def do_GET(self):
        self.caught.append(self.headers.get("Cookie", ""))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.live
@pytest.mark.xfail(strict=True, reason="open (review62, EVASION.md): mitmweb's login is a bearer cookie for the "
                   "host 127.0.0.1, and browsers send a host's cookies to every port of it (RFC 6265 8.5: no isolation "
                   "by port); a local user's server on another loopback port that the operator's browser visits gets "
                   "it, and with it the console. Nothing tells the operator's browser from a replay of its cookie")
def test_the_consoles_login_cookie_does_not_open_it_to_another_loopback_port(tmp_path):
    environ = env() | {"DISPLAY": "", "WAYLAND_DISPLAY": ""}
    web_port = free_port()
    proc = subprocess.Popen([str(EXITGUARD), "up", "--web", "--listen", f"127.0.0.1:{free_port()}", "--no-record",
                             "--confdir", str(tmp_path / "certs"), "--set", f"web_port={web_port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environ, cwd=ROOT)
    catcher = http.server.HTTPServer(("127.0.0.1", 0), _CookieCatcher)
    threading.Thread(target=catcher.serve_forever, daemon=True).start()
    try:
        url = _login_url(proc)
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                              urllib.request.ProxyHandler({}))
        browser.open(url, timeout=10).read()  # the operator logs in: the auth cookie is set for 127.0.0.1
        browser.open(f"http://127.0.0.1:{catcher.server_port}/", timeout=10).read()  # ...and visits a local page
        [cookie] = _CookieCatcher.caught
        assert f"mitmproxy-auth-{web_port}=" in cookie  # the browser sent the console's login to the other port
        stolen = urllib.request.Request(f"http://127.0.0.1:{web_port}/flows", headers={"Cookie": cookie})
        try:
            status = urllib.request.build_opener(urllib.request.ProxyHandler({})).open(stolen, timeout=10).status
        except urllib.error.HTTPError as e:
            status = e.code
        assert status == 403, "the console's cookie, replayed from another port's server, opens it"
    finally:
        catcher.shutdown()
        proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=60)
        finally:
            proc.kill()


@pytest.mark.live
def test_audit_opens_its_console_without_the_token_on_a_command_line(tmp_path):
    """`exitguard audit open` runs mitmweb without the bundle: before review62 the token on the opener's arguments
    let user `nobody` set `scripts` through `PUT /options` and run its own Python as the operator (tried: root)."""
    from addons.audit.recorder import Recorder, Rotation
    from tests.audit.test_recorder import record

    rec_dir = tmp_path / "rec"
    rec_dir.mkdir(mode=0o700)
    recorder = Recorder(rec_dir, Rotation())
    recorder.open()
    flow, _ = record(recorder)
    recorder.release()
    fakes = tmp_path / "bin"
    fakes.mkdir()
    calls = _fake_openers(fakes)
    environ = env() | {"DISPLAY": ":62", "PATH": f"{fakes}{os.pathsep}{os.environ['PATH']}",
                       "TMPDIR": str(tmp_path)}  # the hand-over page's folder: not left in /tmp
    environ.pop("BROWSER", None)
    proc = subprocess.Popen([str(EXITGUARD), "audit", "--dir", str(rec_dir), "open", flow.id[:8],
                             "--port", str(free_port())],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environ, cwd=ROOT)
    try:
        token = _login_url(proc).split("token=", 1)[1]
        opened = _opened(calls)
        assert token not in opened, "the login token is on the browser opener's command line"
        assert re.fullmatch(r"open -- file://\S+/open-mitmweb\.html\n", opened), opened
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=60)
        finally:
            proc.kill()


@pytest.mark.live
def test_a_log_file_of_up_web_is_made_private_before_the_token_is_printed_there(tmp_path):
    """`exitguard up --web > up.log &`: the shell makes up.log as the umask says (0644) and mitmweb prints its
    login URL there: before review62 every local user read the console's token in the log."""
    log = tmp_path / "up.log"
    log.touch(mode=0o644)
    log.chmod(0o644)
    web_port = free_port()
    environ = env() | {"DISPLAY": "", "WAYLAND_DISPLAY": ""}
    with open(log, "w") as out:
        proc = subprocess.Popen([str(EXITGUARD), "up", "--web", "--listen", f"127.0.0.1:{free_port()}",
                                 "--no-record", "--confdir", str(tmp_path / "certs"), "--set", f"web_port={web_port}"],
                                stdout=out, stderr=subprocess.STDOUT, env=environ, cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        while not re.search(r"\?token=[0-9a-f]{32}", log.read_text()):
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        assert stat.S_IMODE(log.stat().st_mode) == 0o600, "the console's login token in a log others may read"
        assert "made private (0600)" in log.read_text()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        finally:
            proc.kill()


@pytest.mark.root
def test_up_web_refuses_a_log_file_another_user_may_read_and_owns(tmp_path, monkeypatch):
    from addons.cli import up

    log = tmp_path / "up.log"
    log.touch()
    log.chmod(0o666)
    os.chown(log, 65534, 65534)  # nobody's, made first in a shared folder
    with open(log, "w") as out:
        monkeypatch.setattr("sys.stdout", out)
        with pytest.raises(SystemExit) as refused:
            up.keep_the_login_private({})
    assert "uid 65534" in str(refused.value) and "web_password" in str(refused.value)
    assert stat.S_IMODE(log.stat().st_mode) == 0o666 and log.read_text() == ""
    with open(log, "w") as out:  # with a web_password no token is printed: nothing to keep
        monkeypatch.setattr("sys.stdout", out)
        assert up.keep_the_login_private({"web_password": ["x"]}) is None
