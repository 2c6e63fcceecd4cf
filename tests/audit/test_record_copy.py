"""The recorded copy is built without ``flow.copy()`` and serialized without FlowWriter (both for speed): the
bytes and the index record must be exactly what the slow path gave, and the live flow must not change."""

from __future__ import annotations

import copy
import json
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mitmproxy import certs, http, io
from mitmproxy.io import tnetstring
from mitmproxy.test import tflow

from addons.audit import audit, flowstate, scrub, tnet
from addons.audit.recorder import Recorder
from addons.core import credential_headers, metakeys, outside
from tests.audit import fakes


def reference_copy(flow, rt):
    """What record_copy did before: mitmproxy's full copy, then the same scrub."""
    c = flow.copy()
    c.id = flow.id
    c._backup = None
    c.metadata = scrub.plain(c.metadata)
    return scrub.scrubbed(c, rt)


def writer_bytes(flow) -> bytes:
    buf = BytesIO()
    io.FlowWriter(buf).add(flow)
    return buf.getvalue()


def secret_flow():
    token, key, mail, other = fakes.github_token(), fakes.aws_key_id(), fakes.email(), fakes.github_token()
    f = tflow.tflow(resp=True)
    f.request.host = "api.openai.com"
    f.request.method = "POST"
    f.request.path = f"/v1/chat/completions?key={key}&user={mail}"
    f.request.headers["authorization"] = f"Bearer {token}"
    f.request.headers["x-trace"] = other
    f.request.headers["content-type"] = "application/json"
    f.request.content = json.dumps({"model": "gpt-4o", "messages": [
        {"role": "user", "content": f"my key is {key} and my token {token}, mail {mail}"}]}).encode()
    f.response.headers["content-type"] = "application/json"
    f.response.headers["set-cookie"] = f"session={other}"
    f.response.content = json.dumps({"choices": [{"message": {"content": f"write to {mail}"}}]}).encode()
    f.metadata.update({metakeys.HOST_CLASS: "guarded", metakeys.DECISION: "mask", metakeys.MODEL: "gpt-4o",
                       "proxyauth": ("alice", "hunter2-password"), metakeys.INJECTED: [{"header": "x-vendor-key",
                                                                                         "name": "vendor"}],
                       metakeys.COVERAGE: [{"direction": "request", "status": "scanned", "reason": "1 field(s)"}],
                       metakeys.FINDINGS: [{"rule": "github-pat-classic", "direction": "request",
                                            "location": "$.messages[0].content", "start": 30, "length": 40,
                                            "fingerprint": "0123456789abcdef", "action": "mask"}],
                       "note": {"set": {mail}, "tuple": (1, 2.5, None)}})
    f.request.headers["x-vendor-key"] = other
    f.comment = f"seen {token}"
    f.backup()
    f.request.headers["x-edited"] = "after the backup"
    return f, (token, key, mail, other)


def websocket_flow():
    f = tflow.twebsocketflow()
    f.websocket.messages[0].content = f"token {fakes.github_token()}".encode()
    return f


FLOWS = {
    "secrets in headers, body, query and response": lambda: secret_flow()[0],
    "error": lambda: tflow.tflow(err=True),
    "websocket": websocket_flow,
}


@pytest.mark.parametrize("make", FLOWS.values(), ids=FLOWS.keys())
def test_the_record_is_the_same_as_with_flow_copy_and_flow_writer(rt, make):
    flow = make()
    live_before = flow.get_state()
    sizes = (len(flow.request.raw_content or b""), len(flow.response.raw_content or b"") if flow.response else 0)
    scanner = outside.Remembering(rt.inspector)  # as the hook scans: one result per text of the record
    fast = scrub.record_copy(flow, rt, scanner)
    slow = reference_copy(flow, rt)
    assert Recorder.serialize(fast) == writer_bytes(slow)
    assert audit.flow_record(fast, rt, sizes, scanner) == audit.flow_record(slow, rt, sizes)
    assert fast.id == flow.id and not fast.live and fast._backup is None
    assert flow.get_state() == live_before  # the live flow kept everything, the raw values too


def test_a_value_in_the_metadata_and_the_index_is_masked_in_both_with_one_scan(rt):
    """The hook's scanner remembers each text's result for the record: a secret that comes in the copy's
    metadata and again in the index record (identity, model, reason) is masked in both."""
    flow, values = secret_flow()
    token, key = values[0], values[1]
    flow.metadata.update({metakeys.IDENTITY: token, metakeys.MODEL: key, metakeys.REASON: f"saw {token}"})
    scanner = outside.Remembering(rt.inspector)
    copy = scrub.record_copy(flow, rt, scanner)
    record = json.dumps(audit.flow_record(copy, rt, (1, 2), scanner))
    data = Recorder.serialize(copy)
    for value in (token, key):
        assert value not in record and value.encode() not in data
    assert json.loads(record)["identity"].startswith("[MASKED:")


def test_no_raw_value_reaches_the_fast_record(rt):
    flow, values = secret_flow()
    data = Recorder.serialize(scrub.record_copy(flow, rt))
    for value in (*values, "hunter2-password"):
        assert value.encode() not in data
    assert b"after the backup" in data and b"hunter2" not in data  # the backup (raw original) is not written


