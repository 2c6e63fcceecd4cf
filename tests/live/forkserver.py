"""Fork servers for the live tests: a Python process that has imported what a proxy (mitmproxy and the exitguard
addons) or a client (httpx, requests and the vendors' SDKs) imports, and forks a fresh process from that state
for each mitmdump, mitmweb or `python -c` client a test starts. The child then runs exactly what the command would
(`mitmproxy.tools.main.mitmdump()` with the same arguments, or the client's code as `__main__`) with the test's
environment, working folder and output pipes, and exits with the code the command would have: a real process of
its own (its own pid, signals, limits and /proc), only without the ~1.1 s of CPU a proxy (~0.3-1 s a client)
spends importing before it does anything. The proxy server also fills the caches the shipped rules build
(`_warm_default_rules`); the rules, the policy, the CA and every option are read by the child, as a fresh process
reads them.

`EXITGUARD_TEST_FORKSERVER=0` starts every process with a fresh interpreter instead (the harness's old way).
The server runs as a script (`python forkserver.py KIND FD`) so nothing of the test process comes with it."""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import ClassVar, TextIO

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
BIN = ROOT / ".venv" / "bin"
HEADER = struct.Struct("!Q")

# What each kind of child imports before it is forked. A child imports anything else it needs itself.
PRELOAD = {
    "proxy": ["mitmproxy.tools.main", "mitmproxy.tools.dump", "mitmproxy.tools.web.master", "addons.chain"],
    "client": ["json", "ssl", "httpx", "requests", "openai", "anthropic"],
    # The `exitguard` command: its entry point and what most commands import (the proxy's addon chain, for the
    # pre-flight checks of `up` and the full help). Not the commands' own modules: addons.cli.audit reads
    # EXITGUARD_RECORD_DIR when it is imported, so a child imports each command itself, as a fresh process does.
    "cli": ["addons.cli.main", "addons.chain", "addons.cli.preflight"],
}
TOOLS = {"mitmdump", "mitmweb"}  # the console scripts a proxy child can run (mitmproxy.tools.main's functions)
CLI = "exitguard"  # the console script a cli child runs (addons.cli.main:main)


def enabled() -> bool:
    return os.environ.get("EXITGUARD_TEST_FORKSERVER", "1") != "0"


# --------------------------------------------------------------------------- the test process's side


