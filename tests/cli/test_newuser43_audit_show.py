"""`exitguard audit show` prints a recorded body under its headers, every line indented (newuser43).

A recorded HTML answer printed its first line indented under "response (as recorded, masked)" and every further
line at the left margin, where it read as the command's own output rather than the flow's body.
"""

from __future__ import annotations

from mitmproxy.test import tflow

from addons.audit.recorder import Recorder, Rotation
from addons.cli import main as cli
from tests.audit.test_recorder import record


def test_every_line_of_a_recorded_body_is_indented(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    rec_dir = tmp_path / "rec"
    rec_dir.mkdir(mode=0o700)
    recorder = Recorder(rec_dir, Rotation())
    recorder.open()
    flow = tflow.tflow(resp=True)
    flow.response.text = "<html>\n<title>listing</title>\n</html>\n"
    record(recorder, flow)
    recorder.release()
    assert cli.main(["audit", "show", flow.id, "--dir", str(rec_dir)]) == 0
    out = capsys.readouterr().out
    body = out.split("response (as recorded, masked)\n", 1)[1].splitlines()
    assert [line for line in body if "html>" in line or "title" in line] == [
        "  <html>", "  <title>listing</title>", "  </html>"], out
