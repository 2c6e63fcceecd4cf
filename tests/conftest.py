"""Markers (see README, "Tests"):
- `live`: starts real processes (mitmdump, clients, servers on loopback). Any test that uses a live-harness
  fixture is marked automatically.
- `root`: needs root (network namespaces, nftables, mount namespaces). Fails, rather than skips, without it:
  deselect with `-m "not root"`.
- `tool`: needs a system tool the test installs nothing for (curl, node, git, shellcheck, nft, ...).
- `slow`: an exhaustive sweep over a long input (every split of a long example, every byte of a body, hostile
  inputs of megabytes) or a whole corpus: the full suite runs it, the unit loop leaves it out (tests/sweeps.py).
  The longest two-delta split sweeps cut every position near a value's ends and every other one elsewhere, in the
  full suite too (sweeps.split_points); `--every-cut` makes them cut everywhere.
The unit loop is `scripts/test -m "not live and not root and not slow" -n auto` (pytest-xdist: one worker per core).

Property tests (hypothesis) draw the same examples on every run (profile `suite`), so the suite's verdict on a
commit never depends on chance: a random draw once failed CI on a commit whose previous four runs passed.
`EXITGUARD_HYPOTHESIS=explore scripts/test ...` draws new examples each run and keeps failures in
`.hypothesis/`; a failure found that way becomes an explicit test. A run that leaves `slow` tests out (the unit loop)
draws a quarter of each property's examples (`LOOP_EXAMPLES`); the full suite draws them all.
"""

import gc
import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("suite", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("EXITGUARD_HYPOTHESIS", "suite"))


def _no_local_constants() -> None:
    """Hypothesis (6.13x on) also draws string and number literals it finds in the project's modules that happen
    to be imported (`providers._get_local_constants`, cached in `.hypothesis/constants`). So a derandomized test drew
    other examples in a pytest-xdist worker that had imported more of addons/ than a run of the file alone, and
    after any edit that added a literal anywhere: session 26's unit loop failed two body properties that passed
    alone. The suite profile draws from the strategies alone; `explore` keeps the literals (they find things)."""
    from hypothesis.internal.conjecture import providers

    if hasattr(providers, "_get_local_constants") and hasattr(providers, "_local_constants"):
        empty = providers._local_constants  # empty until the first draw asks for it (none has yet)
        providers._get_local_constants = lambda: empty


if os.environ.get("EXITGUARD_HYPOTHESIS", "suite") == "suite":
    _no_local_constants()

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests import file_costs, sweeps  # noqa: E402


def _load_the_product() -> None:
    """What every test process needs before it collects: the policy sections registered (as the bundle and CLI do)
    and the broker's wire copies sent (Config.load installs every patch in a proxy; a WebSocket message's too, wire42:
    the same in every test, whatever ran first). pytest-xdist's controller runs no test and skips it: importing
    addons.chain pulls mitmproxy's addons, flask and ldap3 (~1 s of CPU idle) before any worker starts."""
    import addons.chain  # noqa: F401
    from addons.core import compat

    compat.send_wire_copies()
    compat.send_websocket_wire_copies()


def _is_xdist_controller(config) -> bool:
    """The process that hands tests to pytest-xdist's workers (`-n N` with N > 0) and collects none itself."""
    return (not hasattr(config, "workerinput") and getattr(config.option, "dist", "no") != "no"
            and not config.option.collectonly)


def _dist_asked(config) -> bool:
    """Whether the command line named a distribution mode (`--dist X`, `--dist=X`, `-d`, `--distload`)."""
    return any(arg in ("--dist", "-d", "--distload") or arg.startswith("--dist=")
               for arg in config.invocation_params.args)

pytest_plugins = ["tests.live.fixtures"]

LIVE_FIXTURES = {"upstream", "upstream_session", "upstream_certs", "proxy_factory", "proxy", "module_proxy", "gw"}


def pytest_addoption(parser):
    parser.addoption("--file-costs-out", metavar="PATH", default=None,
                     help="merge each file's seconds in this run into PATH (tests/file_costs.json: the order the "
                          "files are handed out; scripts/refresh_file_costs)")
    parser.addoption("--every-cut", action="store_true", default=False,
                     help="the split sweeps that cut near a value's ends and at every other position elsewhere "
                          "(tests/sweeps.py, split_points) cut at every position")