@pytest.mark.parametrize("value", [
    None, True, False, 0, -7, 10**40, 1.5, float("inf"), -0.0, b"", b"a:b,}", "", "é€;", [], (), {},
    {"z": [1, (2, "x"), {b"k": None}], "a": {"nested": [True, 3.25]}}, [[[]]], {"": {"": ""}},
    ((b"host", b"x"), (b"", b"")), [(b"a", "b")], (b"a", b"b", b"c"), {"h": (b"k", b"v")}, [(b"k", b"v", )],
])
def test_tnet_writes_what_mitmproxy_writes(value):
    assert tnet.dumps(value) == tnetstring.dumps(value)


_TNET_LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.binary() \
    | st.tuples(st.binary(), st.binary())
_TNET_VALUES = st.recursive(_TNET_LEAVES, lambda inner: st.lists(inner, max_size=4)
                            | st.lists(inner, max_size=4).map(tuple)
                            | st.dictionaries(st.text(max_size=5) | st.binary(max_size=5), inner, max_size=4),
                            max_leaves=20)


@given(_TNET_VALUES)
def test_tnet_writes_what_mitmproxy_writes_for_any_plain_value(value):
    assert tnet.dumps(value) == tnetstring.dumps(value)


def test_tnet_hands_other_types_to_mitmproxy():
    class Count(int):
        pass

    assert tnet.dumps({"n": Count(4)}) == tnetstring.dumps({"n": Count(4)})
    with pytest.raises(ValueError):
        tnet.dumps({"x": object()})


def _connections():
    client, server = tflow.tclient_conn(), tflow.tserver_conn()
    _, ca = certs.create_ca("exitguard test", "exitguard test CA", 2048)
    server.certificate_list = [certs.Cert(ca)]
    client.mitmcert = server.certificate_list[0]
    return client, server


@pytest.mark.parametrize("which", [0, 1], ids=["client", "server"])
def test_connection_states_by_plan_are_mitmproxys(which):
    conn = _connections()[which]
    assert flowstate.connection_state(conn) == conn.get_state()
    conn.sni, conn.error, conn.timestamp_end = None, "gone", 1234.5  # optional fields set and unset
    assert flowstate.connection_state(conn) == conn.get_state()


def test_a_connection_encoding_is_reused_only_while_its_state_is_equal():
    flow = tflow.tflow(resp=True)
    flow.client_conn, flow.server_conn = _connections()
    first = Recorder.serialize(flow)
    assert first == tnetstring.dumps(flow.get_state())
    flow.server_conn.timestamp_end = flow.server_conn.timestamp_start + 1  # the connection closed meanwhile
    flow.client_conn.tls_version = "TLSv1.2"
    assert Recorder.serialize(flow) == tnetstring.dumps(flow.get_state()) != first


def test_a_connection_changed_in_place_is_encoded_again():
    """The kept encoding is compared by field values: a list changed in place, or a different certificate, is a
    changed state."""
    flow = tflow.tflow(resp=True)
    flow.client_conn, flow.server_conn = _connections()
    first = Recorder.serialize(flow)
    _, other_ca = certs.create_ca("exitguard other", "exitguard other CA", 2048)
    flow.server_conn.certificate_list.append(certs.Cert(other_ca))  # the same list object, one more item
    flow.client_conn.alpn_offers = [b"h2"]
    flow.client_conn.alpn_offers.append(b"http/1.1")
    second = Recorder.serialize(flow)
    assert second == tnetstring.dumps(flow.get_state()) != first
    flow.client_conn.mitmcert = certs.Cert(other_ca)
    assert Recorder.serialize(flow) == tnetstring.dumps(flow.get_state()) != second


def test_a_connection_state_mitmproxy_refuses_is_refused():
    flow = tflow.tflow(resp=True)
    flow.client_conn.sni = 5  # not a str: FlowWriter raises ValueError, so must the recorder
    with pytest.raises(ValueError):
        tnetstring.dumps(flow.get_state())
    with pytest.raises(ValueError):
        Recorder.serialize(flow)


def test_the_copy_has_its_own_headers_and_trailers(rt):
    flow = secret_flow()[0]
    token = fakes.github_token()
    flow.request.trailers = http.Headers([(b"x-checksum", token.encode())])
    flow.request.headers["proxy-authorization"] = "Basic YWxpY2U6aHVudGVyMg=="  # the scrub drops it in place
    live_before = flow.get_state()
    fast = scrub.record_copy(flow, rt)
    assert token not in fast.request.trailers["x-checksum"] and "proxy-authorization" not in fast.request.headers
    assert flow.get_state() == live_before and flow.request.trailers["x-checksum"] == token
    assert "proxy-authorization" in flow.request.headers
    assert Recorder.serialize(fast) == writer_bytes(reference_copy(flow, rt))


