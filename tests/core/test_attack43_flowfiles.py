"""attack43: the flow file loaders read a regular file within a bound and never quote it (core/flowfiles.py)."""

from __future__ import annotations

import io
import os

import pytest
from mitmproxy import exceptions
from mitmproxy.io import tnetstring

from addons.core import flowfiles

SECRET = "sk-attack43-FAKE-Un1tF1leQu0te5Xy9"


def test_a_value_at_the_top_of_a_tnetstring_file_is_not_quoted(tmp_path):
    path = tmp_path / "private"
    path.write_bytes(tnetstring.dumps([SECRET.encode()]))
    with pytest.raises(exceptions.FlowReadException) as caught:
        flowfiles.read_flows([str(path)])
    assert SECRET not in str(caught.value) and "not a flow file" in str(caught.value)  # before: loaded=[b'sk-...']


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(exceptions.FlowReadException, match="not a regular file"):
        flowfiles.read_flows([str(tmp_path / "fifo")])


def test_a_length_prefix_is_never_read_past_the_bound():
    fed = io.BytesIO(b"999999999999:" + b"0" * 2000)  # a FIFO's writer would go on; the bound stops the read
    reader = flowfiles._Bounded(fed, 1000)
    with pytest.raises(flowfiles.FileTooLarge):
        tnetstring.load(reader)  # type: ignore[arg-type]
    assert fed.tell() <= 1001


def test_a_file_past_the_bound_is_refused_by_its_size(tmp_path, monkeypatch):
    monkeypatch.setattr(flowfiles, "MAX_FLOW_FILE_BYTES", 10)
    (tmp_path / "big").write_bytes(b"0" * 11)
    with pytest.raises(exceptions.FlowReadException, match="larger than"):
        flowfiles.read_flows([str(tmp_path / "big")])


def test_an_empty_file_is_no_flows(tmp_path):
    (tmp_path / "empty").write_bytes(b"")
    assert flowfiles.read_flows([str(tmp_path / "empty")]) == []
