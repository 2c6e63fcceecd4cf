"""attack43, live: mitmproxy's flow file loaders, reached from the console (real mitmweb with the bundle).

`view.flows.load`, `replay.client.file`, `replay.server.file` and the `client_replay` / `server_replay` options read
a path of the console's choosing with the proxy's rights. Before: a file (0600, the proxy's user's) whose first
tnetstring is not a dictionary was answered `Invalid flow: loaded=[b'<its value>']` (the command's answer, the 400 of
`PUT /options`, or the log for `view.flows.load`); a FIFO stopped the whole proxy (mitmproxy opens it and waits for
a writer on the event loop: the console and every agent hung). Now (core/flowfiles.py) every loader reads a regular
file within a bound, and its errors name the path and the kind of problem only."""

from __future__ import annotations

import json
import os
import threading

import pytest
from mitmproxy.io import tnetstring

from tests.live.console import start_console

pytestmark = pytest.mark.live

SECRET = "sk-attack43-FAKE-Fl0wF1leQu0te5Xy9"


@pytest.fixture(scope="module")
def console_of(tmp_path_factory):
    d = tmp_path_factory.mktemp("attack43-files")
    proxy, console, _ = start_console(d, None)
    yield proxy, console, d
    proxy.stop()


def _private(folder, name: str, content: bytes):
    path = folder / name
    path.write_bytes(content)
    path.chmod(0o600)
    return path


LOADS = [("POST", "/commands/view.flows.load"), ("POST", "/commands/replay.client.file"),
         ("POST", "/commands/replay.server.file"), ("PUT", "client_replay"), ("PUT", "server_replay")]


def _load(console, how: tuple[str, str], path) -> str:
    method, where = how
    if method == "PUT":
        answer = console.send("PUT", "/options", {where: [str(path)]})
        # 400, or 200 where mitmproxy reads the option once only (server_replay after its first value)
        console.send("PUT", "/options", {where: []})
        return answer.text
    return console.send("POST", where, {"arguments": [str(path)]}).text


@pytest.mark.parametrize("how", LOADS, ids=[w.rsplit("/", 1)[-1] for _, w in LOADS])
@pytest.mark.parametrize("content", [tnetstring.dumps([SECRET.encode()]), tnetstring.dumps(SECRET.encode()),
                                     json.dumps({"api_key": SECRET}).encode(), f"OPENAI_API_KEY={SECRET}\n".encode(),
                                     f"-----BEGIN PRIVATE KEY-----\n{SECRET}\n".encode()],
                         ids=["tnetstring-list", "tnetstring-bytes", "json", "env", "pem"])
def test_a_loaded_file_that_is_not_flows_is_never_quoted(console_of, how, content):
    proxy, console, folder = console_of
    path = _private(folder, "private.bin", content)
    link = folder / "link-to-private"
    if not link.exists():
        link.symlink_to(path)
    for target in (path, link):
        text = _load(console, how, target)
        # before: {"error": "Invalid flow: loaded=[b'sk-attack43-...']"}, the 400 the same, view.flows.load: the log
        assert SECRET not in text, text
        assert str(target) in text or "error" not in text, text
    assert SECRET not in proxy.log


@pytest.mark.parametrize("how", LOADS[:3], ids=[w.rsplit("/", 1)[-1] for _, w in LOADS[:3]])
def test_a_fifo_or_a_device_is_refused_and_the_proxy_keeps_answering(console_of, how):
    _, console, folder = console_of
    fifo = folder / f"fifo-{how[1].rsplit('/', 1)[-1]}"
    os.mkfifo(fifo)
    done: list[str] = []
    loader = threading.Thread(target=lambda: done.append(_load(console, how, fifo)), daemon=True)
    loader.start()
    try:
        loader.join(timeout=10)
        # before: the proxy's event loop waited in open() for a writer; nothing answered (httpx timed out)
        assert done and "not a regular file" in done[0], done
        assert console.get("/options").status_code == 200
    finally:
        try:  # let a loader that waits in open() go: a writer comes and leaves (an empty file)
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
        loader.join(timeout=20)
    assert "not a regular file" in _load(console, how, "/dev/zero")


def test_a_file_past_the_bound_is_refused_without_reading_it(console_of):
    _, console, folder = console_of
    big = folder / "big.mitm"
    with big.open("wb") as f:
        f.truncate(600 * 1024 * 1024)  # sparse: nothing written
    for how in LOADS[:3]:
        assert "larger than 512 MiB" in _load(console, how, big)


def test_a_real_flow_file_still_loads(console_of, tmp_path):
    _, console, folder = console_of
    flows = console.get("/flows").json()
    path = folder / "one.har"
    path.write_text(json.dumps({"log": {"entries": [{
        "startedDateTime": "2026-12-06T00:00:00.000Z", "time": 1,
        "request": {"method": "GET", "url": "https://example.com/attack43-har", "httpVersion": "HTTP/1.1",
                    "headers": [], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [],
                     "content": {"size": 0, "mimeType": "text/plain", "text": ""}, "redirectURL": "",
                     "headersSize": -1, "bodySize": 0},
        "cache": {}, "timings": {"send": 0, "wait": 0, "receive": 0}}]}}))
    answer = console.send("POST", "/commands/view.flows.load", {"arguments": [str(path)]})
    assert "error" not in answer.json(), answer.text
    assert len(console.get("/flows").json()) == len(flows) + 1
    assert any(f["request"]["path"] == "/attack43-har" for f in console.get("/flows").json())
