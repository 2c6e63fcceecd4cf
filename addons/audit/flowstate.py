"""``tnet.dumps(flow.get_state())`` of a recorded copy, byte for byte, with less work per flow.

Of a recorded flow's serialization, about half went to its two connections: mitmproxy's generic dataclass
``get_state`` asks ``typing`` about every field's type on every call, and a keep-alive connection's state, the same
for each of its flows, was encoded again for each. Here each connection class gets a plan of one converter per field
(built once from mitmproxy's own field list; any type not handled below goes to mitmproxy's converter), and the
last encoding of each connection is reused while its field values are equal (compared as they are, before
conversion: an unchanged certificate is not turned into PEM again for each flow). The copy's metadata is not deep-copied
(``scrub.detached`` made it the copy's own plain data, and nothing changes it while it is encoded); the last encoding
of each metadata value is reused while the value is the same (``_metadata``: most of a flow's ~50 metadata values,
its destination, coverage, injected names, decision, are those of the flow before; a third of the serialization).
The flow, its request and its response are written from their attributes into fixed templates (rec56: no state
dict is built for them, and each header field's encoding is kept, most are the flow before's); data of another
shape (an attribute more, a value of another type, a message subclass) goes to mitmproxy's ``get_state``.
Anything else (another flow type, a backup, a mitmproxy without the field list) is serialized the ordinary way.
"""

from __future__ import annotations

import enum
import functools
import marshal
import operator
import typing
from collections import OrderedDict
from collections.abc import Callable, Sequence
from types import NoneType, UnionType

from mitmproxy import connection, http, version
from mitmproxy.coretypes import serializable

from addons.audit import tnet

CONNECTIONS_REMEMBERED = 256  # open connections whose last encoding is kept (one per client and per upstream)
METADATA_KEYS_REMEMBERED = 256  # metadata keys whose value's last encoding is kept (exitguard's are ~20)
METADATA_BYTES_REMEMBERED = 4096  # values larger than this (a long findings list) are encoded each time

_Convert = Callable[[typing.Any], typing.Any]


def encoded(flow: http.HTTPFlow) -> bytes:
    """What ``tnet.dumps(flow.get_state())`` gives (ValueError where that raises)."""
    if type(flow) is not http.HTTPFlow or flow._backup is not None:
        return tnet.dumps(flow.get_state())
    # Flow.get_state and HTTPFlow.get_state's keys in tnet's order (the last first), written in one format: no
    # state dict is built (rec56)
    metadata = flow.metadata
    body = _FLOW % (
        b"0:~" if flow.websocket is None else tnet.dumps(flow.websocket.get_state()),
        b"0:~" if flow.response is None else _message(flow.response),
        _message(flow.request),
        tnet.dumps(flow.timestamp_created), tnet.dumps(flow.comment),
        _metadata(metadata) if type(metadata) is dict else tnet.dumps(metadata),
        tnet.dumps(flow.marked), tnet.dumps(flow.is_replay), tnet.dumps(flow.intercepted),
        _connection(flow.server_conn), _connection(flow.client_conn),
        b"0:~" if flow.error is None else tnet.dumps(flow.error.get_state()), tnet.dumps(flow.id),
        tnet.dumps(flow.type))
    return b"%d:%b}" % (len(body), body)


_FLOW = (b"9:websocket;%b8:response;%b7:request;%b6:backup;0:~17:timestamp_created;%b7:comment;%b8:metadata;%b"
         b"6:marked;%b9:is_replay;%b11:intercepted;%b11:server_conn;%b11:client_conn;%b5:error;%b2:id;%b"
         b"4:type;%b7:version;" + tnet.dumps(version.FLOW_FORMAT_VERSION))

# A request's and a response's state is ``vars(message.data)`` (MessageData.get_state), its headers and trailers as
# their field tuples: these are the attributes, in the order the dataclasses' __init__ sets them (the order is in
# the bytes). Data with any other attributes (a mitmproxy that added one, an addon's own) goes the ordinary way.
_REQUEST_FIELDS = ("http_version", "headers", "content", "trailers", "timestamp_start", "timestamp_end", "host",
                   "port", "method", "scheme", "authority", "path")
_RESPONSE_FIELDS = ("http_version", "headers", "content", "trailers", "timestamp_start", "timestamp_end",
                    "status_code", "reason")
# The keys in tnet's order (the last first); the bytes fields inline (%d:%b,), every other value encoded (%b).
_REQUEST = (b"4:path;%d:%b,9:authority;%d:%b,6:scheme;%d:%b,6:method;%d:%b,4:port;%b4:host;%b"
            b"13:timestamp_end;%b15:timestamp_start;%b8:trailers;%b7:content;%b7:headers;%b12:http_version;%d:%b,")
