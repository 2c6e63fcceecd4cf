"""Attack40, live: the local user with mitmweb's token against what Config fixes (attack37, attack39).

``options.reset`` (a mitmweb command, ``POST /commands/options.reset``) is the one path that sets options without
mitmproxy's rollback: ``OptManager.reset`` puts every option back to its default and then announces the change; a
refusal in ``configure`` raises out of it but leaves the defaults in place. ``proxy_debug`` (``PUT /options``) makes
every layer log the bytes it sends and receives, to mitmweb's event log (``/events``) and the terminal: that held
(logmask withholds bytes it cannot read).

The same mitmweb as attack37 (tests/credentials/test_attack37_console_lever_live.py); the reset gets its own, as
before the fix it left the proxy with every option at its default."""

from __future__ import annotations

import ast
import gzip
import re
import time
import zlib

import httpx
import pytest
import yaml

from tests.credentials.test_attack37_console_lever_live import (  # noqa: F401 (fixtures)
    AKID,
    OPENAI_KEY,
    Console,
    live,
    no_key_anywhere,
    wait_until,
    web,
)
from tests.live import harness
from tests.live.console import policy_file, start_console

pytestmark = pytest.mark.live


@pytest.fixture
def own_web(tmp_path, upstream_session):
    """A mitmweb of its own (a reset or a file write that went through would leave it changed), with one extra
    script loaded, as an operator's own addon would be (mitmproxy reloads a script whose file changes)."""
    extra = tmp_path / "extra.py"
    extra.write_text(EXTRA_SCRIPT)
    proxy, console, record = start_console(tmp_path, upstream_session, "-s", str(extra),
                                           policy=policy_file(tmp_path, broker=True),
                                           env={"EXITGUARD_CRED_OPENAI": OPENAI_KEY})
    yield proxy, console, record
    proxy.stop()


EXTRA_SCRIPT = '"""An operator\'s own addon: loaded after the bundle, reloaded by mitmproxy when its file changes."""\n'


def _values(console: Console) -> dict:
    return {name: option["value"] for name, option in console.get("/options").json().items()}


def test_the_console_cannot_reset_every_option_to_its_default(own_web, upstream):
    """Before: the answer named the refused options, but every option stayed at its default: ``rawtcp`` on (mitmproxy
    relays what does not look like HTTP as raw TCP, uninspected), ``scripts`` empty, exitguard's own options unset,
    ``mode`` / ``listen_host`` / ``listen_port`` back to ``regular`` on every interface, port 8080 (``exitguard up``
    starts ``regular@127.0.0.1:8080``: the proxy server moves there, and the identity addon, which never heard of
    the change, still judges it a loopback listener)."""
    proxy, console, record = own_web
    before = _values(console)
    answer = console.send("POST", "/commands/options.reset", {"arguments": []})
    assert "options.reset is refused" in answer.json().get("error", ""), answer.text
    after = _values(console)
    changed = sorted(name for name in before if before[name] != after[name])
    assert changed == [], changed
    assert after["rawtcp"] is False
    assert wait_until(lambda: "refused a change of options.reset while running" in proxy.log or None, "logged")
    # One option alone goes through mitmproxy's update, with its rollback: refused, nothing changed.
    answer = console.send("POST", "/commands/options.reset.one", {"arguments": ["scripts"]})
    assert "scripts cannot change" in answer.json().get("error", ""), answer.text
    assert _values(console) == before
    with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30) as client:
        r = client.post("https://api.openai.com/v1/attack40-reset", headers={"Authorization": "Bearer exitguard"},
                        json={"q": 1})
    assert r.status_code == 200, r.text
    (got,) = [x for x in upstream.received if "attack40-reset" in x.path]
    assert got.headers["authorization"] == f"Bearer {OPENAI_KEY}"
    no_key_anywhere(proxy, console, record, r.text)


def _logged_payloads(text: str) -> list[bytes]:
    """Every byte string a layer logged as received or sent (``DataReceived(server, b'...')``), also when mitmproxy
    cut the line (its debug lines end with an ellipsis past 512 characters)."""
    found = []
    for m in re.finditer(r"(?:DataReceived|SendData)\(\w+, b'((?:[^'\\\n…]|\\.)*)", text):
        literal = re.sub(r"\\x?[0-9a-f]?$", "", m.group(1))  # an escape the cut left open
        try:
            found.append(ast.literal_eval(f"b'{literal}'"))
        except (ValueError, SyntaxError):
            continue
    return found


