"""The order the suite hands its files out (tests/file_costs.py): the measured table first, the markers for a file
it does not know, and a refresh that merges a run into the table without keeping files that are gone."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from tests import file_costs

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Item:
    nodeid: str
    markers: set[str] = field(default_factory=set)

    def get_closest_marker(self, name: str):
        return name if name in self.markers else None


def files(items: list) -> list[str]:
    return list(dict.fromkeys(file_costs.file_of(i.nodeid) for i in items))


def test_the_table_orders_the_files_it_knows_heaviest_first_whatever_their_markers():
    items = [Item("tests/a.py::one"), Item("tests/b.py::one", {"live"}), Item("tests/c.py::one", {"slow"}),
             Item("tests/a.py::two")]
    table = {"tests/a.py": 90.0, "tests/b.py": 2.0, "tests/c.py": 40.0}
    ordered = file_costs.heaviest_files_first(items, table)
    assert files(ordered) == ["tests/a.py", "tests/c.py", "tests/b.py"]
    assert [i.nodeid for i in ordered][:2] == ["tests/a.py::one", "tests/a.py::two"]  # a file's tests stay together


def test_a_file_the_table_does_not_know_is_placed_by_its_markers():
    items = [Item("tests/unit.py::x"), Item("tests/new_live.py::x", {"live"}), Item("tests/new_live.py::y", {"live"}),
             Item("tests/known.py::x")]
    # two live tests and a proxy: 3 + 3 + 5 = 11 s, between the known files
    ordered = file_costs.heaviest_files_first(items, {"tests/known.py": 20.0, "tests/unit.py": 1.0})
    assert files(ordered) == ["tests/known.py", "tests/new_live.py", "tests/unit.py"]


@dataclass
class Module:
    COST_S: float


@dataclass
class UnitItem(Item):
    module: Module = field(default_factory=lambda: Module(0.0))


def test_a_file_the_table_does_not_know_may_declare_its_cost_and_the_table_overrides_it():
    items = [UnitItem("tests/long_units.py::x", module=Module(30.0)), Item("tests/live.py::x", {"live"}),
             UnitItem("tests/known.py::x", module=Module(99.0))]
    ordered = file_costs.heaviest_files_first(items, {"tests/known.py": 1.0})
    assert files(ordered) == ["tests/long_units.py", "tests/live.py", "tests/known.py"]


def test_the_shipped_table_names_only_files_that_exist():
    table = file_costs.load()
    assert table, "tests/file_costs.json is missing or empty: scripts/refresh_file_costs"
    assert [name for name in table if not (ROOT / name).is_file()] == []


@dataclass
class Report:
    nodeid: str
    duration: float


def test_a_run_merges_its_files_into_the_table_and_drops_files_that_are_gone(tmp_path):
    (tmp_path / "tests").mkdir()
    for name in ("test_one.py", "test_two.py", "test_slow.py"):
        (tmp_path / "tests" / name).write_text("")
    out = tmp_path / "costs.json"
    out.write_text(json.dumps({"tests/test_two.py": 50.0, "tests/test_gone.py": 9.0, "tests/test_slow.py": 99.0}))
    recorder = file_costs.Recorder(out, tmp_path)
    for nodeid, seconds in [("tests/test_one.py::a", 0.01), ("tests/test_slow.py::a", 2.0),  # setup, call, teardown
                            ("tests/test_slow.py::a", 30.0), ("tests/test_slow.py::a", 1.04),
                            ("tests/test_one.py::b", 0.03)]:
        recorder.pytest_runtest_logreport(Report(nodeid, seconds))
    recorder.pytest_sessionfinish(None, 0)
    assert json.loads(out.read_text()) == {"tests/test_one.py": 0.0, "tests/test_slow.py": 33.0,  # run: replaced
                                           "tests/test_two.py": 50.0}  # not run: kept; the gone file dropped
