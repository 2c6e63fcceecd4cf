"""The identity tests' runtime fixtures (the shared runtime as Config builds it, with section detectors), and a
broker's chain of addons."""

import pytest

from addons.approval.approval import Approval
from addons.credentials.credentials import CredentialCheck, CredentialInjection
from addons.credentials.section import env_name
from addons.guard.guard import Guard
from tests.credentials.broker_chain import BROKERED, BrokerChain, policy
from tests.identity.conftest import install, scanner  # noqa: F401


@pytest.fixture
def broker_chain(install, monkeypatch):  # noqa: F811 (the fixture imported above)
    """broker_chain(location) -> BrokerChain: a broker's credential under a header or query parameter of the
    policy's naming, `client_keys: allow` (tests/credentials/broker_chain.py)."""
    monkeypatch.setenv(env_name("svc"), BROKERED)

    def build(location: dict) -> BrokerChain:
        return BrokerChain(install(policy(location)), Guard(), Approval(), CredentialCheck(), CredentialInjection())

    return build
