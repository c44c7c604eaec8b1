"""Untrusted JSON: parsed once by orjson, with the two things orjson cannot tell checked aside.

* orjson refuses nesting deeper than 1024 levels with a clean error (a recursion bomb is an
  ``InputError``, never a crash); every syntax error is located.
* Duplicate keys: JSON parsers keep the last value silently. Documents up to
  ``DUPLICATE_CHECK_BYTES`` are parsed a second time by the standard library, which hands
  every object's key/value pairs over before they become a dict; each duplicate becomes a
  warning naming the key and the object's place. Bigger documents are not checked (the
  limit is stated in docs/security.md).
* Numbers: orjson reads ``1.10`` as ``1.1`` and integers beyond 64 bits as floats. Where a
  reader finds a number where text belongs (a version), :func:`exact` parses the document
  again keeping every number as written (``int`` or ``Decimal``), so the reader can keep a
  faithful string and say so.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import orjson

from medsec.domain.errors import Diagnostic, InputError

DUPLICATE_CHECK_BYTES = 64 * 1024 * 1024  # 5 MB check in 40 ms; real SBOMs are tens of MB
MAX_DUPLICATES = 20  # listed per document; more are counted


def loads(data: bytes, *, source: str) -> Any:
    """The parsed document (orjson); malformed, too deep or non-UTF-8 JSON is located."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise InputError.single(
            source, f"invalid JSON: {exc.msg}", line=exc.lineno, field=f"column {exc.colno}"
        ) from None


def exact(data: bytes, *, source: str) -> Any:
    """The document with every number as written: integers exact, fractions as ``Decimal``
    (``1.10`` stays ``1.10``). Slower than :func:`loads`: for documents that need it."""
    try:
        return json.loads(data.removeprefix(b"\xef\xbb\xbf"), parse_float=Decimal)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, bad UTF-8, too deep
        raise InputError.single(source, f"invalid JSON: {exc}") from None


def duplicate_keys(
    data: bytes, *, source: str, max_bytes: int = DUPLICATE_CHECK_BYTES
) -> tuple[Diagnostic, ...]:
    """One warning per duplicate key (the first ``MAX_DUPLICATES``, then a count), with the
    JSON path of its object; none for valid JSON without duplicates or over ``max_bytes``."""
    if len(data) > max_bytes:
        return ()
    found: list[tuple[dict[str, Any], str]] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        """Build one object, noting the keys it repeats."""
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    found.append((obj, key))
                seen.add(key)
        return obj

    try:
        root = json.loads(data.removeprefix(b"\xef\xbb\xbf"), object_pairs_hook=pairs_hook)
    except (ValueError, RecursionError):
        return ()  # orjson has already said what is wrong with it, or read it
    if not found:
        return ()
    places = _paths_of({id(obj) for obj, _ in found}, root)
    warnings = [
        Diagnostic(
            source,
            f"duplicate key {key!r} in one object; the last value is used"
            + ("" if id(obj) in places else " (the object was itself replaced by a duplicate)"),
            field=places.get(id(obj)),
        )
        for obj, key in found[:MAX_DUPLICATES]
    ]
    if len(found) > MAX_DUPLICATES:
        warnings.append(Diagnostic(source, f"... and {len(found) - MAX_DUPLICATES} more"))
    return tuple(warnings)


def _paths_of(wanted: set[int], root: Any) -> dict[int, str]:
    """The JSON path (``components[3].licenses[0]``) of each wanted object, found by one
    walk without recursion."""
    paths: dict[int, str] = {}
    stack: list[tuple[Any, str]] = [(root, "")]
    while stack and len(paths) < len(wanted):
        node, path = stack.pop()
        if isinstance(node, dict):
            if id(node) in wanted:
                paths[id(node)] = path or "(document)"
            stack.extend((v, f"{path}.{k}" if path else str(k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(node))
    return paths
