"""CSV input shared by the Buildroot manifest and the manual component list."""

from __future__ import annotations

import csv
import io
import re

from medsec.domain.errors import InputError
from medsec.untrusted import csvtext


def rows(data: bytes, *, source: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header (as written) and (line, row) pairs keyed by upper-case stripped header names."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.single(source, f"not UTF-8 text (byte {exc.start})") from None
    try:
        dialect: type[csv.Dialect] = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csvtext.reader(io.StringIO(text), dialect=dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError.single(source, "empty CSV file") from None
    except csv.Error as exc:
        raise InputError.single(source, f"malformed CSV: {exc}", line=1) from None
    keys = [h.strip().upper() for h in header]
    out: list[tuple[int, dict[str, str]]] = []
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            out.append(
                (reader.line_num, dict(zip(keys, (c.strip() for c in record), strict=False)))
            )
    except csv.Error as exc:
        raise InputError.single(source, f"malformed CSV: {exc}", line=reader.line_num) from None
    return header, out


def header_columns(head: bytes) -> set[str]:
    """Upper-case column names of the first line (``,``, ``;`` or tab separated), for sniffing."""
    first = head.split(b"\n", 1)[0].decode("utf-8", "replace")
    return {c.strip().strip('"').strip().upper() for c in re.split(r"[,;\t]", first)}
