"""The identity tests' runtime fixtures (the shared runtime as Config builds it, with section detectors)."""

from tests.identity.conftest import install, scanner  # noqa: F401
