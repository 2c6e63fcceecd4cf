"""mitmproxy's own error texts (pages, flow.error) with detected values masked (ends14). The live test is
tests/proxy/test_live_attack_error_pages.py; these pin the text rules and the patch on each protocol's page."""

from __future__ import annotations

import base64

import pytest
from mitmproxy import flow as mflow
from mitmproxy.proxy.layers.http import _base, _http1, _http2, _http3
from mitmproxy.test import tflow

from addons.core import compat, errortext, runtime
from tests import fakes

AKID = fakes.aws_key_id(1403)
KEY = fakes.openai_key(1404)


@pytest.mark.parametrize("message", [
    f"Cannot parse HTTP response: Invalid header line: b'X-Debug {KEY}'",
    f"unexpected server response: b'HTTP/1.1 200 OK\\r\\nx-debug: {KEY}\\r\\n'",
    f"HTTP/1 protocol error: illegal chunk header: bytearray(b'{KEY}\\r\\n')",
    f"Cannot parse HTTP response: invalid content-length header: '{KEY}'",
    f"Bad HTTP request line: b'GET /{AKID} HTTP/1.1 x'",
])
def test_a_quoted_value_is_masked_and_the_rest_of_the_text_kept(rt, message):
    out = errortext.masked(message)
    assert KEY not in out and AKID not in out and KEY[8:-8] not in out
    assert "[MASKED:" in out and out.split(":")[0] == message.split(":")[0]


@pytest.mark.parametrize("value", [AKID[:8] + "\u200b" + AKID[8:], "\u0410" + AKID[1:]], ids=["zero-width", "cyrillic"])
def test_a_value_the_repr_escapes_out_of_sight_withholds_the_quote(rt, value):
    """A repr writes a zero-width space or a lookalike letter as `\\xe2\\x80\\x8b`: the engine folds them in
    text, not in their escapes. Decoded, the key is found, and the whole quote goes."""
    out = errortext.masked(f"Invalid header line: {value.encode()!r}")
    assert AKID[8:] not in out and out.startswith("Invalid header line: <") and out.endswith(" bytes withheld>"), out


def test_a_quote_with_nothing_in_it_stays(rt):
    message = "Invalid header line: b'X-Debug hello\\tworld'"
    assert errortext.masked(message) == message


def test_without_a_runtime_the_text_is_withheld():
    runtime.install(None)
    assert errortext.masked(f"Invalid header line: b'X-Debug {KEY}'") == errortext.WITHHELD


