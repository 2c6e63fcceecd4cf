"""core/inspection.py: a value is scanned after the key it sat under, whatever codec put it there, so a value known
only by its key is found in a form, a JSON list and a header alike; and a second look at the field (the audit
record's scrub) finds what the guard found, from the cache."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addons.core import inspection, runtime
from tests.audit import fakes
from tests.core.test_inspection_cache import counting


@pytest.fixture(scope="module")
def inspector(tmp_path_factory):
    return runtime.build(None, [], tmp_path_factory.mktemp("key") / "key").inspector


@pytest.mark.parametrize(("location", "context"), [
    ("$.password", '"password": "'),
    ("$.db.password", '"password": "'),
    ("form.password[0]", '"password": "'),  # forms: every value is a list item
    ("$.args.secret[2][0]", '"secret": "'),
    ("header.x-db-password", '"x-db-password": "'),
    ("$.token#base64@4", '"token": "'),
    ("path[3]", ""),  # a path segment sits under no key
    ("body", ""),
])
def test_the_key_a_value_sat_under(location, context):
    assert inspection.field_context(location) == context


@pytest.mark.parametrize("location", ["$.password", "form.password[0]", "multipart.password",
                                      "header.x-db-password"])
def test_a_password_known_only_by_its_key_is_found_in_every_carrier(inspector, location):
    value = fakes.password()
    assert inspector.inspect_text(value, "request", "body").findings == []  # alone, it is an ordinary word
    [finding] = inspector.inspect_field(value, "request", location).findings
    assert finding.rule == "generic-password" and (finding.start, finding.length) == (0, len(value))


def test_the_records_second_look_is_the_guards_scan_from_the_cache(inspector, monkeypatch):
    value = f"token {fakes.github_token()} and {fakes.password()}" + " padding" * 8  # a long text: long cache
    guard = inspector.inspect_field(value, "request", "$.password")
    scanned = counting(inspector, monkeypatch)
    found, incomplete = inspector.detect_in_context(value, inspection.field_context("$.password"))
    assert scanned == [] and not incomplete and found
    assert [(f.rule_id, f.start, f.end) for f in found] == \
        [(f.rule, f.start, f.start + f.length) for f in guard.findings]


def _field_context_by_search(location: str) -> str:
    """field_context as it was first written: two searches anchored at the end (the reference)."""
    key = re.search(r"[.#]([A-Za-z_][A-Za-z0-9_-]{0,63})$", inspection._FIELD_SUFFIX.sub("", location))
    return f'"{key.group(1)}": "' if key else ""


_LOCATION_PIECES = st.sampled_from(["$", ".", "#", "[0]", "[12]", "]", "[", "#number", "#key", "#base64@4",
                                    "#hex@0", "body", "header", "password", "x-db-token", "_k", "9", "-", "\n",
                                    "a" * 64, "é", " "])


@settings(max_examples=400, deadline=None)
@given(st.lists(_LOCATION_PIECES, max_size=8).map("".join) | st.text(alphabet=".#[]0-_aZ\n", max_size=12))
def test_field_context_equals_the_anchored_searches(location):
    assert inspection.field_context(location) == _field_context_by_search(location)
