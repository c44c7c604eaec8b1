"""One CSV field-size limit for every reader, whatever was read before (issue 12).

``csv.field_size_limit`` is process-wide: the SBOM list reader used to set 1,000,000
characters on every read, the scanner table reader 16 MiB on import, so a scanner export with a
long cell was read or refused depending on what medsec had read before it.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from medsec.domain.errors import InputError
from medsec.sources.advisories import kev
from medsec.sources.sbom import tabular
from medsec.sources.scanners import table
from medsec.untrusted import csvtext

SRC = Path(__file__).resolve().parents[2] / "src" / "medsec"
LONG = "x" * 2_000_000  # over the SBOM reader's old limit, under the one limit


def _sbom_list(cell: str) -> bytes:
    return f"name,version,license\nopenssl,3.0.13,{cell}\n".encode()


def _scanner_table(cell: str) -> bytes:
    return f"Plugin ID,Name,Plugin Output\n1,TLS,{cell}\n".encode()


def _scanner_cells(data: bytes) -> list[dict[str, str]]:
    _, rows = table.read_table(data, "scan.csv", required=["pluginid"], what="scanner export")
    return [row.cells for row in rows]


def test_a_scanner_export_reads_the_same_after_an_sbom_list() -> None:
    tabular.rows(_sbom_list("MIT"), source="bom.csv")  # the old reader lowered the limit here
    (cells,) = _scanner_cells(_scanner_table(LONG))
    assert cells["pluginoutput"] == LONG


def test_sbom_lists_have_the_same_limit_as_scanner_exports() -> None:
    _, rows = tabular.rows(_sbom_list(LONG), source="bom.csv")
    assert rows[0][1]["LICENSE"] == LONG


def test_a_cell_over_the_limit_is_a_located_error_in_every_reader() -> None:
    over = "x" * (csvtext.MAX_FIELD + 1)
    for read in (
        lambda: tabular.rows(_sbom_list(over), source="bom.csv"),
        lambda: _scanner_cells(_scanner_table(over)),
        lambda: kev.parse(_kev_csv(over), source="kev.csv"),
    ):
        with pytest.raises(InputError) as caught:
            read()
        assert "field larger than field limit" in caught.value.diagnostics()


def _kev_csv(cell: str) -> bytes:
    header = ",".join(kev.CSV_COLUMNS)
    values = ["CVE-2024-0001", *(cell if i == 1 else "x" for i in range(1, len(kev.CSV_COLUMNS)))]
    return f"{header}\n{','.join(values)}\n".encode()


def test_the_limit_is_the_one_value_after_any_reader() -> None:
    csv.field_size_limit(10)  # whatever someone set before
    tabular.rows(_sbom_list("MIT"), source="bom.csv")
    assert csv.field_size_limit() == csvtext.MAX_FIELD
    csv.field_size_limit(10)
    _scanner_cells(_scanner_table("ok"))
    assert csv.field_size_limit() == csvtext.MAX_FIELD


def test_only_csvtext_sets_the_limit() -> None:
    setters = {
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if re.search(r"field_size_limit\(", path.read_text(encoding="utf-8"))
    }
    assert setters == {"untrusted/csvtext.py"}
