"""Attack39, live: mitmweb never sees the broker's key, and the console cannot unload or rewire the guard.

The same mitmweb as attack37 (tests/credentials/test_attack37_console_lever_live.py: the bundle, real TLS, httpx
through the proxy, the console's API and ``/updates``). The key goes on a wire copy only (compat.send_wire_copies):
what the upstream got is checked byte for byte, over HTTP/1 and HTTP/2 from the client, while every console
surface (``/flows``, ``/flows/dump``, the updates, ``export``), the record and the log hold none
of it. ``scripts`` and ``script.run`` are refused from the console, and the guard still masks afterwards."""

from __future__ import annotations

import threading

import httpx
import pytest

from tests.audit.test_attack36_console_head_live import ConsoleUpdates
from tests.credentials.test_attack37_console_lever_live import (  # noqa: F401 (fixtures)
    AKID,
    OPENAI_KEY,
    in_background,
    live,
    no_key_anywhere,
    wait_until,
    web,
)
from tests.live import harness

pytestmark = pytest.mark.live


def test_a_waiting_request_exported_and_saved_from_the_console_holds_no_key(live, upstream, tmp_path):  # noqa: F811
    """While the vendor is slow, the console's ``export`` (curl, raw, httpie) and ``/flows/dump`` read the live flow.
    (``export.file`` and ``save.file`` wrote it where the console said; refused since attack40.)"""
    proxy, console, record = live
    release = threading.Event()

    def slow(req: harness.Received) -> harness.Reply:
        release.wait(30)
        return harness.Reply.json({"ok": True})

    upstream.route("POST", "/v1/attack39-export", slow)
    updates = ConsoleUpdates(console.port, console.token)
    try:
        thread, out = in_background(proxy, "https://api.openai.com/v1/attack39-export")
        wait_until(lambda: [r for r in upstream.received if "attack39-export" in r.path] or None, "upstream got it")
        flow = console.flow_with("attack39-export")
        assert flow is not None and flow["request"]["headers"]
        exported = [console.send("POST", "/commands/export", {"arguments": [fmt, "~u attack39-export"]}).text
                    for fmt in ("curl", "raw_request", "httpie")]
        refused = console.send("POST", "/commands/export.file",
                               {"arguments": ["curl", "~u attack39-export", str(tmp_path / "curl.txt")]})
        assert "export.file is refused" in refused.text
        console.get("/flows/dump")
        release.set()
        thread.join(60)
        updates.wait_for(1, "attack39-export")
    finally:
        release.set()
        updates.close()
    assert all("attack39-export" in text for text in exported), exported  # the console did export it
    assert not any(tmp_path.iterdir())  # and wrote nothing
    (got,) = [r for r in upstream.received if "attack39-export" in r.path]
    assert got.headers["authorization"] == f"Bearer {OPENAI_KEY}"  # byte for byte what the vendor needs
    assert out["response"].status_code == 200
    no_key_anywhere(proxy, console, record, *updates.messages, out["response"].text)


def test_an_http2_client_gets_the_key_to_the_vendor_and_the_console_none(live, upstream):  # noqa: F811
    proxy, console, record = live
    with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30, http2=True) as client:
        r = client.post("https://api.openai.com/v1/attack39-h2", headers={"Authorization": "Bearer exitguard"},
                        json={"q": 2})
    assert r.status_code == 200, r.text
    (got,) = [x for x in upstream.received if "attack39-h2" in x.path]
    assert got.headers["authorization"] == f"Bearer {OPENAI_KEY}"
    assert got.body == b'{"q":2}'
    console.flows()
    console.get("/flows/dump")
    no_key_anywhere(proxy, console, record, r.text)


@pytest.mark.parametrize("how", ["options", "set-command", "options.load"])
def test_the_console_cannot_change_scripts_and_the_guard_keeps_masking(live, upstream, tmp_path, how):  # noqa: F811
    """``scripts`` through PUT /options, the ``set`` command and ``options.load``: refused before mitmproxy's
    script loader acts (the bundle stays loaded), named in the answer and the log."""
    proxy, console, record = live
    other = tmp_path / "other.py"
    other.write_text("def request(flow):\n    flow.request.headers['x-other'] = '1'\n")
    if how == "options":
        answer = console.send("PUT", "/options", {"scripts": [str(other)]})
        assert answer.status_code == 400 and "scripts" in answer.text
    elif how == "set-command":
        answer = console.send("POST", "/commands/set", {"arguments": [f"scripts={other}"]})
        assert "scripts cannot change" in answer.json().get("error", ""), answer.text
    else:
        options_file = tmp_path / "options.yaml"
        options_file.write_text(f"scripts: [{other}]\n")
        answer = console.send("POST", "/commands/options.load", {"arguments": [str(options_file)]})
        # attack42: the command itself is refused now (it read any file and quoted its lines in a parse error)
        assert "options.load is refused" in answer.text, answer.text
    refused = "options.load" if how == "options.load" else "scripts"
    assert wait_until(lambda: f"refused a change of {refused} while running" in proxy.log or None, "logged")
    with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30) as client:
        r = client.post(f"https://api.openai.com/v1/attack39-scripts-{how}",
                        headers={"Authorization": "Bearer exitguard", "X-Debug": AKID}, json={"q": 3})
    assert r.status_code == 200, r.text
    (got,) = [x for x in upstream.received if f"attack39-scripts-{how}" in x.path]
    assert "x-other" not in got.headers  # the other script never loaded
    assert AKID not in got.headers.get("x-debug", "") and got.headers["authorization"] == f"Bearer {OPENAI_KEY}"
    no_key_anywhere(proxy, console, record, r.text)


def test_the_console_cannot_run_a_script(live, tmp_path):  # noqa: F811
    proxy, console, _ = live
    marker = tmp_path / "ran"
    script = tmp_path / "run.py"
    script.write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    answer = console.send("POST", "/commands/script.run", {"arguments": ["@all", str(script)]})
    assert "script.run is refused" in answer.json().get("error", ""), answer.text
    assert not marker.exists()
    assert wait_until(lambda: "refused a change of script.run while running" in proxy.log or None, "logged")


@pytest.mark.parametrize("option", ["map_remote", "modify_headers"])
def test_the_console_cannot_move_or_change_requests_after_the_guard(live, option):  # noqa: F811
    _, console, _ = live
    value = ["|api.openai.com|unlisted.example"] if option == "map_remote" else ["|~q|X-Added|1"]
    answer = console.send("PUT", "/options", {option: value})
    assert answer.status_code == 400 and option in answer.text
