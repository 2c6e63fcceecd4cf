"""wire41: a value the policy lets through to the client (the default policy: ``response: pii: allow``) leaves from the
answer's response copy (core/wire.py); the live flow, which mitmweb shows and saves and the recorder reads, holds it
masked, as the record masks it, and the record notes it passed. Values found in the answer's head or trailers (the
stream addon's scan) the same way. Without compat's seam the answer leaves masked: never shown. WebSocket messages the
same way since wire42 (tests/stream/test_wire42_messages_shown_masked.py)."""

from __future__ import annotations

import json

import pytest
from mitmproxy.test import taddons

from addons.audit import scrub
from addons.core import metakeys, runtime, wire
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from addons.stream.streaming import Streaming
from tests import fakes
from tests.flows import to_the_client
from tests.guard.support import OPENAI, Upstream, exchange, json_response, request_flow

EMAIL = "dana.whitfield@northwind-traders.com"
PHONE = "+1 (415) 555-0134"
AKID = fakes.aws_key_id(4101)  # a secret: masked in answers by the default policy


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> dict[str, runtime.Runtime]:
    """The default policy and rules, in both modes."""
    folder = tmp_path_factory.mktemp("wire41")
    return {mode: runtime.build(None, [str(runtime.DEFAULT_RULES_DIR)], folder / "fingerprint.key", mode=mode)
            for mode in ("enforce", "report")}


@pytest.fixture
def chain(shipped):
    runtime.install(shipped["enforce"])
    try:
        with taddons.context(HostPolicy(), Guard(), Streaming()) as tctx:
            yield tctx
    finally:
        runtime.install(None)


def reply_with(text: str, **headers: str):
    reply = json_response({"id": "chatcmpl-41", "choices": [{"message": {"role": "assistant", "content": text}}]})
    for name, value in headers.items():
        reply.headers[name.replace("_", "-")] = value
    return reply


def shown(response) -> str:
    """Every part of an answer mitmweb shows."""
    fields = json.dumps([[k, v] for k, v in response.headers.items(multi=True)])
    trailers = json.dumps(list(response.trailers.items(multi=True))) if response.trailers else ""
    return f"{response.reason} {fields} {trailers} {response.get_text()}"


async def answered(chain, reply) -> tuple:
    flow = request_flow(*OPENAI, json.dumps({"model": "m", "messages": [{"role": "user", "content": "hi"}]}).encode())
    await exchange(chain, flow, Upstream(reply))
    return flow, to_the_client(flow)


async def test_an_allowed_email_and_phone_reach_the_client_and_the_live_flow_shows_them_masked(chain):
    reply = reply_with(f"write to {EMAIL} or call {PHONE}")
    flow, sent = await answered(chain, reply)
    assert sent.raw_content == reply.raw_content  # byte for byte: the policy allows them
    assert sent.headers["content-length"] == str(len(reply.raw_content))
    assert EMAIL not in shown(flow.response) and PHONE not in shown(flow.response)
    assert "[MASKED:email-address:" in flow.response.get_text() and "[MASKED:phone" in flow.response.get_text()
    assert flow.response.headers["content-length"] == str(len(flow.response.raw_content))
    assert flow.metadata[metakeys.SHOWN_MASKED] == ["response"]
    record = scrub.record_copy(flow, runtime.get())
    assert EMAIL not in shown(record.response) and PHONE not in shown(record.response)
    assert "[MASKED:email-address:" in record.response.get_text()  # the body kept, masked
    assert not any("not kept" in c["reason"] for c in record.metadata[metakeys.COVERAGE])
    passed = [f for f in record.metadata[metakeys.FINDINGS] if f["direction"] == "response"]
    assert passed and {f["action"] for f in passed} == {"allow"}  # noted as passed to the client
    assert EMAIL not in json.dumps(flow.metadata) and EMAIL not in (flow.comment or "")


