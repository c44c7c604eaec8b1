"""Untrusted scanner JSON: one document or JSON Lines, with located errors and typed access."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from medsec.domain.errors import InputError


def load_json(data: bytes, source: str) -> Any:
    """One JSON document; invalid JSON is an error at its line and column."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        hint = "the file may be truncated" if exc.pos >= len(data.rstrip()) - 1 else None
        raise InputError.single(
            source,
            f"invalid JSON: {exc.msg}",
            line=exc.lineno,
            field=f"column {exc.colno}",
            hint=hint,
        ) from None


def json_lines(data: bytes, source: str) -> Iterator[tuple[int, Any]]:
    """``(line number, value)`` of each non-blank line of a JSON Lines stream."""
    for number, raw in enumerate(data.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            yield number, orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise InputError.single(
                source,
                f"invalid JSON on this line: {exc.msg}",
                line=number,
                field=f"column {exc.colno}",
                hint="each line of a JSON Lines file must be one complete JSON object "
                "(the file may be truncated)",
            ) from None


def obj(value: Any, source: str, where: str, *, line: int | None = None) -> dict[str, Any]:
    """The value if it is an object; anything else is an error at ``where``."""
    if not isinstance(value, dict):
        raise InputError.single(
            source, f"expected an object, found {_kind(value)}", line=line, field=where
        )
    return value


def items(value: Any, source: str, where: str, *, line: int | None = None) -> list[Any]:
    """A list (``None`` / absent -> empty list); anything else is an error."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError.single(
            source, f"expected a list, found {_kind(value)}", line=line, field=where
        )
    return value


def mapping(value: Any) -> dict[str, Any]:
    """The value if it is an object, else an empty one (for optional, loosely typed parts)."""
    return value if isinstance(value, dict) else {}


def listing(value: Any) -> list[Any]:
    """The value if it is a list, else an empty one (for optional, loosely typed parts)."""
    return value if isinstance(value, list) else []


def string(value: Any) -> str | None:
    """Text of a scalar (numbers as text), None for absent, blank or structured values."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float):
        text = str(value).strip()
        return text or None
    return None


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", type(None): "null"}.get(
        type(value), type(value).__name__
    )
