"""newuser56: `exitguard audit open` always took 8081 (or a port the system hands out): on a host where a user may
use only some ports, the auditor had to run `--print` and edit the command. `--port` chooses mitmweb's port; one in
use is refused in one line, where mitmweb would end in a traceback."""

import socket

from addons.cli import main as cli


def _recorded(tmp_path):
    from addons.audit.recorder import Recorder, Rotation
    from tests.audit.test_recorder import record

    rec_dir = tmp_path / "rec"
    rec_dir.mkdir(mode=0o700)
    recorder = Recorder(rec_dir, Rotation())
    recorder.open()
    flow, _ = record(recorder)
    recorder.release()
    return rec_dir, flow.id[:8]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_open_takes_the_port_given(tmp_path, capsys):
    rec_dir, flow = _recorded(tmp_path)
    port = _free_port()
    out = tmp_path / "one.mitm"
    assert cli.main(["audit", "--dir", str(rec_dir), "open", flow, "--print", "-o", str(out), "--port", str(port)]) == 0
    assert capsys.readouterr().out.rstrip().endswith(f"--set web_host=127.0.0.1 --set web_port={port}")


def test_a_port_in_use_is_one_line(tmp_path, capsys):
    rec_dir, flow = _recorded(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = cli.main(["audit", "--dir", str(rec_dir), "open", flow, "--print", "-o", str(tmp_path / "x.mitm"),
                           "--port", str(port)])
    assert status == 2
    assert f"--port {port}: 127.0.0.1:{port} is in use; choose another" in capsys.readouterr().err


def test_a_port_whose_last_connections_wait_to_close_is_free(tmp_path, capsys):
    """A mitmweb just stopped leaves its connections in TIME_WAIT; mitmweb binds over them (SO_REUSEADDR), and so
    must the check (it said "in use" of a port nothing listened on)."""
    rec_dir, flow = _recorded(tmp_path)
    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = server.accept()
        accepted.close()  # the server side closes first: its end waits in TIME_WAIT
        client.close()
    assert cli.main(["audit", "--dir", str(rec_dir), "open", flow, "--print", "-o", str(tmp_path / "x.mitm"),
                     "--port", str(port)]) == 0
    assert capsys.readouterr().out.rstrip().endswith(f"web_port={port}")
