"""The time a binary edition (PDF, Word) embeds: SOURCE_DATE_EPOCH, else the revision's date.

Both formats store a creation and a modification time; with the wall clock there, two builds
of an unchanged document would differ. Reproducible builds set ``SOURCE_DATE_EPOCH`` (seconds
since 1970, UTC; reproducible-builds.org); without it the revision's date is used, which
unchanged inputs keep, so a rebuild is byte-identical either way.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, date, datetime

from medsec.domain.errors import UsageError

VARIABLE = "SOURCE_DATE_EPOCH"
# ZIP entries (the Word edition) cannot hold a time before 1980
_ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)


def embedded_time(revision_date: date, environ: Mapping[str, str] | None = None) -> datetime:
    """The UTC time to embed; a usage error when SOURCE_DATE_EPOCH is set but not a number."""
    env = os.environ if environ is None else environ
    value = env.get(VARIABLE, "").strip()
    if not value:
        return datetime(revision_date.year, revision_date.month, revision_date.day, tzinfo=UTC)
    if not value.isdigit():
        raise UsageError(
            f"{VARIABLE}={value!r} is not a number of seconds since 1970-01-01 UTC: "
            f"set it to one (e.g. $(git log -1 --format=%ct)) or unset it"
        )
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (OverflowError, OSError, ValueError) as e:
        raise UsageError(f"{VARIABLE}={value}: out of range ({e}); unset it or fix it") from e


def zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    """The time as a ZIP entry stores it (two-second steps, no earlier than 1980)."""
    t = max(moment, _ZIP_EPOCH)
    return (t.year, t.month, t.day, t.hour, t.minute, t.second - t.second % 2)
