"""XML text as a parser joins it (attack23): a comment, a processing instruction or a CDATA section's markers between
two pieces of text, or an entity declared in the document's own DTD, are gone from what the parser hands on
(`AKIA2HLYO<!-- -->SBOH...`, `AKIA2HLYO<![CDATA[SBOH...]]>`, `&p;SBOH...` with `<!ENTITY p "AKIA2HLYO">`), while the
bytes as written hold the key in pieces. `joins(text)` gives the text around each place the parser joins, the
key-character run ending there and the one starting there put together, one excerpt a line; None when there is no
such place. Scanned for fixed-shape keys; never rewritten (the caller refuses a value found there). Character
references (`&#x41;`) and the predefined entities are the scanner's own disguise view, not joins."""

from __future__ import annotations

import bisect
import re

from . import deadline
from .model import BodyError

MAX_EXPANSION = 1 << 20  # characters a document's own entities may add: more is an entity bomb, refused
_MARKERS = ("<!--", "<?", "<![CDATA[", "<!ENTITY")
_ENTITY_DECL = re.compile(r"""<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>""")
# Where a splice starts; a comment or PI runs to its closing mark, found with str.find (a lazy `.*?` retried at
# every unclosed `<!--` would be quadratic).
_SPLICE = re.compile(r"<!--|<\?|<!\[CDATA\[|\]\]>|&([A-Za-z_][\w.-]*);")
_CLOSING = {"<!--": "-->", "<?": "?>"}
_PREDEFINED = frozenset({"lt", "gt", "amp", "quot", "apos"})
_RUN = re.compile(r"[A-Za-z0-9_-]+")
_EXCERPT_SIDE = 512  # characters of a key run kept on each side of a join


def looks_like_xml(mime: str, text: str) -> bool:
    return mime.endswith(("/xml", "+xml")) or text.lstrip("\ufeff \t\r\n")[:1] == "<"


def has_markup(text: str) -> bool:
    """Whether the text holds a mark an XML (or HTML) parser joins across: the cheap check before ``joins``."""
    return "<!" in text or "<?" in text  # every marker starts so; two searches in C


def joins(text: str, expand_entities: bool = True) -> str | None:
    """``expand_entities=False``: the document's own entities are left as written (a string that only quotes a
    document: see body._with_markup_joins)."""
    if not any(marker in text for marker in _MARKERS):
        return None
    entities = _entities(text) if expand_entities else {}
    view: list[str] = []
    cuts: list[int] = []  # offsets in the view where the parser joined two pieces
    length = 0
    pos = 0
    check, marks = deadline.current().check, 0  # the body's (formats/deadline.py)
    while (m := _SPLICE.search(text, pos)) is not None:
        marks += 1
        if not marks % deadline.EVERY:
            check()
        name = m.group(1)
        if name is not None and name not in entities:  # a predefined or unknown entity: text as written
            view.append(text[pos:m.end()])
            length += m.end() - pos
            pos = m.end()
            continue
        end = m.end()
        if m.group() in _CLOSING:
            close = text.find(_CLOSING[m.group()], end)
            end = len(text) if close == -1 else close + len(_CLOSING[m.group()])
        view.append(text[pos:m.start()])
        length += m.start() - pos
        cuts.append(length)
        if name is not None:
            view.append(entities[name])
            length += len(entities[name])
            cuts.append(length)
            if length > len(text) + MAX_EXPANSION:  # one entity named many times
                raise BodyError(f"XML entities expand to more than {MAX_EXPANSION} characters")
        pos = end
    view.append(text[pos:])
    joined = "".join(view)
    runs = [m.span() for m in _RUN.finditer(joined)]
    starts = [start for start, _ in runs]
    excerpts = []
    taken = -1  # where the last excerpt ends: a cut before it is in it (the view stays about the text's size)
    for number, cut in enumerate(cuts):
        if not number % deadline.EVERY:
            check()
        if cut < taken:
            continue
        i = bisect.bisect_left(starts, cut) - 1  # the run that starts before the cut
        if i < 0 or runs[i][1] <= cut:
            continue  # no text on one side: the parser made no run of two
        start, end = max(runs[i][0], cut - _EXCERPT_SIDE), min(runs[i][1], cut + _EXCERPT_SIDE)
        excerpts.append(joined[start:end])
        taken = end
    return "\n".join(excerpts) or None


def _entities(text: str) -> dict[str, str]:
    """The general entities the document declares (the first declaration of a name counts, as in XML), each
    expanded through the others it names; BodyError past MAX_EXPANSION."""
    declared: dict[str, str] = {}
    for m in _ENTITY_DECL.finditer(text):
        declared.setdefault(m.group(1), m.group(2) if m.group(2) is not None else m.group(3))
    expanded: dict[str, str] = {}
    budget = [MAX_EXPANSION]

    def expand(name: str, depth: int) -> str:
        if name in expanded:
            return expanded[name]
        if depth > 8:
            raise BodyError("XML entities nest too deep")
        value = re.sub(r"&([A-Za-z_][\w.-]*);", lambda m: expand(m.group(1), depth + 1)
                       if m.group(1) in declared and m.group(1) not in _PREDEFINED else m.group(), declared[name])
        budget[0] -= len(value)
        if budget[0] < 0:
            raise BodyError(f"XML entities expand to more than {MAX_EXPANSION} characters")
        expanded[name] = value
        return value

    return {name: expand(name, 0) for name in declared if name not in _PREDEFINED}
