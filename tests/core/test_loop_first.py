"""core/loop_first.py: a release from another thread, and the task it wakes, go before the loop's other ready work."""

import asyncio
import threading

import pytest

from addons.core import loop_first


async def test_a_release_from_another_thread_runs_before_callbacks_already_ready():
    loop = asyncio.get_running_loop()
    ran: list[str] = []
    for n in range(3):
        loop.call_soon(ran.append, f"queued {n}")
    thread = threading.Thread(target=loop_first.call_first_threadsafe, args=(loop, ran.append, "released"))
    thread.start()
    thread.join()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert ran == ["released", "queued 0", "queued 1", "queued 2"]


async def test_the_tail_is_kept_where_the_loop_has_no_queue_of_its_own(monkeypatch):
    loop = asyncio.get_running_loop()
    ran: list[str] = []
    monkeypatch.setattr(loop_first, "_ready_of", lambda _loop: None)  # as on a loop of another implementation
    loop.call_soon(ran.append, "queued")
    loop_first.call_first_threadsafe(loop, ran.append, "released")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert ran == ["queued", "released"]


async def test_debug_mode_keeps_asyncio_s_own_way():
    loop = asyncio.get_running_loop()
    ran: list[str] = []
    debug = loop.get_debug()
    loop.set_debug(True)
    try:
        loop.call_soon(ran.append, "queued")
        loop_first.call_first_threadsafe(loop, ran.append, "released")
        await asyncio.sleep(0)
        await asyncio.sleep(0)
    finally:
        loop.set_debug(debug)
    assert ran == ["queued", "released"]


def test_a_closed_loop_refuses_as_call_soon_threadsafe_does():
    loop = asyncio.new_event_loop()
    loop.close()
    with pytest.raises(RuntimeError):
        loop_first.call_first_threadsafe(loop, print)


async def test_the_tasks_a_release_wakes_resume_before_the_work_queued_ahead_of_them():
    """The waiting hook's wake-up (scheduled by ``set_result``) goes first too, in the order the waiters woke."""
    loop = asyncio.get_running_loop()
    ran: list[str] = []
    waiters = [loop.create_future() for _ in range(2)]

    async def hook(n: int) -> None:
        await waiters[n]
        ran.append(f"hook {n} resumed")

    tasks = [asyncio.ensure_future(hook(n)) for n in range(2)]
    await asyncio.sleep(0)  # both wait now

    def release() -> None:
        for ready in range(3):
            loop.call_soon(ran.append, f"other work {ready}")  # ready before the hooks' wake-ups
        loop_first.run_woken_first(lambda: [w.set_result(None) for w in waiters])

    loop.call_soon(release)
    await asyncio.gather(*tasks)
    await asyncio.sleep(0)
    assert ran == ["hook 0 resumed", "hook 1 resumed", "other work 0", "other work 1", "other work 2"]


async def test_without_a_queue_of_its_own_the_woken_tasks_wait_their_turn(monkeypatch):
    loop = asyncio.get_running_loop()
    monkeypatch.setattr(loop_first, "_ready_of", lambda _loop: None)
    ran: list[str] = []
    waiter = loop.create_future()

    async def hook() -> None:
        await waiter
        ran.append("hook resumed")

    task = asyncio.ensure_future(hook())
    await asyncio.sleep(0)

    def release() -> None:
        loop.call_soon(ran.append, "other work")
        loop_first.run_woken_first(lambda: waiter.set_result(None))

    loop.call_soon(release)
    await task
    await asyncio.sleep(0)
    assert ran == ["other work", "hook resumed"]


async def test_a_release_from_another_thread_while_tasks_wake_keeps_the_other_work_in_its_order():
    """attack53: ``run_woken_first`` took the last N callbacks of the queue as the woken ones, N its growth while the
    callback ran; the recorder's other thread may put a release at the head meanwhile (``call_first_threadsafe``),
    and then the last callback queued before was moved to the head too: other work ran out of asyncio's order (a
    transport's ``connection_made`` after its next step, a future's done callbacks swapped)."""
    loop = asyncio.get_running_loop()
    ran: list[str] = []
    waiter = loop.create_future()

    async def hook() -> None:
        await waiter
        ran.append("hook resumed")

    task = asyncio.ensure_future(hook())
    await asyncio.sleep(0)

    def woken_while_another_thread_releases() -> None:
        waiter.set_result(None)
        other = threading.Thread(target=loop_first.call_first_threadsafe, args=(loop, ran.append, "released"))
        other.start()
        other.join()

    def release() -> None:
        for ready in range(3):
            loop.call_soon(ran.append, f"other work {ready}")
        loop_first.run_woken_first(woken_while_another_thread_releases)

    loop.call_soon(release)
    await task
    for _ in range(3):
        await asyncio.sleep(0)
    assert [r for r in ran if r.startswith("other")] == ["other work 0", "other work 1", "other work 2"]  # failed
    assert ran.index("hook resumed") < ran.index("other work 0") and ran.index("released") < ran.index("other work 0")
