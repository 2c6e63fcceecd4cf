"""A minimal HTTP/3 client (aioquic, which mitmproxy ships): one request, then one JSON line {how, status, headers,
body} on stdout. Run as a script by live tests, with one JSON argument: host, port, authority (also the TLS server
name), method, path, headers, body, ca (None: no verification), trailers."""

import asyncio
import json
import ssl
import sys

from aioquic.asyncio.client import connect
from aioquic.asyncio.protocol import QuicConnectionProtocol
from aioquic.h3.connection import H3_ALPN, H3Connection
from aioquic.h3.events import DataReceived, HeadersReceived
from aioquic.quic.configuration import QuicConfiguration
from aioquic.quic.events import ConnectionTerminated, QuicEvent


class Client(QuicConnectionProtocol):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.h3 = H3Connection(self._quic)
        self.done = asyncio.get_event_loop().create_future()
        self.headers: list[tuple[str, str]] = []
        self.body = b""

    def quic_event_received(self, event: QuicEvent) -> None:
        if isinstance(event, ConnectionTerminated) and not self.done.done():
            self.done.set_result(f"terminated {event.error_code} {event.reason_phrase}")
        for e in self.h3.handle_event(event):
            if isinstance(e, HeadersReceived):
                self.headers += [(k.decode(), v.decode()) for k, v in e.headers]
            elif isinstance(e, DataReceived):
                self.body += e.data
            if getattr(e, "stream_ended", False) and not self.done.done():
                self.done.set_result("ok")


async def main(host, port, authority, method, path, headers, body, cafile, trailers):
    cfg = QuicConfiguration(is_client=True, alpn_protocols=H3_ALPN, server_name=authority.split(":")[0])
    if cafile:
        cfg.load_verify_locations(cafile)
    else:
        cfg.verify_mode = ssl.CERT_NONE
    async with connect(host, port, configuration=cfg, create_protocol=Client) as c:
        sid = c._quic.get_next_available_stream_id()
        hs = [(b":method", method.encode()), (b":scheme", b"https"), (b":authority", authority.encode()),
              (b":path", path.encode())] + [(k.encode(), v.encode()) for k, v in headers]
        c.h3.send_headers(sid, hs, end_stream=not body and not trailers)
        if body:
            c.h3.send_data(sid, body.encode(), end_stream=not trailers)
        if trailers:
            c.h3.send_headers(sid, [(k.encode(), v.encode()) for k, v in trailers], end_stream=True)
        c.transmit()
        try:
            how = await asyncio.wait_for(c.done, 20)
        except TimeoutError:
            how = "timeout"
        print(json.dumps({"how": how, "status": dict(c.headers).get(":status"), "headers": c.headers,
                          "body": c.body.decode("utf-8", "replace")}))

if __name__ == "__main__":
    a = json.loads(sys.argv[1])
    asyncio.run(main(a["host"], a["port"], a["authority"], a.get("method", "POST"), a.get("path", "/"),
                     a.get("headers", []), a.get("body", ""), a.get("ca"), a.get("trailers", [])))
