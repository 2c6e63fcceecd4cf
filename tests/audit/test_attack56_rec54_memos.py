"""attack56: rec54's recording memos (a clean keep-alive connection pair, short clean header fields kept as they are,
inline scalars in ``outside.safe_record``), attacked with a value that must be masked where a clean one was seen:
a connection whose state changes between two flows (SNI, ALPN, a client certificate, an upstream address, an
error), HTTP/2 streams on one connection pair, a header value clean under one name sent under a credential-like name,
and metadata scalars that are subclasses. Every case reads the record's bytes (``Recorder.serialize``), the index
record and the live flow (never changed)."""

from __future__ import annotations

import enum
import json

import pytest
from mitmproxy import certs
from mitmproxy.test import tflow

from addons.audit import audit, flowstate, scrub
from addons.audit.recorder import Recorder
from addons.core import outside
from tests.audit.test_rec54_hook_memos import next_flow

KEY = "AKIA" + "QYLPMN5HHHFPZAM2"  # an AWS key id shape the default rules find
PASSWORD = "Xq7#vR2p!Lm9wZ4t"  # found only after a key that names a credential


def recorded(flow, rt) -> tuple[bytes, str]:
    scanner = outside.Remembering(rt.inspector)
    kept = scrub.record_copy(flow, rt, scanner)
    index = audit.flow_record(kept, rt, (0, 0), scanner)
    return Recorder.serialize(kept), json.dumps(index)


def assert_not_kept(data: tuple[bytes, str], *values: str) -> None:
    raw, index = data
    for value in values:
        for spelling in {value, value.lower(), value.upper()}:
            assert spelling.encode() not in raw and spelling not in index, spelling


def warmed(rt):
    """A flow whose connection pair and header fields are in the memos (two flows recorded clean)."""
    flow = tflow.tflow(resp=True)
    for _ in range(2):
        recorded(next_flow(flow), rt)
    assert (flow.client_conn.id, flow.server_conn.id) in scrub._CLEAN_CONNECTIONS
    return flow


@pytest.mark.parametrize("change", ["client sni", "server sni", "alpn", "alpn offer", "server address",
                                    "client error", "server error", "replaced alpn offers"])
def test_a_connection_changed_between_two_flows_is_masked_again(rt, change):
    flow = warmed(rt)
    if change == "client sni":
        flow.client_conn.sni = f"{KEY.lower()}.example"
    elif change == "server sni":
        flow.server_conn.sni = f"{KEY}.example"
    elif change == "alpn":
        flow.server_conn.alpn = KEY.encode()
    elif change == "alpn offer":
        flow.client_conn.alpn_offers.append(KEY.encode())
    elif change == "replaced alpn offers":
        flow.client_conn.alpn_offers = [KEY.encode()]
    elif change == "server address":
        vars(flow.server_conn)["address"] = (f"{KEY.lower()}.example", 443)
    elif change == "client error":
        flow.client_conn.error = f"TLS handshake with {KEY} failed"
    else:
        flow.server_conn.error = f"connect to {KEY}.example failed"
    data = recorded(next_flow(flow), rt)
    assert_not_kept(data, KEY)
    entry = scrub._CLEAN_CONNECTIONS.get((flow.client_conn.id, flow.server_conn.id))
    assert entry is None or entry[1:] != (flowstate.field_values(flow.client_conn),
                                          flowstate.field_values(flow.server_conn)), "a pair with a value was kept"


def test_a_client_certificate_presented_later_is_judged(rt, tmp_path):
    """mTLS after the first flows (a renegotiation, a new certificate list on the same objects): a certificate whose
    subject holds a key is left out of the record, not passed with the pair."""
    ca = certs.CertStore.from_store(tmp_path, "mitmproxy", 2048)
    cert = ca.get_cert(f"{KEY.lower()}.example", [], organization=KEY).cert
    flow = warmed(rt)
    flow.client_conn.certificate_list.append(cert)  # in place
    data = recorded(next_flow(flow), rt)
    assert_not_kept(data, KEY)
    assert cert.to_pem() not in data[0]
    assert flow.client_conn.certificate_list == [cert]  # the live connection is never changed


def test_many_streams_of_one_connection_pair_each_masked(rt):
    """HTTP/2: many flows share the pair; a value in one stream's head is masked whatever the others were."""
    flow = warmed(rt)
    for i in range(5):
        f = next_flow(flow)
        f.request.path = f"/v1/{i}"
        if i == 3:
            f.request.headers["x-trace"] = KEY
            f.request.path = f"/v1/{KEY}"
        assert_not_kept(recorded(f, rt), KEY)


def test_a_header_value_clean_under_one_name_is_masked_under_a_credential_name(rt):
    """The memo is keyed by the whole field: a value seen clean as `x-note` is masked under `x-password`."""
    flow = tflow.tflow(resp=True)
    flow.request.headers["x-note"] = PASSWORD
    for _ in range(2):
        recorded(next_flow(flow), rt)
    f = next_flow(flow)
    f.request.headers["x-password"] = PASSWORD
    del f.request.headers["x-note"]
    assert_not_kept(recorded(f, rt), PASSWORD)


class Level(enum.IntEnum):
    HIGH = 1


class Tagged(str):
    def __str__(self) -> str:
        return "tagged"


def test_metadata_scalars_that_are_subclasses_are_scanned(rt):
    flow = warmed(rt)
    f = next_flow(flow)
    f.metadata["attack56"] = {"level": Level.HIGH, "note": Tagged(f"key {KEY}"), "flag": True,
                              "items": [Tagged(KEY), 7, 1.5]}
    assert_not_kept(recorded(f, rt), KEY)
    g = next_flow(flow)
    g.metadata["attack56"] = {"level": Level.HIGH, "note": f"key {KEY}"}
    assert_not_kept(recorded(g, rt), KEY)
