"""Where the output text is in each event of a streamed LLM answer, per API surface. Pure.

A *channel* is one piece of output that arrives in fragments over many events (the text of choice 0,
the arguments of tool call 1, the text of content block 2) and must be scanned as one string, since a
secret is split over events. `view(surface, obj, sse_event)` tells for one parsed JSON event:
- slots: the string fields that carry the next fragment of a channel (path into the object);
- ends: the channels that are complete once this event is processed (ALL = every open channel);
- walk: sub-objects holding complete values (not fragments) that must be scanned as they are
  (a Gemini functionCall, Anthropic's `message_start`, the Responses `.done` events that repeat the
  whole text). ROOT = the whole event.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

SURFACES = ("openai_chat", "openai_responses", "anthropic", "gemini", "ollama", "generic")
ALL = "*"
ROOT: tuple = ()


@dataclass(frozen=True, slots=True)
class Slot:
    channel: str  # names the channel in locations: "choices[0].content", "content[1].input_json"
    path: tuple  # keys / list indices from the event object to the string
    json: bool = False  # the channel's text is a JSON document (tool arguments): it must stay valid JSON


@dataclass(slots=True)
class View:
    slots: list[Slot] = field(default_factory=list)
    ends: list[str] = field(default_factory=list)  # channel names or channel-name prefixes ending in "." / ALL
    walk: list[tuple] = field(default_factory=list)


def surface_for(path: str, content_type: str) -> str:
    """Best guess from the request path; `sniff` refines "generic" from the first event."""
    p = path.split("?", 1)[0].lower()
    if "ndjson" in content_type.lower():
        return "ollama"
    if ":streamgeneratecontent" in p or ":generatecontent" in p:
        return "gemini"
    if p.endswith("/chat/completions") or p.endswith("/completions"):
        return "openai_chat"
    if p.endswith("/responses"):
        return "openai_responses"
    if p.endswith("/messages") or p.endswith("/complete"):
        return "anthropic"
    return "generic"


def sniff(obj) -> str:
    """The surface a JSON event looks like, for streams whose path told us nothing."""
    if not isinstance(obj, dict):
        return "generic"
    kind = obj.get("type")
    if isinstance(kind, str):
        if kind.startswith("response."):
            return "openai_responses"
        if kind in _ANTHROPIC_TYPES:
            return "anthropic"
    if isinstance(obj.get("choices"), list):
        return "openai_chat"
    if isinstance(obj.get("candidates"), list):
        return "gemini"
    if "done" in obj and (isinstance(obj.get("message"), dict) or isinstance(obj.get("response"), str)):
        return "ollama"
    return "generic"


def view(surface: str, obj, sse_event: str | None = None) -> View:
    if not isinstance(obj, dict):
        return View(walk=[ROOT])
    return _VIEWS.get(surface, _generic)(obj, sse_event)


def _str_at(obj, *path) -> bool:
    for key in path:
        try:
            obj = obj[key]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(obj, str)


def _openai_chat(obj: dict, _event) -> View:
    v = View()
    choices = obj.get("choices")
    if not isinstance(choices, list):
        v.walk.append(ROOT)  # an error object or something new: scan it whole
        return v
    for pos, choice in enumerate(choices):
        if not isinstance(choice, dict):
            continue
        i = choice.get("index", pos)
        delta = choice.get("delta")
        if isinstance(delta, dict):
            for name in ("content", "refusal", "reasoning_content", "reasoning"):
                if isinstance(delta.get(name), str):
                    v.slots.append(Slot(f"choices[{i}].{name}", ("choices", pos, "delta", name)))
            if isinstance(delta.get("content"), list):  # content parts: [{"type": "text", "text": ...}]
                for k, part in enumerate(delta["content"]):
                    if _str_at(part, "text"):
                        v.slots.append(Slot(f"choices[{i}].content", ("choices", pos, "delta", "content", k, "text")))
            if _str_at(delta, "function_call", "arguments"):  # the legacy single function call
                v.slots.append(Slot(f"choices[{i}].function_call.arguments",
                                    ("choices", pos, "delta", "function_call", "arguments"), True))
            if _str_at(delta, "audio", "transcript"):
                v.slots.append(Slot(f"choices[{i}].audio.transcript", ("choices", pos, "delta", "audio", "transcript")))
            for k, call in enumerate(delta.get("tool_calls") or []):
                if _str_at(call, "function", "arguments"):
                    j = call.get("index", k)
                    v.slots.append(Slot(f"choices[{i}].tool_calls[{j}].arguments",
                                        ("choices", pos, "delta", "tool_calls", k, "function", "arguments"), True))
        elif isinstance(choice.get("text"), str):  # legacy /v1/completions
            v.slots.append(Slot(f"choices[{i}].text", ("choices", pos, "text")))
        if choice.get("finish_reason") is not None:
            v.ends.append(f"choices[{i}].")
    return v


# Responses API: "response.<kind>.delta" carries a fragment in "delta"; "response.<kind>.done" repeats the whole.
_RESPONSES_JSON_KINDS = ("function_call_arguments", "mcp_call_arguments")
_RESPONSES_END_ALL = ("response.completed", "response.incomplete", "response.failed")


def _responses_channel(obj: dict, kind: str) -> str:
    where = obj.get("output_index", obj.get("item_id", "?"))
    sub = obj.get("content_index", obj.get("summary_index"))
    return f"output[{where}].{kind}" + (f"[{sub}]" if sub is not None else "")


def _openai_responses(obj: dict, _event) -> View:
    v = View()
    kind = obj.get("type")
    if not isinstance(kind, str):
        return View(walk=[ROOT])
    if kind.endswith(".delta") and isinstance(obj.get("delta"), str) and not kind.endswith("audio.delta"):
        name = kind[len("response."):-len(".delta")]  # (audio deltas are base64: complete values, below)
        v.slots.append(Slot(_responses_channel(obj, name), ("delta",), name in _RESPONSES_JSON_KINDS))
        return v
    if kind.endswith(".done"):
        name = kind[len("response."):-len(".done")]
        if name == "output_item":
            v.ends.append(f"output[{obj.get('output_index', '?')}].")
        elif name == "content_part":
            v.ends.append(_responses_channel(obj, "output_text"))
            v.ends.append(_responses_channel(obj, "refusal"))
        else:
            v.ends.append(_responses_channel(obj, name))
    elif kind in _RESPONSES_END_ALL:
        v.ends.append(ALL)
    v.walk.append(ROOT)  # .done events, output_item.added, response.created...: complete values
    return v


_ANTHROPIC_TYPES = frozenset({"message_start", "content_block_start", "content_block_delta", "content_block_stop",
                              "message_delta", "message_stop", "ping", "error"})
_ANTHROPIC_DELTAS: dict[str | None, tuple[str | None, str | None, bool]] = {
    "text_delta": ("text", "text", False), "input_json_delta": ("partial_json", "input", True),
    "thinking_delta": ("thinking", "thinking", False)}


def _anthropic(obj: dict, _event) -> View:
    v = View()
    kind, i = obj.get("type"), obj.get("index")
    if kind == "content_block_delta":
        delta = obj.get("delta") or {}
        field_, channel, is_json = _ANTHROPIC_DELTAS.get(delta.get("type"), (None, None, False))
        if field_ and isinstance(delta.get(field_), str):
            v.slots.append(Slot(f"content[{i}].{channel}", ("delta", field_), is_json))
        elif delta.get("type") != "signature_delta":  # signatures are opaque and must stay intact
            v.walk.append(("delta",))
    elif kind == "content_block_start":
        block = obj.get("content_block") or {}
        for field_ in ("text", "thinking"):  # a block may open with initial text
            if isinstance(block.get(field_), str):
                v.slots.append(Slot(f"content[{i}].{field_}", ("content_block", field_)))
        v.walk.extend(("content_block", k) for k in ("input", "content", "citations") if k in block)
    elif kind == "content_block_stop":
        v.ends.append(f"content[{i}].")
    elif kind in ("message_delta", "message_stop"):
        v.ends.append(ALL)
    elif kind not in ("ping", "error"):
        v.walk.append(ROOT)  # message_start and anything new
    return v


def _gemini(obj: dict, _event) -> View:
    v = View()
    candidates = obj.get("candidates")
    if not isinstance(candidates, list):
        return View(walk=[ROOT])
    for pos, cand in enumerate(candidates):
        if not isinstance(cand, dict):
            continue
        i = cand.get("index", pos)
        parts = (cand.get("content") or {}).get("parts") or []
        for k, part in enumerate(parts):
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                name = "thought" if part.get("thought") else "text"
                v.slots.append(Slot(f"candidates[{i}].{name}", ("candidates", pos, "content", "parts", k, "text")))
            else:
                v.walk.append(("candidates", pos, "content", "parts", k))  # functionCall args arrive whole
        if cand.get("finishReason"):
            v.ends.append(f"candidates[{i}].")
    return v


def _ollama(obj: dict, _event) -> View:
    v = View()
    message = obj.get("message")
    if isinstance(message, dict):
        for name in ("content", "thinking"):
            if isinstance(message.get(name), str):
                v.slots.append(Slot(f"message.{name}", ("message", name)))
        if "tool_calls" in message:
            v.walk.append(("message", "tool_calls"))
    for name in ("response", "thinking"):
        if isinstance(obj.get(name), str):
            v.slots.append(Slot(name, (name,)))
    if obj.get("done"):
        v.ends.append(ALL)
    if "error" in obj:
        v.walk.append(("error",))
    return v


_SCOPE_KEYS = ("index", "output_index", "content_index", "summary_index", "contentBlockIndex")
_END_SUFFIXES = ("-end", "_end", ".done", "_stop", "-stop", ".completed")


def field_scope(obj) -> str:
    """Top-level indexes (Anthropic/Cohere `index`, Responses `output_index`) name a field channel's part
    of the answer: "index[0]." + the field's JSON path."""
    if not isinstance(obj, dict):
        return ""
    return "".join(f"{k}[{obj[k]}]." for k in _SCOPE_KEYS if type(obj.get(k)) is int)


