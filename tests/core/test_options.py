"""exitguard's mitmproxy options, the mitmproxy way: declared choices (enforced), Optional values that are None when
unset, parsing in configure (exitguard_allow_upstreams), and start-up refused on purpose from running()."""

from __future__ import annotations

import pytest
from mitmproxy import exceptions, optmanager
from mitmproxy.test import taddons

from addons.approval.approval import Approval
from addons.audit.audit import Audit
from addons.core import options, runtime
from addons.core.config import Config
from addons.guard.hostpolicy import HostPolicy, parse_upstream
from addons.identity.identity import Identity
from addons.stream.streaming import Streaming

CHOICES = [  # (addon, option, its declared choices)
    (Config, "exitguard_mode", ("enforce", "report")),
    (Identity, "exitguard_auth", ("auto", "required", "off")),
    (Approval, "exitguard_approval_webhook_format", ("json", "slack")),
]
OPTIONAL = [  # (addon, option): Optional[str], None when unset
    (Config, "exitguard_policy"), (Config, "exitguard_key_file"), (Config, "exitguard_mode"),
    (Identity, "exitguard_tokens_file"), (Audit, "exitguard_record_dir"),
    (Approval, "exitguard_approval_webhook"), (Approval, "exitguard_control_file"),
]


def context(addon, confdir):
    tctx = taddons.context(addon)
    tctx.options.update(confdir=str(confdir), listen_host="127.0.0.1")
    return tctx


def test_mitmproxy_still_does_not_enforce_declared_choices():
    # Why options.check_choice exists: when this fails, mitmproxy enforces choices= itself.
    opts = optmanager.OptManager()
    opts.add_option("colour", str, "red", "a colour", choices=("red", "blue"))
    opts.update(colour="green")
    assert opts.colour == "green"


@pytest.mark.parametrize(("factory", "name", "choices"), CHOICES, ids=[c[1] for c in CHOICES])
def test_choices_are_declared_and_a_bad_value_is_refused_with_them(factory, name, choices, tmp_path):
    addon = factory()
    with context(addon, tmp_path) as tctx:
        assert options.declared_choices(tctx.options, name) == choices  # what --options and mitmweb show
        with pytest.raises(exceptions.OptionsError) as refused:
            tctx.configure(addon, **{name: "sometimes"})
        assert str(refused.value).endswith(f"{name}: 'sometimes' is not one of {', '.join(choices)}")
        assert getattr(tctx.options, name) != "sometimes"  # rolled back
        tctx.configure(addon, **{name: choices[-1]})
        assert getattr(tctx.options, name) == choices[-1]


def test_the_mode_override_reaches_the_runtime_and_unset_means_the_policy_s_own(tmp_path):
    config = Config()
    with context(config, tmp_path) as tctx:
        tctx.configure(config, exitguard_mode="report")
        assert runtime.get().policy.mode == "report"
        tctx.configure(config, exitguard_mode=None)
        assert runtime.get().policy.mode == "enforce"  # addons/core/default_policy.yaml
        config.done()


@pytest.mark.parametrize(("factory", "name"), OPTIONAL, ids=[o[1] for o in OPTIONAL])
def test_optional_options_are_none_when_unset_and_refuse_an_empty_value(factory, name, tmp_path):
    addon = factory()
    with context(addon, tmp_path) as tctx:
        assert getattr(tctx.options, name) is None
        with pytest.raises(exceptions.OptionsError, match=f"^{name} is empty: give a value, or leave the option "
                                                           "unset for its default$"):
            tctx.configure(addon, **{name: " "})
        tctx.options.set(name)  # `--set NAME` without a value: unset
        assert getattr(tctx.options, name) is None
        if isinstance(addon, Config):
            addon.done()


def test_unset_config_options_mean_the_built_in_policy_and_the_key_in_the_confdir(tmp_path):
    config = Config()
    with context(config, tmp_path) as tctx:
        tctx.configure(config)
        tctx.configure(config, exitguard_reload=False)  # any config option: settings are read from all of them
        settings = config.settings
        assert settings.policy is None and settings.mode is None and not settings.reload
        assert settings.key_file == tmp_path / "exitguard-fingerprint.key" and settings.key_file.exists()
        assert runtime.get().policy.source.endswith("addons/core/default_policy.yaml")
        config.done()


