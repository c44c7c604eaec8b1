"""Escapes that name UTF-16 surrogates: refused where YAML and JSON text becomes data.

YAML double-quoted scalars and JSON strings may write a code point as an escape
(``"\\ud800"``). A surrogate is not a character: libyaml and orjson refuse such escapes, but
the pure-Python parsers medsec falls back to (ruamel's, the standard ``json``) accept them and
produce a ``str`` that cannot be encoded. Every output then fails on it (a file, the terminal,
JSON, XML, a diagram): ``medsec diagram`` of a device named ``"Pump\\ud800"`` ended in a
``UnicodeEncodeError`` traceback. UTF-8 text itself never decodes to a surrogate, so only an
escape can make one: the text is searched for one first, the data walked only when found.
"""

from __future__ import annotations

import re
from typing import Any

from medsec.domain.errors import InputError

_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}|\\U0000[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
HINT = "write the character itself (the file is UTF-8), or its code point as \\UXXXXXXXX in YAML"


def refuse_surrogates(data: Any, text: str, *, source: str) -> None:
    """``InputError`` at the line of the first surrogate escape when ``data`` (parsed from
    ``text``) holds a surrogate; nothing when it holds none (a ``\\ud800`` in a comment or a
    single-quoted scalar is text, not an escape)."""
    found = _ESCAPE.search(text)
    if found is None or not _holds_surrogate(data):
        return
    raise InputError.single(
        source,
        f"'{found.group()}' names a UTF-16 surrogate, which is not a character",
        line=text.count("\n", 0, found.start()) + 1,
        hint=HINT,
    )


def _holds_surrogate(data: Any) -> bool:
    """Whether any string of ``data`` (keys included; each shared node looked at once) holds a
    surrogate."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if _SURROGATE.search(node):
                return True
        elif id(node) not in seen:
            seen.add(id(node))
            if isinstance(node, dict):
                stack.extend(node.keys())
                stack.extend(node.values())
            elif isinstance(node, list | tuple | set):
                stack.extend(node)
    return False
