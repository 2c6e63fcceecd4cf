"""A guarded vendor whose broker puts its own credential under a header or query parameter of the policy's naming,
with `client_keys: allow` (attack52, attack53): the policy, the four addons a request meets in chain order, and the
steps a flow takes through them (not held, or held for approval and then approved)."""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass

from mitmproxy import http
from mitmproxy import io as mio
from mitmproxy.test import tutils

from addons.approval.approval import Approval
from addons.audit import scrub
from addons.core import metakeys
from addons.core.runtime import Runtime
from addons.credentials.credentials import CredentialCheck, CredentialInjection
from addons.guard.guard import Guard
from tests.flows import on_the_wire, tunnel_flow

HOST = "api.vendor.example"
OWN = "9f2c4e7a1b3d5f6081a2c3e4f5a6b7c8"  # the caller's own vendor key: 32 hex digits, no rule's shape
BROKERED = "brokered-FAKE-" + "Qx7Lm2Vt9Rk4Wz8Np3Hs6Jd1"
HEADER, PARAM = "X-Service-Key", "sig"


def policy(location: dict) -> dict:
    """Deletes are held for approval; the broker's credential goes under ``location`` ({"header": ...} or
    {"query": ...})."""
    return {"guarded_hosts": [HOST],
            "approvals": {"approvers": {"groups": ["security"]},
                          "rules": [{"name": "deletes", "hosts": [HOST], "methods": ["DELETE"], "paths": ["/*"]}]},
            "credentials": {"client_keys": "allow",
                            "brokers": [{"hosts": [HOST], "credential": "svc", **location}]}}


def guarded_flow(method: str, path: str) -> http.HTTPFlow:
    f = tunnel_flow(HOST, path)
    f.request.method = method
    f.metadata.update({metakeys.HOST_CLASS: "guarded", metakeys.IDENTITY: "ci", metakeys.GROUPS: []})
    return f


def recorded(f: http.HTTPFlow, rt: Runtime) -> bytes:
    """The bytes the recorder would write for ``f``."""
    buf = io.BytesIO()
    mio.FlowWriter(buf).add(scrub.record_copy(f, rt))
    return buf.getvalue()


@dataclass
class BrokerChain:
    rt: Runtime
    guard: Guard
    approval: Approval
    check: CredentialCheck
    inject: CredentialInjection

    @property
    def addons(self) -> tuple:
        return self.guard, self.approval, self.check, self.inject

    async def _before_approval(self, f: http.HTTPFlow) -> None:
        await self.check.requestheaders(f)
        await self.inject.requestheaders(f)
        await self.guard.request(f)

    async def sent_unheld(self, f: http.HTTPFlow) -> http.Request:
        """The request hooks for a flow no approval holds; the request as it goes upstream."""
        await self._before_approval(f)
        await self.approval.request(f)
        await self.inject.request(f)
        assert not f.intercepted and f.response is None
        return on_the_wire(f)

    async def held(self, f: http.HTTPFlow) -> asyncio.Task:
        """The request hooks up to the approval, which holds ``f``; the task that ends when it is decided."""
        await self._before_approval(f)
        task = asyncio.create_task(self.approval.request(f))
        for _ in range(100):
            if f.intercepted or task.done():
                break
            await asyncio.sleep(0.01)
        assert f.intercepted
        return task

    async def approve(self, task: asyncio.Task) -> None:
        (pending,) = self.approval.listing()
        self.approval.decide(pending["id"], "approve", "alice")
        await asyncio.wait_for(task, 2)

    async def answered_record(self, f: http.HTTPFlow) -> bytes:
        """A plain answer through the injection's response hook; the bytes its record would hold."""
        f.response = tutils.tresp()
        await self.inject.response(f)
        return recorded(f, self.rt)