def _holds_key(payloads: list[bytes]) -> bool:
    """The key in a logged byte string, as is or in a gzip body (read as far as it goes)."""
    for data in payloads:
        if OPENAI_KEY.encode() in data:
            return True
        body = data.partition(b"\r\n\r\n")[2]
        try:
            if OPENAI_KEY.encode() in zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body):
                return True
        except zlib.error:
            continue
    return False


def test_proxy_debug_from_the_console_logs_no_key(live, upstream):  # noqa: F811
    """Held (a regression guard, passes before too): a vendor that quotes the key it got, gzip-compressed (an error
    message, a debug echo). The broker masks it in the answer (decoded, encoded again); with ``proxy_debug`` on, the
    layers log the vendor's bytes as they came, to mitmweb's event log: logmask withholds a byte string it cannot
    read (``<N bytes withheld>``), so neither the key nor its compressed form is there."""
    proxy, console, record = live

    def echo(req: harness.Received) -> harness.Reply:
        said = f'{{"error": "Incorrect API key: {req.headers.get("authorization", "")}"}}'.encode()
        return harness.Reply(401, {"content-encoding": "gzip"}, gzip.compress(said))

    upstream.route("POST", "/v1/attack40-debug", echo)
    answer = console.send("PUT", "/options", {"proxy_debug": True})
    try:
        assert answer.status_code == 200, answer.text  # left to the console (core/config.py)
        with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30) as client:
            r = client.post("https://api.openai.com/v1/attack40-debug", headers={"Authorization": "Bearer exitguard"},
                            json={"q": 1})
        assert r.status_code == 401 and OPENAI_KEY not in r.text and "Incorrect API key" in r.text
        time.sleep(0.5)  # the event log is written as the layers run
        events = "\n".join(entry["message"] for entry in console.get("/events").json())
    finally:
        console.send("PUT", "/options", {"proxy_debug": False})
    assert "SendData(server" in events  # the layers did log what they sent
    assert not _holds_key(_logged_payloads(events)), "the event log holds the key, gzip-compressed"
    assert not _holds_key(_logged_payloads(proxy.log))
    no_key_anywhere(proxy, console, record, r.text)


def _one_flow_with_content(console: Console, content: str) -> str:
    """A flow made in the console (``view.flows.create``) whose request body the console chose (``PUT
    /flows/<id>``); returns its id."""
    console.send("POST", "/commands/view.flows.create", {"arguments": ["POST", "https://unlisted.example/attack40"]})
    (flow,) = [f for f in console.flows() if f["request"]["path"] == "/attack40"]
    answer = console.send("PUT", f"/flows/{flow['id']}", {"request": {"content": content}})
    assert answer.status_code == 200, answer.text
    return flow["id"]


def test_the_console_cannot_write_code_over_a_loaded_script(own_web, tmp_path):
    """``cut.save`` writes one flow's request body as it is to the path the console names. Over a script mitmproxy
    loaded (the operator's, or addons/bundle.py itself) its watcher reloads the file within a second: the console's
    code runs in the proxy, ``script.run`` by another name. Before: the marker was written."""
    proxy, console, _ = own_web
    extra, marker = tmp_path / "extra.py", tmp_path / "ran"
    _one_flow_with_content(console, f"open({str(marker)!r}, 'w').write('ran')\n")
    answer = console.send("POST", "/commands/cut.save", {"arguments": ["@all", "request.content", str(extra)]})
    if "error" not in answer.json():  # before the fix: the watcher reloads the file, and the code runs
        wait_until(lambda: marker.exists() or None, "the console's code ran in the proxy")
    assert not marker.exists(), "the console's code ran in the proxy"
    assert "cut.save is refused" in answer.json().get("error", ""), answer.text
    assert extra.read_text() == EXTRA_SCRIPT
    assert wait_until(lambda: "refused a change of cut.save while running" in proxy.log or None, "logged")


