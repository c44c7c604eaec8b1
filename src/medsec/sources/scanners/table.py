"""CSV exports (Nessus, Greenbone, the manual template): header by name, rows with line numbers.

Column names are matched case-insensitively with spaces, ``-`` and ``_`` ignored, so
``Plugin ID``, ``plugin_id`` and ``PluginID`` are the same column. A row with fewer cells
than the header (a truncated file) is an error at its line, never a silently short row.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from medsec.domain.errors import Diagnostic, InputError
from medsec.domain.wording import agree, counted
from medsec.untrusted import csvtext

_KEY = re.compile(r"[\s_\-./()]+")


def key(name: str) -> str:
    """A column name normalised: lower case; blanks and ``_-./()`` dropped."""
    return _KEY.sub("", name.strip().strip('"').lower())


@dataclass(frozen=True)
class Row:
    """One CSV row: its line and its cells by normalised column name."""

    line: int
    cells: dict[str, str]  # normalised column key -> stripped cell text

    def get(self, *names: str) -> str | None:
        """The first non-blank cell among ``names`` (normalised keys)."""
        for name in names:
            value = self.cells.get(name)
            if value:
                return value
        return None


def decode(data: bytes, source: str) -> str:
    """CSV bytes as text: UTF-8 (BOM allowed), else Windows-1252."""
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return body.decode("cp1252")  # Excel on Windows saves CSV this way
        except UnicodeDecodeError as exc:
            raise InputError.single(
                source, f"not UTF-8 or Windows-1252 text (byte {exc.start})"
            ) from None


def header_keys(data: bytes) -> set[str]:
    """Normalised column keys of the first line (for sniffing)."""
    return set(header_names(data))


def header_names(data: bytes) -> dict[str, str]:
    """The first line's column names as written, by normalised key (for messages)."""
    first = data.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    try:
        cells = next(csvtext.reader([first.rstrip("\r")], delimiter=_delimiter(first)))
    except (csv.Error, StopIteration):
        return {}
    names: dict[str, str] = {}
    for cell in cells:
        if cell.strip():
            names.setdefault(key(cell), cell.strip())
    return names


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_table(
    data: bytes,
    source: str,
    *,
    required: Sequence[str],
    what: str,
) -> tuple[list[str], Iterator[Row]]:
    """The header (normalised keys) and an iterator over the rows.

    ``required`` are normalised keys; every missing one is reported at line 1 at once.
    """
    text = decode(data, source)
    first = text.split("\n", 1)[0]
    reader = csvtext.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError.single(source, f"malformed CSV header: {exc}", line=1) from None
    if not header or not any(h.strip() for h in header):
        raise InputError.single(source, f"empty file: a {what} starts with a header line", line=1)
    keys = [key(h) for h in header]
    missing = [r for r in required if r not in keys]
    if missing:
        raise InputError(
            [
                Diagnostic(
                    source,
                    f"missing {agree(len(missing), 'column', 'columns')} {', '.join(missing)} "
                    f"in the header of this {what}",
                    line=1,
                    hint=f"columns found: {', '.join(h.strip() for h in header if h.strip())}",
                )
            ]
        )
    return keys, _rows(reader, keys, source)


def _rows(reader: Iterator[list[str]], keys: list[str], source: str) -> Iterator[Row]:
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError.single(
                source, f"malformed CSV: {exc}", line=line + 1, hint="the file may be truncated"
            ) from None
        start = line + 1
        line = getattr(reader, "line_num", start)
        if not cells or not any(c.strip() for c in cells):
            continue
        if len(cells) < len(keys):
            raise InputError.single(
                source,
                f"row has {len(cells)} of {counted(len(keys), 'column')}",
                line=start,
                hint="the file may be truncated, or a cell holds an unquoted separator",
            )
        yield Row(start, {k: c.strip() for k, c in zip(keys, cells, strict=False) if k})
