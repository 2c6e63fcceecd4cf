import textwrap

import pytest


@pytest.fixture
def rule_file(tmp_path):
    """Write a rule file from YAML text and return its path."""
    def write(body: str, name: str = "custom.yaml"):
        path = tmp_path / name
        path.write_text(textwrap.dedent(body))
        return path
    return write
