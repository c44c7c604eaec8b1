"""Vulnerability data as pure values: advisories (OSV, NVD), KEV entries, EPSS scores, snapshots.

The shapes follow the OSV schema (affected packages with ranges of events and explicit version
lists) and the NVD CVE API 2.0 (CPE match criteria inside configurations). Sources parse into
these values; storage keeps them; the matching engine reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class RangeType(StrEnum):
    """OSV range types: how the versions of a range's events are ordered."""

    SEMVER = "SEMVER"
    ECOSYSTEM = "ECOSYSTEM"
    GIT = "GIT"


class EventKind(StrEnum):
    """OSV range events: where an affected span starts, ends (fixed or last affected) or stops."""

    INTRODUCED = "introduced"
    FIXED = "fixed"
    LAST_AFFECTED = "last_affected"
    LIMIT = "limit"


@dataclass(frozen=True)
class Event:
    """One point of an OSV range: the version where the span starts, ends or is cut off."""

    kind: EventKind
    version: str  # "0" for introduced means "from the first version"


@dataclass(frozen=True)
class VersionRange:
    """An OSV range: events in the order they bound affected spans of one version scheme."""

    type: RangeType
    events: tuple[Event, ...]
    repo: str | None = None  # GIT ranges only

    def __str__(self) -> str:
        """``ECOSYSTEM: introduced 0, fixed 1.2``: the range as evidence and errors show it."""
        return f"{self.type.value}: " + ", ".join(
            f"{e.kind.value} {e.version}" for e in self.events
        )


@dataclass(frozen=True)
class AffectedPackage:
    """One ``affected[]`` entry of an OSV record."""

    ecosystem: str  # OSV ecosystem name as written ("PyPI", "npm", "Debian:12", "Go", ...)
    name: str  # package name in that ecosystem
    purl: str | None = None
    ranges: tuple[VersionRange, ...] = ()
    versions: tuple[str, ...] = ()  # explicit affected versions
    # per-package severity (OSV ``affected[].severity``; the record then has no top-level one)
    severity: tuple[SeverityScore, ...] = ()


@dataclass(frozen=True)
class CpeMatch:
    """An NVD ``cpeMatch`` criterion (CPE 2.3 with optional version bounds)."""

    criteria: str  # cpe:2.3:a:vendor:product:version:...
    vulnerable: bool = True
    version_start_including: str | None = None
    version_start_excluding: str | None = None
    version_end_including: str | None = None
    version_end_excluding: str | None = None

    @property
    def vendor_product(self) -> tuple[str, str]:
        """The CPE's vendor and product (empty when the criteria are too short): the lookup key."""
        parts = self.criteria.split(":")
        return (parts[3], parts[4]) if len(parts) > 4 else ("", "")


@dataclass(frozen=True)
class CpeNode:
    """A configuration node: its matches combined with OR (or AND), negation as in NVD."""

    operator: str  # "OR" | "AND"
    matches: tuple[CpeMatch, ...]
    negate: bool = False


@dataclass(frozen=True)
class CpeConfiguration:
    """A list of nodes combined with the configuration's operator (AND for "running on")."""

    nodes: tuple[CpeNode, ...]
    operator: str = "OR"


@dataclass(frozen=True)
class SeverityScore:
    """One severity an advisory states: a CVSS vector with its version, or a source's label."""

    type: str  # "CVSS_V3", "CVSS_V4", "CVSS_V2", or a source's own label
    vector: str  # a CVSS vector, or a qualitative label for sources without vectors


@dataclass(frozen=True)
class Advisory:
    """One OSV or NVD record: what it affects (packages or CPE configurations) and how badly."""

    id: str  # OSV id, CVE id, GHSA id ...
    source: str  # "osv" | "nvd"
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    summary: str = ""
    details: str = ""
    published: datetime | None = None
    modified: datetime | None = None
    withdrawn: datetime | None = None
    severity: tuple[SeverityScore, ...] = ()
    affected: tuple[AffectedPackage, ...] = ()
    configurations: tuple[CpeConfiguration, ...] = ()
    references: tuple[str, ...] = ()
    cwes: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        """This advisory's id and its aliases: the keys that merge duplicates."""
        return (self.id, *self.aliases)


@dataclass(frozen=True)
class KevEntry:
    """One CISA Known Exploited Vulnerabilities entry: exploited in the wild, with a due date."""

    cve: str
    vendor: str = ""
    product: str = ""
    name: str = ""
    date_added: date | None = None
    due_date: date | None = None
    known_ransomware: bool | None = None
    required_action: str = ""


@dataclass(frozen=True)
class EpssScore:
    """One FIRST EPSS score: probability and percentile of exploitation for a CVE."""

    cve: str
    epss: float  # probability of exploitation in the next 30 days
    percentile: float
    date: date | None = None


class SourceKind(StrEnum):
    """The vulnerability data sources medsec imports; each is one snapshot line in storage."""

    OSV = "osv"
    NVD = "nvd"
    KEV = "kev"
    EPSS = "epss"


@dataclass(frozen=True)
class Snapshot:
    """One recorded import: the evidence of which data a scan used."""

    id: str  # content-derived: f"{source}:{content_hash[:16]}"
    source: SourceKind
    origin: str  # file path or URL it came from
    imported_at: datetime
    content_hash: str  # sha256 of the imported bytes
    records: int
    data_date: datetime | None = None  # the newest 'modified' / catalog date inside the data
    scope: str = (
        ""  # what the import replaced: OSV base ecosystems ("pypi"), "*" for all, "" = whole source
    )
