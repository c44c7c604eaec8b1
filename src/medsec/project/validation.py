"""Turn pydantic errors into located diagnostics with suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from medsec.domain.errors import Diagnostic
from medsec.project.suggest import did_you_mean, one_of
from medsec.project.yamlfile import LineMap, line_of


def field_path(loc: Sequence[str | int]) -> str:
    """``("elements", 3, "id")`` -> ``elements[3].id``, as messages name fields."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(document)"


def _model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The pydantic model class that owns the last key of ``loc`` (for key suggestions)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = current.model_fields
        name = next((n for n, f in fields.items() if (f.alias or n) == part), None)
        if name is None:
            return None
        annotation = fields[name].annotation
        current = _inner_model(annotation)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside a type annotation (``list[X]``, ``X | None``...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _step(node: Any, part: str | int) -> tuple[bool, Any]:
    """One step down the data: (found, child) for a key or list index."""
    if isinstance(node, dict) and part in node:
        return True, node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return True, node[part]
    return False, None


def _clean_loc(loc: Sequence[str | int], data: Any) -> list[str | int]:
    """The user's path: follow the data and drop pydantic's union-branch and type tags."""
    out: list[str | int] = []
    node = data
    for n, part in enumerate(loc):
        found, child = _step(node, part)
        if found:
            node = child
        elif n == len(loc) - 1 and isinstance(node, dict) and isinstance(part, str):
            pass  # a missing key: not in the data, still the user's path
        else:
            continue  # a tag such as 'literal['none']' or 'list[...]'
        out.append(part)
    return out


def _options(err: Any) -> list[str]:
    """The values pydantic says it expected (enum or literal errors)."""
    expected = str(err.get("ctx", {}).get("expected", ""))
    return [o.strip(" '") for o in expected.replace(" or ", ",").split(",") if o.strip(" '")]


def _one(errs: list[Any], loc: list[str | int], model: type[BaseModel]) -> tuple[str, str | None]:
    """One message and hint for all errors pydantic raised on one field (union branches)."""
    kinds = {e["type"] for e in errs}
    if "extra_forbidden" in kinds and loc:
        return _unknown_key(loc, model)
    if "missing" in kinds:
        return "required key is missing", None
    return _bad_value(errs, kinds, loc)


def _unknown_key(loc: list[str | int], model: type[BaseModel]) -> tuple[str, str | None]:
    """The message for an unknown key, suggesting a close key of its model."""
    key = str(loc[-1])
    owner = _model_at(model, loc)
    keys = [f.alias or n for n, f in owner.model_fields.items()] if owner else []
    return f"unknown key '{key}'", did_you_mean(key, keys) or (one_of(keys) if keys else None)


def _bad_value(errs: list[Any], kinds: set[str], loc: list[str | int]) -> tuple[str, str | None]:
    """A value of the wrong shape: say what shape the field takes."""
    first = errs[0]
    field_name = loc[-1] if loc else ""
    value = first.get("input")
    if field_name == "retention":
        return (
            f"invalid retention {value!r}",
            "an ISO 8601 duration such as P30D, P1Y or P6M, or 'indefinite'",
        )
    if "string_pattern_mismatch" in kinds and field_name in ("id", "parent", "boundary", "element"):
        return (
            f"invalid id {value!r}",
            "ids use lowercase letters, digits and '-', starting with a letter or digit",
        )
    if any(k.startswith(("date_", "datetime_")) for k in kinds):
        return f"invalid date {value}: {first['msg']}", "a date as YYYY-MM-DD"
    options = [o for e in errs if e["type"] in ("enum", "literal_error") for o in _options(e)]
    if options:
        return f"invalid value {value!r}", did_you_mean(str(value), options) or one_of(options)
    return str(first["msg"]), None


def diagnostics_from(
    error: ValidationError, lines: LineMap, path: str, model: type[BaseModel], data: Any = None
) -> list[Diagnostic]:
    """One located diagnostic per field pydantic refused, with a hint where one helps."""
    groups: dict[tuple[str | int, ...], list[Any]] = {}
    for err in error.errors():
        groups.setdefault(tuple(_clean_loc(err["loc"], data)), []).append(err)
    problems: list[Diagnostic] = []
    for loc_t, errs in groups.items():
        loc = list(loc_t)
        message, hint = _one(errs, loc, model)
        problems.append(
            Diagnostic(
                path=path,
                line=line_of(lines, loc),
                field=field_path(loc),
                message=message,
                hint=hint,
            )
        )
    return problems