def test_unset_record_dir_records_nothing_and_a_set_one_records(tmp_path):
    audit = Audit()
    with context(audit, tmp_path) as tctx:
        tctx.configure(audit, exitguard_retain_days=3)
        assert audit.recorder is None and audit.retain_days == 3
        tctx.configure(audit, exitguard_record_dir=str(tmp_path / "rec"))
        assert audit.recorder is not None
        audit.done()


def test_approval_settings_are_parsed_in_configure(tmp_path):
    approval = Approval()
    with context(approval, tmp_path) as tctx:
        tctx.configure(approval, exitguard_approval_webhook="https://hooks.example/x", exitguard_control_listen="off",
                       exitguard_approval_timeout=7)
        s = approval.settings
        assert (s.timeout_s, s.webhook.url, s.webhook.format, s.control.listen) == (7, "https://hooks.example/x",
                                                                                    "json", None)
        assert s.control.file == tmp_path / "exitguard-control-127.0.0.1_8080.json"  # one per listen address


# --------------------------------------------------------------------------- exitguard_allow_upstreams


@pytest.mark.parametrize(("spec", "why"), [
    ("127.0.0.1", "wants HOST:PORT with a port from 1 to 65535"),
    ("localhost:http", "wants HOST:PORT"),
    ("127.0.0.1:0", "a port from 1 to 65535"),
    ("127.0.0.1:70000", "a port from 1 to 65535"),
    (":8080", "wants HOST:PORT"),
    ("::1:8080", "an IPv6 address needs brackets: [::1]:PORT"),
    ("[localhost]:8080", "only an IPv6 address goes in brackets"),
    ("*.internal:443", "a host name or address, not a pattern or URL"),
    ("http://127.0.0.1:8080", "a host name or address, not a pattern or URL"),
])
def test_a_bad_allowed_upstream_is_refused_at_configure_time(spec, why, tmp_path):
    hp = HostPolicy()
    with context(hp, tmp_path) as tctx:
        with pytest.raises(exceptions.OptionsError) as refused:
            tctx.configure(hp, exitguard_allow_upstreams=["127.0.0.1:8443", spec])
        message = str(refused.value)
        assert message.startswith(f"exitguard_allow_upstreams: {spec!r} ") and why in message
        assert "e.g. 127.0.0.1:11434, localhost:8000, [::1]:11434" in message
        assert hp.allowed_upstreams == frozenset()  # nothing half-applied


@pytest.mark.parametrize(("spec", "parsed"), [
    ("127.0.0.1:8443", ("127.0.0.1", 8443)),
    ("LocalHost.:8000", ("localhost", 8000)),
    ("[::1]:11434", ("::1", 11434)),
    ("[0:0::1]:11434", ("::1", 11434)),
])
def test_allowed_upstreams_are_normalized(spec, parsed):
    assert parse_upstream(spec) == parsed


async def test_an_ipv6_allowed_upstream_lets_that_connection_through(tmp_path):
    from tests.proxy.test_hostpolicy_unit import hook_data

    hp = HostPolicy()
    with context(hp, tmp_path) as tctx:
        tctx.configure(hp, exitguard_allow_upstreams=["[::1]:11434"])
        allowed, other_port = hook_data("::1", 11434), hook_data("::1", 11435)
        await hp.server_connect(allowed)
        await hp.server_connect(other_port)
        assert allowed.server.error is None and "local address" in other_port.server.error


# --------------------------------------------------------------------------- start-up refused from running()


def test_unknown_exitguard_options_refuse_start_up_explicitly(tmp_path):
    config = Config()
    with context(config, tmp_path) as tctx:
        tctx.configure(config, exitguard_reload=False)
        tctx.options.set("exitguard_polcy=x", "exitguard_recod_dir=y", "other_addon_option=1", defer=True)
        with pytest.raises(SystemExit) as refused:
            config.running()
        assert str(refused.value) == ("exitguard: unknown option(s): exitguard_polcy, exitguard_recod_dir. "
                                      "Refusing to start.")
        config.done()


