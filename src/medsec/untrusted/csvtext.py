"""CSV readers under one field-size limit, for every CSV medsec reads (SBOM lists, scanner
exports, the KEV catalogue).

``csv.field_size_limit`` is one setting for the whole process. When the SBOM list reader set
1,000,000 characters on each read and the scanner table reader 16 MiB on import, a scanner
export with a 2 MB plugin output was read or refused depending on whether an SBOM list had been
read before it. The limit lives here, with one value, and is set each time a reader is made, so
every CSV reader sees the same limit whatever ran first; nothing else in medsec sets it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _csv import Reader

MAX_FIELD = 16 * 1024 * 1024  # characters in one cell: scanner exports carry long plugin output


def reader(
    lines: Iterable[str], *, dialect: type[csv.Dialect] | str = "excel", delimiter: str = ","
) -> Reader:
    """``csv.reader`` over ``lines`` under the one field-size limit (a longer cell: csv.Error)."""
    csv.field_size_limit(MAX_FIELD)
    if dialect != "excel":
        return csv.reader(lines, dialect)
    return csv.reader(lines, delimiter=delimiter)


def dict_reader(lines: Iterable[str]) -> csv.DictReader[str]:
    """``csv.DictReader`` (the first row names the columns) under the one field-size limit."""
    csv.field_size_limit(MAX_FIELD)
    return csv.DictReader(lines)
