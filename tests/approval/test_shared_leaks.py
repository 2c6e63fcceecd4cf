"""Invariant 2 for held requests in a fleet: a detected value sitting anywhere a summary may quote it (model name,
URL path and query, a header, a JSON key, a tool-call argument, a multipart file name, escaped or percent-encoded)
must not reach any byte the approval writes: Redis keys and values, pub/sub messages, the webhook body (json and
slack), the fleet listing, the log, the flow's approval record. A real redis-server (marked ``tool``); the real
Guard and Approval addons; a raw redis client reads everything."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from urllib.parse import quote

import pytest
import redis.asyncio as aioredis
from mitmproxy.test import taddons

from addons.approval.approval import Approval
from addons.core import metakeys
from addons.core import state as shared_state
from addons.core.state.redis_store import Connection, RedisState
from addons.guard.guard import Guard
from tests.approval.support import CODENAME, TOKEN, chat_flow, start_hold
from tests.approval.webhook import Receiver

pytestmark = pytest.mark.tool


def _chat(messages, model="gpt-test", **extra) -> bytes:
    return json.dumps({"model": model, "messages": messages, **extra}).encode()


def _multipart(name: str) -> tuple[bytes, str]:
    boundary = "exitguardtestboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nassistants\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: text/plain\r\n\r\nplain words {TOKEN}\r\n--{boundary}--\r\n").encode()
    return body, f"multipart/form-data; boundary={boundary}"


ENCODED = base64.b64encode(f"plan for {CODENAME} and key {TOKEN}".encode()).decode()

# where the code name sits -> (path, body, content type, extra headers)
CASES = {
    "model name": ("/v1/chat/completions", _chat([{"role": "user", "content": "hi"}], model=f"ft:{CODENAME}"),
                   "application/json", {}),
    "url path": (f"/v1/files/{CODENAME}/content", b"", None, {}),
    "url query": (f"/v1/chat/completions?project={CODENAME}", _chat([{"role": "user", "content": "hi"}]),
                  "application/json", {}),
    "percent-encoded query": (f"/v1/chat/completions?project={quote(CODENAME, safe='')}".replace("-", "%2D"),
                              _chat([{"role": "user", "content": "hi"}]), "application/json", {}),
    "json key": ("/v1/chat/completions", _chat([{"role": "user", "content": "hi"}], metadata={CODENAME: "x"}),
                 "application/json", {}),
    "\\u escaped": ("/v1/chat/completions",
                    json.dumps({"model": "m", "messages": [{"role": "user", "content": f"plan for {CODENAME}"}]},
                               ensure_ascii=True).replace("-", "\\u002d").encode(), "application/json", {}),
    "tool-call argument": ("/v1/chat/completions", _chat([
        {"role": "assistant", "content": None, "tool_calls": [{"id": "c1", "type": "function", "function": {
            "name": "lookup", "arguments": json.dumps({"project": CODENAME, "key": TOKEN})}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "ok"}]), "application/json", {}),
    "multipart file name": ("/v1/files", *_multipart(f"{CODENAME}.txt"), {}),
    "header": ("/v1/chat/completions", _chat([{"role": "user", "content": "hi"}]), "application/json",
               {"x-project": CODENAME}),
    "base64 in a message": ("/v1/chat/completions", _chat([{"role": "user", "content": "decode this: " + ENCODED}]),
                            "application/json", {}),
    "method": ("/v1/chat/completions", _chat([{"role": "user", "content": f"plan for {CODENAME}"}]),
               "application/json", {":method": CODENAME.upper()}),
    "host": ("/v1/chat/completions", _chat([{"role": "user", "content": f"plan for {CODENAME}"}]),
             "application/json", {":host": f"{CODENAME}.openai.azure.com"}),
}

FORBIDDEN = [CODENAME, CODENAME.upper(), quote(CODENAME), CODENAME.replace("-", "%2D"),
             base64.b64encode(CODENAME.encode()).decode(), TOKEN, TOKEN[6:],
             ENCODED[8:32]]


async def _dump(client: aioredis.Redis) -> str:
    """Every key and value in the store, as text."""
    out = []
    async for key in client.scan_iter("*"):
        kind = await client.type(key)
        value = {"string": client.get, "hash": client.hgetall, "zset": lambda k: client.zrange(k, 0, -1),
                 "set": client.smembers}[kind](key)
        out.append(f"{key} = {await value}")
    return "\n".join(out)


@pytest.mark.parametrize("fmt", ["json", "slack"])
async def test_a_held_value_reaches_no_byte_the_fleet_writes(installed, redis_server, caplog, fmt):
    caplog.set_level(logging.DEBUG)
    store = RedisState(Connection(redis_server.url), "a")
    previous = shared_state.current()
    shared_state.install(store)
    spy = aioredis.Redis.from_url(redis_server.url, decode_responses=True)
    pubsub = spy.pubsub()
    await pubsub.psubscribe("*")
    heard: list[str] = []

    async def listen():
        async for message in pubsub.listen():
            heard.append(f"{message['channel']} {message['data']}")

    listener = asyncio.create_task(listen())
    receiver = Receiver()
    not_held, written = [], []
    try:
        await store.start()
        guard, approval = Guard(), Approval()
        with taddons.context(guard, approval) as tctx:
            tctx.configure(approval, exitguard_approval_timeout=20, exitguard_control_listen="off",
                           exitguard_approval_webhook=receiver.url, exitguard_approval_webhook_format=fmt)
            await approval.running()
            while not store.linked:
                await asyncio.sleep(0.02)
            for i, (where, (path, body, ctype, headers)) in enumerate(CASES.items()):
                f = chat_flow("x", path=path)
                f.request.content = body
                if ctype:
                    f.request.headers["content-type"] = ctype
                else:
                    f.request.method = "GET"
                    del f.request.headers["content-type"]
                pseudo = {k: v for k, v in headers.items() if k.startswith(":")}
                f.request.headers.update({k: v for k, v in headers.items() if k not in pseudo})
                if ":method" in pseudo:
                    f.request.method = pseudo[":method"]
                if ":host" in pseudo:
                    f.request.host = pseudo[":host"]
                    f.request.headers["host"] = pseudo[":host"]
                task = await start_hold(guard, approval, f, polls=200)
                if not f.intercepted:
                    not_held.append(where)
                    await task
                    continue
                held_so_far = i + 1 - len(not_held)
                for _ in range(300):  # each new approval notifies once
                    if len(receiver.raw) >= held_so_far:
                        break
                    await asyncio.sleep(0.01)
                approval_id = f.metadata[metakeys.APPROVAL]["id"]
                listed = await approval.listing_anywhere(include_decided=True)
                await approval.decide_anywhere(approval_id, "deny" if i % 2 else "approve", "bob", window=None)
                await asyncio.wait_for(task, 5)
                written += [where, json.dumps(listed), json.dumps(f.metadata[metakeys.APPROVAL]),
                            json.dumps(await approval.lookup_anywhere(approval_id))]
            await asyncio.sleep(0.3)  # the last messages reach the spy
            written += [await _dump(spy), *heard, *(r.decode() for r in receiver.raw), caplog.text]
    finally:
        listener.cancel()
        await asyncio.gather(listener, return_exceptions=True)
        await pubsub.aclose()
        await spy.aclose()
        receiver.close()
        await store.close()
        shared_state.install(previous)
    assert not not_held, f"the guard did not hold: {not_held}"
    text = "\n".join(written)
    assert "approval:" in text and receiver.raw  # the checks saw the store and the webhook
    leaked = [v for v in FORBIDDEN if v.lower() in text.lower()]
    assert not leaked, [line for line in text.splitlines() if any(v.lower() in line.lower() for v in leaked)][:5]
