"""attack56: a named FIFO at the path given to `--token-file` (exitguard env, exitguard approvals).

cli/token_file.py holds a regular file to ``secretfile.problem`` (another user's, or one others may change, chose the
token that is sent) and reads "a pipe as it comes" (`<(pass show ...)`, /dev/stdin). The pipe exception took every
non-regular file: a FIFO that a local user made at the path (`mkfifo /tmp/ci/job.token`, a shared job folder), or
one others may write to, was read, and its writer chose the token: the agent's traffic ran as the attacker's
principal, an approval was sent with the attacker's approver credential. An anonymous pipe (what process
substitution and a piped stdin give) stays read as it comes: nobody but the processes that hold it can write it.
"""

from __future__ import annotations

import os
import threading

import pytest

from addons.cli import main as cli
from addons.cli.token_file import TokenFileError, read_token_file

ATTACKERS = "egt_attacker56_" + "A" * 43
PROXY = "http://ci-job-7@proxy.internal:8080"


def _fifo(tmp_path, mode: int):
    path = tmp_path / "job.token"
    os.mkfifo(path)
    path.chmod(mode)
    return path


def _writer(path, token: str) -> threading.Thread:
    """The FIFO's writer: waits for the reader (its open blocks until one opens), writes, goes."""
    def write() -> None:
        fd = os.open(path, os.O_WRONLY)
        try:
            os.write(fd, token.encode() + b"\n")
        except BrokenPipeError:  # the reader refused the FIFO and closed it unread: what the tests want
            pass
        finally:
            os.close(fd)
    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def test_a_fifo_others_may_write_to_is_refused(capsys, tmp_path):
    """0666 (mkfifo's default under umask 0, or chmod'ed for a job runner): any local user writes the token read.
    Fails before: the attacker's token was printed in the export lines."""
    path = _fifo(tmp_path, 0o666)
    writer = _writer(path, ATTACKERS)
    code = cli.main(["env", "--proxy", PROXY, "--token-file", str(path), "--confdir", str(tmp_path)])
    out, err = capsys.readouterr()
    writer.join(5)
    assert code == 2 and out == "" and ATTACKERS not in out + err
    assert f"--token-file {path}" in err and "others" in err, err


@pytest.mark.root
def test_a_fifo_another_user_owns_is_refused(capsys, tmp_path):
    """A FIFO someone else made at the path (a shared folder): its owner chose the token, as with a regular file
    (local21). Fails before."""
    path = _fifo(tmp_path, 0o600)
    os.chown(path, 65534, 65534)  # nobody's
    tmp_path.chmod(0o755)
    writer = _writer(path, ATTACKERS)
    code = cli.main(["env", "--proxy", PROXY, "--token-file", str(path), "--confdir", str(tmp_path)])
    out, err = capsys.readouterr()
    writer.join(5)
    assert code == 2 and out == "" and ATTACKERS not in out + err
    assert f"--token-file {path} is a FIFO owned by uid 65534" in err, err


def test_the_users_own_private_fifo_is_still_read(tmp_path):
    path = _fifo(tmp_path, 0o600)
    writer = _writer(path, "egt_mine")
    assert read_token_file(path, "it is your proxy credential") == "egt_mine"
    writer.join(5)


def test_an_anonymous_pipe_is_read_as_it_comes(capsys, tmp_path):
    """What `--token-file <(pass show ci)` and `--token-file /dev/stdin` give: read, whatever its owner."""
    read_end, write_end = os.pipe()
    os.write(write_end, b"egt_piped\n")
    os.close(write_end)
    try:
        assert cli.main(["env", "--proxy", PROXY, "--token-file", f"/dev/fd/{read_end}",
                         "--confdir", str(tmp_path)]) == 0
    finally:
        os.close(read_end)
    out, _ = capsys.readouterr()
    assert "export HTTPS_PROXY='http://ci-job-7:egt_piped@proxy.internal:8080'" in out


def test_a_refusal_names_the_file_never_what_it_holds(tmp_path):
    path = _fifo(tmp_path, 0o622)
    writer = _writer(path, ATTACKERS)
    with pytest.raises(TokenFileError) as refused:
        read_token_file(path, "it approves as you")
    writer.join(5)
    assert ATTACKERS not in str(refused.value) and "0622" in str(refused.value)


def test_the_container_recipe_keeps_a_jobs_jwt_off_the_command_line(capsys, tmp_path):
    """deploy/README's OIDC recipe gave `http://ci:$JWT@127.0.0.1:8080` as the proxy URL: on `exitguard env`'s
    command line a JWT is readable by every local user (ps) while it is valid. It now goes through --token-file from
    the shell's own printf (an anonymous pipe); a JWT's characters stay as they are in the URL."""
    from pathlib import Path

    recipe = (Path(__file__).parents[2] / "deploy" / "README.md").read_text()
    assert "http://ci:$JWT@127" not in recipe and "--token-file <(printf '%s' \"$CI_JOB_JWT\")" in recipe
    jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaS1qb2ItNyJ9.c2lnbmF0dXJl-_"
    read_end, write_end = os.pipe()
    os.write(write_end, jwt.encode())
    os.close(write_end)
    try:
        assert cli.main(["env", "--proxy", "http://ci@127.0.0.1:8080", "--token-file", f"/dev/fd/{read_end}",
                         "--confdir", str(tmp_path)]) == 0
    finally:
        os.close(read_end)
    out, err = capsys.readouterr()
    assert f"export HTTPS_PROXY='http://ci:{jwt}@127.0.0.1:8080'" in out and jwt not in err
