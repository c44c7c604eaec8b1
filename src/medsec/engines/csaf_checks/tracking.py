"""CSAF 2.0 mandatory tests on document tracking: 6.1.14, 6.1.16-6.1.22, 6.1.30."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from medsec.engines.csaf_checks.model import Failure, items, obj

INTEGER = re.compile(r"^(0|[1-9][0-9]*)$")
_ID = r"(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)"
SEMVER = re.compile(
    rf"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-({_ID}(?:\.{_ID})*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
HISTORY = "/document/tracking/revision_history"


@dataclass(frozen=True)
class Version:
    """A document version under CSAF's integer or semantic versioning."""

    text: str
    integer: bool
    core: tuple[int, int, int]
    pre: tuple[str, ...]

    @property
    def major(self) -> int:
        """The major version (the integer itself under integer versioning)."""
        return self.core[0]

    def key(self, *, ignore_pre: bool = False) -> tuple[Any, ...]:
        """Precedence: a release sorts after its pre-releases; numeric ids before others."""
        if ignore_pre or not self.pre:
            return (self.core, 1, ())
        ids = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in self.pre)
        return (self.core, 0, ids)


def parse_version(text: Any) -> Version | None:
    """The version under integer or semantic versioning, or ``None`` for neither."""
    value = str(text)
    if INTEGER.match(value):
        return Version(value, True, (int(value), 0, 0), ())
    m = SEMVER.match(value)
    if m is None:
        return None
    pre = tuple(m.group(4).split(".")) if m.group(4) else ()
    return Version(value, False, (int(m.group(1)), int(m.group(2)), int(m.group(3))), pre)


def _date(text: Any) -> dt.datetime:
    """A revision date with a time zone (UTC if absent); unreadable dates sort first."""
    try:
        parsed = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _tracking(doc: Any) -> dict[str, Any]:
    """The ``/document/tracking`` object, or ``{}``."""
    return obj(obj(obj(doc).get("document")).get("tracking"))


def _history(doc: Any) -> list[tuple[int, dt.datetime, Version | None, str]]:
    """Revision history entries: (index, date, parsed number, number as written)."""
    out = []
    for i, item in enumerate(items(_tracking(doc).get("revision_history"))):
        item = obj(item)
        number = str(item.get("number", ""))
        out.append((i, _date(item.get("date")), parse_version(number), number))
    return out


def _by_date(doc: Any) -> list[tuple[int, dt.datetime, Version | None, str]]:
    """The revision history by date, ties broken by version."""
    return sorted(_history(doc), key=lambda h: (h[1], h[2].key() if h[2] else ()))


def sorted_history(doc: Any) -> Iterator[Failure]:
    """6.1.14 Sorted Revision History: by date, the numbers ascend."""
    history = _by_date(doc)
    for (_, _, a, an), (j, _, b, bn) in pairwise(history):
        if a and b and b.key() < a.key():
            yield Failure("6.1.14", f"{HISTORY}/{j}", f"version {bn} is dated after {an}")


def _is_zero(v: Version) -> bool:
    """A 0.x version: a pre-release of the document, only allowed in drafts."""
    return v.major == 0


def latest_version(doc: Any) -> Iterator[Failure]:
    """6.1.16 Latest Document Version."""
    history = _by_date(doc)
    tracking = _tracking(doc)
    version = parse_version(tracking.get("version"))
    if not history or version is None or history[-1][2] is None:
        return
    draft = tracking.get("status") == "draft"
    last = history[-1][2]
    if version.key(ignore_pre=draft) != last.key(ignore_pre=draft):
        yield Failure(
            "6.1.16",
            "/document/tracking/version",
            f"version is {version.text}, the latest revision is {last.text}",
        )


def status_draft(doc: Any) -> Iterator[Failure]:
    """6.1.17 Document Status Draft."""
    tracking = _tracking(doc)
    version = parse_version(tracking.get("version"))
    if version and (_is_zero(version) or version.pre) and tracking.get("status") != "draft":
        yield Failure(
            "6.1.17", "/document/tracking/status", f"version {version.text} needs status draft"
        )


def released_history(doc: Any) -> Iterator[Failure]:
    """6.1.18 Released Revision History."""
    if _tracking(doc).get("status") not in ("final", "interim"):
        return
    for i, _, v, number in _history(doc):
        if v and _is_zero(v):
            yield Failure("6.1.18", f"{HISTORY}/{i}/number", f"revision {number} in a release")


def prerelease_history(doc: Any) -> Iterator[Failure]:
    """6.1.19 Revision History Entries for Pre-release Versions."""
    for i, _, v, number in _history(doc):
        if v and v.pre:
            yield Failure("6.1.19", f"{HISTORY}/{i}/number", f"revision {number} is a pre-release")


def nondraft_version(doc: Any) -> Iterator[Failure]:
    """6.1.20 Non-draft Document Version."""
    tracking = _tracking(doc)
    version = parse_version(tracking.get("version"))
    if version and version.pre and tracking.get("status") in ("final", "interim"):
        yield Failure(
            "6.1.20", "/document/tracking/version", f"version {version.text} is a pre-release"
        )


def missing_history_item(doc: Any) -> Iterator[Failure]:
    """6.1.21 Missing Item in Revision History."""
    history = [h for h in _by_date(doc) if h[2] is not None]
    if not history:
        return
    first = history[0][2]
    assert first is not None
    if first.major not in (0, 1):
        yield Failure("6.1.21", HISTORY, f"the first revision is {first.text}, not 0 or 1")
    majors = [h[2].major for h in history if h[2] is not None]
    for (_, _, _, an), (j, _, _, bn), a, b in zip(
        history, history[1:], majors, majors[1:], strict=False
    ):
        if b - a > 1:
            yield Failure(
                "6.1.21", f"{HISTORY}/{j}", f"revisions between {an} and {bn} are missing"
            )


def duplicate_history(doc: Any) -> Iterator[Failure]:
    """6.1.22 Multiple Definition in Revision History."""
    seen: set[str] = set()
    for i, _, _, number in _history(doc):
        if number in seen:
            yield Failure("6.1.22", f"{HISTORY}/{i}/number", f"revision {number} appears twice")
        seen.add(number)


def mixed_versioning(doc: Any) -> Iterator[Failure]:
    """6.1.30 Mixed Integer and Semantic Versioning."""
    kinds = {v.integer for _, _, v, _ in _history(doc) if v}
    version = parse_version(_tracking(doc).get("version"))
    if version:
        kinds.add(version.integer)
    if len(kinds) > 1:
        yield Failure("6.1.30", "/document/tracking", "integer and semantic versions are mixed")
