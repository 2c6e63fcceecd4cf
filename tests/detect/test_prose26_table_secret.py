"""A Markdown table whose header cell names the secret itself ("Secret", "Starter secret", held-out set 20's lab
sheets, spent) gives its column's cells like a "Password" header; a cell naming a secret's name, key or ARN does not."""

import pytest

from addons.detect import Scanner
from addons.detect.password_carriers import SECRET_CELL

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


@pytest.mark.parametrize("header,value", [
    ("| Group | VM | Account | Starter secret |", "Heron!Lake27"),
    ("| Group | VM | Account | Secret |", "TernSedgeMarram4"),
    ("| Group | VM | Account | shared-secret |", "quill.marten.birch"),
])
def test_a_header_naming_the_secret_gives_its_cells(header, value):
    text = f"{header}\n|---|---|---|---|\n| 3 | win10-g3.lab.test | ops-07 | {value} |\n\nHand it back."
    assert value in _values(text)


@pytest.mark.parametrize("text", [
    "| App | Secret name | Key |\n|---|---|---|\n| api | db-credentials-v2 | password |",
    "| Secret | Used by |\n|---|---|\n| DB_PASSWORD | api |",
    "| Group | Secret ARN |\n|---|---|\n| 3 | arn:aws:secretsmanager:eu-west-1:1234:secret:db-Ab12 |",
])
def test_a_header_naming_a_secrets_name_gives_none(text):
    assert _values(text) == []


@pytest.mark.parametrize("cell,names_the_secret", [("secret", True), ("starter secret", True),
                                                    ("client-secret", True), ("secret name", False),
                                                    ("secret arn", False), ("secrets", False)])
def test_the_secret_cell(cell, names_the_secret):
    assert (SECRET_CELL.fullmatch(cell) is not None) == names_the_secret
