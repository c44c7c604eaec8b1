"""Reading a VEX file's JSON: size limit, encoding, located syntax errors, typed access."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from medsec.domain.errors import InputError
from medsec.untrusted.surrogates import refuse_surrogates

MAX_BYTES = 64 * 1024 * 1024


def load(data: bytes, *, source: str) -> Any:
    """The JSON value of a VEX file; too large, non-UTF-8 or malformed input raises InputError."""
    if len(data) > MAX_BYTES:
        raise InputError.single(
            source, f"file is larger than the {MAX_BYTES // 1_048_576} MiB limit for VEX documents"
        )
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.single(source, f"not UTF-8 text (byte {exc.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError.single(
            source, f"malformed JSON: {exc.msg} (column {exc.colno})", line=exc.lineno
        ) from None
    except RecursionError:
        raise InputError.single(source, "JSON nested too deeply") from None
    refuse_surrogates(data, text, source=source)  # the standard json accepts "\ud800"
    return data


def problem(source: str, pointer: str, message: str, hint: str | None = None) -> InputError:
    """An InputError located at a JSON pointer of the document, with an optional hint."""
    return InputError.single(source, message, field=pointer or "(document)", hint=hint)


def text(value: Any) -> str | None:
    """A non-empty string, else None."""
    return value.strip() or None if isinstance(value, str) else None


def moment(value: Any) -> dt.datetime | None:
    """An ISO 8601 date-time (``Z`` allowed; nanoseconds cut to microseconds), else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    raw = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    head, dot, rest = raw.partition(".")
    if dot:
        digits = "".join(ch for ch in rest if ch.isdigit())
        zone = rest[len(digits) :]
        raw = f"{head}.{digits[:6].ljust(6, '0')}{zone}"
    try:
        parsed = dt.datetime.fromisoformat(raw)
    except ValueError:
        try:
            day = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
        parsed = dt.datetime(day.year, day.month, day.day)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def obj(value: Any) -> dict[str, Any]:
    """A JSON object, or an empty one."""
    return value if isinstance(value, dict) else {}


def items(value: Any) -> list[Any]:
    """A JSON array, or an empty one."""
    return value if isinstance(value, list) else []


def listed(value: Any, *, source: str, pointer: str, what: str) -> list[Any]:
    """A JSON array (absent: empty); anything else is an error at ``pointer``."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise problem(source, pointer, f"{what} must be a list")
    return value
