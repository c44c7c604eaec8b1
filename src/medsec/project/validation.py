"""Turn pydantic errors into located diagnostics with suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from medsec.domain.errors import Diagnostic
from medsec.project.suggest import did_you_mean, one_of
from medsec.project.yamlfile import line_of


def field_path(loc: Sequence[str | int]) -> str:
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
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _clean_loc(loc: Sequence[str | int]) -> list[str | int]:
    """Drop pydantic's union-branch and type tags so the path is the user's path."""
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and (
            part.startswith(("function-", "literal[", "enum[", "constrained-"))
            or part in {"str", "int", "bool", "list[...]", "date", "nullable", "none"}
            or "[" in part
            and not part.endswith("]")
        ):
            continue
        out.append(part)
    return out


def diagnostics_from(
    error: ValidationError, data: Any, path: str, model: type[BaseModel]
) -> list[Diagnostic]:
    seen: set[tuple[str, str]] = set()
    problems: list[Diagnostic] = []
    for err in error.errors():
        loc = _clean_loc(err["loc"])
        kind = err["type"]
        hint: str | None = None
        message = err["msg"]
        if kind == "extra_forbidden":
            key = str(loc[-1])
            owner = _model_at(model, loc)
            keys = [f.alias or n for n, f in owner.model_fields.items()] if owner else []
            message = f"unknown key '{key}'"
            hint = did_you_mean(key, keys) or (one_of(keys) if keys else None)
        elif kind in {"enum", "literal_error"}:
            value = err.get("input")
            expected = err.get("ctx", {}).get("expected", "")
            options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",") if o.strip()]
            message = f"invalid value {value!r}"
            hint = did_you_mean(str(value), options) or (one_of(options) if options else None)
        elif kind == "missing":
            message = "required key is missing"
        elif kind == "string_pattern_mismatch" and loc and loc[-1] in ("id", "parent", "boundary"):
            message = f"invalid id {err.get('input')!r}"
            hint = "ids use lowercase letters, digits and '-', starting with a letter or digit"
        elif kind == "string_pattern_mismatch" and loc and loc[-1] == "retention":
            message = f"invalid retention {err.get('input')!r}"
            hint = "an ISO 8601 duration such as P30D, P1Y or P6M, or 'indefinite'"
        fp = field_path(loc)
        dedupe = (fp, message)
        if dedupe in seen:
            continue
        seen.add(dedupe)
        problems.append(
            Diagnostic(path=path, line=line_of(data, loc), field=fp, message=message, hint=hint)
        )
    return problems
