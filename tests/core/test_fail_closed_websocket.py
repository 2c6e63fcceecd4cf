"""A hook that fails on a WebSocket message (attack9): fail_closed answered 502 on a flow whose answer (101) had left
long ago, which changed nothing, and the message was relayed unscanned. It now drops the message and kills the
flow, which core/compat.py turns into the end of the connection."""

from mitmproxy.test import tflow

from addons.core import metakeys
from addons.core.fail_closed import fail_closed


class Broken:
    @fail_closed
    def websocket_message(self, flow):
        raise RuntimeError("scanner exploded")


async def test_a_failing_websocket_message_hook_drops_the_message_and_ends_the_connection():
    flow = tflow.twebsocketflow()
    status = flow.response.status_code
    await Broken().websocket_message(flow)
    assert flow.websocket.messages[-1].dropped
    assert not flow.live and flow.error is not None
    assert flow.response.status_code == status  # not a 502 nobody would read
    assert flow.metadata[metakeys.DECISION] == "error"
    assert flow.metadata[metakeys.REASON] == "internal error in Broken.websocket_message"
