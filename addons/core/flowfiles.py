"""mitmproxy's flow file loaders, as the console reaches them (attack43).

``view.flows.load``, ``replay.client.file``, ``replay.server.file`` and the ``client_replay`` / ``server_replay``
options read a path of the console's choosing with the proxy's rights. mitmproxy 12.3 answered a file whose first
tnetstring is not a dictionary with ``Invalid flow: loaded=<the value>`` (the console's answer, a 400, or the log:
a value of a file only the proxy's user may read); opened a FIFO and waited for a writer with the event loop
stopped (the whole proxy hung); and read a length prefix of up to 12 digits in one piece (a FIFO fed by the local
user: all of it in memory). Here every loader reads a regular file of at most ``MAX_FLOW_FILE_BYTES``, and an error
names the path and what kind of problem it was, never what the file holds.
"""

from __future__ import annotations

import logging
import os
import stat
from typing import Any

import mitmproxy.io
from mitmproxy import exceptions, flow
from mitmproxy.io import io as mitmproxy_io

logger = logging.getLogger(__name__)

MAX_FLOW_FILE_BYTES = 512 * 1024 * 1024  # a saved session larger than this: load it in a mitmweb of its own (-r)
# mitmproxy's own messages that quote nothing of a file; any other reading error is replaced by NOT_A_FLOW_FILE.
QUOTES_NOTHING = ("Invalid data format.", "Unable to read HAR file. Please provide a valid HAR file")
NOT_A_FLOW_FILE = "not a flow file mitmproxy can read (its flow format or HAR)"


class FileTooLarge(Exception):
    pass


def read_flows(paths) -> list[flow.Flow]:
    """mitmproxy's ``read_flows_from_paths`` for regular files within the bound: FlowReadException naming the path
    and the problem, never the file's content."""
    flows: list[flow.Flow] = []
    for path in paths:
        flows.extend(_read_one(os.path.expanduser(path)))
    return flows


def _read_one(path: str) -> list[flow.Flow]:
    try:
        # O_NONBLOCK: opening a FIFO without a writer returns at once (a plain open waits, the event loop with it)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as e:
        raise exceptions.FlowReadException(f"{path}: {e.strerror}") from None
    found = os.fstat(fd)
    if not stat.S_ISREG(found.st_mode):  # checked before fdopen, which raises IsADirectoryError (attack44)
        os.close(fd)
        raise exceptions.FlowReadException(f"{path}: not a regular file (a flow file is read from a file only)")
    with os.fdopen(fd, "rb") as f:
        if found.st_size > MAX_FLOW_FILE_BYTES:
            raise exceptions.FlowReadException(_too_large(path))
        os.set_blocking(fd, True)
        try:
            reader = mitmproxy_io.FlowReader(_Bounded(f, MAX_FLOW_FILE_BYTES))  # type: ignore[arg-type]
            return list(reader.stream())
        except FileTooLarge:  # a file that grew while read (st_size 0 for /proc files)
            raise exceptions.FlowReadException(_too_large(path)) from None
        except exceptions.FlowReadException as e:
            message = str(e) if str(e) in QUOTES_NOTHING else NOT_A_FLOW_FILE
            raise exceptions.FlowReadException(f"{path}: {message}") from None
        except Exception as e:  # a migration or from_state error may quote a key or value of the file
            raise exceptions.FlowReadException(f"{path}: {NOT_A_FLOW_FILE} ({type(e).__name__})") from None


def _too_large(path: str) -> str:
    return (f"{path}: larger than {MAX_FLOW_FILE_BYTES // (1024 * 1024)} MiB, more than the running proxy loads; "
            "open it in a mitmweb of its own (mitmweb -n -r FILE)")


class _Bounded:
    """What mitmproxy's FlowReader uses of a file (read, tell, seek), reading no further than ``limit`` bytes: a
    length prefix is never read in one piece beyond what the bound leaves."""

    def __init__(self, f, limit: int) -> None:
        self.f, self.limit = f, limit

    def read(self, n: int | None = -1) -> bytes:
        room = self.limit + 1 - self.f.tell()
        data = self.f.read(room if n is None or n < 0 or n > room else n)
        if self.f.tell() > self.limit:
            raise FileTooLarge
        return data

    def tell(self) -> int:
        return self.f.tell()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self.f.seek(offset, whence)


def install() -> None:
    """The replay addons call ``mitmproxy.io.read_flows_from_paths`` through the package at each call."""
    mitmproxy.io.read_flows_from_paths = read_flows


def guard_the_view_loader(master: Any) -> None:
    """``view.flows.load`` opens the file itself and logs mitmproxy's error (the value quoted): read through
    ``read_flows`` instead, and answer the console with the error."""
    view = master.addons.get("view")
    cmd = master.commands.commands.get("view.flows.load")
    if view is None or cmd is None or getattr(cmd.func, "exitguard_checked", False):
        return

    def load_file(path: str) -> None:
        try:
            flows = read_flows([path])
        except exceptions.FlowReadException as e:
            logger.warning("exitguard: view.flows.load: %s", e)
            raise exceptions.CommandError(str(e)) from None
        for loaded in flows:
            view.add([loaded.copy()])  # a copy: a new id each time, as mitmproxy's own loader does

    load_file.exitguard_checked = True  # type: ignore[attr-defined]
    cmd.func = load_file

