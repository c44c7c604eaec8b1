"""The text of ``threats.yaml`` in medsec's own layout: split into entries, read and written fast.

medsec writes every entry of the register the same way (ruamel's round-trip layout). An entry
in that layout is read here by a small line reader, and the reading is proved by writing the
values back: only when they give the entry's text byte for byte is it taken (so a comment, a
quote style or an indentation the writer would not produce sends the entry to ruamel instead).
Reading 10,000 entries this way takes a fraction of a second; ruamel's round trip took 35.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from medsec.project.yaml_emit import (
    BlockMap,
    BlockSeq,
    FlowMap,
    FlowSeq,
    flow_text,
    plain_key,
    scalar_text,
)

Pairs = list[tuple[str, Any]]
_DATE = re.compile(r"\d{4}-\d\d-\d\d\Z")
_COLLECTIONS = (FlowSeq, BlockSeq, FlowMap, BlockMap)


def split_entries(text: str, prefix: str) -> list[tuple[int, str]] | None:
    """``(line, text)`` of each entry after ``prefix``; None when the file is laid out otherwise.

    An entry starts at a line ``  - `` and runs to the next one. Every other line must be
    blank, a comment, or indented: a line at the left margin could end the sequence.
    """
    if not text.startswith(prefix) or "\r" in text or not text.endswith("\n"):
        return None
    body = text[len(prefix) :]
    if not body.startswith("  - "):
        return None
    if re.search(r"\n[^ \n#]", body):
        return None
    pieces = body[4:].split("\n  - ")
    line = prefix.count("\n") + 1
    out: list[tuple[int, str]] = []
    for i, piece in enumerate(pieces):
        chunk = "  - " + piece + ("\n" if i < len(pieces) - 1 else "")
        out.append((line, chunk))
        line += chunk.count("\n")
    return out


def _scalar(text: str) -> Any:
    """The value of a scalar as the round-trip loader reads it; None when unsure."""
    if text.startswith("'"):
        inner = text[1:-1]
        if len(text) < 2 or not text.endswith("'") or "'" in inner.replace("''", ""):
            return None
        return inner.replace("''", "'")
    if text.startswith('"') or not text:
        return None
    if text in ("true", "false"):
        return text == "true"
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    return text


def _joined(first: str, more: Sequence[str]) -> str:
    """A scalar folded over several lines, unfolded (verified later by writing it back)."""
    if not more:
        return first
    return " ".join([first.rstrip(" "), *(line.strip(" ") for line in more)])


def _flow(text: str) -> Any:
    """A one-line flow collection (``[a, b]``, ``{k: v}``); None when unsure."""
    inner = text[1:-1]
    items = inner.split(", ") if inner else []
    if text[0] == "[" and text[-1] == "]":
        values = [_scalar(item) for item in items]
        return None if None in values else FlowSeq(values)
    if text[0] == "{" and text[-1] == "}":
        pairs = []
        for item in items:
            key, sep, raw = item.partition(": ")
            value = _scalar(raw)
            if not sep or value is None:
                return None
            pairs.append((key, value))
        return FlowMap(pairs)
    return None


def _items(lines: Sequence[str], lead: str) -> list[tuple[str, list[str]]] | None:
    """Lines at one indentation split into (first line, continuation lines) groups."""
    groups: list[tuple[str, list[str]]] = []
    deeper = " " * (len(lead) + 2)
    for line in lines:
        if line.startswith(deeper) and groups:
            groups[-1][1].append(line)
        elif line.startswith(lead) and line[len(lead)] != " ":
            groups.append((line[len(lead) :], []))
        else:
            return None
    return groups


def _nested(lines: Sequence[str]) -> Any:
    """A block sequence or mapping under a key (at six spaces); None when unsure."""
    if not lines:
        return None
    if lines[0].startswith("      - "):
        groups = _items(lines, "      - ")
        if groups is None:
            return None
        values = [_scalar(_joined(first, more)) for first, more in groups]
        return None if None in values else BlockSeq(values)
    groups = _items(lines, "      ")
    if groups is None:
        return None
    pairs: list[tuple[str, Any]] = []
    for first, more in groups:
        key, sep, raw = first.partition(": ")
        value = _scalar(_joined(raw, more))
        if not sep or value is None or key in dict(pairs):
            return None
        pairs.append((key, value))
    return BlockMap(pairs)


def _value(rest: str, more: Sequence[str]) -> Any:
    """The value after ``key:`` (``rest``) with the lines indented under it."""
    if rest == "":
        return _nested(more)
    if rest[0] != " ":
        return None
    text = rest[1:]
    if text[:1] in ("[", "{"):
        return None if more else _flow(text)
    return _scalar(_joined(text, more))


def parse_entry(chunk: str) -> Pairs | None:
    """The key/value pairs of one entry as the loader reads them; None when unsure.

    Unsure is safe: the caller only trusts pairs that ``entry_text`` writes back to ``chunk``.
    """
    lines = chunk.split("\n")
    if lines.pop() != "":
        return None
    lines[0] = "    " + lines[0][4:]
    pairs: Pairs = []
    seen: set[str] = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        key, sep, rest = line[4:].partition(":")
        if not line.startswith("    ") or not sep or key in seen or key[:1] in ("", " "):
            return None
        j = i + 1
        while j < len(lines) and lines[j].startswith("      "):
            j += 1
        value = _value(rest, lines[i + 1 : j])
        if value is None:
            return None
        pairs.append((key, value))
        seen.add(key)
        i = j
    return pairs


def _block(value: Any, indent: int) -> str | None:
    """The lines of a block sequence or mapping whose items start at ``indent``."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, BlockSeq):
        for item in value:
            text = scalar_text(item, indent + 2, indent + 2)
            if text is None:
                return None
            lines.append(f"\n{pad}- {text}")
        return "".join(lines)
    for key, item in value:
        text = scalar_text(item, indent + len(key) + 2, indent + 2)
        if text is None or not plain_key(key):
            return None
        lines.append(f"\n{pad}{key}: {text}")
    return "".join(lines)


