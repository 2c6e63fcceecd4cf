"""Attacks (attack4) on the stream hold-back with the password rules of the shipped pack, through the Streaming addon
in-process (shipped rules, default policy): WebSocket messages from the agent (what the upstream gets) and a
streamed answer (what the client gets, every byte the proxy wrote).

1. generic-password-letters starts at the password word since a227861 (`DB_` is outside the match): a key split
   anywhere over two messages or deltas, plain, JSON-escaped, with CRLF, in a JSON message's field, is masked.
2. The context-scored rules judge a value by the word after it too ("password: tavoreni characters" is a
   description, "as the password manager" names a program, "... your" is a negative word). The hold-back held a
   value until its regex match was complete, not until that word was: "DB_PASSWORD=tavoreni characters" went out
   whole, then "X" made the word "charactersX", the value a password, and the stream stopped with the value
   already upstream. A value is now held while the text of its line ends inside a word (detect/holdback.py)."""

from __future__ import annotations

import json

import pytest
from mitmproxy import websocket

from addons.audit import scrub
from addons.core import metakeys
from addons.stream import streaming
from addons.stream.streaming import Streaming
from tests.stream import streams as S
from tests.stream import support
from tests.stream.test_attack_split_records import websocket_flow
from tests.stream.test_streaming_addon import drive, sse_flow
from tests.sweeps import sampled

PASSWORD = "tavoreni"
# (text, the value of the whole text). Each text's value is found by the scan of the whole text.
KEYS = ["DB_PASSWORD=tavoreni\n", "export MYSQL_ROOT_PASSWORD=tavoreni\r\n", "smtp.pass: tavoreni ok",
        "WLAN-Passwort lautet tavoreni.", '{"db_password": "tavoreni"}', '{\\"app.db-pwd\\": \\"tavoreni\\"}',
        "x_pw=tavoreni;"]
# The first part alone is judged no password by the word at its end; the second part changes that word.
WORD_AFTER = [("DB_PASSWORD=tavoreni characters", "X and more.\n", PASSWORD),
              ("export SMTP_PASS=tavoreni pw", "ned it.\n", PASSWORD),
              ("use tavoreni as the password manager", "ial things.\n", PASSWORD),
              # (prose63: "as the password for your" names whose password it is, no negative word any more; a
              # hint is one, until it grows into a hinterland)
              ("use Lantern#Gale52 as the password hint", "erland.\n", "Lantern#Gale52"),
              ("use Lantern#Gale52 as the password reset", "tle it.\n", "Lantern#Gale52")]


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    with support.shipped_runtime(tmp_path_factory.mktemp("key")) as rt:
        yield rt


@pytest.fixture
def addon(rt):
    from mitmproxy.test import taddons

    a = Streaming()
    with taddons.context(a):
        yield a


async def websocket_messages(addon, parts: list[str], json_messages: bool = False, from_client: bool = True):
    f = websocket_flow()
    for part in parts:
        data = json.dumps({"type": "input_text.delta", "delta": part}) if json_messages else part
        f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, from_client, data.encode()))
        await addon.websocket_message(f)
        if f.error or f.websocket.messages[-1].dropped:
            break
    addon.websocket_end(f)
    return f


def forwarded(f) -> bytes:
    """Every byte the proxy sent on for the messages (dropped ones were not sent)."""
    return b"".join(m.content for m in f.websocket.messages if not m.dropped)


async def streamed_answer(addon, parts: list[str]):
    f = sse_flow()
    await addon.responseheaders(f)
    sent = drive(f.response.stream, S.openai_chat(parts), 7)
    await addon.response(f)
    return f, sent


def test_the_texts_hold_a_value_as_a_whole(rt):
    for text in KEYS:
        assert [text[x.start:x.end] for x in rt.scanner.scan(text)] == [PASSWORD], text
    for first, second, value in WORD_AFTER:
        assert not rt.scanner.scan(first), first  # the word at its end makes it no password
        assert [(first + second)[x.start:x.end] for x in rt.scanner.scan(first + second)] == [value]


@pytest.mark.sweep_sample(lambda text: sampled(text))
@pytest.mark.parametrize("text", KEYS)
async def test_a_key_split_anywhere_over_two_messages_is_masked(rt, addon, text):
    for cut in range(1, len(text)):
        for json_messages in (False, True):
            f = await websocket_messages(addon, [text[:cut], text[cut:], " and the rest. "], json_messages)
            assert PASSWORD.encode() not in forwarded(f), (cut, json_messages)
            assert not f.error, cut  # masked in time, not stopped
        f, sent = await streamed_answer(addon, [text[:cut], text[cut:], " and the rest. "])
        assert PASSWORD.encode() not in sent and b"[MASKED:generic-password-letters:" in sent, cut


@pytest.mark.parametrize(("first", "second", "value"), WORD_AFTER)
async def test_a_word_after_the_value_that_grows_into_another_does_not_release_it(rt, addon, first, second, value):
    for json_messages in (False, True):
        f = await websocket_messages(addon, [first, second, "and the rest. "], json_messages)
        assert value.encode() not in forwarded(f)
        assert metakeys.DECISION not in f.metadata or f.metadata[metakeys.DECISION] == "mask"
        record = scrub.record_copy(f, rt)
        assert all(value.encode() not in m.content for m in record.websocket.messages)


@pytest.mark.parametrize(("first", "second", "value"), [w for w in WORD_AFTER if "Lantern" not in w[2]])
async def test_a_word_after_the_value_does_not_release_it_in_an_answer(rt, addon, first, second, value):
    """generic-password-before-word is allowed in answers by the default policy: the others."""
    f, sent = await streamed_answer(addon, [first, second, "and the rest. "])
    assert value.encode() not in sent
    assert f.metadata[metakeys.DECISION] == "mask"
    assert value.encode() not in scrub.record_copy(f, rt).response.raw_content


@pytest.mark.slow  # streams thousands of deltas
async def test_prose_after_a_rejected_password_word_flows_without_reaching_the_cap(rt, addon, monkeypatch):
    """The hold lasts while the first word after the value is being written, not the rest of its line: an answer
    of 3,000 deltas that all end inside a word (" word") after "the password is incorrect" is not stopped.
    Without a CPU budget: ~64,000 chunks of 7 bytes fed at once are a flood by stream_cpu_budget's measure (100 us
    charged a chunk for mitmproxy's reading), which cut it at times; the budget has its own tests."""
    monkeypatch.setattr(streaming.CpuBudget, "of", classmethod(lambda cls, policy: None))
    f, sent = await streamed_answer(addon, ["the password is incorrect", *[" word"] * 3000, " end. "])
    assert f.metadata[metakeys.COVERAGE][-1]["status"] == "scanned", f.metadata[metakeys.COVERAGE]
    assert S.client_text("openai_chat", sent)["text"].endswith("word word end. ")


async def test_a_negative_word_far_after_the_password_word_that_grows_does_not_release_it(rt, addon):
    first = "use Lantern#Gale52 as the password" + " and then" * 16 + " your"
    f = await websocket_messages(addon, [first, "self.\n", "and the rest. "])
    assert b"Lantern#Gale52" not in forwarded(f)
