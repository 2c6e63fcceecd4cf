"""The vocabulary: one order of strictness per enum, members that stay plain strings in records."""

import json

import pytest

from addons.core.vocabulary import SELECTORS, Action, Category, Classification, Decision, HostClass
from addons.identity.section import AuthMode, stricter_mode


def test_action_order_is_allow_mask_approve_block():
    assert [a.rank for a in (Action.ALLOW, Action.MASK, Action.APPROVE, Action.BLOCK)] == [0, 1, 2, 3]
    assert Action.strictest(["mask", "block", "allow"]) is Action.BLOCK
    assert Action.strictest(["approve", "mask"]) is Action.APPROVE
    assert Action.strictest([]) is Action.ALLOW  # nothing found: nothing to do
    assert Action.BLOCK.is_stricter_than("approve") and not Action.MASK.is_stricter_than(Action.MASK)


def test_host_class_and_decision_orders():
    assert HostClass.strictest(["pass", "guarded"]) is HostClass.GUARDED
    assert HostClass.strictest(["guarded", "deny", "pass"]) is HostClass.DENY
    assert Decision.strictest(["mask", "report", "allow"]) is Decision.REPORT
    assert Decision.ERROR.is_stricter_than(Decision.DENY) and Decision.BLOCK.is_stricter_than(Decision.DENIED)
    assert Classification.strictest(["internal", "regulated", "public"]) is Classification.REGULATED


def test_auth_mode_order_uses_the_same_mechanism():
    assert stricter_mode("auto", "required") is AuthMode.REQUIRED
    assert stricter_mode("required", "auto") is AuthMode.REQUIRED
    assert stricter_mode("off", None) is AuthMode.OFF


def test_unknown_words_are_refused_not_ranked_last():
    with pytest.raises(ValueError):
        Action.strictest(["mask", "redact"])


def test_members_are_their_strings_in_json_and_comparisons():
    assert Action.MASK == "mask" and f"{Action.MASK}" == "mask" and str(Category.PII) == "pii"
    assert json.dumps({"action": Action.BLOCK}) == '{"action": "block"}'
    # `<` stays string order: strictness is only ever asked through rank / strictest.
    assert (Action.BLOCK < Action.MASK) is ("block" < "mask")


def test_selectors_are_plain_strings():
    assert "secret/precise" in SELECTORS and "confidential" in SELECTORS and "pii" in SELECTORS
    assert all(type(s) is str for s in SELECTORS)
