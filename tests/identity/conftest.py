import pytest

from addons.core import runtime
from addons.core.fingerprint import Fingerprinter
from addons.core.inspection import Inspector
from addons.core.policy import Policy


@pytest.fixture(scope="session")
def scanner():
    from addons.detect import Scanner

    return Scanner.default()


@pytest.fixture
def install(scanner):
    """install(policy_dict) -> Runtime: the shared runtime as Config would build it (extra detectors included)."""

    def _install(data: dict) -> runtime.Runtime:
        policy = Policy.parse({"version": 1, **data}, "test-policy.yaml")
        fp = Fingerprinter(b"k" * 32)
        inspector = Inspector(scanner, policy, fp)
        for section in policy.sections.values():
            inspector.extra_detectors.extend(getattr(section, "detectors", lambda: [])())
        rt = runtime.Runtime(policy, scanner, inspector, fp)
        runtime.install(rt)
        return rt

    yield _install
    runtime.install(None)
