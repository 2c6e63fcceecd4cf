"""The log mask: byte reprs, URLs and detected values never reach a log handler (issue 18 item 6)."""

from __future__ import annotations

import base64
import logging

import pytest
from mitmproxy.test import tflow

from addons.core import logmask
from tests import fakes

AKID = fakes.aws_key_id(41)


def test_byte_reprs_and_url_paths_are_withheld():
    text = (f"Client closed connection before completing request headers: b'GET /?k={AKID} HTTP/1.1\\r\\nX: \\'y'"
            f" and b\"z\\\"{AKID}\" see https://user:pw@paste.example:8443/{AKID}/raw?k={AKID}")
    out = logmask.mask_text(text)
    assert AKID not in out and "pw" not in out
    assert "bytes withheld>" in out and "https://paste.example:8443/…" in out


def test_records_from_any_logger_are_masked_tracebacks_too(caplog):
    logmask.install()
    try:
        with caplog.at_level(logging.INFO):
            logging.getLogger("mitmproxy.proxy.server").info("trailers %r", {b"x-sig": AKID.encode()})
            try:
                raise ValueError(f"bad header b'{AKID}'")
            except ValueError:
                logging.getLogger("elsewhere").error("crashed", exc_info=True)
    finally:
        logmask.uninstall()
    assert AKID not in caplog.text and "bytes withheld" in caplog.text and "crashed" in caplog.text


def test_flow_line_keeps_the_shape_not_the_values():
    f = tflow.tflow(resp=True)
    f.request.url = f"https://api.telegram.org/bot123456:{AKID}xyz/sendMessage?chat_id=5&text=hi"
    line = logmask.flow_line(f)
    assert AKID not in line and "/…/sendMessage?chat_id=…&text=…" in line and "-> 200" in line


def test_only_mitmweb_s_own_login_line_passes_unmasked(caplog):
    """`exitguard up --web` must show the operator mitmweb's login URL; nothing that merely looks like it does."""
    login = "Web server listening at http://127.0.0.1:8081/?token=0123456789abcdef0123456789abcdef"
    logmask.install()
    try:
        with caplog.at_level(logging.INFO):
            logging.getLogger(logmask.WEB_LOGIN_LOGGER).info(login)
            logging.getLogger("mitmproxy.proxy.server").info(login.replace("token=", f"k={AKID}&token="))  # masked
            logging.getLogger(logmask.WEB_LOGIN_LOGGER).info("Web server listening at %s", f"http://h/?k={AKID}")
    finally:
        logmask.uninstall()
    assert caplog.records[0].getMessage() == login
    assert AKID not in caplog.text and "token=0123" in caplog.records[0].getMessage()
    assert "token=0123" not in caplog.records[1].getMessage()


def test_a_message_too_long_to_scan_whole_is_cut_and_what_is_kept_is_scanned(rt):
    """ends14: past MAX_SCANNED_CHARS the first 200 characters were kept unscanned, a key among them included."""
    text = f"Received invalid content-length header: '{AKID} " + "x " * 15_000 + f"{AKID}' from client"
    out = logmask.mask_text(text)
    assert AKID not in out and "[aws-access-key-id]" in out and out.endswith("chars withheld: too long to check>")
    assert len(out) <= logmask.MAX_SCANNED_CHARS + 100


@pytest.mark.parametrize("message", [
    f"unexpected HTTP transfer-encoding {chr(0x85) + AKID!r} for HTTP/1.0",
    f"multiple content-length headers: {[chr(0x1) + AKID, '1']!r}",
    f"Lowercased {repr(b'X-' + bytes([0xff]) + AKID.encode()).lstrip('b')} header as uppercase is not allowed",
])
def test_a_key_behind_an_escape_in_a_str_repr_is_withheld(rt, message):
    """attack15: byte reprs were withheld whole, a str repr (mitmproxy's header values, h2's header names with
    the `b` stripped) was scanned as written, where `\\x85AKIA...` reads `x85AKIA...`: no key."""
    out = logmask.mask_text(message)
    assert AKID not in out and AKID[4:-4] not in out, out


def test_a_client_hello_mitmproxy_logs_as_hex_is_withheld_when_it_holds_a_key(rt):
    """attack15: "Cannot parse ClientHello: <hex of every byte>" carried the agent's key as hex."""
    hello = (b"\x16\x03\x01\x00\x50\x01\x00\x00\x4c\xff" + AKID.encode()).hex()
    assert logmask.mask_text(f"Client TLS handshake failed. Cannot parse ClientHello: {hello}") == logmask.HIDDEN
    assert logmask.mask_text(f"Cannot parse ClientHello: {hello[1:]}") == logmask.HIDDEN  # the other alignment


@pytest.mark.parametrize("value", [base64.b64encode(AKID.encode()).decode(), base64.b32encode(AKID.encode()).decode(),
                                   AKID.encode("utf-16-le").decode("latin-1")], ids=["base64", "base32", "utf-16"])
def test_a_key_encoded_as_the_guard_reads_it_in_a_body_is_withheld(rt, value):
    """attack16: mitmproxy quotes a header value it refuses as a str repr: base64 / base32 of a key, or the key as
    UTF-16 (a NUL after each letter), went to the log as written."""
    out = logmask.mask_text(f"Received invalid content-length header: {value!r} from client")
    assert out == logmask.HIDDEN, out
    ordinary = base64.b64encode(b"an ordinary request id 42").decode()
    assert ordinary in logmask.mask_text(f"Received invalid content-length header: {ordinary!r} from client")


def test_a_lower_cased_key_in_a_name_mitmproxy_quotes_is_masked(rt):
    """attack26: mitmproxy logs the client's TLS server name ("The client does not trust the proxy's certificate for
    akia....example"); a lower-cased AWS key id is no value to the engine as written, and names are read upper-cased
    too everywhere else exitguard writes one (attack10). The log kept it raw."""
    name = f"{AKID.lower()}.unlisted.example"
    out = logmask.mask_text(f"Client TLS handshake failed. The client does not trust the proxy's certificate for "
                            f"{name} (tlsv1 alert unknown ca)")
    assert AKID.lower() not in out and ".unlisted.example (tlsv1 alert unknown ca)" in out, out
    plain = "Client TLS handshake failed. The client does not trust the proxy's certificate for api.openai.com"
    assert logmask.mask_text(plain) == plain
    # a name of one label (no dot): the same line, and a CONNECT target as mitmproxy writes it
    for line in (f"The client does not trust the proxy's certificate for {AKID.lower()} (tlsv1 alert unknown ca)",
                 f"server connect {AKID.lower()}:443", f"{AKID.lower()}"):
        assert AKID.lower() not in logmask.mask_text(line), line
