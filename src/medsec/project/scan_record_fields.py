"""The strict field checks of a scan record (``records/scans/DATE.json``), and its findings.

:mod:`medsec.project.scan_records` owns the file; this module reads the parts of it that are
plain domain values. A key may be absent or null, but a key present with the wrong type is an
``InputError`` naming the file and the field (``findings[3].component.purl``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, NoReturn, TypeVar

from medsec.domain.errors import InputError
from medsec.domain.vulnerability import ComponentRef, Confidence, Finding, MatchDetail, Matcher

# what each matcher always concluded, for records written before confidence was recorded
_MATCHER_CONFIDENCE = {Matcher.PURL_OSV: Confidence.HIGH, Matcher.CPE_NVD: Confidence.LOW}

_E = TypeVar("_E", bound=StrEnum)


class Fields:
    """Typed access to one JSON object of a record; a wrong type is an error naming the field."""

    def __init__(self, data: Any, source: str, where: str) -> None:
        """Wrap ``data`` (read as empty unless an object), found at ``where`` in ``source``."""
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        self.source = source
        self.where = where

    def fail(self, key: str, message: str) -> NoReturn:
        """Raise the InputError for ``key`` of this object, naming the file and the field."""
        raise InputError.single(self.source, message, field=f"{self.where}.{key}")

    def get(self, key: str, kind: type | tuple[type, ...], what: str) -> Any:
        """The value of ``key`` (None when absent or null), checked to be of ``kind``."""
        value = self.data.get(key)
        if value is None:
            return None
        # JSON true/false are Python ints too: a flag is not a number, nor a number a flag
        if isinstance(value, bool) is not (kind is bool) or not isinstance(value, kind):
            self.fail(key, f"must be {what}")
        return value

    def text(self, key: str) -> str | None:
        """A string value, or None when absent."""
        value: str | None = self.get(key, str, "a string")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of strings; empty when absent."""
        values = self.get(key, list, "a list of strings") or []
        if not all(isinstance(v, str) for v in values):
            self.fail(key, "must be a list of strings")
        return tuple(values)

    def number(self, key: str) -> float | None:
        """A number as a float (a CVSS score, an EPSS probability), or None when absent."""
        value = self.get(key, (int, float), "a number")
        return float(value) if value is not None else None

    def whole(self, key: str) -> int | None:
        """A number as an int (counts and ages), or None when absent."""
        value = self.get(key, (int, float), "a number")
        return int(value) if value is not None else None

    def flag(self, key: str) -> bool:
        """A true/false value; absent reads as false."""
        return self.get(key, bool, "true or false") is True

    def day(self, key: str) -> dt.date | None:
        """A ``YYYY-MM-DD`` date, or None when absent; any other text is an error."""
        value = self.text(key)
        try:
            return dt.date.fromisoformat(value) if value is not None else None
        except ValueError:
            self.fail(key, f"'{value}' is not a date (YYYY-MM-DD)")

    def choice(self, key: str, kind: type[_E]) -> _E | None:
        """A member of the enum ``kind`` by value, or None when absent; others list the choices."""
        value = self.text(key)
        if value is None:
            return None
        if value not in {k.value for k in kind}:
            self.fail(key, f"unknown {key} '{value}': one of {', '.join(k.value for k in kind)}")
        return kind(value)

    def child(self, key: str) -> Fields:
        """The object under ``key`` (empty when absent), its fields named below this one."""
        return Fields(self.get(key, dict, "an object"), self.source, f"{self.where}.{key}")

    def children(self, key: str) -> list[Fields]:
        """The objects of the list under ``key`` (none when absent), each named by its index."""
        values = self.get(key, list, "a list of objects") or []
        if not all(isinstance(v, dict) for v in values):
            self.fail(key, "must be a list of objects")
        return [Fields(v, self.source, f"{self.where}.{key}[{i}]") for i, v in enumerate(values)]


def moment(value: Any) -> dt.datetime | None:
    """An aware datetime from a date or timestamp text (naive: UTC); None if not one."""
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def finding(f: Fields) -> Finding:
    """The finding of a record entry whose ``id`` and ``advisory`` are already checked."""
    advisory = str(f.data["advisory"])
    cvss = f.child("cvss")
    return Finding(
        id=str(f.data["id"]),
        advisory=advisory,
        aliases=f.texts("aliases"),
        component=_component(f.child("component")),
        summary=f.text("summary") or "",
        fixed_versions=f.texts("fixed_versions"),
        severity=f.text("severity") or "unknown",
        cvss_vector=cvss.text("vector"),
        cvss_score=cvss.number("score"),
        kev=f.flag("kev"),
        epss=f.number("epss"),
        details=_details(f, advisory),
        cwes=f.texts("cwes"),
    )


def _component(c: Fields) -> ComponentRef:
    """The matched component; a finding without a component name is an error."""
    name = c.text("name")
    if not name:
        raise InputError.single(c.source, "a finding needs a component name", field=c.where)
    return ComponentRef(
        name=name,
        version=c.text("version"),
        purl=c.text("purl"),
        cpe=c.text("cpe"),
        element=c.text("element"),
        sbom=c.text("sbom"),
    )


def _details(f: Fields, advisory: str) -> tuple[MatchDetail, ...]:
    """Every match of the finding: from ``provenance``, or the one ``matcher`` of old records."""
    matcher = f.choice("matcher", Matcher)
    usual = f.choice("confidence", Confidence)
    if f.data.get("provenance") is None:
        if matcher is None:
            return ()
        return (MatchDetail(matcher, usual or _MATCHER_CONFIDENCE[matcher], advisory, ""),)
    return tuple(_detail(p, usual) for p in f.children("provenance"))


def _detail(p: Fields, usual: Confidence | None) -> MatchDetail:
    """One provenance entry; its confidence defaults to the finding's, then the matcher's."""
    matcher = p.choice("matcher", Matcher)
    if matcher is None:
        p.fail("matcher", "a provenance entry needs a matcher")
    advisory = p.text("advisory")
    if not advisory:
        p.fail("advisory", "a provenance entry needs an advisory")
    return MatchDetail(
        matcher=matcher,
        confidence=p.choice("confidence", Confidence) or usual or _MATCHER_CONFIDENCE[matcher],
        advisory=advisory,
        matched=p.text("matched") or "",
        snapshot=p.text("snapshot"),
    )