def _pair_text(key: str, value: Any) -> str | None:
    """One ``key: value`` line of an entry (a block value takes lines of its own)."""
    if not plain_key(key):
        return None
    head = f"    {key}:"
    if isinstance(value, _COLLECTIONS):
        if value and isinstance(value, BlockSeq | BlockMap):
            body = _block(value, 6)
            return None if body is None else head + body
        text = flow_text(value, len(head) + 1)
    else:
        text = scalar_text(value, len(head) + 1, 6)
    return None if text is None else f"{head} {text}"


_UNIQUE = frozenset({"id"})  # a different value in every entry: not worth remembering
_UNSEEN: Any = object()


class EntryWriter:
    """Writes register entries in medsec's layout, remembering the lines it wrote (values repeat).

    Values are scalars (str, bool, date) or tuples of them: a line is known by its key and
    the value (with its type, but for strings, so that ``True`` and ``1`` stay apart).
    """

    def __init__(self) -> None:
        """An empty memory of written lines."""
        self._lines: dict[str, dict[Any, str | None]] = {}

    def text(self, pairs: Sequence[tuple[str, Any]]) -> str | None:
        """The entry as ruamel's round-trip dumper writes it; None when ruamel must write it."""
        out: list[str] = []
        memory = self._lines
        for key, value in pairs:  # the hot loop of every register write: kept inline
            lines = memory.get(key)
            if lines is None:
                lines = memory[key] = {}
            memo = value if type(value) is str else (type(value), value)
            line = lines.get(memo, _UNSEEN) if key not in _UNIQUE else _UNSEEN
            if line is _UNSEEN:
                line = _pair_text(key, value)
                if key not in _UNIQUE:
                    lines[memo] = line
            if line is None:
                return None
            out.append(line)
        if not out:
            return None
        out[0] = "  - " + out[0][4:]
        out.append("")
        return "\n".join(out)
