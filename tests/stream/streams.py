"""Real-shaped streamed answers (as the providers send them) and an independent client-side reader."""

from __future__ import annotations

import json


def _sse(obj, event: str | None = None) -> bytes:
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {json.dumps(obj, separators=(',', ':'))}\n\n".encode()


def openai_chat(fragments: list[str], tool_args: list[str] | None = None) -> bytes:
    base = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
            "system_fingerprint": "fp_1"}
    out = [_sse(dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "content": ""},
                                     "logprobs": None, "finish_reason": None}]))]
    for f in fragments:
        out.append(_sse(dict(base, choices=[{"index": 0, "delta": {"content": f}, "logprobs": None,
                                             "finish_reason": None}])))
    if tool_args is not None:
        out.append(_sse(dict(base, choices=[{"index": 0, "delta": {"tool_calls": [
            {"index": 0, "id": "call_1", "type": "function", "function": {"name": "save", "arguments": ""}}]},
            "logprobs": None, "finish_reason": None}])))
        for a in tool_args:
            out.append(_sse(dict(base, choices=[{"index": 0, "delta": {"tool_calls": [
                {"index": 0, "function": {"arguments": a}}]}, "logprobs": None, "finish_reason": None}])))
    reason = "tool_calls" if tool_args is not None else "stop"
    out.append(_sse(dict(base, choices=[{"index": 0, "delta": {}, "logprobs": None, "finish_reason": reason}])))
    out.append(b"data: [DONE]\n\n")
    return b"".join(out)


