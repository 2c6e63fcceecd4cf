"""attack44: the flow file loaders (core/flowfiles.py) against a file that grows or is swapped after the checks, a
sparse file, a directory, and `~` or relative paths. Held: the checks and the read are on one descriptor."""

from __future__ import annotations

import pytest
from mitmproxy import exceptions
from mitmproxy.io import FlowWriter
from mitmproxy.test import tflow

from addons.core import flowfiles
from tests.races import swap_after_open

SECRET = "sk-attack44-FAKE-Fl0wF1leSw4pXy9Qz"


def a_flow_file(path, content: bytes = b"hello") -> None:
    flow = tflow.tflow()
    flow.request.content = content
    with open(path, "wb") as f:
        FlowWriter(f).add(flow)


def test_a_directory_is_refused(tmp_path):
    """os.open opens a directory read-only; os.fdopen then raised IsADirectoryError, not a FlowReadException: an
    unexpected exception out of view.flows.load, replay.client.file and the client_replay option's configure."""
    with pytest.raises(exceptions.FlowReadException, match="not a regular file"):
        flowfiles.read_flows([str(tmp_path)])


def test_a_sparse_file_past_the_bound_is_refused_by_its_size_without_reading(tmp_path, monkeypatch):
    path = tmp_path / "sparse"
    with open(path, "wb") as f:
        f.truncate(flowfiles.MAX_FLOW_FILE_BYTES + 1)  # no blocks: only its size says how much
    with pytest.raises(exceptions.FlowReadException, match="larger than"):
        flowfiles.read_flows([str(path)])


def test_a_sparse_file_within_the_bound_is_no_flow_file_and_quotes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(flowfiles, "MAX_FLOW_FILE_BYTES", 1 << 20)
    path = tmp_path / "sparse"
    with open(path, "wb") as f:
        f.truncate(1 << 19)
    with pytest.raises(exceptions.FlowReadException) as caught:
        flowfiles.read_flows([str(path)])
    assert str(path) in str(caught.value)


def test_a_file_swapped_after_the_open_is_not_what_is_read(tmp_path, monkeypatch):
    path = tmp_path / "flows"
    a_flow_file(path)
    planted = tmp_path / "planted"
    planted.write_text(f"{len(SECRET) + 4}:{SECRET}abc,")  # not a flow file: its error would quote it
    swap_after_open(monkeypatch, flowfiles.os, planted)
    [loaded] = flowfiles.read_flows([str(path)])
    assert loaded.request.content == b"hello"


def test_a_file_that_grows_past_the_bound_after_the_size_check_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "flows"
    a_flow_file(path)
    size = path.stat().st_size
    monkeypatch.setattr(flowfiles, "MAX_FLOW_FILE_BYTES", size + 100)
    real_fstat = flowfiles.os.fstat

    def fstat_then_grow(descriptor):
        found = real_fstat(descriptor)
        with open(path, "ab") as f:  # the local user appends between the size check and the read
            f.write(b"999999:" + b"0" * 1000)  # a length prefix: read on, in one piece, without the bound
        return found

    monkeypatch.setattr(flowfiles.os, "fstat", fstat_then_grow)
    with pytest.raises(exceptions.FlowReadException) as caught:
        flowfiles.read_flows([str(path)])
    assert "larger than" in str(caught.value)


def test_home_and_relative_paths_are_read_as_the_proxys_user_would(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    a_flow_file(home / "flows")
    monkeypatch.setenv("HOME", str(home))
    assert len(flowfiles.read_flows(["~/flows"])) == 1
    monkeypatch.chdir(home)
    assert len(flowfiles.read_flows(["flows", "./flows"])) == 2
