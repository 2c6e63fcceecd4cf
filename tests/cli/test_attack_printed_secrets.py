"""Where `exitguard up` / `env` may print a proxy token: in the export lines on stdout, once, because they were
asked for it. Never in an error message (terminals are recorded, CI logs are kept and shared)."""

from __future__ import annotations

import pytest

from addons.cli import main as cli

SECRET = "egt_0123456789ab_" + "S" * 43


@pytest.mark.parametrize("url", [
    f"http://ci:{SECRET}@proxy.internal",         # the port forgotten
    f"http://ci:{SECRET}@proxy.internal:80x",     # a typo in it (urllib raised a traceback)
    f"http://ci:{SECRET}@proxy.internal:99999",   # out of range (the same)
    f"socks5://ci:{SECRET}@proxy.internal:1080",  # another scheme
    f"http://ci:{SECRET}@:8080",                  # no host
    f"http://ci:{SECRET}@[::1:8080",              # a bracket left open (urllib: 'Invalid IPv6 URL')
], ids=["no-port", "bad-port", "port-range", "scheme", "no-host", "open-bracket"])
def test_a_mistyped_proxy_url_is_refused_without_its_token(url, capsys, tmp_path):
    assert cli.main(["env", "--proxy", url, "--confdir", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and SECRET not in err and "S" * 12 not in err
    assert err.startswith("exitguard env: --proxy wants http://HOST:PORT") and "***@" in err
    assert len(err.splitlines()) == 1


def test_the_token_is_printed_where_it_was_asked_for(capsys, tmp_path):
    assert cli.main(["env", "--proxy", f"http://ci:{SECRET}@proxy.internal:8080", "--confdir", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert f"export HTTPS_PROXY='http://ci:{SECRET}@proxy.internal:8080'" in out and SECRET not in err
