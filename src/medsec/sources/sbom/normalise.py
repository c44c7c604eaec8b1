"""Field values as real SBOMs write them, turned into one form (timestamps, hashes, purls...).

Every function is lenient: it returns ``None`` for an unusable value and leaves the warning to
the caller, who knows the location.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from packageurl import PackageURL

from medsec.domain.component import (
    PROPERTY_CLASS,
    PROPERTY_END_OF_SUPPORT,
    PROPERTY_RATIONALE,
    PROPERTY_SUPPORT_LEVEL,
    ComponentClass,
    Hash,
    SupportLevel,
)
from medsec.sources.sbom.notes import Notes

NO_VALUE = frozenset({"", "NOASSERTION", "NONE", "NOASSERTION()", "UNKNOWN", "N/A"})

_LONGEST_NO_VALUE = max(map(len, NO_VALUE))
# a conservative subset of valid purls (checked against 2,373 real ones): anything outside it
# goes to packageurl-python for the verdict and its message
_PLAIN_PURL = re.compile(
    r"^pkg:[a-z][a-z0-9.+-]*/[A-Za-z0-9._~%/+-]+(@[A-Za-z0-9._~%+:-]+)?"
    r"(\?[A-Za-z0-9._~%+=&/:-]*)?(#[A-Za-z0-9._~%/-]*)?$"
)
_FRACTION = re.compile(r"(\.\d{6})\d+")


def text(value: object) -> str | None:
    """A stripped string, or ``None`` for absent / NOASSERTION / non-string values."""
    if isinstance(value, str):  # str subclasses too (ruamel's folded scalars)
        stripped = value.strip()
        if not stripped or (len(stripped) <= _LONGEST_NO_VALUE and stripped.upper() in NO_VALUE):
            return None
        return str(stripped)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, date):  # YAML loaders turn 2027-12-31 into a date
        return value.isoformat()
    return None


def number_as_text(value: object, notes: Notes, field: str) -> str | None:
    """A version (or any text field) given as a JSON number: its text, with a warning; orjson
    has already turned ``1.10`` into ``1.1``, so readers re-read such documents exactly
    (``medsec.untrusted.jsontext.exact``) and the text here is as written."""
    read = text(value)
    if read is not None and not isinstance(value, str):
        notes.warn(
            f"a JSON number, not a string; read as {read!r}",
            field=field,
            hint="write versions as strings: as numbers they lose digits (1.10 becomes 1.1)",
        )
    return read


def mapping(value: object) -> dict[str, Any]:
    """The value if it is a JSON object, else an empty one (lenient reading of optional parts)."""
    return value if isinstance(value, dict) else {}


def items(value: object, notes: Notes, field: str) -> list[Any]:
    """The value if it is a list; absent is empty; any other type is warned about and empty
    (``documentDescribes: 1`` must be a located warning, not a ``TypeError``)."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    notes.warn(f"expected a list, got {type(value).__name__}; ignored", field=field)
    return []


def timestamp(value: object) -> datetime | None:
    """ISO 8601 with any fraction length, ``Z`` or offset, or a bare date; naive means UTC."""
    raw = text(value)
    if raw is None:
        return None
    raw = _FRACTION.sub(r"\1", raw.replace("z", "Z"))
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def day(value: object) -> date | None:
    """A date from ``2027-12-31`` or a full timestamp."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    stamp = timestamp(value)
    return stamp.date() if stamp else None


def hash_algorithm(name: str) -> str:
    """``SHA-256``, ``sha256``, ``SHA_256`` -> ``SHA256``; ``BLAKE2b-256`` -> ``BLAKE2B256``."""
    return name.strip().upper().replace("-", "").replace("_", "")


def make_hash(algorithm: object, value: object) -> Hash | None:
    """A hash with a normalised algorithm and a lower-case value; None if either is absent."""
    alg, val = text(algorithm), text(value)
    if alg is None or val is None:
        return None
    return Hash(algorithm=hash_algorithm(alg), value=val.lower())


_AGENT = re.compile(r"^\s*(Organization|Person|Tool)\s*:\s*(.*?)\s*(\(([^()]*)\))?\s*$", re.I)


def agent(value: object) -> str | None:
    """SPDX ``Organization: ACME (info@acme)`` -> ``ACME``; plain names pass through."""
    raw = text(value)
    if raw is None:
        return None
    match = _AGENT.match(raw)
    if match is None:
        return raw
    name = match.group(2).strip()
    if not name or name.upper() in NO_VALUE:
        return text(match.group(4))
    return name


def check_purl(purl: str, notes: Notes, field: str | None, line: int | None = None) -> None:
    """Warn about a purl that packageurl-python cannot parse; the value is kept as written."""
    if _PLAIN_PURL.match(purl):
        return
    try:
        PackageURL.from_string(purl)
    except ValueError as exc:
        notes.warn(f"invalid purl {purl!r}: {exc}", field=field, line=line)


def support_level(
    value: object, notes: Notes, field: str | None, line: int | None = None
) -> SupportLevel | None:
    """An SPDX 3 SupportType; an unknown one is warned about (with the valid ones)."""
    raw = text(value)
    if raw is None:
        return None
    level = SupportLevel.parse(raw)
    if level is None:
        notes.warn(
            f"unknown level of support {raw!r}",
            field=field,
            line=line,
            hint="use an SPDX 3 SupportType: " + ", ".join(v.value for v in SupportLevel),
        )
    return level


def end_of_support(
    value: object, notes: Notes, field: str | None, line: int | None = None
) -> date | None:
    """An end-of-support date; a value that is not a date is warned about."""
    if text(value) is None:
        return None
    parsed = day(value)
    if parsed is None:
        notes.warn(f"end of support {value!r} is not a date (YYYY-MM-DD)", field=field, line=line)
    return parsed


def component_class(
    value: object, notes: Notes, field: str | None, line: int | None = None
) -> ComponentClass | None:
    """An IEC 81001-5-1 component class; an unknown one is warned about."""
    raw = text(value)
    if raw is None:
        return None
    parsed = ComponentClass.parse(raw)
    if parsed is None:
        notes.warn(
            f"unknown IEC 81001-5-1 class {raw!r}",
            field=field,
            line=line,
            hint="use maintained, supported or required",
        )
    return parsed


def support_properties(
    props: dict[str, str], notes: Notes, field: str | None, line: int | None = None
) -> tuple[SupportLevel | None, date | None, ComponentClass | None, str | None]:
    """The ``medsec:`` properties: level, end of support, IEC 81001-5-1 class, rationale."""
    return (
        support_level(props.get(PROPERTY_SUPPORT_LEVEL), notes, field, line),
        end_of_support(props.get(PROPERTY_END_OF_SUPPORT), notes, field, line),
        component_class(props.get(PROPERTY_CLASS), notes, field, line),
        text(props.get(PROPERTY_RATIONALE)),
    )