def anthropic(fragments: list[str], tool_json: list[str] | None = None) -> bytes:
    out = [_sse({"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant",
                                                      "model": "claude-sonnet-4-5", "content": [],
                                                      "stop_reason": None, "stop_sequence": None,
                                                      "usage": {"input_tokens": 5, "output_tokens": 1}}},
                "message_start"),
           _sse({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
                "content_block_start"),
           b"event: ping\ndata: {\"type\": \"ping\"}\n\n"]
    for f in fragments:
        out.append(_sse({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": f}},
                        "content_block_delta"))
    out.append(_sse({"type": "content_block_stop", "index": 0}, "content_block_stop"))
    if tool_json is not None:
        out.append(_sse({"type": "content_block_start", "index": 1, "content_block": {
            "type": "tool_use", "id": "toolu_1", "name": "save", "input": {}}}, "content_block_start"))
        for j in tool_json:
            out.append(_sse({"type": "content_block_delta", "index": 1,
                             "delta": {"type": "input_json_delta", "partial_json": j}}, "content_block_delta"))
        out.append(_sse({"type": "content_block_stop", "index": 1}, "content_block_stop"))
    out.append(_sse({"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                     "usage": {"output_tokens": 10}}, "message_delta"))
    out.append(_sse({"type": "message_stop"}, "message_stop"))
    return b"".join(out)


def responses(fragments: list[str]) -> bytes:
    seq = iter(range(1000))
    text = "".join(fragments)
    resp = {"id": "resp_1", "object": "response", "created_at": 1, "status": "in_progress", "model": "gpt-4o",
            "output": []}
    item = {"id": "msg_1", "type": "message", "status": "in_progress", "role": "assistant", "content": []}
    part_done = {"type": "output_text", "text": text, "annotations": []}
    item_done = dict(item, status="completed", content=[part_done])
    out = [_sse({"type": "response.created", "sequence_number": next(seq), "response": resp}, "response.created"),
           _sse({"type": "response.output_item.added", "sequence_number": next(seq), "output_index": 0,
                 "item": item}, "response.output_item.added"),
           _sse({"type": "response.content_part.added", "sequence_number": next(seq), "item_id": "msg_1",
                 "output_index": 0, "content_index": 0,
                 "part": {"type": "output_text", "text": "", "annotations": []}}, "response.content_part.added")]
    for f in fragments:
        out.append(_sse({"type": "response.output_text.delta", "sequence_number": next(seq), "item_id": "msg_1",
                         "output_index": 0, "content_index": 0, "delta": f, "logprobs": []},
                        "response.output_text.delta"))
    out += [_sse({"type": "response.output_text.done", "sequence_number": next(seq), "item_id": "msg_1",
                  "output_index": 0, "content_index": 0, "text": text, "logprobs": []}, "response.output_text.done"),
            _sse({"type": "response.content_part.done", "sequence_number": next(seq), "item_id": "msg_1",
                  "output_index": 0, "content_index": 0, "part": part_done}, "response.content_part.done"),
            _sse({"type": "response.output_item.done", "sequence_number": next(seq), "output_index": 0,
                  "item": item_done}, "response.output_item.done"),
            _sse({"type": "response.completed", "sequence_number": next(seq),
                  "response": dict(resp, status="completed", output=[item_done])}, "response.completed")]
    return b"".join(out)


def gemini(fragments: list[str]) -> bytes:
    out = []
    for i, f in enumerate(fragments):
        cand = {"content": {"parts": [{"text": f}], "role": "model"}, "index": 0}
        if i == len(fragments) - 1:
            cand["finishReason"] = "STOP"
        out.append(b"data: " + json.dumps({"candidates": [cand], "modelVersion": "gemini-2.0-flash"}).encode()
                   + b"\r\n\r\n")
    return b"".join(out)


def ollama(fragments: list[str]) -> bytes:
    lines = [json.dumps({"model": "llama3", "created_at": "t", "message": {"role": "assistant", "content": f},
                         "done": False}) for f in fragments]
    lines.append(json.dumps({"model": "llama3", "created_at": "t", "message": {"role": "assistant", "content": ""},
                             "done": True, "done_reason": "stop"}))
    return ("\n".join(lines) + "\n").encode()


# ---- client side: what an SDK would reassemble --------------------------------------------------------
def read_sse(body: bytes) -> list[tuple[str | None, str]]:
    events = []
    for block in body.replace(b"\r\n", b"\n").split(b"\n\n"):
        if not block.strip():
            continue
        name, data = None, []
        for line in block.decode().split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
        if data:
            events.append((name, "\n".join(data)))
    return events


def client_text(surface: str, body: bytes) -> dict[str, str]:
    """Per channel, the text a client reassembles from the stream."""
    out: dict[str, str] = {}

    def add(key, s):
        out[key] = out.get(key, "") + s

    if surface == "ollama":
        for line in body.decode().splitlines():
            if line.strip():
                add("text", json.loads(line).get("message", {}).get("content", ""))
        return out
    for _name, data in read_sse(body):
        if data == "[DONE]":
            continue
        obj = json.loads(data)
        if surface == "openai_chat":
            for c in obj.get("choices", []):
                d = c.get("delta", {})
                add("text", d.get("content") or "")
                for tc in d.get("tool_calls") or []:
                    add("args", tc.get("function", {}).get("arguments") or "")
        elif surface == "anthropic":
            if obj.get("type") == "content_block_delta":
                d = obj["delta"]
                add("text" if d["type"] == "text_delta" else "args", d.get("text") or d.get("partial_json") or "")
        elif surface == "openai_responses":
            if obj.get("type") == "response.output_text.delta":
                add("text", obj["delta"])
            elif obj.get("type") == "response.output_text.done":
                out["done"] = obj["text"]
            elif obj.get("type") == "response.completed":
                out["completed"] = obj["response"]["output"][0]["content"][0]["text"]
        elif surface == "gemini":
            for c in obj.get("candidates", []):
                for p in c["content"]["parts"]:
                    add("text", p.get("text", ""))
    return out


def run(masker, body: bytes, chunks: list[int] | None = None, size: int | None = None) -> bytes:
    """Feed body in pieces (explicit cut points or a fixed size), check fact 4, return what was sent."""
    if size is not None:
        cuts = list(range(size, len(body), size))
    else:
        cuts = sorted(set(c for c in (chunks or []) if 0 < c < len(body)))
    pieces, last = [], 0
    for c in [*cuts, len(body)]:
        pieces.append(body[last:c])
        last = c
    out = []
    for p in pieces:
        res = masker.feed(p)
        assert isinstance(res, list) and b"" not in res
        out.extend(res)
    res = masker.finish()
    assert b"" not in res
    out.extend(res)
    assert b"".join(out) == b"".join(masker.sent)
    return b"".join(out)


# ---- the blind-spot shapes (issue 13 item 7): every field a client could reassemble -------------------
def _chat_chunk(choice: dict) -> bytes:
    return _sse({"id": "chatcmpl-2", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
                 "choices": [dict({"index": 0, "finish_reason": None}, **choice)]})


def chat_logprobs(fragments: list[str]) -> bytes:
    """Content and its logprobs tokens (with `bytes` and two ranked alternatives) in every chunk."""
    out = []
    for f in fragments:
        tops = [{"token": f, "logprob": -0.1, "bytes": list(f.encode())},
                {"token": f.lower(), "logprob": -2.0, "bytes": list(f.lower().encode())}]
        out.append(_chat_chunk({"delta": {"content": f}, "logprobs": {"content": [
            {"token": f, "logprob": -0.1, "bytes": list(f.encode()), "top_logprobs": tops}]}}))
    out.append(_chat_chunk({"delta": {}, "finish_reason": "stop"}))
    return b"".join(out) + b"data: [DONE]\n\n"


def chat_legacy_function_call(fragments: list[str]) -> bytes:
    out = [_chat_chunk({"delta": {"role": "assistant", "function_call": {"name": "save", "arguments": ""}}})]
    out += [_chat_chunk({"delta": {"function_call": {"arguments": f}}}) for f in fragments]
    out.append(_chat_chunk({"delta": {}, "finish_reason": "function_call"}))
    return b"".join(out) + b"data: [DONE]\n\n"


def chat_audio_transcript(fragments: list[str]) -> bytes:
    out = [_chat_chunk({"delta": {"audio": {"id": "audio_1", "transcript": f}}}) for f in fragments]
    out.append(_chat_chunk({"delta": {}, "finish_reason": "stop"}))
    return b"".join(out) + b"data: [DONE]\n\n"


def chat_content_parts(fragments: list[str]) -> bytes:
    out = [_chat_chunk({"delta": {"content": [{"type": "text", "text": f}]}}) for f in fragments]
    out.append(_chat_chunk({"delta": {}, "finish_reason": "stop"}))
    return b"".join(out) + b"data: [DONE]\n\n"


def perplexity(fragments: list[str]) -> bytes:
    """Perplexity: each chunk has the delta and, in `message.content`, the whole text so far."""
    out, so_far = [], ""
    for f in fragments:
        so_far += f
        out.append(_chat_chunk({"delta": {"role": "assistant", "content": f},
                                "message": {"role": "assistant", "content": so_far}}))
    out.append(_chat_chunk({"delta": {}, "message": {"role": "assistant", "content": so_far},
                            "finish_reason": "stop"}))
    return b"".join(out) + b"data: [DONE]\n\n"


def responses_logprobs(fragments: list[str]) -> bytes:
    out = [_sse({"type": "response.output_text.delta", "sequence_number": i, "item_id": "msg_1",
                 "output_index": 0, "content_index": 0, "delta": f,
                 "logprobs": [{"token": f, "logprob": -0.1, "top_logprobs": []}]}, "response.output_text.delta")
           for i, f in enumerate(fragments)]
    return b"".join(out)


def anthropic_error_and_ping(fragments: list[str]) -> bytes:
    """The secret in the `message` of ping events, then an error event carrying one whole."""
    out = [_sse({"type": "ping", "message": f}, "ping") for f in fragments]
    out.append(_sse({"type": "error", "error": {"type": "overloaded_error", "message": "".join(fragments)}},
                    "error"))
    return b"".join(out)


def sse_lines(fragments: list[str], kind: str) -> bytes:
    """The secret in SSE comment / id / event lines, one fragment each, around harmless data."""
    line = {"comment": ": {}\n", "id": "id: {}\n", "event": "event: {}\n"}[kind]
    return b"".join((line.format(f) + 'data: {"ok": 1}\n\n').encode() for f in fragments)


def cohere_v2(fragments: list[str]) -> bytes:
    out = [_sse({"type": "message-start", "id": "c1", "delta": {"message": {"role": "assistant"}}},
                "message-start"),
           _sse({"type": "content-start", "index": 0, "delta": {"message": {"content": {"type": "text",
                                                                                          "text": ""}}}},
                "content-start")]
    out += [_sse({"type": "content-delta", "index": 0, "delta": {"message": {"content": {"text": f}}}},
                 "content-delta") for f in fragments]
    out += [_sse({"type": "content-end", "index": 0}, "content-end"),
            _sse({"type": "message-end", "delta": {"finish_reason": "COMPLETE"}}, "message-end")]
    return b"".join(out)


def ndjson_other(fragments: list[str]) -> bytes:
    """JSON lines of a provider that is not Ollama (an unknown shape)."""
    lines = [json.dumps({"kind": "chunk", "output": {"piece": f}}) for f in fragments]
    lines.append(json.dumps({"kind": "end"}))
    return ("\n".join(lines) + "\n").encode()


def plain_data(fragments: list[str]) -> bytes:
    """SSE whose data lines are not JSON."""
    return b"".join(f"data: {f}\n\n".encode() for f in fragments)


def reassemblable(body: bytes, ndjson: bool = False) -> list[str]:
    """Every text a client could put together from the stream: per JSON path (list indices dropped, and
    kept) the concatenation of its strings, token `bytes` decoded, SSE comment/id/event lines per kind,
    non-JSON data, and the raw body itself."""
    texts: dict[str, str] = {}

    def add(key, s):
        texts[key] = texts.get(key, "") + s

    def walk(node, path, flat):
        if isinstance(node, str):
            add("p:" + path, node)
            add("f:" + flat, node)
        elif isinstance(node, dict):
            if isinstance(node.get("bytes"), list):
                add("b:" + flat, bytes(node["bytes"]).decode("utf-8", "replace"))
            for k, v in node.items():
                walk(v, f"{path}.{k}", f"{flat}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]", f"{flat}[]")

    records = []
    if ndjson:
        records = [(None, line) for line in body.decode().splitlines() if line.strip()]
    else:
        for block in body.replace(b"\r\n", b"\n").split(b"\n\n"):
            data = []
            for line in block.decode().split("\n"):
                name, _, value = line.partition(":")
                value = value.removeprefix(" ")
                if name == "data":
                    data.append(value)
                elif name in ("", "id", "event") and line:
                    add("sse:" + (name or "comment"), value)
            if data:
                records.append((None, "\n".join(data)))
    for _, data in records:
        try:
            obj = json.loads(data)
        except ValueError:
            obj = None
        if isinstance(obj, (dict, list)):
            walk(obj, "", "")
        else:
            add("text", data)
    return [body.decode("utf-8", "replace"), *texts.values()]


def bedrock(fragments: list[str], wrapped: bool = True) -> bytes:
    """Bedrock event stream: InvokeModelWithResponseStream (Anthropic events, base64 in `bytes`) or
    ConverseStream (contentBlockDelta events as the payload)."""
    import base64

    from addons.formats import eventstream

    def message(event_type: str, event: dict) -> bytes:
        headers = [(":event-type", 7, event_type.encode()), (":content-type", 7, b"application/json"),
                   (":message-type", 7, b"event")]
        if wrapped:
            payload = {"bytes": base64.b64encode(json.dumps(event).encode()).decode(), "p": "abcdefgh"}
        else:
            payload = dict(event, p="abcdefghijk")
        return eventstream.encode(headers, json.dumps(payload).encode())

    if wrapped:
        events = [{"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}]
        events += [{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": f}}
                   for f in fragments]
        events += [{"type": "content_block_stop", "index": 0}, {"type": "message_stop"}]
        return b"".join(message("chunk", e) for e in events)
    out = [message("messageStart", {"role": "assistant"})]
    out += [message("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": f}}) for f in fragments]
    out += [message("contentBlockStop", {"contentBlockIndex": 0}), message("messageStop", {"stopReason": "end_turn"})]
    return b"".join(out)


def read_eventstream(body: bytes) -> list[dict]:
    """The events a Bedrock client decodes (base64 `bytes` unwrapped); an exception message as {"exception"}."""
    from addons.formats import eventstream

    out = []
    for m in eventstream.EventStreamParser().feed(body):
        if m.header(":message-type") == "exception":
            out.append({"exception": m.header(":exception-type"), **json.loads(m.payload)})
        else:
            out.append(json.loads(m.inner_json() or "null"))
    return out
