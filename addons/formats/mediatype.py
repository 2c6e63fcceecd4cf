"""Content-Type parsing and classification (what codec a body gets)."""

from __future__ import annotations

import re
from typing import NamedTuple

_PARAM = re.compile(r';\s*([!#$%&\'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


class MediaType(NamedTuple):
    mime: str  # "type/subtype", lower case, "" if absent
    params: dict[str, str]  # names lower case, values unquoted; the first of a repeated parameter
    repeated: frozenset[str] = frozenset()  # parameter names given more than once, or also in RFC 2231's `name*`
    # spelling (ambiguous for a boundary); "name*" alone: given in that spelling

    @property
    def charset(self) -> str | None:
        return self.params.get("charset") or None


def parse_content_type(value: str | None) -> MediaType:
    if not value:
        return MediaType("", {})
    mime, _, rest = value.partition(";")
    params: dict[str, str] = {}
    repeated = set()
    for name, raw in _PARAM.findall(";" + rest):
        raw = raw.strip()
        if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
        name = name.lower()
        base = name.split("*", 1)[0]
        if name in params or (base != name and base in params) or base + "*" in repeated:
            repeated.add(base)  # `boundary*=` / `boundary*0=` beside `boundary=`: RFC 2231 readers take the other
        if base != name:
            repeated.add(base + "*")  # noted, so a plain one after it is a repeat too
        params.setdefault(name, raw)
    return MediaType(mime.strip().lower(), params, frozenset(repeated))


_JSON = {"application/json", "application/x-json", "text/json", "application/json-patch+json"}
_JSON_LINES = {"application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonl",
               "application/jsonlines", "application/x-jsonlines"}
_TEXT = {"application/xml", "application/javascript", "application/x-javascript", "application/ecmascript",
         "application/yaml", "application/x-yaml", "application/toml", "application/graphql",
         "application/sql", "application/x-sh", "application/x-httpd-php", "application/rtf"}
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/", "application/grpc", "application/vnd.ms-",
                    "application/vnd.openxmlformats", "application/x-protobuf", "application/protobuf",
                    "application/vnd.google.protobuf")
_BINARY = {"application/octet-stream", "application/pdf", "application/zip", "application/gzip",
           "application/x-gzip", "application/x-tar", "application/x-7z-compressed", "application/x-bzip2",
           "application/zstd", "application/msgpack", "application/x-msgpack", "application/cbor",
           "application/wasm", "application/x-parquet", "application/vnd.apache.parquet",
           "application/vnd.apache.arrow.stream", "application/x-npy"}


def classify(mime: str) -> str:
    """"json" | "json-lines" | "form" | "multipart" | "text" (declared text) | "binary" | "unknown"."""
    if mime in _JSON or mime.endswith("+json"):
        return "json"
    if mime in _JSON_LINES:
        return "json-lines"
    if mime == "application/x-www-form-urlencoded":
        return "form"
    if mime.startswith("multipart/"):
        return "multipart"
    if mime.startswith("text/") or mime in _TEXT or mime.endswith("+xml") or mime.endswith("+yaml"):
        return "text"
    if mime in _BINARY or mime.startswith(_BINARY_PREFIXES) or mime.endswith(("+proto", "+zip")):
        return "binary"
    return "unknown"
