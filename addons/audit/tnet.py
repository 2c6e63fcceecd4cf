"""tnetstring encoding of a flow's state, byte for byte what ``mitmproxy.io.tnetstring.dumps`` writes, faster.

mitmproxy's encoder makes one Python call per value and one deque operation per piece (~200 values in a flow with
its connections): about a third of the event-loop CPU of recording a flow. Here each value is one ``%``-format of
bytes; plain types are matched exactly, and anything else (a subclass, an unknown type) is handed to mitmproxy's
encoder, so the output can never differ from it.
"""

from __future__ import annotations

from mitmproxy.io import tnetstring


class Encoded(bytes):
    """A value already encoded (flowstate.py reuses a connection's encoding): written as it is."""


# Encoded dict keys: a flow's ~100 keys are the same names in every flow (its state's fields, exitguard's metadata
# keys); kept up to a bound, so keys that vary (a header-like metadata dict) cannot grow it without end, and only
# short ones: a key a client chose (metadata of its own) holds at most KEY_CHARS_KEPT characters here, not megabytes.
KEYS_KEPT = 4096
KEY_CHARS_KEPT = 64
_KEYS: dict[str, bytes] = {}


def dumps(value) -> bytes:
    kind = type(value)
    if kind is str:  # the commonest value (every key, most leaves): first, and inline in dicts below
        data = value.encode("utf8")
        return b"%d:%b;" % (len(data), data)
    if kind is dict:  # mitmproxy's encoder writes the last item first
        parts: list[bytes] = []
        append = parts.append
        for k, v in reversed(value.items()):
            if type(k) is str:
                key = _KEYS.get(k)
                if key is None:
                    data = k.encode("utf8")
                    key = b"%d:%b;" % (len(data), data)
                    if len(_KEYS) < KEYS_KEPT and len(k) <= KEY_CHARS_KEPT:
                        _KEYS[k] = key
                append(key)
            else:
                append(dumps(k))
            # the commonest values inline (a call each was a third of the encoding): the same bytes as below
            value_kind = type(v)
            if value_kind is str:
                data = v.encode("utf8")
                append(b"%d:%b;" % (len(data), data))
            elif v is None:
                append(b"0:~")
            elif value_kind is bytes:
                append(b"%d:%b," % (len(v), v))
            elif value_kind is int:  # timestamps, ports, sizes: a call each was ~a third of a flow's calls (rec22)
                data = b"%d" % v
                append(b"%d:%b#" % (len(data), data))
            elif value_kind is float:
                data = repr(v).encode()
                append(b"%d:%b^" % (len(data), data))
            elif value_kind is bool:
                append(b"4:true!" if v else b"5:false!")
            elif value_kind is Encoded:  # a flow's connections and metadata (flowstate.py): no call (rec54)
                append(v)
            else:
                append(dumps(v))
        body = b"".join(parts)
        return b"%d:%b}" % (len(body), body)
    if kind is Encoded:
        return value
    if kind is bytes:
        return b"%d:%b," % (len(value), value)
    if kind is list or kind is tuple:
        # header fields are pairs of bytes: those inline too, as are strings and the bytes of each pair
        parts = []
        append = parts.append
        for item in value:
            item_kind = type(item)
            if item_kind is bytes:
                append(b"%d:%b," % (len(item), item))
            elif item_kind is str:
                data = item.encode("utf8")
                append(b"%d:%b;" % (len(data), data))
            elif item_kind is tuple and len(item) == 2 and type(item[0]) is bytes and type(item[1]) is bytes:
                append(_pair(item))
            else:
                append(dumps(item))
        body = b"".join(parts)
        return b"%d:%b]" % (len(body), body)
    if value is None:
        return b"0:~"
    if kind is bool:
        return b"4:true!" if value else b"5:false!"
    if kind is int:
        data = str(value).encode()
        return b"%d:%b#" % (len(data), data)
    if kind is float:
        data = repr(value).encode()
        return b"%d:%b^" % (len(data), data)
    return tnetstring.dumps(value)  # mitmproxy's rules for everything else (and its ValueError)


def _pair(item: tuple[bytes, bytes]) -> bytes:
    """A header field (name, value) as a two-item list."""
    name, value = item
    body = b"%d:%b,%d:%b," % (len(name), name, len(value), value)
    return b"%d:%b]" % (len(body), body)