def test_known_options_start(tmp_path):
    config = Config()
    with context(config, tmp_path) as tctx:
        tctx.configure(config, exitguard_reload=False)
        tctx.options.set("other_addon_option=1", defer=True)  # not ours to judge
        config.running()
        config.done()


async def test_a_control_endpoint_that_cannot_start_refuses_start_up(tmp_path):
    approval = Approval()
    with context(approval, tmp_path) as tctx:
        where = tmp_path / "no-such-dir" / "ctl.sock"
        tctx.configure(approval, exitguard_control_listen=f"unix:{where}")
        with pytest.raises(SystemExit) as refused:
            await approval.running()
        message = str(refused.value)
        assert message.startswith(f"exitguard: the approval control endpoint could not start on unix:{where}")
        assert "exitguard_control_listen=off" in message and message.endswith("Refusing to start.")
        assert approval.control is None


async def test_a_control_endpoint_switched_off_starts_nothing(tmp_path):
    approval = Approval()
    with context(approval, tmp_path) as tctx:
        tctx.configure(approval, exitguard_control_listen="off")
        await approval.running()
        assert approval.control is None and not list(tmp_path.glob("exitguard-control*.json"))


def test_stream_holdback_is_parsed_and_checked(tmp_path):
    streaming = Streaming()
    with context(streaming, tmp_path) as tctx:
        tctx.configure(streaming, exitguard_stream_max_holdback=100)
        assert streaming.max_holdback == 100
        with pytest.raises(exceptions.OptionsError, match="must be a positive number"):
            tctx.configure(streaming, exitguard_stream_max_holdback=0)
        assert streaming.max_holdback == 100


def test_a_policy_override_of_an_unknown_rule_is_refused_by_the_proxy(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\nrules: {private-kye: {request: block}}\n")
    config = Config()
    with context(config, tmp_path) as tctx:
        with pytest.raises(exceptions.OptionsError, match=r"rules\.private-kye: no rule with this id in the loaded "
                                                           r"rule packs \(did you mean private-key\?\)"):
            tctx.configure(config, exitguard_policy=str(policy))
        config.done()


def test_the_chain_declares_its_options_without_loading_anything():
    # `exitguard up` checks --set values against these declarations before mitmproxy starts.
    from addons import chain

    opts = optmanager.OptManager()
    chain.declare_options(opts)
    assert {"exitguard_policy", "exitguard_retain_days", "exitguard_auth", "exitguard_control_listen"} <= \
        set(opts.keys())
    assert dict(opts.items())["exitguard_mode"].choices == ("enforce", "report")


@pytest.mark.parametrize(("given", "reason"), [
    (["exitguard_retain_days=x"], "--set exitguard_retain_days: expected an integer"),
    (["exitguard_mode=report", "exitguard_mode=enforce"], "exitguard_mode is given 2 times"),
    (["exitguard_block_loopback=maybe"], "--set exitguard_block_loopback: expected true or false"),
])
def test_the_bundle_refuses_option_values_that_would_make_mitmproxy_drop_it(given, reason):
    from addons import chain

    opts = optmanager.OptManager()
    opts.set(*given, "exitguard_unknown=1", "web_port=1", defer=True)  # how mitmproxy holds --set before loading
    with pytest.raises(SystemExit) as refused:
        chain.refuse_unusable_options(opts)
    assert str(refused.value) == f"exitguard: {reason}. Refusing to start."


def test_the_bundle_accepts_usable_option_values_and_leaves_unknown_names_to_config():
    from addons import chain

    opts = optmanager.OptManager()
    opts.set("exitguard_retain_days=3", "exitguard_rules=a", "exitguard_rules=b", "exitguard_policy",
             "exitguard_unknown=x", defer=True)
    chain.refuse_unusable_options(opts)
    chain.refuse_unusable_options(None)  # imported outside mitmproxy: nothing to check
