"""Writing machine-kept YAML files fast: plain data straight to libyaml's emitter.

ruamel's representer costs about a millisecond per finding; a findings file of 10,000 findings
would take ten seconds to write. Here plain data (dict, list, str, int, float, bool, None,
date) becomes emitter events directly. libyaml does all quoting and escaping; the only
decision made here is whether a string may be written plain, and that is conservative: only
text starting with a letter, made of letters, digits, space and ``_ . / @ ( ) + -``, and not a
YAML 1.1 boolean or null word; everything else is double-quoted, so a string always reads
back as the same string. Collections of scalars are written in flow style (``[a, b]``).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import events as ev

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_ ./@()+-]*$")
_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null", "nan", "inf"})
_LONGEST_WORD = max(map(len, _WORDS))


def _emitter_class() -> Any:
    """The fastest available emitter class: libyaml's, else ruamel's pure one."""
    return YAML(typ="safe", pure=False).Emitter  # libyaml (ruamel.yaml.clib) when installed


def plain_ok(text: str) -> bool:
    """Whether a string may be written unquoted and still read back as that string."""
    return bool(_PLAIN.match(text)) and not text.endswith(" ") and text.lower() not in _WORDS


def _scalar(value: Any) -> ev.ScalarEvent:
    """The emitter event of one scalar; strings that may not be plain are double-quoted."""
    if isinstance(value, str):
        if plain_ok(value):
            return ev.ScalarEvent(None, None, (True, False), value)
        return ev.ScalarEvent(None, None, (False, True), value, style='"')
    if value is None:
        text = "null"
    elif value is True or value is False:
        text = "true" if value else "false"
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, int | float):
        text = repr(value)
    else:
        raise TypeError(f"cannot write {type(value).__name__} as YAML")
    return ev.ScalarEvent(None, None, (True, False), text)


def _leaf(value: Any) -> bool:
    """Whether a value is a scalar (collections of leaves are written in flow style)."""
    return not isinstance(value, dict | list | tuple)


def _emit(emitter: Any, value: Any) -> None:
    """Emit the events of a value, recursively."""
    if isinstance(value, dict):
        flow = all(_leaf(v) for v in value.values()) and bool(value)
        emitter.emit(ev.MappingStartEvent(None, None, True, flow_style=flow))
        for k, v in value.items():
            emitter.emit(_scalar(str(k)))
            _emit(emitter, v)
        emitter.emit(ev.MappingEndEvent())
    elif isinstance(value, list | tuple):
        flow = all(_leaf(v) for v in value)
        emitter.emit(ev.SequenceStartEvent(None, None, True, flow_style=flow))
        for v in value:
            _emit(emitter, v)
        emitter.emit(ev.SequenceEndEvent())
    else:
        emitter.emit(_scalar(value))


def dump_plain(data: Any, *, width: int = 100) -> str:
    """YAML text of plain ``data`` (block style, collections of scalars in flow style)."""
    stream = io.StringIO()
    emitter = _emitter_class()(stream, width=width, allow_unicode=True)
    emitter.emit(ev.StreamStartEvent())
    emitter.emit(ev.DocumentStartEvent(explicit=False))
    _emit(emitter, data)
    emitter.emit(ev.DocumentEndEvent(explicit=False))
    emitter.emit(ev.StreamEndEvent())
    return stream.getvalue()


# -- Exactly as ruamel's round-trip emitter writes (threats.yaml) -------------------------------
#
# The threat register was always written by ruamel's round-trip dumper (width 100, mapping
# indent 2, sequence indent 4 with offset 2); its bytes must not change. Its representer costs
# about a millisecond per entry (ten seconds for a register of 10,000 threats). What follows
# writes the same bytes for the values the register holds: the style of a string is chosen as
# ruamel chooses it (a fast test for the common case, else ruamel itself is asked, once per
# string) and plain and single-quoted scalars are folded at the width as ruamel folds them
# (ports of its ``write_plain`` and ``write_single_quoted``). Anything else (double quotes,
# numbers, null, line breaks, a flow collection longer than a line) is refused (None) and the
# caller lets ruamel write that entry. tests/project/test_register_emit.py compares both.

WIDTH = 100
# Printable text ruamel never quotes for its characters (with allow_unicode, as round trip has):
# no line breaks (\x85, \u2028, \u2029), no BOM, nothing beyond the basic plane.
_BLOCK_FAST = re.compile(
    "[A-Za-z\u00c0-\u024f][\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*\\Z"
)
_FLOW_UNSAFE = frozenset(",[]{}")


class FlowSeq(tuple[Any, ...]):
    """A sequence written in flow style (``[a, b]``)."""

    __slots__ = ()


class BlockSeq(tuple[Any, ...]):
    """A sequence written in block style (one ``- item`` a line; ``[]`` when empty)."""

    __slots__ = ()


class FlowMap(tuple[tuple[str, Any], ...]):
    """A mapping written in flow style (``{kind: flow, id: x}``), as key/value pairs."""

    __slots__ = ()


class BlockMap(tuple[tuple[str, Any], ...]):
    """A mapping written in block style (one ``key: value`` a line; ``{}`` when empty)."""

    __slots__ = ()


def same(a: Any, b: Any) -> bool:
    """Equal as ruamel compares loaded and new values: mappings ignore order, styles ignored."""
    a_map, b_map = isinstance(a, FlowMap | BlockMap), isinstance(b, FlowMap | BlockMap)
    if a_map or b_map:
        if not (a_map and b_map) or len(a) != len(b):
            return False
        other = dict(b)
        return all(k in other and same(v, other[k]) for k, v in a)
    a_seq, b_seq = isinstance(a, FlowSeq | BlockSeq), isinstance(b, FlowSeq | BlockSeq)
    if a_seq or b_seq:
        return a_seq and b_seq and len(a) == len(b) and all(map(same, a, b))
    return bool(a == b)


@functools.cache
def _style_yaml() -> Any:
    """The round-trip dumper, unbounded width: it is asked for styles, not for folding."""
    from medsec.project.yamlfile import round_trip_yaml

    yaml = round_trip_yaml()
    yaml.width = 1 << 20
    return yaml


@functools.lru_cache(maxsize=4096)
def _asked_style(text: str, flow: bool) -> str:
    """The style ruamel itself gives ``text``: ``""`` plain, ``'`` or ``"`` quoted."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = _style_yaml()
    value: Any = text
    if flow:
        value = CommentedSeq([text])
        value.fa.set_flow_style()
    stream = io.StringIO()
    yaml.dump(CommentedMap([("k", value)]), stream)
    first = stream.getvalue()[4 if flow else 3 :][:1]
    return first if first in ("'", '"') else ""


