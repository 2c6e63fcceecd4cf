"""Which WebSocket messages are deltas of a stream and which are complete in themselves. Pure: no mitmproxy import.
Applied to the agent's messages (the masker's `whole_messages`); the vendor's are all held as deltas, so a brokered
key echoed over two messages never reaches the agent even in part.

A delta (`response.text.delta`, `response.audio_transcript.delta`, `response.function_call_arguments.delta`,
`input_audio_buffer.append`: the OpenAI realtime names) carries the next fragment of a text that goes on in later
messages: the masker may hold its end back until more arrives or the stream's `.done` event ends it. Every other
JSON message (`conversation.item.create`, `session.update`, `response.create`, `*.done`, a type exitguard does not
know) is complete: scanned whole and sent whole, masked in place. Holding the end of a complete
message waits for a message that may never come (the held text is lost, invariant 5); scanning it whole loses nothing,
and a key split over two complete messages is still read joined (the field's channel keeps the text before) and ends
the connection before its second half leaves.

A message that is not a JSON object or array (plain text: a terminal, a chat protocol of lines) has no type to say it
is complete; its text is one stream over the connection's messages, as before: a value written over two messages
(`DB_PASSWORD=tavo`, `reni`) is masked when it completes, and what is held when the connection closes is not sent.
"""

from __future__ import annotations

from typing import Any

DELTA_SUFFIXES = (".delta", ".append")


def is_delta(obj: Any) -> bool:
    """Whether a parsed message (None: not JSON) is a fragment of a stream that later messages continue."""
    if not isinstance(obj, (dict, list)):
        return True  # plain text: one stream over the messages
    kind = obj.get("type") if isinstance(obj, dict) else None
    return isinstance(kind, str) and kind.endswith(DELTA_SUFFIXES)
