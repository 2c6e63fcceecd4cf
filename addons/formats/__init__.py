"""Body codecs: pure Python, no mitmproxy import. `open_body` (body.py) is the entry point; the
decisions about JSON are in jsonwalk.py, encodings in encoding.py, providers in providers.py."""

from .body import Doc, open_body
from .encoding import decode_content, encode_content
from .model import BodyError, BodyTooLarge, Field
from .ndjson_stream import NDJSONParser, NDJSONRecord
from .providers import api_surface, error_style, request_model
from .sse import SSEEvent, SSEParser

__all__ = [
           "BodyError",
           "BodyTooLarge",
           "Doc",
           "Field",
           "NDJSONParser",
           "NDJSONRecord",
           "SSEEvent",
           "SSEParser",
           "api_surface",
           "decode_content",
           "encode_content",
           "error_style",
           "open_body",
           "request_model",
]
