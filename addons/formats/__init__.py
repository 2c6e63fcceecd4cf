"""Body codecs: pure Python, no mitmproxy import. `open_body` (body.py) is the entry point; the
decisions about JSON are in jsonwalk.py, encodings in encoding.py, providers in providers.py."""

from .body import Doc, open_body
from .encoding import decode_content, encode_content
from .model import BodyError, BodyTooLarge, Field
from .providers import api_surface, error_style, request_model
from .ndjson_stream import NDJSONParser, NDJSONRecord
from .sse import SSEEvent, SSEParser

__all__ = ["Doc", "open_body", "decode_content", "encode_content", "BodyError", "BodyTooLarge", "Field",
           "api_surface", "error_style", "request_model", "NDJSONParser", "NDJSONRecord", "SSEEvent", "SSEParser"]