def test_a_long_text_is_cut_and_a_value_cut_in_two_goes_with_the_rest(rt):
    cut_at = errortext.MAX_CHARS - 20  # the key starts 20 characters before the limit
    message = "unexpected server response: b'" + "x " * ((cut_at - 30) // 2)
    message = message.ljust(cut_at) + KEY + " tail" * 1000 + "'"
    out = errortext.masked(message)
    assert KEY[:20] not in out and out.endswith(errortext.CUT_NOTE) and len(out) < errortext.MAX_CHARS + 100


@pytest.mark.parametrize("module", [_http1, _http2, _http3])
def test_every_protocols_error_page_is_masked(rt, module):
    compat.install()
    page = module.format_error(502, f"Cannot parse HTTP response: Invalid header line: b'X-Debug {KEY}'")
    assert KEY.encode() not in page and b"[MASKED:" in page and b"502 Bad Gateway" in page


def test_http1_error_response_is_masked(rt):
    compat.install()
    raw = _http1.make_error_response(400, f"Bad HTTP request line: b'GET /{AKID} HTTP/1.1 x'")
    assert raw.startswith(b"HTTP/1.1 400 ") and AKID.encode() not in raw


def test_mitmproxy_still_quotes_the_bytes_in_its_page():
    """Why mask_error_pages exists: when this fails, mitmproxy stopped quoting and the patch can go."""
    compat.install()
    assert _http1.format_error.exitguard_original is _base.format_error
    assert KEY.encode() in _base.format_error(502, f"Invalid header line: b'X-Debug {KEY}'")


def test_the_addon_masks_the_flows_error_and_leaves_a_kill_alone(rt):
    f = tflow.tflow()
    f.error = mflow.Error(f"Cannot parse HTTP response: Invalid header line: b'X-Debug {KEY}'")
    errortext.ErrorText().error(f)
    assert KEY not in f.error.msg and "[MASKED:" in f.error.msg
    f.error = mflow.Error(mflow.Error.KILLED_MESSAGE)
    errortext.ErrorText().requestheaders(f)
    assert f.error.msg == mflow.Error.KILLED_MESSAGE  # mitmproxy compares it to tell a kill


# attack15: an escape the repr writes right before a key, a quote the cut leaves open, a str repr, a repr in a repr.
ESCAPED = {
    "byte-before-key-cut": f"Invalid header line: {b'X-Debug \xff' + AKID.encode() + b' ' + b'a' * 5000!r}",
    "byte-before-openai-key-cut": f"Invalid header line: {b'X-Debug \xff' + KEY.encode() + b' ' + b'a' * 5000!r}",
    "zero-width-cut": f"Invalid header line: {(f'X-Debug {AKID[:8]}\u200b{AKID[8:]} ' + 'a' * 5000).encode()!r}",
    "str-repr": f"unexpected HTTP transfer-encoding {chr(0x85) + AKID!r} for HTTP/1.0",
    "repr-in-repr": f"HTTP/2 connection closed: {repr(b'\x01' + AKID.encode())!r}",
}


@pytest.mark.parametrize("message", ESCAPED.values(), ids=ESCAPED.keys())
def test_a_value_behind_an_escape_anywhere_in_the_text_withholds_it(rt, message):
    """The scan of the text reads `\\xffAKIA...` as `xffAKIA...` (no key: a word runs into it); only a whole byte
    quote was read decoded, not one the cut at MAX_CHARS left open, nor a str repr."""
    out = errortext.masked(message)
    assert AKID[4:-4] not in out and AKID[8:] not in out and KEY[8:-8] not in out, out[:200]


def test_the_audit_copy_of_a_flow_reads_its_error_like_the_page(rt):
    """The recording scrubs the error before ErrorText runs (Audit is earlier in the chain): it read the text with
    outside.safe_text only, so a whole `b'\\xffAKIA...'` quote went into the .mitm and the index raw."""
    from addons.audit import scrub

    f = tflow.tflow()
    f.error = mflow.Error(f"Cannot parse HTTP response: Invalid header line: {b'X-Debug \xff' + AKID.encode()!r}")
    f.server_conn.error = f"OpenSSL Error: {b'\x01' + AKID.encode()!r}"
    c = scrub.record_copy(f, runtime.get())
    assert AKID[4:-4] not in c.error.msg and AKID[4:-4] not in (c.server_conn.error or ""), c.error.msg
    assert c.error.msg.startswith("Cannot parse HTTP response: Invalid header line: <")


def test_escapes_around_nothing_keep_the_text(rt):
    message = "unexpected server response: b'HTTP/1.1 200 OK\\r\\nx-debug: caf\\xc3\\xa9\\r\\n\\x00'"
    assert errortext.masked(message) == message


def test_an_http2_goaway_whose_debug_data_is_a_key_is_withheld(rt):
    """attack15: h2 writes the first 20 bytes of a GOAWAY's debug data as hex, and an AWS key id is 20 characters:
    an upstream's GOAWAY put a whole key into the 502 page, read by no rule as hex."""
    goaway = (f"HTTP/2 connection closed: <ConnectionTerminated error_code:ErrorCodes.NO_ERROR, last_stream_id:1, "
              f"additional_data:{AKID.encode().hex()}>")
    assert errortext.masked(goaway) == errortext.HIDDEN
    digest = "sha256 " + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    assert errortext.masked(digest) == digest  # hex that reads as nothing is kept


# attack16: spellings the scanner does not read in a text but the guard decodes in a body (formats/encoded.py):
# base64 (any alphabet), base32, and a value written as UTF-16 (every other byte NUL, escaped in the repr).
ENCODED = {
    "base64": f"Invalid header line: b'X-Debug {base64.b64encode(KEY.encode()).decode()}'",
    "base64-aws": f"Invalid header line: b'X-Debug {base64.b64encode(AKID.encode()).decode()}'",
    "base64url": f"Invalid header line: b'X-Debug {base64.urlsafe_b64encode(KEY.encode()).decode().rstrip('=')}'",
    "base64-of-assignment": f"Invalid header line: b'X {base64.b64encode(f'token={KEY}'.encode()).decode()}'",
    "base32": f"Invalid header line: b'X-Debug {base64.b32encode(AKID.encode()).decode()}'",
    "utf-16-le": f"Invalid header line: {f'X-Debug {AKID}'.encode('utf-16-le')!r}",
    "utf-16-be": f"Invalid header line: {f'X-Debug {KEY}'.encode('utf-16-be')!r}",
    "utf-16-str-repr": f"invalid content-length header: {f'{AKID}'.encode('utf-16-le').decode('latin-1')!r}",
}


@pytest.mark.parametrize("message", ENCODED.values(), ids=ENCODED.keys())
def test_a_value_encoded_as_the_guard_reads_it_in_a_body_withholds_the_text(rt, message):
    """Failed before (attack16): every one reached the page, flow.error and the record as written."""
    out = errortext.masked(message)
    assert out != message and "withheld" in out, out[:200]
    for encoded in (base64.b64encode(KEY.encode()).decode()[8:40], base64.b64encode(AKID.encode()).decode()[4:20],
                    base64.b32encode(AKID.encode()).decode()[4:24], "\\x00".join(AKID[4:12])):
        assert encoded not in out, out[:200]


def test_encoded_runs_that_read_as_nothing_keep_the_text(rt):
    message = (f"Invalid header line: b'X-Request-Id {base64.b64encode(b'an ordinary request id 42').decode()} "
               f"{'hello world'.encode('utf-16-le')!r}'")
    assert errortext.masked(message) == message


def test_a_connections_error_is_masked_in_place_when_it_is_set(rt):
    """attack16: mitmweb's "save all flows" (`/flows/dump`) and any later addon read the live flow's connections,
    whose error mitmproxy sets itself: a ClientHello it cannot parse is quoted whole as hex (a key an agent put in
    it), a server's TLS or connect error likewise. Only the record's copy was masked; they are now masked in place
    in the hooks that follow the setting (tls_failed_client / _server, server_connect_error) and at the flow's
    error."""
    from mitmproxy.connection import Client, Server
    from mitmproxy.proxy.layers.tls import TlsData
    from mitmproxy.proxy.server_hooks import ServerConnectionHookData

    hello = (b"\x16\x03\x01\x00\x50\x01\x00\x00\x4c\xff" + AKID.encode()).hex()
    addon = errortext.ErrorText()
    client = Client(peername=("127.0.0.1", 5000), sockname=("127.0.0.1", 8080), timestamp_start=0)
    client.error = f"Cannot parse ClientHello: {hello}"
    addon.tls_failed_client(TlsData(client, None))  # type: ignore[arg-type]
    assert hello not in client.error and AKID.encode().hex() not in client.error
    server = Server(address=("example.com", 443))
    server.error = f"OpenSSL Error: {b'\x01' + AKID.encode()!r}"
    addon.tls_failed_server(TlsData(server, None))  # type: ignore[arg-type]
    assert AKID[4:-4] not in server.error
    server.error = f"connect to {KEY}.example failed"
    addon.server_connect_error(ServerConnectionHookData(server, client))
    assert KEY not in server.error
    f = tflow.tflow()
    f.error = mflow.Error("connection closed")
    f.client_conn.error = f"Cannot parse ClientHello: {hello}"
    f.server_conn.error = f"x {KEY}"
    addon.error(f)
    assert hello not in f.client_conn.error and KEY not in f.server_conn.error
    f.server_conn.error = "Connection refused"
    addon.error(f)
    assert f.server_conn.error == "Connection refused"


def test_a_lower_cased_key_in_a_name_is_masked_in_a_connections_error(rt):
    """attack26: a connection's error quotes the server name as the client sent it (lower-cased: no AWS key id to
    the engine as written); names are read upper-cased too, as everywhere exitguard writes one."""
    from mitmproxy.connection import Client
    from mitmproxy.proxy.layers.tls import TlsData

    client = Client(peername=("127.0.0.1", 5000), sockname=("127.0.0.1", 8080), timestamp_start=0)
    client.error = f"The client does not trust the proxy's certificate for {AKID.lower()}.unlisted.example"
    errortext.ErrorText().tls_failed_client(TlsData(client, None))  # type: ignore[arg-type]
    assert AKID.lower() not in client.error and client.error.endswith(".unlisted.example"), client.error
    assert errortext.masked("connect to api.openai.com:443 failed") == "connect to api.openai.com:443 failed"
    assert AKID.lower() not in errortext.masked(f"the proxy's certificate for {AKID.lower()} (unknown ca)")
