"""wire42, unit: compat.send_websocket_wire_copies against the installed mitmproxy's own WebsocketLayer. A message
with a copy (core/wire.py, ``send_message_as``) leaves as the copy, in either direction, text or binary, compressed
(permessage-deflate) or not, while the live message keeps what may be shown; the copy goes once the message has left
(or was dropped); a message changed after the bundle sealed it leaves as it now is (masked). The live tests are
tests/stream/test_wire42_messages_live.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import wsproto
import wsproto.events
from mitmproxy import http, websocket
from mitmproxy.addons.proxyserver import Proxyserver
from mitmproxy.proxy import commands, events
from mitmproxy.proxy.context import Context
from mitmproxy.proxy.layers.websocket import WebsocketLayer, WebsocketMessageHook
from mitmproxy.test import taddons, tflow
from wsproto.extensions import PerMessageDeflate

from addons.core import compat, wire

EMAIL = "dana.whitfield@northwind-traders.com"
SENT = f'{{"type": "response.text.delta", "delta": "write to {EMAIL}"}}'
SHOWN = '{"type": "response.text.delta", "delta": "write to [MASKED:email-address:0a1b2c]"}'

Hook = Callable[[http.HTTPFlow], None]


class Relay:
    """One WebSocket flow through mitmproxy's WebsocketLayer: frames in from either side, and what each side got."""

    def __init__(self, tctx, at_message: Hook, *, deflate: bool = False) -> None:
        self.flow = tflow.twebsocketflow()
        self.flow.websocket.messages.clear()
        if deflate:
            self.flow.response.headers["Sec-WebSocket-Extensions"] = "permessage-deflate"
        else:
            self.flow.response.headers.pop("Sec-WebSocket-Extensions", None)
        self.context = Context(tflow.tclient_conn(), tctx.options)
        self.context.server = tflow.tserver_conn()
        self.layer = WebsocketLayer(self.context, self.flow)
        self.at_message = at_message
        # The two ends: the agent (a wsproto client) and the vendor (a wsproto server), each with the extension.
        self.agent = wsproto.Connection(wsproto.ConnectionType.CLIENT, [self._deflate()] if deflate else [])
        self.vendor = wsproto.Connection(wsproto.ConnectionType.SERVER, [self._deflate()] if deflate else [])
        self.got: dict[bool, list[str | bytes]] = {True: [], False: []}  # by "the vendor got it"
        self._run(events.Start())

    @staticmethod
    def _deflate() -> PerMessageDeflate:
        ext = PerMessageDeflate()
        ext.finalize("permessage-deflate")
        return ext

    def send(self, data: str | bytes, from_client: bool) -> None:
        sender = self.agent if from_client else self.vendor
        frames = sender.send(wsproto.events.Message(data=data))
        conn = self.context.client if from_client else self.context.server
        self._run(events.DataReceived(conn, frames))

    def _run(self, event) -> None:
        pending = [event]
        while pending:
            for command in self.layer.handle_event(pending.pop(0)):
                if isinstance(command, commands.SendData):
                    to_vendor = command.connection is self.context.server
                    receiver = self.vendor if to_vendor else self.agent
                    receiver.receive_data(command.data)
                    for e in receiver.events():
                        if isinstance(e, wsproto.events.Message):
                            self._gather(to_vendor, e)
                elif isinstance(command, WebsocketMessageHook):
                    self.at_message(command.flow)
                    pending.append(events.HookCompleted(command, None))
                elif isinstance(command, commands.Command) and command.blocking:
                    pending.append(events.HookCompleted(command, None))

    def _gather(self, to_vendor: bool, e: wsproto.events.Message) -> None:
        got = self.got[to_vendor]
        if getattr(self, "_open", {}).get(to_vendor):
            got[-1] += e.data
        else:
            got.append(e.data)
        self._open = {**getattr(self, "_open", {}), to_vendor: not e.message_finished}


def _allow(flow: http.HTTPFlow) -> None:
    """What the bundle does with a message holding a value the policy lets through: the copy as it came, the live
    message masked."""
    message = flow.websocket.messages[-1]
    content = message.content
    message.content = SHOWN.encode() if message.is_text else SHOWN.encode("utf-16-le")
    wire.send_message_as(message, content)


def test_the_message_side_of_the_seam_is_in_place_on_the_installed_mitmproxy():
    compat.install()
    assert compat.websocket_seam_shapes_hold() and wire.message_seam_ready()
    assert WebsocketLayer.relay_messages.exitguard_wire  # the outermost wrap: the others' marks carried over
    assert WebsocketLayer.relay_messages.exitguard_ends_killed and WebsocketLayer.relay_messages.exitguard_patched