def _generic(obj: dict, _event) -> View:
    """Unknown shape: every string is a field channel of the masker (keyed by its JSON path). An event whose
    type says something ended ("content-end", "message_stop") ends the channels of its part (all without one)."""
    kind = obj.get("type")
    if isinstance(kind, str) and kind.endswith(_END_SUFFIXES):
        return View(ends=[field_scope(obj) or ALL])
    return View()


_VIEWS = {"openai_chat": _openai_chat, "openai_responses": _openai_responses, "anthropic": _anthropic,
          "gemini": _gemini, "ollama": _ollama, "generic": _generic}


def get_path(obj, path: tuple):
    for key in path:
        obj = obj[key]
    return obj


def set_path(obj, path: tuple, value) -> None:
    get_path(obj, path[:-1])[path[-1]] = value


def synth(surface: str, template: dict, slot: Slot, slots: list[Slot], text: str) -> tuple[dict, tuple]:
    """A new text event for `slot`'s channel carrying `text`, shaped like the channel's last text event.

    Used to flush held-back text when a channel ends in an event that has no text field. It carries
    only this channel's text and none of the first event's one-time fields (OpenAI SDKs *concatenate*
    a repeated tool-call id or name; Anthropic has no "start a block twice").
    """
    if surface == "openai_chat":
        obj = {k: copy.deepcopy(v) for k, v in template.items() if k not in ("choices", "usage")}
        choice_pos = slot.path[1]
        old = template["choices"][choice_pos]
        delta_path = slot.path[3:]
        if delta_path[0] == "tool_calls":
            call = old["delta"]["tool_calls"][delta_path[1]]
            delta: dict[str, Any] = {
                "tool_calls": [{"index": call.get("index", delta_path[1]), "function": {"arguments": text}}]}
        elif delta_path[0] in ("function_call", "audio"):  # {"function_call": {"arguments": ...}}
            delta = {delta_path[0]: {delta_path[1]: text}}
        else:  # a string, or a content part list: a string delta carries the same text
            delta = {delta_path[0]: text}
        choice = {"index": old.get("index", choice_pos), "delta": delta}
        if "text" in old and "delta" not in old:  # legacy completions
            choice = {"index": old.get("index", choice_pos), "text": text}
        obj["choices"] = [dict(choice, logprobs=None, finish_reason=None)]
        return obj, ()
    if surface == "anthropic":
        index = template.get("index")
        kind = {"text": "text_delta", "partial_json": "input_json_delta", "thinking": "thinking_delta"}
        field_ = slot.path[-1]
        return {"type": "content_block_delta", "index": index, "delta": {"type": kind[field_], field_: text}}, ()
    if surface == "gemini":
        obj = {k: copy.deepcopy(v) for k, v in template.items() if k not in ("candidates", "usageMetadata")}
        old = template["candidates"][slot.path[1]]
        part = dict(get_path(template, slot.path[:-1]), text=text)
        part.pop("thoughtSignature", None)
        content = {"parts": [part], "role": (old.get("content") or {}).get("role", "model")}
        obj["candidates"] = [{"content": content, "index": old.get("index", slot.path[1])}]
        return obj, ()
    obj = copy.deepcopy(template)
    for other in slots:  # the copy carries this channel's text only
        set_path(obj, other.path, text if other == slot else "")
    if surface == "ollama":
        obj["done"] = False
        for key in ("done_reason", "context", "total_duration", "eval_count"):
            obj.pop(key, None)
        if isinstance(obj.get("message"), dict):
            obj["message"].pop("tool_calls", None)
    return obj, slot.path