_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}\Z")


@functools.lru_cache(maxsize=1024)
def _plain_key(key: str) -> bool:
    """``plain_key`` for a string (remembered: an entry has a dozen keys, a register a few)."""
    return bool(_KEY.match(key)) and string_style(key, flow=True) == ""


def plain_key(key: object) -> bool:
    """Whether ruamel writes ``key`` as a short plain key (other keys: ruamel writes the entry)."""
    return type(key) is str and _plain_key(key)


def string_style(text: str, *, flow: bool) -> str:
    """``""`` when ruamel writes ``text`` plain, else its quote character."""
    if (
        _BLOCK_FAST.match(text)
        and ": " not in text
        and " #" not in text
        and text[-1] not in ": "
        and (len(text) > _LONGEST_WORD or text.lower() not in _WORDS)
        and not (flow and not _FLOW_UNSAFE.isdisjoint(text))
    ):
        return ""
    return _asked_style(text, flow)


_RUNS = re.compile(r" +|[^ ]+")  # words and the runs of spaces between them


def _fold_plain(text: str, column: int, indent: int) -> str:
    """ruamel's ``write_plain`` for text without line breaks starting at ``column``.

    Word by word rather than character by character (twice as fast): a word that would end past
    the width goes to the next line (unless the line holds nothing yet), a single space reached
    at the width becomes the line break. Text that starts with a space (or is empty) begins with
    an empty word, as ruamel's loop has it.
    """
    if column + len(text) <= WIDTH:
        return text
    runs = _RUNS.findall(text)
    if text[:1] in (" ", ""):
        runs.insert(0, "")
    out: list[str] = []
    newline = "\n" + " " * indent
    for run in runs:
        if run[:1] == " ":
            if len(run) == 1 and column >= WIDTH:
                out.append(newline)
                column = indent
            else:
                out.append(run)
                column += len(run)
            continue
        if len(run) + column > WIDTH and column > indent:
            out.append(newline)
            column = indent
        out.append(run)
        column += len(run)
    return "".join(out)


def _fold_single(text: str, column: int, indent: int) -> str:
    """ruamel's ``write_single_quoted`` for text without line breaks starting at ``column``."""
    if column + len(text) + text.count("'") + 2 <= WIDTH:
        return "'" + text.replace("'", "''") + "'"
    out = ["'"]
    column += 1
    spaces = False
    start = 0
    for end in range(len(text) + 1):
        ch = text[end] if end < len(text) else None
        if spaces:
            if ch != " ":
                if start + 1 == end and column > WIDTH and start != 0 and end != len(text):
                    out.append("\n" + " " * indent)
                    column = indent
                else:
                    out.append(text[start:end])
                    column += end - start
                start = end
        elif (ch is None or ch in " '") and start < end:
            out.append(text[start:end])
            column += end - start
            start = end
        if ch == "'":
            out.append("''")
            column += 2
            start = end + 1
        spaces = ch == " "
    out.append("'")
    return "".join(out)


def scalar_text(value: Any, column: int, indent: int, *, flow: bool = False) -> str | None:
    """A scalar as ruamel writes it at ``column`` (folded lines start at ``indent``); None: refused."""
    kind = type(value)
    if kind is str:
        if "\n" in value or "\r" in value:
            return None
        style = string_style(value, flow=flow)
        if style == "":
            return _fold_plain(value, column, indent)
        return _fold_single(value, column, indent) if style == "'" else None
    if kind is bool:
        return "true" if value else "false"
    if kind is dt.date:
        return str(value.isoformat())
    return None


def _flow_item(value: Any) -> str | None:
    """One item of a flow collection (no folding: callers refuse lines longer than the width)."""
    if type(value) is str:
        style = string_style(value, flow=True)
        if style == "" or (style == "'" and "\n" not in value):
            return value if style == "" else "'" + value.replace("'", "''") + "'"
        return None
    return scalar_text(value, 0, 0, flow=True)


def flow_text(value: FlowSeq | FlowMap | BlockSeq | BlockMap, column: int) -> str | None:
    """``[a, b]`` or ``{k: v}`` as ruamel writes it from ``column``; None when it would fold."""
    parts: list[str] = []
    if isinstance(value, FlowMap | BlockMap):
        for key, item in value:
            k, v = _flow_item(key), _flow_item(item)
            if k is None or v is None or not plain_key(key):
                return None
            parts.append(f"{k}: {v}")
        text = "{" + ", ".join(parts) + "}"
    else:
        for item in value:
            v = _flow_item(item)
            if v is None:
                return None
            parts.append(v)
        text = "[" + ", ".join(parts) + "]"
    return text if column + len(text) <= WIDTH else None