def test_the_relay_still_reads_the_content_once_right_after_the_hook():
    """The shape the seam rests on, read from mitmproxy's source: a new mitmproxy that reads the content elsewhere
    (or twice) turns the seam off, and messages with passed values leave masked."""
    import inspect

    from mitmproxy.proxy.layers import websocket as layer

    source = inspect.getsource(layer.WebsocketLayer)
    hook = source.index("yield WebsocketMessageHook(self.flow)")
    assert source.index("for msg in fragmentizer(message.content):", hook) < source.index("yield dst_ws.send2(msg)",
                                                                                            hook)


@pytest.mark.parametrize("deflate", [False, True], ids=["plain", "permessage-deflate"])
@pytest.mark.parametrize("from_client", [False, True], ids=["vendor", "agent"])
def test_a_message_leaves_as_its_copy_and_the_live_message_keeps_it_masked(deflate, from_client):
    compat.install()
    with taddons.context(Proxyserver()) as tctx:
        relay = Relay(tctx, _allow, deflate=deflate)
        relay.send(SENT, from_client)
        relay.send("the next one, " * 400, from_client)  # a long one: mitmproxy re-cuts it, no copy
    assert relay.got[from_client] == [SENT, "the next one, " * 400]  # the other side got the copy, then the next
    assert [m.text for m in relay.flow.websocket.messages] == [SHOWN, SHOWN]  # _allow masked the second too
    assert not any(wire.has_message_copy(m) for m in relay.flow.websocket.messages)  # sent: the copies are gone


def test_a_binary_message_leaves_as_its_copy():
    compat.install()
    blob = b"\x00\x01" + EMAIL.encode("utf-16-le") + b"\xff" * 5000  # longer than one of mitmproxy's fragments
    with taddons.context(Proxyserver()) as tctx:
        relay = Relay(tctx, _allow, deflate=True)
        relay.send(blob, False)
    assert relay.got[False] == [blob]
    assert relay.flow.websocket.messages[0].content == SHOWN.encode("utf-16-le")


def test_a_message_changed_after_the_seal_leaves_as_it_now_is():
    def changed_later(flow: http.HTTPFlow) -> None:
        _allow(flow)
        flow.websocket.messages[-1].content = b"edited after the bundle"  # a later addon, a console edit

    compat.install()
    with taddons.context(Proxyserver()) as tctx:
        relay = Relay(tctx, changed_later)
        relay.send(SENT, False)
    assert relay.got[False] == ["edited after the bundle"]
    assert not wire.has_message_copy(relay.flow.websocket.messages[0])


def test_a_dropped_message_is_not_sent_and_its_copy_goes():
    def dropped(flow: http.HTTPFlow) -> None:
        _allow(flow)
        if len(flow.websocket.messages) == 1:
            flow.websocket.messages[-1].drop()

    compat.install()
    with taddons.context(Proxyserver()) as tctx:
        relay = Relay(tctx, dropped)
        relay.send(SENT, True)
        relay.send("after", True)
    assert relay.got[True] == ["after"]
    assert not any(wire.has_message_copy(m) for m in relay.flow.websocket.messages)


def test_a_message_without_a_copy_leaves_as_the_live_message_is():
    def masked(flow: http.HTTPFlow) -> None:
        flow.websocket.messages[-1].text = SHOWN

    compat.install()
    with taddons.context(Proxyserver()) as tctx:
        relay = Relay(tctx, masked)
        relay.send(SENT, False)
    assert relay.got[False] == [SHOWN]


def test_a_killed_flow_sends_nothing_of_the_message_and_keeps_no_copy():
    """end_killed_websockets and this wrap together: the kill still ends the connection before the message."""
    def killed(flow: http.HTTPFlow) -> None:
        _allow(flow)
        flow.kill()

    compat.install()
    with taddons.context(Proxyserver()) as tctx:
        relay = Relay(tctx, killed)
        relay.send(SENT, False)
    assert relay.got[False] == []
    assert relay.flow.websocket.close_code == compat.POLICY_VIOLATION
    assert not wire.has_message_copy(relay.flow.websocket.messages[0])


def test_a_message_injected_through_the_console_goes_through_the_same_seam():
    compat.install()
    with taddons.context(Proxyserver()) as tctx:
        relay = Relay(tctx, _allow)
        message = websocket.WebSocketMessage(websocket.Opcode.TEXT, False, SENT.encode())
        from mitmproxy.proxy.layers.websocket import WebSocketMessageInjected

        relay._run(WebSocketMessageInjected(relay.flow, message))
    assert relay.got[False] == [SENT] and relay.flow.websocket.messages[-1].text == SHOWN