def ends_channel(ends: list[str], channel: str) -> bool:
    return any(e in (ALL, channel) or (e.endswith(".") and channel.startswith(e)) for e in ends)


# Error events, per surface, for a stream that exitguard stops after it started (the status line is gone).
def error_frame(surface: str, code: str, message: str, sequence_number: int | None = None) -> bytes:
    if surface == "openai_chat":
        # OpenAI SDKs raise on a data object with "error"; no [DONE] follows, so the end is visibly abnormal.
        body: dict[str, Any] = {
            "error": {"message": message, "type": "exitguard_blocked", "code": code, "param": None}}
        return _sse(None, body)
    if surface == "openai_responses":
        body = {"type": "error", "code": code, "message": message, "param": None}
        if sequence_number is not None:
            body["sequence_number"] = sequence_number
        return _sse("error", body)
    if surface == "anthropic":
        return _sse("error", {"type": "error", "error": {"type": "permission_error", "message": message}})
    if surface == "gemini":
        return _sse(None, {"error": {"code": 403, "message": message, "status": "PERMISSION_DENIED"}})
    if surface == "ollama":
        return json.dumps({"error": message}).encode() + b"\n"
    return _sse("error", {"error": {"code": code, "message": message}})


def _sse(event: str | None, body: dict) -> bytes:
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {json.dumps(body, separators=(',', ':'))}\n\n".encode()