def pytest_configure(config):
    if not _is_xdist_controller(config):
        _load_the_product()
        gc.freeze()  # the imports (mitmproxy, the addons: ~100,000 objects) out of collection's full passes too
    sweeps.EVERY_CUT = config.getoption("--every-cut")
    out = config.getoption("--file-costs-out")
    if out and not hasattr(config, "workerinput"):  # the controller sees every worker's reports
        config.pluginmanager.register(file_costs.Recorder(Path(out).resolve(), ROOT), "exitguard-file-costs")
    # The files are handed out in the order the workers collect them (tests/file_costs.py), not re-sorted by
    # pytest-xdist by their number of tests (its --loadscope-reorder, the default since 3.8; 3.5-3.7 always sort).
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False
    if _is_xdist_controller(config) and config.option.dist == "load" and not _dist_asked(config):
        # `-n N` alone (the unit loop) is pytest-xdist's `load`: it sends each worker chunks of up to a quarter of
        # what is left, so when the last is sent one worker can hold many tests the other never takes (a 62 s
        # tail in a 726 s loop, unit62). `worksteal` splits them in two and a worker that runs out takes half of
        # the other's queue: the run ends with both busy. An explicit `--dist` (the whole suite's loadfile) stays.
        config.option.dist = "worksteal"
    config.addinivalue_line("markers", "live: starts real processes on loopback (mitmdump, clients, servers)")
    config.addinivalue_line("markers", "root: needs root (network namespaces, nftables)")
    config.addinivalue_line("markers", "tool: needs a system tool such as curl, node, git, shellcheck or nft")
    config.addinivalue_line("markers", "slow: an exhaustive sweep or a whole corpus (full suite only)")
    config.addinivalue_line("markers", "sweep_sample(keep): a parametrized sweep whose cases `keep(**params)` refuses "
                                       "are marked slow (the unit loop runs the sample, the full suite every case)")


# The share of each property's examples the unit loop draws (at least LOOP_MIN_EXAMPLES): hypothesis was ~14 s of
# the loop's ~126 s of test CPU (session 33, unit53); the full suite keeps every test's own max_examples.
LOOP_EXAMPLES, LOOP_MIN_EXAMPLES = 4, 20


def leaves_out_slow(config) -> bool:
    """Whether this run's ``-m`` selects unmarked tests but not ``slow`` ones: the unit loop."""
    from _pytest.mark.expression import Expression

    if not config.option.markexpr:
        return False
    expr = Expression.compile(config.option.markexpr)
    return expr.evaluate(lambda name, **_: False) and not expr.evaluate(lambda name, **_: name == "slow")


def pytest_collection_modifyitems(config, items):
    loop, cut = leaves_out_slow(config), set()
    for item in items:
        if LIVE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.live)
        sample = item.get_closest_marker("sweep_sample")
        if sample and not sample.args[0](**item.callspec.params):
            item.add_marker(pytest.mark.slow)
        test = getattr(item, "function", None)
        if loop and getattr(test, "is_hypothesis_test", False) and test not in cut:  # once per function, not param
            cut.add(test)
            own = test._hypothesis_internal_use_settings  # read by hypothesis each time the test is called
            test._hypothesis_internal_use_settings = settings(
                own, max_examples=max(LOOP_MIN_EXAMPLES, own.max_examples // LOOP_EXAMPLES))
    if hasattr(config, "workerinput"):  # a pytest-xdist worker: what it collects is the order work is handed out
        items[:] = file_costs.heaviest_files_first(items)


def pytest_collection_finish(session):
    """What collection built (the test items, the rule sets, hold-backs and example pools the modules made at import)
    lives to the end of the run: freeze it out of the garbage collector's full passes, as addons/core/heap.py does
    for the proxy's start-up objects. Each worker holds ~410,000 tracked objects after collecting, and every full
    pass during the tests walked them, as did pytest's last collections at the end (unit56). Objects the tests make
    are collected as before."""
    gc.freeze()


def pytest_runtest_setup(item):
    if item.get_closest_marker("root") and os.geteuid() != 0:
        pytest.fail("needs root (network namespaces / nftables); deselect with -m 'not root'", pytrace=False)


@pytest.fixture(autouse=True)
def _shared_state_restored():
    """Each test leaves the process-wide shared-state store as it found it: a State addon configured with a
    redis:// URL installs its store globally, and a test that did so once made every approval test that ran after
    it in the same worker fail closed against a Redis that was never there. The same for the recorder's health
    flags: an Audit addon configured with a record folder left `health.recording()` true for the tests after it."""
    from addons.core import health
    from addons.core import state as shared_state

    before = shared_state.current()
    room, broken = health._room, health.recorder_broken()
    yield
    shared_state.install(before)
    health.set_record_room(room)
    health.set_recorder_broken(broken)