_RESPONSE = (b"6:reason;%d:%b,11:status_code;%b13:timestamp_end;%b15:timestamp_start;%b8:trailers;%b7:content;%b"
             b"7:headers;%b12:http_version;%d:%b,")


def _message(message: http.Message) -> bytes:
    """``tnet.dumps(message.get_state())`` of a request or a response, written from its data's attributes."""
    if type(message) is not http.Request and type(message) is not http.Response:  # a subclass's own get_state
        return tnet.dumps(message.get_state())
    data = message.data
    state = vars(data)
    kind = type(data)
    if kind is http.RequestData and tuple(state) == _REQUEST_FIELDS:
        version_, method, scheme, authority, path = (state["http_version"], state["method"], state["scheme"],
                                                     state["authority"], state["path"])
        if type(version_) is type(method) is type(scheme) is type(authority) is type(path) is bytes:
            body = _REQUEST % (
                len(path), path, len(authority), authority, len(scheme), scheme, len(method), method,
                tnet.dumps(state["port"]), tnet.dumps(state["host"]), tnet.dumps(state["timestamp_end"]),
                tnet.dumps(state["timestamp_start"]), _trailers(state["trailers"]), tnet.dumps(state["content"]),
                _headers(state["headers"]), len(version_), version_)
            return b"%d:%b}" % (len(body), body)
    elif kind is http.ResponseData and tuple(state) == _RESPONSE_FIELDS:
        version_, reason = state["http_version"], state["reason"]
        if type(version_) is type(reason) is bytes:
            body = _RESPONSE % (
                len(reason), reason, tnet.dumps(state["status_code"]), tnet.dumps(state["timestamp_end"]),
                tnet.dumps(state["timestamp_start"]), _trailers(state["trailers"]), tnet.dumps(state["content"]),
                _headers(state["headers"]), len(version_), version_)
            return b"%d:%b}" % (len(body), body)
    return tnet.dumps(message.get_state())


FIELDS_REMEMBERED = 4096  # header fields whose encoding is kept (then all are forgotten at once)
FIELD_BYTES_REMEMBERED = 256  # longer fields (a cookie jar, a long token's mask) are encoded each time

# (name, value) -> the field as tnet writes it (a two-item list): most of a flow's header fields are those of the
# connection's flow before (its content type, user agent, server), and a lookup is a third of an encoding.
_fields: dict[tuple[bytes, bytes], bytes] = {}


def _trailers(trailers: http.Headers | None) -> bytes:
    return b"0:~" if trailers is None else _headers(trailers)


def _headers(headers: http.Headers) -> bytes:
    """``tnet.dumps(headers.get_state())`` (and its error for what has none, as mitmproxy's)."""
    fields = headers.get_state()
    if type(fields) is not tuple:
        return tnet.dumps(fields)
    parts = []
    for field in fields:
        # only exact tuples of two exact bytes are looked up: anything else is mitmproxy's to encode
        if type(field) is tuple and len(field) == 2 and type(field[0]) is bytes and type(field[1]) is bytes:
            data = _fields.get(field)
            if data is None:
                name, value = field
                pair = b"%d:%b,%d:%b," % (len(name), name, len(value), value)
                data = b"%d:%b]" % (len(pair), pair)
                if len(name) + len(value) <= FIELD_BYTES_REMEMBERED:
                    if len(_fields) >= FIELDS_REMEMBERED:
                        _fields.clear()
                    _fields[field] = data
            parts.append(data)
        else:
            parts.append(tnet.dumps(field))
    body = b"".join(parts)
    return b"%d:%b]" % (len(body), body)


_last: OrderedDict[str, tuple[tuple, tnet.Encoded]] = OrderedDict()

# metadata key -> (its last value in marshal's version 2, the key and value as tnet.dumps writes them in a dict)
_metadata_items: dict[str, tuple[bytes, bytes]] = {}