@pytest.mark.parametrize("part", ["flow", "request", "response", "request.data", "response.data", "request.headers"])
def test_the_fast_shallow_copy_is_copy_copy(part):
    """scrub._shallow stands for copy.copy on these classes: the same class and attributes, the same objects in them,
    and the copy's attribute dict its own."""
    flow = secret_flow()[0]
    obj = flow
    for name in part.split(".") if part != "flow" else ():
        obj = getattr(obj, name)
    assert type(obj) in scrub._PLAIN_COPY
    ours, theirs = scrub._shallow(obj), copy.copy(obj)
    assert type(ours) is type(theirs) and vars(ours).keys() == vars(theirs).keys()
    assert all(vars(ours)[k] is vars(theirs)[k] for k in vars(theirs))
    assert ours is not obj and vars(ours) is not vars(obj)


def test_a_subclass_is_copied_by_copy_copy():
    class Custom(http.Headers):
        def __copy__(self):
            return "custom"

    assert scrub._shallow(Custom()) == "custom"


def test_tnet_keeps_only_short_dict_keys_and_writes_what_mitmproxys_encoder_writes():
    # The key cache is filled by whatever dicts a record holds; a key a client chose can be long: not kept.
    long_key, short_key = "k" * (tnet.KEY_CHARS_KEPT + 1), "a-short-key"
    value = {long_key: "x", short_key: {"nested": None, "ü": b"\x00"}}
    for _ in range(2):  # the second time from the cache
        assert tnet.dumps(value) == tnetstring.dumps(value)
    assert short_key in tnet._KEYS and long_key not in tnet._KEYS


def test_credential_header_names_are_remembered_exactly_and_only_short_ones():
    # The memo answers as the pattern does, per exact name (any case is its own entry); a long name a client
    # chose is matched each time, never held.
    long_name = b"x-" + b"a" * 80 + b"-token"
    for name in (b"Authorization", b"authorization", b"X-My-Api-Key", b"content-type", b"x-tokenizer", long_name):
        for _ in range(2):  # the second time from the memo
            assert credential_headers.names_credential(name) == bool(
                scrub.CREDENTIAL_HEADER_RE.match(name.decode()))
    assert b"X-My-Api-Key" in credential_headers._CREDENTIAL_NAMES
    assert long_name not in credential_headers._CREDENTIAL_NAMES


# Metadata values equal under == (or with the same repr) whose encodings differ: a kept encoding must never stand in
# for any of them (flowstate keeps each metadata value's last encoding).
_EQUAL_BUT_NOT_THE_SAME = [1, True, 1.0, "1", b"1", [1], (1,), {"a": 1}, {"a": True}, {"a": 1.0}, [True], [1.0],
                           {"a": [1, 0]}, {"a": [True, False]}, {"a": (1, 0)}, -0.0, 0.0, 0, False, None, "", b""]


def test_a_metadata_value_that_compares_equal_to_the_last_is_encoded_as_itself():
    flow = tflow.tflow(resp=True)
    for _ in range(2):  # the second pass finds every value's encoding kept from the first
        for value in _EQUAL_BUT_NOT_THE_SAME:
            flow.metadata = {"exitguard.x": value, "other": "kept"}
            assert Recorder.serialize(flow) == tnetstring.dumps(flow.get_state()), value


def test_a_metadata_value_of_a_subclass_or_changed_in_place_is_encoded_again():
    class Text(str):
        pass

    class Count(int):  # written as str() gives it ("8"), with the repr of the value before
        __str__ = int.__repr__

        def __repr__(self) -> str:
            return "7"

    flow = tflow.tflow(resp=True)
    coverage = [{"direction": "request", "status": "scanned"}]
    flow.metadata = {metakeys.COVERAGE: coverage, "n": 7, "t": "same"}
    first = Recorder.serialize(flow)
    assert first == tnetstring.dumps(flow.get_state())
    coverage.append({"direction": "response", "status": "skipped"})  # the same list object, one more item
    coverage[0]["status"] = "stream_stopped"
    flow.metadata.update({"n": Count(8), "t": Text("other")})
    second = Recorder.serialize(flow)
    assert second == tnetstring.dumps(flow.get_state()) != first
    assert b"stream_stopped" in second and b"other" in second and b"1:8#" in second


def test_a_metadata_value_mitmproxy_refuses_is_refused_though_an_equal_one_was_kept():
    flow = tflow.tflow(resp=True)
    flow.metadata = {"x": [1, 2]}
    Recorder.serialize(flow)
    flow.metadata = {"x": {1, 2}}  # a set: FlowWriter raises ValueError
    with pytest.raises(ValueError):
        tnetstring.dumps(flow.get_state())
    with pytest.raises(ValueError):
        Recorder.serialize(flow)


@pytest.mark.slow  # ~0.8 s: 100 sequences of random metadata, each flow serialized twice
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(st.sampled_from(["a", "b", "exitguard.c"]), _TNET_VALUES, max_size=3), max_size=6))
def test_metadata_serialized_in_turn_is_what_mitmproxy_writes(metadatas):
    flow = tflow.tflow(resp=True)
    for metadata in metadatas:
        flow.metadata = metadata
        assert Recorder.serialize(flow) == tnetstring.dumps(flow.get_state())
