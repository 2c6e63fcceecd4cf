"""newuser56: a security engineer's own rule for the documented sandbox token of an in-house API, classified
`test-value`, under the policy README suggests (copy the built-in table, add `test-value: allow`). The lookup
took `secret/precise: mask` first, so the sandbox token was masked whatever the `test-value` key said: a finding
classified `test-value` is now looked up by that key first, wherever the table has one."""

from addons.core.policy import Policy

TABLE = {"test-value": "allow", "secret/precise": "mask", "secret/generic": "mask", "pii": "mask", "public": "allow"}


def _parse(**data):
    return Policy.parse({"version": 1, **data}, "policy.yaml")


def test_a_secret_rule_classified_test_value_follows_the_test_value_key():
    p = _parse(actions={"request": TABLE, "response": {"test-value": "allow", "secret": "mask"}})
    assert p.action_for("request", "acme-test-token", "secret", "test-value", "precise") == "allow"
    assert p.action_for("response", "acme-test-token", "secret", "test-value", "precise") == "allow"
    # the live token of the same pack stays under its category/tier key
    assert p.action_for("request", "acme-live-token", "secret", "confidential", "precise") == "mask"


def test_the_test_value_key_is_read_first_in_group_and_unlisted_tables_too():
    p = _parse(actions={"request": {"secret/precise": "block"}},
               groups={"qa": {"actions": {"request": {"secret/precise": "block", "test-value": "mask"}}}},
               unlisted_hosts={"mode": "observe", "actions": {"request": {"secret/precise": "block",
                                                                          "test-value": "allow"}}})
    assert p.action_for("request", "acme-test-token", "secret", "test-value", "precise", ["qa"]) == "mask"
    unlisted = p.action_for("request", "acme-test-token", "secret", "test-value", "precise", host_class="observe")
    assert unlisted == "allow"


def test_without_a_test_value_key_the_order_is_unchanged():
    p = _parse(actions={"request": {"secret/precise": "block", "pii": "mask"}})
    assert p.action_for("request", "acme-test-token", "secret", "test-value", "precise") == "block"
    assert p.action_for("request", "payment-card", "pii", "test-value", "precise") == "mask"
    # the built-in policy has no test-value key: published test cards stay masked there
    assert Policy.load().action_for("request", "payment-card", "pii", "test-value", "precise") == "mask"


def test_a_rule_override_still_wins_over_the_test_value_key():
    p = _parse(actions={"request": TABLE}, rules={"acme-test-token": {"request": "block"}})
    assert p.action_for("request", "acme-test-token", "secret", "test-value", "precise") == "block"