class Child:
    """A forked child, driven like the subprocess.Popen the harness used before: pid, poll, wait, send_signal,
    kill, terminate, returncode, stdout (a text pipe, when asked for)."""

    def __init__(self, args: list[str], pid: int, status_fd: int, stdout) -> None:
        self.args, self.pid, self.stdout = args, pid, stdout
        self.stderr: TextIO | None = None  # a text pipe when popen_cli was asked to keep stderr apart
        self.returncode: int | None = None
        self._status = status_fd

    def _read_status(self, timeout: float | None) -> bool:
        if self.returncode is not None:
            return True
        ready, _, _ = select.select([self._status], [], [], timeout)
        if not ready:
            return False
        data = os.read(self._status, 8)
        os.close(self._status)
        # the server always writes the status before it closes; nothing means the server itself died
        self.returncode = struct.unpack("!i", data[:4])[0] if len(data) >= 4 else -signal.SIGKILL
        return True

    def poll(self) -> int | None:
        self._read_status(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if not self._read_status(timeout):
            raise subprocess.TimeoutExpired(self.args, timeout or 0)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ForkServer:
    """One server process per kind and test process, started on first use and stopped when the test process
    exits (it waits for its children, so their CPU time is counted as a fresh process's would be)."""

    _servers: ClassVar[dict[str, ForkServer]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, kind: str) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.proc = subprocess.Popen([str(PYTHON), str(Path(__file__)), kind, str(theirs.fileno())],
                                     pass_fds=[theirs.fileno()], cwd=ROOT, stdin=subprocess.DEVNULL)
        theirs.close()
        self.sock = ours
        self.file = ours.makefile("rb")
        self.lock = threading.Lock()

    @classmethod
    def get(cls, kind: str) -> ForkServer:
        with cls._lock:
            server = cls._servers.get(kind)
            if server is None or server.proc.poll() is not None:
                server = cls._servers[kind] = cls(kind)
                if len(cls._servers) == 1:
                    atexit.register(cls.stop_all)
            return server

    @classmethod
    def stop_all(cls) -> None:
        for server in cls._servers.values():
            server.sock.shutdown(socket.SHUT_RDWR)  # the server ends its children and exits when its socket closes
            server.file.close()
            server.sock.close()
            try:
                server.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.proc.kill()
                server.proc.wait()
        cls._servers.clear()

    def spawn(self, argv: list[str], env: dict[str, str], cwd: Path, stdout: int, stderr: int,
              stdin: int | None = None) -> Child:
        """Fork a child running ``argv`` (a tool name from TOOLS or CLI and its arguments, or `-c CODE ARGS...`),
        its standard input ``stdin`` (an open fd, the caller's to close) or /dev/null."""
        status_r, status_w = os.pipe()
        null = os.open(os.devnull, os.O_RDONLY) if stdin is None else os.dup(stdin)
        payload = json.dumps({"argv": argv, "env": env, "cwd": str(cwd), **inherited()}).encode()
        try:
            with self.lock:
                socket.send_fds(self.sock, [HEADER.pack(len(payload))], [null, stdout, stderr, status_w])
                self.sock.sendall(payload)
                answer = json.loads(self.file.readline())
        finally:
            os.close(status_w)
            os.close(null)
        if "error" in answer:
            os.close(status_r)
            raise OSError(f"fork server could not start {argv[:1]}: {answer['error']}")
        return Child(argv, answer["pid"], status_r, None)


# What a child of the test process would inherit from it besides its environment and folder, read at each start:
# a test sets a umask (audit/test_attack36_umask_live.py) or a limit before it starts a proxy.
LIMITS = ("RLIMIT_NOFILE", "RLIMIT_FSIZE", "RLIMIT_AS", "RLIMIT_DATA", "RLIMIT_NPROC", "RLIMIT_CORE", "RLIMIT_STACK")


def inherited() -> dict:
    import resource

    mask = os.umask(0o077)
    os.umask(mask)
    return {"umask": mask, "limits": {name: resource.getrlimit(getattr(resource, name)) for name in LIMITS}}


def popen_tool(tool: str, args: list[str], env: dict[str, str], cwd: Path) -> Child:
    """A mitmdump or mitmweb whose output (stdout and stderr together) is a text pipe, like
    ``Popen([tool, *args], stdout=PIPE, stderr=STDOUT, text=True)``."""
    read, write = os.pipe()
    try:
        child = ForkServer.get("proxy").spawn([tool, *args], env, cwd, write, write)
    except BaseException:
        os.close(read)
        raise
    finally:
        os.close(write)
    child.stdout = open(read, encoding="utf-8", errors="strict")  # noqa: SIM115  (the caller reads it to the end)
    return child


def run_cli(args: list[str], env: dict[str, str], cwd: Path, timeout: float | None = None,
            input: str | None = None) -> subprocess.CompletedProcess[str]:
    """``subprocess.run([".venv/bin/exitguard", *args], capture_output=True, text=True, ...)`` from a forked child
    of the cli server: the same returncode, stdout and stderr. On timeout the child is killed and
    subprocess.TimeoutExpired raised."""
    return _run("cli", [CLI, *args], env, cwd, timeout, input)


def run_tool(tool: str, args: list[str], env: dict[str, str], cwd: Path,
             timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    """``subprocess.run([".venv/bin/mitmdump", *args], capture_output=True, text=True, ...)`` (e.g. `-n -r FILE`:
    read a recording back) from a forked child of the proxy server."""
    assert tool in TOOLS, tool
    return _run("proxy", [tool, *args], env, cwd, timeout, None)


def _run(kind: str, argv: list[str], env: dict[str, str], cwd: Path, timeout: float | None,
         input: str | None) -> subprocess.CompletedProcess[str]:
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as given:
        given.write((input or "").encode())
        given.seek(0)
        child = ForkServer.get(kind).spawn(argv, env, cwd, out.fileno(), err.fileno(),
                                           None if input is None else given.fileno())
        try:
            code = child.wait(timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            raise subprocess.TimeoutExpired(argv, timeout or 0) from None
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess([str(BIN / argv[0]), *argv[1:]], code,
                                           out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def popen_cli(args: list[str], env: dict[str, str], cwd: Path, merge_stderr: bool = True) -> Child:
    """``Popen([".venv/bin/exitguard", *args], stdout=PIPE, stderr=STDOUT (or PIPE), text=True)`` from a forked
    child of the cli server (`exitguard up` then execs mitmdump, as it does from a shell)."""
    out_r, out_w = os.pipe()
    err_r, err_w = (None, out_w) if merge_stderr else os.pipe()
    try:
        child = ForkServer.get("cli").spawn([CLI, *args], env, cwd, out_w, err_w)
    except BaseException:
        os.close(out_r)
        if err_r is not None:
            os.close(err_r)
        raise
    finally:
        os.close(out_w)
        if err_r is not None:
            os.close(err_w)
    child.stdout = open(out_r, encoding="utf-8", errors="strict")  # noqa: SIM115  (the caller reads it)
    if err_r is not None:
        child.stderr = open(err_r, encoding="utf-8", errors="strict")  # noqa: SIM115
    return child


class RunningCode:
    """A forked `python -c CODE` client left running, driven like ``Popen(..., stdout=PIPE, stderr=PIPE, text=True)``
    with poll, kill and communicate (its output goes to files: a pipe nobody reads while the test waits could fill)."""

    def __init__(self, code: str, args: list[str], env: dict[str, str], cwd: Path) -> None:
        import tempfile

        self._out, self._err = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115  (closed in communicate)
        self.child = ForkServer.get("client").spawn(["-c", code, *args], env, cwd, self._out.fileno(),
                                                    self._err.fileno())
        self.pid = self.child.pid

    def poll(self) -> int | None:
        return self.child.poll()

    def kill(self) -> None:
        self.child.kill()

    def communicate(self, timeout: float | None = None) -> tuple[str, str]:
        self.child.wait(timeout)  # subprocess.TimeoutExpired while it runs, as Popen's
        self._out.seek(0)
        self._err.seek(0)
        out, err = self._out.read().decode("utf-8", "replace"), self._err.read().decode("utf-8", "replace")
        self._out.close()
        self._err.close()
        return out, err


def run_code(code: str, args: list[str], env: dict[str, str], cwd: Path, timeout: float) -> tuple[int, str, str]:
    """``subprocess.run([python, "-c", code, *args], capture_output=True, text=True, timeout=...)``'s returncode,
    stdout and stderr, from a forked client. On timeout the child is killed and subprocess.TimeoutExpired raised."""
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = ForkServer.get("client").spawn(["-c", code, *args], env, cwd, out.fileno(), err.fileno())
        try:
            code_ = child.wait(timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            raise subprocess.TimeoutExpired(["python", "-c", "..."], timeout) from None
        out.seek(0)
        err.seek(0)
        return code_, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")


# --------------------------------------------------------------------------- the server (a script of its own)


def _exit_code(e: SystemExit) -> int:
    if e.code is None:
        return 0
    if isinstance(e.code, int):
        return e.code & 0xFF
    print(e.code, file=sys.stderr)
    return 1


def _child(request: dict, fds: list[int]) -> None:
    """In the forked child: become the command, run it, exit as the interpreter would have. Never returns."""
    code = 1
    try:
        stdin, stdout, stderr, _status_w = fds  # the status pipe is the server's to write
        os.dup2(stdin, 0)
        os.dup2(stdout, 1)
        os.dup2(stderr, 2)
        os.closerange(3, 65536)  # nothing of the server's (its socket, other children's pipes) comes along
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.chdir(request["cwd"])
        os.umask(request["umask"])
        import resource

        for name, (soft, hard) in request["limits"].items():
            resource.setrlimit(getattr(resource, name), (soft, hard))
        os.environ.clear()
        os.environ.update(request["env"])
        _warning_options(os.environ.get("PYTHONWARNINGS", ""))
        unbuffered = bool(os.environ.get("PYTHONUNBUFFERED"))
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stdout = _text(1, unbuffered)
        sys.stderr = _text(2, True, errors="backslashreplace")
        argv = request["argv"]
        if argv[0] == CLI:
            sys.argv = [str(BIN / CLI), *argv[1:]]
            sys.path.insert(0, str(BIN))
            from addons.cli.main import main as cli_main

            sys.exit(cli_main())
        if argv[0] in TOOLS:
            sys.argv = [str(BIN / argv[0]), *argv[1:]]
            sys.path.insert(0, str(BIN))  # what the console script's interpreter puts first
            from mitmproxy.tools import main

            sys.exit(getattr(main, argv[0])())
        assert argv[0] == "-c"
        sys.argv = ["-c", *argv[2:]]
        sys.path.insert(0, "")  # `python -c`: the working folder first
        import types

        module = types.ModuleType("__main__")
        module.__dict__["__builtins__"] = __builtins__
        sys.modules["__main__"] = module
        try:
            exec(compile(argv[1], "<string>", "exec"), module.__dict__)
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as e:  # the traceback a fresh `python -c` prints: from the code's first line on
            if e.__traceback__ is not None:
                e.__traceback__ = e.__traceback__.tb_next
            sys.excepthook(type(e), e, e.__traceback__)
            _finish()
            os._exit(1)
        code = 0
    except SystemExit as e:
        code = _exit_code(e)
    except KeyboardInterrupt:
        import traceback

        traceback.print_exc()
        code = 128 + signal.SIGINT
    except BaseException:
        sys.excepthook(*sys.exc_info())
        code = 1
    _finish()
    os._exit(code)


def _warning_options(spec: str) -> None:
    """What a fresh interpreter does with PYTHONWARNINGS at start-up (the server started with the test process's
    environment, not the child's): a test that sets `PYTHONWARNINGS=ignore` gets no warning on stderr."""
    import warnings

    options = [option for option in spec.split(",") if option]
    if options:
        sys.warnoptions[:] = options
        # what Python's start-up calls with sys.warnoptions
        warnings._processoptions(options)  # type: ignore[attr-defined]


def _finish() -> None:
    """What the interpreter does before it exits: wait for non-daemon threads, run atexit, flush the output."""
    try:
        threading._shutdown()  # type: ignore[attr-defined]
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
    except BaseException:  # exiting anyway, as the interpreter would
        pass


def _text(fd: int, unbuffered: bool, errors: str = "strict"):
    import io

    raw = io.FileIO(fd, "w", closefd=False)
    if unbuffered:
        return io.TextIOWrapper(raw, encoding="utf-8", errors=errors, write_through=True)
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8", errors=errors, line_buffering=False)


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        more = sock.recv(n - len(data))
        if not more:
            raise EOFError
        data += more
    return data


def _warm_default_rules() -> None:
    """What the shipped rules cost a proxy once per process, done here once: the scanner (cached by the rule files'
    content, addons/detect/scanner.py) and what the concerns build from it (runtime.warm: the stream's hold-back
    tables, ~1.8 s of CPU on the first streamed answer or WebSocket message, 16-18 s of wall at load ~18). A child
    still reads its policy and rules and builds its own runtime: it finds these caches filled when its rules are the
    shipped ones (as a proxy does after a reload to the same rules), and builds them itself when they are not. The
    runtime built here (its key in a folder removed at once) is dropped, never installed (suite54b)."""
    import tempfile

    from addons.core import runtime

    with tempfile.TemporaryDirectory() as folder:
        runtime.warm(runtime.build(None, [], Path(folder) / "key"))


def serve(kind: str, fd: int) -> None:
    import importlib

    for name in PRELOAD[kind]:
        importlib.import_module(name)
    if kind == "proxy":
        _warm_default_rules()
    assert threading.active_count() == 1, "a preloaded module started a thread: forking would copy a half state"
    sock = socket.socket(fileno=fd)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    children: dict[int, int] = {}  # pid -> the write end of its status pipe

    def reap() -> None:
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            status_w = children.pop(pid, None)
            if status_w is not None:
                os.write(status_w, struct.pack("!i", os.waitstatus_to_exitcode(status)))
                os.close(status_w)

    while True:
        ready, _, _ = select.select([sock, wake_r], [], [])
        if wake_r in ready:
            os.read(wake_r, 4096)
            reap()
        if sock not in ready:
            continue
        try:
            head, fds, _, _ = socket.recv_fds(sock, HEADER.size, 4)
            if not head:
                raise EOFError
            head += _recv_exact(sock, HEADER.size - len(head))
            request = json.loads(_recv_exact(sock, HEADER.unpack(head)[0]))
        except (EOFError, ConnectionError):
            break
        try:
            pid = os.fork()
        except OSError as e:
            for f in fds:
                os.close(f)
            sock.sendall(json.dumps({"error": str(e)}).encode() + b"\n")
            continue
        if pid == 0:
            _child(request, fds)
        for f in fds[:3]:
            os.close(f)
        children[pid] = fds[3]
        sock.sendall(json.dumps({"pid": pid}).encode() + b"\n")
    # the test process is gone: end the children it left, and wait for them
    for pid in list(children):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for pid, status_w in list(children.items()):
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        os.close(status_w)
    os._exit(0)  # no interpreter teardown of everything preloaded (seconds): nothing is left to flush


if __name__ == "__main__":
    sys.path.pop(0)  # this script's folder (tests/live): a proxy or client never had it
    serve(sys.argv[1], int(sys.argv[2]))