def test_the_console_cannot_rewrite_the_policy_into_report_mode(own_web, tmp_path, upstream):
    """The same write over the policy file: the file watcher reloads it (RELOAD_INTERVAL), so the console switches
    the running proxy to report mode, what Config refuses as ``exitguard_mode=report`` (attack37). Before: the AWS
    key id in the next request reached the vendor unmasked."""
    proxy, console, _ = own_web
    policy_file = tmp_path / "policy.yaml"
    original = policy_file.read_text()
    report = yaml.safe_load(original)
    report["mode"] = "report"
    _one_flow_with_content(console, yaml.safe_dump(report))
    answer = console.send("POST", "/commands/cut.save", {"arguments": ["@all", "request.content", str(policy_file)]})
    if "error" not in answer.json():  # before the fix: wait for the reload, then look at what leaves
        wait_until(lambda: "reloaded policy" in proxy.log or None, "the policy reloaded")
    with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30) as client:
        r = client.post("https://api.openai.com/v1/attack40-policy", headers={"Authorization": "Bearer exitguard"},
                        json={"note": f"key {AKID}"})
    assert r.status_code == 200, r.text
    (got,) = [x for x in upstream.received if "attack40-policy" in x.path]
    assert AKID.encode() not in got.body, "the console's policy is in force: report mode"
    assert "cut.save is refused" in answer.json().get("error", ""), answer.text
    assert policy_file.read_text() == original


WRITERS = {  # every other way mitmweb 12.3's console writes a file where it says (args after the path's position)
    "export.file": ["raw_request", "@all", "{path}"],
    "save.file": ["@all", "{path}"],
    "save.har": ["@all", "{path}"],
    "options.save": ["{path}"],
}


def test_the_console_cannot_write_any_file_over_a_loaded_script(own_web, tmp_path):
    """Whatever they write (a raw request, tnetstring flows, HAR, options YAML), a script file that no longer
    parses is reloaded as nothing: mitmproxy drops the addon (over addons/bundle.py the proxy runs on with no
    exitguard addon at all: it fails open, bundle.py's docstring). So do the options that write flows to a path as
    they pass (``save_stream_file``) or at exit (``hardump``). Before: each wrote the file."""
    proxy, console, _ = own_web
    extra = tmp_path / "extra.py"
    _one_flow_with_content(console, "not python")
    for name, arguments in WRITERS.items():
        args = [a.replace("{path}", str(extra)) for a in arguments]
        answer = console.send("POST", f"/commands/{name}", {"arguments": args})
        if "error" not in answer.json():  # before the fix: the script no longer parses, mitmproxy drops it
            wait_until(lambda: "error in script" in proxy.log or None, "the script reloaded as nothing")
        assert f"{name} is refused" in answer.json().get("error", ""), (name, answer.text)
        assert extra.read_text() == EXTRA_SCRIPT, name
    for option in ("save_stream_file", "hardump"):
        answer = console.send("PUT", "/options", {option: str(extra)})
        assert answer.status_code == 400 and option in answer.text, (option, answer.text)
    assert extra.read_text() == EXTRA_SCRIPT
    assert "error in script" not in proxy.log


def test_the_console_cannot_open_a_listener_to_the_network_without_credentials(own_web):
    """Held (regression guard): ``mode`` and ``listen_host`` are left to the console, and the identity addon hears
    of them (its configure recomputes who must authenticate): a reverse listener beyond loopback cannot ask for
    credentials and is refused (400, rolled back)."""
    _, console, _ = own_web
    port = harness.free_port()
    before = _values(console)
    network = f"reverse:https://api.openai.com@0.0.0.0:{port}"
    answer = console.send("PUT", "/options", {"mode": [*before["mode"], network]})
    assert answer.status_code == 400, answer.text
    assert _values(console)["mode"] == before["mode"]


def test_the_console_cannot_move_the_confdir(own_web, tmp_path, upstream):
    """``confdir`` holds the CA the clients trust, the fingerprint key (audit index) and, by default, the identity
    tokens file; mitmproxy's TLS addon and exitguard's Config and identity addons all reread it on a change. Before:
    200, the proxy made a new CA in the console's folder and signed the next tunnel with it (every client that
    trusts the operator's CA failed), Config made a new fingerprint key there, and the identity addon would have
    read the tokens file found there."""
    proxy, console, record = own_web
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    answer = console.send("PUT", "/options", {"confdir": str(elsewhere)})
    assert answer.status_code == 400 and "confdir" in answer.text, answer.text
    assert list(elsewhere.iterdir()) == []
    with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30) as client:
        r = client.post("https://api.openai.com/v1/attack40-confdir", headers={"Authorization": "Bearer exitguard"},
                        json={"q": 1})
    assert r.status_code == 200, r.text
    no_key_anywhere(proxy, console, record, r.text)
