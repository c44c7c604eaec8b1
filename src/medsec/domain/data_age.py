"""How old a vulnerability-data snapshot is, counted from which date: one rule for every command.

A snapshot's *data date* is the date its data speaks for, not when it was imported: the newest
``modified`` of its records (OSV, NVD), the catalogue's own date (KEV: ``dateReleased``, or the
newest ``dateAdded`` of the CSV form, which has none) or the score date (EPSS). ``medsec db
status`` and ``medsec scan`` both count the age in whole days from it and name it.

A date no feed can carry is *unknown*, never an age: before 1999 (no CVE and no feed existed;
Go's vulnerability database writes ``modified: 0001-01-01``, which once read as "739953 days
old") or more than a day after the import itself (clocks differ by hours, not days). Unknown
is said as such (``age unknown: no plausible newest record modified date``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from medsec.domain.advisory import Snapshot, SourceKind

EARLIEST = datetime(1999, 1, 1, tzinfo=UTC)  # the first CVE ids; no vulnerability feed is older
SLACK = timedelta(days=1)  # a data date this far after the import is still believed

DATED_BY = {
    SourceKind.OSV: "newest record modified",
    SourceKind.NVD: "newest record modified",
    SourceKind.KEV: "catalogue date",
    SourceKind.EPSS: "score date",
}


def plausible(when: datetime | None, imported_at: datetime) -> bool:
    """Whether ``when`` can be the date of data imported at ``imported_at``."""
    if when is None:
        return False
    aware = when if when.tzinfo else when.replace(tzinfo=UTC)
    return EARLIEST <= aware <= imported_at + SLACK


@dataclass(frozen=True)
class DataAge:
    """The date a snapshot's age counts from (``None``: unknown) and what that date is."""

    data_date: datetime | None
    dated_by: str  # "newest record modified", "catalogue date" or "score date"

    def days(self, today: date) -> int | None:
        """Whole days from the data date to ``today`` (never negative); ``None`` when unknown."""
        if self.data_date is None:
            return None
        return max(0, (today - self.data_date.date()).days)

    @property
    def basis(self) -> str:
        """The date named: ``newest record modified 2024-10-10``, or why there is none."""
        return basis(self.data_date.date().isoformat() if self.data_date else None, self.dated_by)

    def describe(self, today: date) -> str:
        """``785 days old (newest record modified 2024-10-10)`` or ``age unknown (…)``."""
        return age_text(self.days(today), self.basis)


def basis(data_date: str | None, dated_by: str) -> str:
    """``newest record modified 2024-10-10`` (a day or an ISO timestamp), or
    ``no plausible newest record modified date`` when there is none."""
    if data_date is None:
        return f"no plausible {dated_by} date"
    return f"{dated_by} {data_date[:10]}"


def age_text(days: int | None, named: str | None) -> str:
    """``785 days old (newest record modified 2024-10-10)``, ``age unknown (…)``; without a
    ``named`` date (records written before ages named it) just ``785 days old``."""
    if days is None:
        return f"age unknown ({named})" if named else "age unknown"
    text = f"{days} day{'' if days == 1 else 's'} old"
    return f"{text} ({named})" if named else text


def data_age(snapshot: Snapshot) -> DataAge:
    """The data date of a snapshot and what it is; an impossible date counts as unknown."""
    when = snapshot.data_date
    known = when if plausible(when, snapshot.imported_at) else None
    return DataAge(known, DATED_BY[snapshot.source])
