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


def _token_file(tmp_path, token: str = SECRET, mode: int = 0o600):
    path = tmp_path / "job.token"
    path.write_text(token + "\n")
    path.chmod(mode)
    return path


def test_a_token_from_a_file_is_printed_and_never_on_the_command_line(capsys, tmp_path):
    """newuser53: `exitguard env --proxy http://ci:$(cat job.token)@...` put the token in the process's arguments,
    which every user of the machine reads (ps, /proc/PID/cmdline). --token-file reads it instead."""
    argv = ["env", "--proxy", "http://ci-job-7@proxy.internal:8080", "--token-file", str(_token_file(tmp_path)),
            "--confdir", str(tmp_path)]
    assert cli.main(argv) == 0
    out, err = capsys.readouterr()
    assert f"export HTTPS_PROXY='http://ci-job-7:{SECRET}@proxy.internal:8080'" in out
    assert SECRET not in err and SECRET not in " ".join(argv)


def test_a_token_typed_into_the_proxy_url_is_printed_with_a_warning(capsys, tmp_path):
    assert cli.main(["env", "--proxy", f"http://ci:{SECRET}@proxy.internal:8080", "--confdir", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert SECRET in out and SECRET not in err and "--token-file FILE keeps it off" in err


@pytest.mark.parametrize("proxy, mode, why", [
    ("http://proxy.internal:8080", 0o600, "--token-file wants --proxy with the user and no token"),
    (f"http://ci:{SECRET[::-1]}@proxy.internal:8080", 0o600, "--token-file wants --proxy with the user and no token"),
    ("http://ci@proxy.internal:8080", 0o644, "others"),
])
def test_a_token_file_that_cannot_be_used_is_refused_without_its_token(capsys, tmp_path, proxy, mode, why):
    path = _token_file(tmp_path, mode=mode)
    assert cli.main(["env", "--proxy", proxy, "--token-file", str(path), "--confdir", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and SECRET not in err and SECRET[::-1] not in err and why in err, err


def test_a_token_with_url_characters_is_percent_encoded(capsys, tmp_path):
    path = _token_file(tmp_path, token="ab/c@d:e%f")
    assert cli.main(["env", "--proxy", "http://ci@proxy.internal:8080", "--token-file", str(path),
                     "--confdir", str(tmp_path)]) == 0
    out, _ = capsys.readouterr()
    assert "export HTTPS_PROXY='http://ci:ab%2Fc%40d%3Ae%25f@proxy.internal:8080'" in out
