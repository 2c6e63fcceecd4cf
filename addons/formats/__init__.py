"""Body codecs: pure Python, no mitmproxy import. `open_body` (body.py) is the entry point; the
decisions about JSON are in jsonwalk.py, encodings in encoding.py, providers in providers.py."""

from .body import Doc, open_body, open_strings, open_strings_decoded
from .deadline import Deadline, OutOfTime
from .encoding import compressed, decode_content, encode_content
from .model import (
    AmbiguousBody,
    BodyError,
    BodyTooLarge,
    DecodingTooLarge,
    Field,
    NestedTooDeep,
    ScanCutShort,
    Unmaskable,
)
from .ndjson_stream import NDJSONParser, NDJSONRecord
from .providers import api_surface, error_style, request_model
from .sse import SSEEvent, SSEParser

__all__ = [
    "AmbiguousBody",
    "BodyError",
    "BodyTooLarge",
    "Deadline",
    "DecodingTooLarge",
    "Doc",
    "Field",
    "NDJSONParser",
    "NDJSONRecord",
    "NestedTooDeep",
    "OutOfTime",
    "SSEEvent",
    "SSEParser",
    "ScanCutShort",
    "Unmaskable",
    "api_surface",
    "compressed",
    "decode_content",
    "encode_content",
    "error_style",
    "open_body",
    "open_strings",
    "open_strings_decoded",
    "request_model",
]
