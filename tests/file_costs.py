"""The order test files are handed out in: heaviest first, by the seconds each took in a measured run of the whole
suite (tests/file_costs.json), so the table follows the suite instead of being kept by hand.

With `--dist loadfile` (the whole suite) pytest-xdist hands a worker the next whole file when it runs out, in the
order the workers collected them; one heavy file handed out late is the suite's tail (one worker runs it, the other
has nothing left). A file the table does not know yet (new since the last refresh) is estimated from its markers,
or by its own `COST_S` (seconds) when it declares one: a few long unit tests its markers would put last.

Refresh the table from a run of the whole suite: `scripts/refresh_file_costs` (`--file-costs-out PATH` on any
pytest run merges the files it ran into PATH). The seconds are wall time on a shared machine, so only their order
means anything; a refresh of a few files at another load can misplace those files, a whole run cannot."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

TABLE = Path(__file__).with_name("file_costs.json")

# Rough seconds a test costs by marker (a live test starts processes, a slow one sweeps), and per file that starts a
# proxy or sweeps at all: for a file the table does not know.
COST_LIVE, COST_ROOT, COST_SLOW, COST_UNIT, COST_HEAVY_FILE = 3.0, 2.0, 1.0, 0.02, 5.0
COST_TOOL = 0.3  # a real redis-server or command: mostly waiting (unit48: the unit loop's last tests were these)


def load(path: Path = TABLE) -> dict[str, float]:
    try:
        table = json.loads(path.read_text())
    except FileNotFoundError:
        return {}
    return {name: float(seconds) for name, seconds in table.items() if isinstance(seconds, (int, float))}


def marker_estimate(tests: list) -> float:
    costs = [COST_LIVE if t.get_closest_marker("live") else COST_ROOT if t.get_closest_marker("root")
             else COST_SLOW if t.get_closest_marker("slow") else COST_TOOL if t.get_closest_marker("tool")
             else COST_UNIT for t in tests]
    return sum(costs) + (COST_HEAVY_FILE if max(costs) > COST_TOOL else 0.0)


def file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def heaviest_files_first(items: list, table: dict[str, float] | None = None) -> list:
    """The items grouped by file, the files heaviest first: the table's seconds, else the markers' estimate or the
    file's COST_S (stable: equal costs keep the collection order). Every worker collects the same items and reads
    the same table, so every worker computes the same order."""
    table = load() if table is None else table
    by_file: dict[str, list] = {}
    for item in items:
        by_file.setdefault(file_of(item.nodeid), []).append(item)

    def cost(name: str) -> float:
        if name in table:
            return table[name]
        declared = getattr(getattr(by_file[name][0], "module", None), "COST_S", 0.0)
        return max(marker_estimate(by_file[name]), declared)

    ordered = sorted(by_file, key=cost, reverse=True)
    return [item for name in ordered for item in by_file[name]]


class Recorder:
    """Sums each file's test phases (setup, call, teardown: a module fixture's start is in its first test's setup)
    as the reports reach the process that writes the summary (pytest-xdist's controller), and merges them into a
    table at the end: the files run replace their rows, files that no longer exist lose theirs."""

    def __init__(self, out: Path, root: Path) -> None:
        self.out, self.root = out, root
        self.seconds: dict[str, float] = defaultdict(float)

    def pytest_runtest_logreport(self, report) -> None:
        self.seconds[file_of(report.nodeid)] += report.duration

    def pytest_sessionfinish(self, session, exitstatus) -> None:
        if not self.seconds:
            return
        table = {name: s for name, s in load(self.out).items() if (self.root / name).is_file()}
        table.update({name: round(s, 1) for name, s in self.seconds.items()})
        self.out.write_text(json.dumps(dict(sorted(table.items())), indent=0) + "\n")
