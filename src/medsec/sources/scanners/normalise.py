"""Turning scanner spellings into medsec's: severities, CWE and CVE ids, URLs, ports, text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from medsec.domain.pentest import Location, Severity

MAX_TEXT = 2000  # evidence and solution are kept short; the report itself stays the evidence
_CWE = re.compile(r"(?i)\bCWE[-_ ]?(\d{1,5})\b")
_CWE_URL = re.compile(r"(?i)cwe\.mitre\.org/data/definitions/(\d{1,5})")
_CVE = re.compile(r"(?i)\bCVE-(\d{4})-(\d{4,})\b")
_TAGS = re.compile(r"<[^>]{0,200}>")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_SEVERITY_WORDS: dict[str, Severity] = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "moderate": Severity.MEDIUM,
    "low": Severity.LOW,
    "info": Severity.INFO,
    "information": Severity.INFO,
    "informational": Severity.INFO,
    "none": Severity.INFO,
    "log": Severity.INFO,
    "debug": Severity.INFO,
    "false positive": Severity.INFO,
}


def severity_word(value: str | None) -> Severity | None:
    """``High`` / ``informational`` / ``Log`` ... -> :class:`Severity`; None when unknown."""
    if value is None:
        return None
    return _SEVERITY_WORDS.get(value.strip().lower())


def cwes(*values: str | int | None) -> tuple[str, ...]:
    """``CWE-79`` ids from numbers, ``CWE-79`` text or cwe.mitre.org links; 0 and -1 dropped."""
    found: set[int] = set()
    for v in values:
        if v is None:
            continue
        text = str(v).strip()
        if text.isascii() and text.lstrip("-").isdigit():
            found.add(int(text))
            continue
        found.update(int(m) for m in _CWE.findall(text))
        found.update(int(m) for m in _CWE_URL.findall(text))
    return tuple(f"CWE-{n}" for n in sorted(found) if n > 0)


def cves(values: Iterable[str | None]) -> tuple[str, ...]:
    """``CVE-YYYY-N`` ids found in the values, sorted, without duplicates."""
    found = {
        f"CVE-{year}-{num}" for v in values if v for year, num in _CVE.findall(v) if len(num) <= 7
    }
    return tuple(sorted(found))


def port(value: str | int | None) -> int | None:
    """A TCP/UDP port number, or None (``general``, ``0``, blank or out of range)."""
    if value is None:
        return None
    text = str(value).strip().split("/", 1)[0]
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= 65535 else None


def score(value: str | float | None) -> float | None:
    """A CVSS score 0.0-10.0, or None (blank, not a number, out of range)."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if 0.0 <= number <= 10.0 else None


def url_location(url: str | None, **extra: str | int | None) -> Location:
    """Host and port from a URL (default ports by scheme); the URL kept as is."""
    if not url:
        return Location(**extra)  # type: ignore[arg-type]
    try:
        parts = urlsplit(url if "://" in url else f"//{url}")
        host = parts.hostname
        number = parts.port
    except ValueError:
        return Location(url=url, **extra)  # type: ignore[arg-type]
    if number is None:
        number = {"https": 443, "http": 80, "wss": 443, "ws": 80}.get(parts.scheme.lower())
    values = {"host": host, "port": number, "url": url if parts.scheme else None} | {
        k: v for k, v in extra.items() if v is not None
    }
    return Location(**values)  # type: ignore[arg-type]


def clean(value: str | None, limit: int = MAX_TEXT, *, html: bool = False) -> str | None:
    """Spaces folded, cut at ``limit`` characters; with ``html`` the markup is dropped first."""
    if not value:
        return None
    text = _TAGS.sub(" ", value) if html else value
    text = "\n".join(_SPACE.sub(" ", line).strip() for line in text.splitlines())
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def join_evidence(pieces: Iterable[str | None], limit: int = MAX_TEXT) -> str | None:
    """Distinct evidence strings in first-seen order, one per line, cut at ``limit``."""
    seen: list[str] = []
    for p in pieces:
        text = clean(p, limit)
        if text and text not in seen:
            seen.append(text)
    return clean("\n".join(seen), limit) if seen else None
