"""attack46: a TCP relay on loopback whose open connections can be made to go silent, as an idle connection a NAT or a
firewall dropped without a reset does: both ends stay connected, nothing more passes either way, and connections
made afterwards pass again. Runs its own event loop in a thread (usable from sync and async tests)."""

from __future__ import annotations

import asyncio
import threading


class StallRelay:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._server: asyncio.AbstractServer | None = None
        self._pipes: list[tuple[asyncio.Task, asyncio.Task]] = []
        self._writers: list[asyncio.StreamWriter] = []  # kept open when stalled: nobody sees a close
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the relay did not start")

    @property
    def connections(self) -> int:
        return len(self._pipes)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            target_r, target_w = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_w.close()
            return
        self._writers += [client_w, target_w]
        pipes = (asyncio.create_task(_pipe(client_r, target_w)), asyncio.create_task(_pipe(target_r, client_w)))
        self._pipes.append(pipes)

    def stall(self) -> int:
        """Every connection open now passes nothing more, either way, and is never closed; how many."""
        async def stop_pipes() -> int:
            stalled = [task for pair in self._pipes for task in pair]
            for task in stalled:
                task.cancel()
            self._pipes = []
            return len(stalled) // 2
        return asyncio.run_coroutine_threadsafe(stop_pipes(), self._loop).result(5)

    def close(self) -> None:
        async def stop() -> None:
            if self._server is not None:
                self._server.close()
            for task in [t for pair in self._pipes for t in pair]:
                task.cancel()
            for writer in self._writers:
                writer.close()
        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except asyncio.CancelledError:
        raise  # stalled: both ends stay open, nobody hears of it
    except (ConnectionError, OSError):
        pass
    writer.close()  # a real end passes on
