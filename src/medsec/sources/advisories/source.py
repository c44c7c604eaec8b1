"""What an advisory source is for ``medsec db import``: one Protocol, its usual implementation,
and the :class:`Collection` an import fills.

A source is an id (:class:`SourceKind`), whether a directory or zip of its files is one import,
a sniffer for its files' first bytes, and a loader that turns its files into the records the
store imports. ``registry.SOURCES`` lists every source once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from medsec.domain.advisory import Advisory, EpssScore, KevEntry, SourceKind
from medsec.domain.errors import Diagnostic

Record = Advisory | KevEntry | EpssScore
Files = Iterable[tuple[str, bytes]]  # (name for messages, content) of each file or zip entry


@dataclass
class Collection:
    """What PATH holds, and its records as a one-shot iterator."""

    source: SourceKind
    form: str  # "zip", "directory", "record", "file"
    origin: str
    content_hash: str
    records: Iterator[Record]
    data_date: datetime | None = None  # catalogue / score date, known for KEV and EPSS
    warnings: list[Diagnostic] = field(default_factory=list)  # filled while iterating
    skipped: int = 0  # invalid records skipped (``skip_invalid``)
    notes_dropped: int = 0  # parser notes beyond MAX_NOTES, counted only
    expected: int | None = None  # records to come, when known up front (zip entries, files)


@dataclass(frozen=True)
class Loaded:
    """A source's records (read lazily where the source allows) and the date of its data."""

    records: Iterator[Record]
    data_date: datetime | None = None


class Loader(Protocol):
    """``load(files, collection, *, skip_invalid)``: see :meth:`AdvisorySource.load`."""

    def __call__(
        self, files: Files, collection: Collection, /, *, skip_invalid: bool
    ) -> Loaded: ...


class AdvisorySource(Protocol):
    """One advisory feed ``medsec db import`` reads."""

    @property
    def kind(self) -> SourceKind:
        """The source id the store keeps its snapshots under."""

    @property
    def bundled(self) -> bool:
        """Whether a directory or a zip of its files is one import (OSV, NVD)."""

    @property
    def suffixes(self) -> tuple[str, ...]:
        """The file name endings it reads from a directory (bundled sources only; a zip's
        ``.json`` and ``.yaml`` entries are all read)."""

    @property
    def record_per_file(self) -> bool:
        """Whether one file is one record (OSV): then files are counted up front."""

    def sniff(self, head: bytes, name: str, /) -> bool:
        """Whether a file is this source's, from its first 64 KiB (BOM and blanks removed,
        gzip already undone) and its name."""

    def load(self, files: Files, collection: Collection, /, *, skip_invalid: bool) -> Loaded:
        """The records of ``files`` (exactly one file unless ``bundled``); problems found
        while iterating go to ``collection`` (warnings, skipped) or raise ``InputError``."""


@dataclass(frozen=True)
class FeedSource:
    """The usual :class:`AdvisorySource`: metadata as data, plus a sniffer and a loader."""

    kind: SourceKind
    sniff: Callable[[bytes, str], bool]
    load: Loader
    bundled: bool = False
    suffixes: tuple[str, ...] = ()
    record_per_file: bool = False


def only(files: Files) -> tuple[str, bytes]:
    """The one file a source that is not bundled is given."""
    (file,) = files
    return file
