import pytest
from mitmproxy.addons.proxyauth import ProxyAuth
from mitmproxy.test import taddons

from addons.core import runtime
from addons.core.fingerprint import Fingerprinter
from addons.core.inspection import Inspector
from addons.core.policy import Policy
from addons.identity.identity import Identity
from addons.identity.tokens import TokenStore


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


@pytest.fixture
def tokens(tmp_path):
    """A token file holding one entry, "ci" of group platform: (its path, the token)."""
    store = TokenStore(tmp_path / "tokens.json")
    token = store.add("ci", ["platform"])
    store.save()
    return store.path, token


@pytest.fixture
def ident(install, tmp_path):
    """The Identity addon (behind ProxyAuth) in mitmproxy's test context, OpenAI guarded: (addon, tctx)."""
    install({"guarded_hosts": ["api.openai.com"]})
    addon = Identity()
    with taddons.context(ProxyAuth(), addon) as tctx:
        tctx.options.update(confdir=str(tmp_path), listen_host="127.0.0.1")
        yield addon, tctx
