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
    state = {  # the keys and their order of Flow.get_state and HTTPFlow.get_state (the order is in the bytes)
        "version": version.FLOW_FORMAT_VERSION,
        "type": flow.type,
        "id": flow.id,
        "error": flow.error.get_state() if flow.error else None,
        "client_conn": _connection(flow.client_conn),
        "server_conn": _connection(flow.server_conn),
        "intercepted": flow.intercepted,
        "is_replay": flow.is_replay,
        "marked": flow.marked,
        "metadata": _metadata(flow.metadata) if type(flow.metadata) is dict else flow.metadata,
        "comment": flow.comment,
        "timestamp_created": flow.timestamp_created,
        "backup": None,
        "request": flow.request.get_state(),
        "response": flow.response.get_state() if flow.response else None,
        "websocket": flow.websocket.get_state() if flow.websocket else None,
    }
    return tnet.dumps(state)


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
