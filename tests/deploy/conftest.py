"""Session fixtures shared by the tests that run the image (container, compose, kube play): one build per worker,
and a second worker finds every layer cached (tests/deploy/podman_lab.py)."""

from __future__ import annotations

import pytest

from tests.deploy.podman_lab import Podman, base_image, build_image, cache_lock


@pytest.fixture(scope="session")
def podman() -> Podman:
    return Podman.prepare()


@pytest.fixture(scope="session")
def image(podman, tmp_path_factory) -> str:
    """The checkout's image id (tagged localhost/exitguard:test-<checkout>)."""
    with cache_lock():
        return build_image(podman, base_image(podman, tmp_path_factory.mktemp("base")))
