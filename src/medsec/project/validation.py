"""Turn pydantic errors into located diagnostics with suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from medsec.domain.errors import Diagnostic
from medsec.project.commas import comma_mistake
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
    """A value of the wrong shape: say what shape the field takes, in our words."""
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
    if kinds & DATE_ERRORS:
        date = value if isinstance(value, str) else shown(value)
        return f"invalid date {date}", "a real date as YYYY-MM-DD"
    options = [o for e in errs if e["type"] in ("enum", "literal_error") for o in _options(e)]
    if options:
        return f"invalid value {value!r}", did_you_mean(str(value), options) or one_of(options)
    return wording(errs), None


# pydantic error type -> what the value must be (a noun phrase: "must be <this>")
SHAPES: dict[str, str] = {
    **dict.fromkeys(
        ("int_type", "int_parsing", "int_parsing_size", "int_from_float"), "a whole number"
    ),
    **dict.fromkeys(
        (
            "float_type",
            "float_parsing",
            "decimal_type",
            "decimal_parsing",
            "fraction_type",
            "fraction_parsing",
        ),
        "a number",
    ),
    **dict.fromkeys(("bool_type", "bool_parsing"), "true or false"),
    **dict.fromkeys(("string_type", "string_unicode", "bytes_type"), "text"),
    **dict.fromkeys(
        ("list_type", "tuple_type", "set_type", "frozen_set_type", "deque_type", "iterable_type"),
        "a list ([a, b] or one '- item' per line)",
    ),
    **dict.fromkeys(
        ("dict_type", "model_type", "model_attributes_type", "mapping_type", "dataclass_type"),
        "a mapping (key: value lines)",
    ),
    **dict.fromkeys(
        (
            "datetime_type",
            "datetime_parsing",
            "datetime_from_date_parsing",
            "datetime_object_invalid",
        ),
        "a date and time as YYYY-MM-DDTHH:MM:SS",
    ),
    **dict.fromkeys(("time_type", "time_parsing"), "a time as HH:MM"),
    **dict.fromkeys(("time_delta_type", "time_delta_parsing"), "a duration such as P30D"),
    **dict.fromkeys(
        ("url_type", "url_parsing", "url_syntax_violation"), "a URL such as https://example.com/"
    ),
    **dict.fromkeys(("uuid_type", "uuid_parsing", "uuid_version"), "a UUID"),
    "none_required": "empty",
}
DATE_ERRORS = frozenset(
    ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact")
)
# pydantic error type -> the rule the value breaks; {name} is filled from the error's context
RULES: dict[str, str] = {
    "greater_than": "must be greater than {gt}",
    "greater_than_equal": "must be {ge} or more",
    "less_than": "must be less than {lt}",
    "less_than_equal": "must be {le} or less",
    "multiple_of": "must be a multiple of {multiple_of}",
    "finite_number": "must be a finite number",
    "too_short": "needs at least {min_length} entries",
    "too_long": "takes at most {max_length} entries",
    "string_too_short": "must be at least {min_length} characters long",
    "string_too_long": "must be at most {max_length} characters long",
    "string_pattern_mismatch": "does not have the expected form (pattern {pattern})",
    "string_not_ascii": "must use ASCII characters only",
    "date_past": "must be a date in the past",
    "date_future": "must be a date in the future",
    "datetime_past": "must be in the past",
    "datetime_future": "must be in the future",
    "timezone_aware": "must state a time zone, e.g. Z or +01:00",
    "timezone_naive": "must not state a time zone",
    "url_too_long": "is too long for a URL",
    "url_scheme": "must be a URL starting with {expected_schemes}",
}


def shown(value: Any) -> str:
    """A value as a message quotes it: text quoted, lists and mappings named, null as empty."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def wording(errs: list[Any]) -> str:
    """Our sentence for pydantic's errors on one field (several when a union refused it)."""
    value = shown(errs[0].get("input"))
    shapes = list(dict.fromkeys(SHAPES[e["type"]] for e in errs if e["type"] in SHAPES))
    if shapes:
        return f"must be {' or '.join(shapes)}, not {value}"
    for err in errs:
        ctx = err.get("ctx") or {}
        if err["type"] in ("value_error", "assertion_error") and ctx.get("error") is not None:
            return str(ctx["error"])
        if err["type"] == "string_too_short" and ctx.get("min_length") == 1:
            return "must not be empty"
        if err["type"] in RULES:
            return f"{RULES[err['type']].format_map(_Context(ctx))}, not {value}"
    return f"invalid value {value}"


class _Context(dict[str, Any]):
    """An error context for ``format_map``: a name pydantic did not give shows as '?'."""

    def __missing__(self, key: str) -> str:
        """'?' for a missing name rather than a KeyError in the middle of an error message."""
        return "?"


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
        message, hint = comma_mistake(errs, loc, lines, data) or _one(errs, loc, model)
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
