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
import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import events as ev

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_ ./@()+-]*$")
_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null", "nan", "inf"})


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
