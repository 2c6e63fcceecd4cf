"""What a refused client is told to do next: the flow's record when this proxy records, else whom to ask."""

from __future__ import annotations

import json

from mitmproxy.test import tflow

from addons.core import health, responses


def _message(flow) -> str:
    return json.loads(responses.make_error(flow, 403, "exitguard_blocked", "blocked: github-pat").content)["error"][
        "message"]


def test_a_refusal_points_to_the_record_only_when_there_is_one(tmp_path):
    """newuser42: with `--no-record` (no exitguard_record_dir) the page still said `Run exitguard audit show <id>`
    for a record that never existed."""
    flow = tflow.tflow()
    health.set_record_room(None)
    unrecorded = _message(flow)
    assert "audit show" not in unrecorded and f"about flow {flow.id}" in unrecorded
    health.set_record_room(health.FolderRoom(tmp_path))
    recorded = _message(flow)
    assert f"exitguard audit show {flow.id}" in recorded and recorded.count("administrator") == 1


def test_a_flow_the_recorder_could_not_write_names_no_record_either_way(tmp_path):
    flow = tflow.tflow()
    health.set_record_room(health.FolderRoom(tmp_path))
    message = json.loads(responses.make_error(flow, 503, "exitguard_audit_unavailable",
                                              "the audit record could not be written; ask your exitguard "
                                              "administrator").content)["error"]["message"]
    assert "audit show" not in message and "about flow" not in message