async def test_a_masked_secret_is_masked_in_both_and_the_allowed_value_only_in_the_live_flow(chain):
    flow, sent = await answered(chain, reply_with(f"key {AKID}, mail {EMAIL}"))
    assert AKID not in sent.get_text() and EMAIL in sent.get_text()
    assert AKID not in shown(flow.response) and EMAIL not in shown(flow.response)


async def test_values_in_the_answers_head_leave_from_the_copy_and_are_shown_masked(chain):
    flow, sent = await answered(chain, reply_with(f"mail {EMAIL}", x_contact=EMAIL, x_upstream_key=AKID))
    assert sent.headers["x-contact"] == EMAIL and EMAIL in sent.get_text()
    assert AKID not in sent.headers["x-upstream-key"]  # masked by the policy, on the copy too
    assert EMAIL not in shown(flow.response) and AKID not in shown(flow.response)
    assert "[MASKED:email-address:" in flow.response.headers["x-contact"]


async def test_a_secret_in_the_head_of_an_answer_whose_body_passed_a_value_is_masked_on_the_copy(chain):
    flow, sent = await answered(chain, reply_with(f"mail {EMAIL}", x_upstream_key=AKID))
    assert AKID not in bytes(sent.headers).decode() and EMAIL in sent.get_text()
    assert AKID not in shown(flow.response) and EMAIL not in shown(flow.response)


async def test_an_allowed_value_in_the_head_alone_goes_on_a_copy(chain):
    flow, sent = await answered(chain, reply_with("nothing here", x_contact=EMAIL))
    assert sent.headers["x-contact"] == EMAIL and wire.registered_response(flow) is not None
    assert EMAIL not in shown(flow.response)


async def test_report_mode_sends_the_answer_as_it_came_and_shows_it_masked(chain, shipped):
    runtime.install(shipped["report"])
    reply = reply_with(f"key {AKID}, mail {EMAIL}", x_upstream_key=AKID)
    flow, sent = await answered(chain, reply)
    assert sent.raw_content == reply.raw_content and sent.headers["x-upstream-key"] == AKID
    assert AKID not in shown(flow.response) and EMAIL not in shown(flow.response)


async def test_without_the_seam_the_answer_leaves_masked_and_is_never_shown(chain, monkeypatch):
    monkeypatch.setattr(wire, "_seam", [])
    flow, sent = await answered(chain, reply_with(f"write to {EMAIL}", x_contact=EMAIL))
    assert sent is flow.response and wire.registered_response(flow) is None  # what leaves is the live answer
    assert flow.response.status_code == 200 and EMAIL not in shown(flow.response)
    assert "[MASKED:email-address:" in flow.response.get_text()
    assert flow.metadata[metakeys.DECISION] == "mask"


async def test_an_allowed_value_in_a_websocket_message_from_the_server_is_shown_masked(shipped):
    """wire42 (was a strict xfail of wire41): the message leaves from its copy, the live message shows it masked."""
    from mitmproxy import websocket

    from addons.audit.console_head import CoverMessage
    from addons.core import compat
    from tests.stream.test_attack_split_records import websocket_flow

    compat.install()
    runtime.install(shipped["enforce"])
    try:
        addons = (Streaming(), CoverMessage())
        with taddons.context(*addons):
            f = websocket_flow()
            sent = []
            for content in (f"write to {EMAIL}", " and thanks, bye now."):
                text = json.dumps({"content": content}).encode()
                message = websocket.WebSocketMessage(websocket.Opcode.TEXT, False, text)
                f.websocket.messages.append(message)
                for addon in addons:
                    await addon.websocket_message(f)
                copy = wire.take_message(message)  # as compat's relay wrap takes it
                sent.append(message.text if copy is None else copy.content.decode())
            texts = [m.text for m in f.websocket.messages if not m.dropped]
            assert EMAIL not in "".join(texts)  # what mitmweb shows of them
            assert EMAIL in "".join(json.loads(s)["content"] for s in sent)  # what the client got
    finally:
        runtime.install(None)