def _metadata(metadata: dict) -> tnet.Encoded:
    """``tnet.dumps(metadata)``, each value's encoding reused while the value is the same. Compared by marshal,
    not ``==``: marshal writes every type it takes exactly (1, True and 1.0 differ, a tuple is not a list), takes
    no subclass (a str or int subclass may encode as something else: not kept), and its version 2 writes no
    references, so equal bytes are the same plain value, whose encoding is the same; cheaper than encoding again
    (C, one pass). A value marshal refuses (any other object) is encoded each time, mitmproxy's way."""
    parts = []
    for key, value in reversed(metadata.items()):
        try:
            same = marshal.dumps(value, 2) if type(key) is str else None
        except ValueError:  # not made of exact builtin types
            same = None
        if same is not None and (kept := _metadata_items.get(key)) is not None and kept[0] == same:
            parts.append(kept[1])
            continue
        item = tnet.dumps(key) + tnet.dumps(value)
        if same is not None and len(same) <= METADATA_BYTES_REMEMBERED and \
                (key in _metadata_items or len(_metadata_items) < METADATA_KEYS_REMEMBERED):
            _metadata_items[key] = (same, item)
        parts.append(item)
    body = b"".join(parts)
    return tnet.Encoded(b"%d:%b}" % (len(body), body))


def _connection(conn: connection.Connection) -> tnet.Encoded:
    values = field_values(conn)
    kept = _last.get(conn.id)
    if values is not None and kept is not None and kept[0] == values:
        _last.move_to_end(conn.id)
        return kept[1]
    data = tnet.Encoded(tnet.dumps(connection_state(conn)))
    if values is not None:
        _last[conn.id] = (values, data)
        if len(_last) > CONNECTIONS_REMEMBERED:
            _last.popitem(last=False)
    return data


def field_values(conn: connection.Connection) -> tuple | None:
    """The connection's field values as they are (lists as tuples, so a later change in place is seen), before any
    conversion: equal values give an equal state, so a kept encoding is reused without building the state again
    (its certificates' PEM, every converter). Tuples compare item by item, the same object first: an unchanged
    certificate is not re-encoded to be compared."""
    read = _reader(type(conn))
    if read is None:
        return None
    return tuple([tuple(v) if type(v) is list else v for v in read(conn)])


@functools.cache
def _reader(cls: type) -> Callable[[connection.Connection], tuple] | None:
    """Every field of the class's plan read in one call (``operator.attrgetter``, C: half of ``field_values``'
    cost was ~20 ``getattr`` calls a connection, rec54)."""
    plan = _plan(cls)
    return operator.attrgetter(*(name for name, _ in plan)) if plan is not None and len(plan) > 1 else None


def connection_state(conn: connection.Connection) -> dict:
    """``conn.get_state()``, by the class's plan."""
    plan = _plan(type(conn))
    if plan is None:
        return conn.get_state()
    return {name: convert(getattr(conn, name)) for name, convert in plan}



@functools.cache
def _plan(cls: type) -> tuple[tuple[str, _Convert], ...] | None:
    fields = getattr(cls, "_SerializableDataclass__fields", None)  # mitmproxy's list, types resolved
    if fields is None:
        return None
    return tuple((f.name, _converter(f.type, f.name)) for f in fields())


def _converter(attr_type, name: str) -> _Convert:
    """serializable._process(value, attr_type, name, make=False) for the types connections use; the rest is
    mitmproxy's."""
    origin = typing.get_origin(attr_type)
    if origin in (UnionType, typing.Union):
        inner_type, none = typing.get_args(attr_type)
        if none is NoneType:
            inner = _converter(inner_type, name)
            return lambda v: None if v is None else inner(v)
    elif origin is None and attr_type in (str, bytes, bool, int, float):
        allowed = (int, float) if attr_type in (int, float) else attr_type
        return _required(lambda v: attr_type(v) if isinstance(v, allowed) else _mitmproxy(v, attr_type, name))
    elif origin is None and isinstance(attr_type, type) and hasattr(attr_type, "get_state"):
        return _required(lambda v: v.get_state())
    elif origin is None and isinstance(attr_type, type) and issubclass(attr_type, enum.Enum):
        return _required(lambda v: v.value)
    elif origin is typing.Literal:
        allowed_values = typing.get_args(attr_type)
        return lambda v: v if v in allowed_values else _mitmproxy(v, attr_type, name)
    elif origin is tuple and name in ("peername", "sockname"):  # mitmproxy's rule for addresses: (str, int, ...)
        parts = tuple(_converter(t, name) for t in (str, int, int, int))
        return _required(lambda v: tuple(convert(x) for x, convert in zip(v, parts, strict=False)))
    elif origin in (list, Sequence):
        (item_type,) = typing.get_args(attr_type)
        item = _converter(item_type, name)
        return _required(lambda v: [item(x) for x in v])
    return lambda v: _mitmproxy(v, attr_type, name)


def _required(convert: _Convert) -> _Convert:
    def checked(value):
        if value is None:
            raise ValueError("Attribute must not be None.")  # as mitmproxy: the flow cannot be serialized
        return convert(value)
    return checked


def _mitmproxy(value, attr_type, name: str):
    return serializable._to_state(value, attr_type, name)
