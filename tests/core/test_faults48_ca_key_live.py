"""faults48/faults49 (EVASION.md section 5, "the CA key removed or made unreadable while running"), through a real
mitmdump with the bundle. mitmproxy keeps its CA in memory, so a running proxy goes on serving with it; a restart with
a key that cannot be read (a file that is not a key; a directory at its name, which root cannot read either: root
ignores a mode of 000) is refused, naming the file. A restart with the key removed: mitmproxy makes a NEW CA in
silence before the bundle loads; the bundle compares it with the record of the CA it served with
(core/ca_record.py) and refuses to start, naming the key file and the record (faults49). A first start makes and
records its CA quietly; removing the record takes the new CA on purpose (clients trusting the old one then fail,
closed)."""

from __future__ import annotations

import ssl
import time

import pytest

from tests.hostile import live_support as L
from tests.live import harness

pytestmark = pytest.mark.live


def served_trusting(proxy: harness.Proxy, ca_pem: bytes, tmp_path) -> int | None:
    """A request through the proxy by a client that trusts ``ca_pem`` (the CA it was given at install)."""
    trusted = tmp_path / "client-trusts.pem"
    trusted.write_bytes(ca_pem)
    s, head = L.connect(proxy, "api.openai.com:443")
    assert b" 200 " in head.split(b"\r\n", 1)[0], head
    t = ssl.create_default_context(cafile=str(trusted)).wrap_socket(s, server_hostname="api.openai.com")
    t.sendall(L.chat_request("hello"))
    answer = L.read_all(t, wait=20)
    t.close()
    return L.status_of(answer)


def test_a_running_proxy_keeps_its_ca_when_the_key_is_removed(tmp_path, proxy_factory, upstream):
    proxy = proxy_factory()
    ca = proxy.ca.read_bytes()
    # Served once first: mitmproxy's TlsConfig loads the CA again at its `running` event, a moment after the
    # "listening" line (a key removed before that is a restart's case: a new CA).
    assert served_trusting(proxy, ca, tmp_path) == 200
    (proxy.confdir / "mitmproxy-ca.pem").unlink()
    assert served_trusting(proxy, ca, tmp_path) == 200  # leaf certificates still come from the CA in memory
    assert not (proxy.confdir / "mitmproxy-ca.pem").exists()  # and nothing made a new one


RECORD = "exitguard-ca-seen.sha256"


def test_a_first_start_records_its_ca_quietly_and_a_restart_with_it_is_served(tmp_path, proxy_factory, upstream):
    proxy = proxy_factory()
    record = proxy.confdir / RECORD
    assert record.is_file() and "refus" not in proxy.log.lower(), proxy.log[-2000:]
    kept = record.read_bytes()
    ca = proxy.ca.read_bytes()
    proxy.stop()
    again = proxy_factory()  # the same key: served as before
    assert served_trusting(again, ca, tmp_path) == 200
    assert record.read_bytes() == kept


def test_a_restart_without_the_key_is_refused_or_says_a_new_ca_was_made(tmp_path, proxy_factory, upstream):
    proxy = proxy_factory()
    key = proxy.confdir / "mitmproxy-ca.pem"
    ca, key_pem = proxy.ca.read_bytes(), key.read_bytes()
    proxy.stop()
    key.unlink()
    for _ in range(2):  # refused, and refused again: the new CA mitmproxy made meanwhile is not taken in silence
        refused = proxy_factory(startup_timeout=60)
        # The bundle's configure refuses; mitmproxy's errorcheck ends the process once its listeners are up.
        assert refused.proc.wait(timeout=60) == 1
        deadline = time.monotonic() + 10  # the harness's reader takes the last lines in its own time
        while "exiting" not in refused.log and time.monotonic() < deadline:
            time.sleep(0.1)
        said = refused.log
        assert str(key) in said and RECORD in said and "Error logged during startup, exiting" in said, said[-2000:]
    key.write_bytes(key_pem)  # the previous key back: served, to clients that trust its CA
    assert served_trusting(proxy_factory(), ca, tmp_path) == 200


def test_a_new_ca_taken_on_purpose_fails_clients_trusting_the_old_one_closed(tmp_path, proxy_factory, upstream):
    proxy = proxy_factory()
    ca = proxy.ca.read_bytes()
    proxy.stop()
    (proxy.confdir / "mitmproxy-ca.pem").unlink()
    (proxy.confdir / RECORD).unlink()  # what the refusal says to do for a new CA
    again = proxy_factory()
    assert again.ca.read_bytes() != ca  # a new CA was made, and recorded
    assert (again.confdir / RECORD).is_file()
    sent = len(upstream.received)
    with pytest.raises(ssl.SSLCertVerificationError):
        served_trusting(again, ca, tmp_path)
    assert len(upstream.received) == sent  # closed: nothing went out


@pytest.mark.parametrize("unreadable", ["not a key", "a directory"])
def test_a_restart_with_an_unreadable_key_is_refused_naming_it(tmp_path, proxy_factory, upstream, unreadable):
    proxy = proxy_factory()
    proxy.stop()
    key = proxy.confdir / "mitmproxy-ca.pem"
    key.unlink()
    if unreadable == "a directory":
        key.mkdir()
    else:
        key.write_bytes(b"-----BEGIN PRIVATE KEY-----\nnot a key\n")
        key.chmod(0o600)
    with pytest.raises(RuntimeError) as e:
        proxy_factory(startup_timeout=60)
    said = str(e.value)
    assert "mitmproxy-ca.pem" in said or "Unable to load PEM file" in said, said[-2000:]
    assert "Error logged during startup, exiting" in said
