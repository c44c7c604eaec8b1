"""Comma mistakes in flow-style YAML, recognised so the error says to quote or separate.

``{id: vitals, name: Vital signs, heart rate}`` is valid YAML: the comma ends the name and
``heart rate`` becomes a key without a value, which the schema refuses as an unknown key.
``[hr, spo2 temp]`` lacks a comma and gives an id with a space. Both read as nonsense to the
user unless the error names the real mistake.
"""

from __future__ import annotations

from typing import Any

from medsec.project.yamlfile import LineMap


def comma_mistake(
    errs: list[Any], loc: list[str | int], lines: LineMap, data: Any
) -> tuple[str, str] | None:
    """The message and hint for a comma mistake at ``loc``, or None when it is not one."""
    if not loc:
        return None
    kinds = {e["type"] for e in errs}
    value = errs[0].get("input")
    if kinds == {"extra_forbidden"} and value is None and lines.flow_style(loc[:-1]):
        return f"unknown key '{loc[-1]}'", _quote_hint(data, loc)
    if (
        kinds == {"string_pattern_mismatch"}
        and isinstance(loc[-1], int)
        and isinstance(value, str)
        and " " in value.strip()
    ):
        return (
            f"invalid id {value!r}",
            "ids have no spaces: is a comma missing between two list items? ([a, b, c])",
        )
    return None


def _mapping_at(data: Any, loc: list[str | int]) -> dict[Any, Any] | None:
    """The mapping the data holds at ``loc``, or None."""
    node = data
    for part in loc:
        in_map = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_map or in_list):
            return None
        node = node[part]
    return node if isinstance(node, dict) else None


def _quote_hint(data: Any, loc: list[str | int]) -> str:
    """Quote the value the comma cut: ``name: "Vital signs, heart rate"``, rebuilt from the keys."""
    general = "a comma inside {…} ends a value: quote values that contain a comma"
    node = _mapping_at(data, loc[:-1])
    if node is None or loc[-1] not in node:
        return general
    keys = list(node)
    before = [k for k in keys[: keys.index(loc[-1])] if node[k] is not None]
    if not before or not isinstance(node[before[-1]], str):
        return general
    start = before[-1]
    parts = [node[start]]
    for k in keys[keys.index(start) + 1 :]:
        if node[k] is not None:
            break
        parts.append(str(k))
    text = ", ".join(parts).replace('"', '\\"')
    return f"a comma inside {{…}} ended the value of '{start}': quote it ({start}: \"{text}\")"
