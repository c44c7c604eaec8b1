"""The one table of scanner importers: exhaustive, and everything derived from it agrees."""

from __future__ import annotations

import pytest
from tests.sources.scanners.test_scanner_parsers import SAMPLES

from medsec.domain.pentest import ReportFormat
from medsec.sources.scanners.detect import content_kind, head_of
from medsec.sources.scanners.registry import (
    BY_FORMAT,
    FAMILIES,
    IMPORTERS,
    SUPPORTED,
    forced_help,
    read,
)


def test_one_importer_per_format() -> None:
    formats = [i.format for i in IMPORTERS]
    assert len(formats) == len(set(formats)), "a format is listed twice"
    assert set(formats) == set(ReportFormat), "every ReportFormat needs an importer"
    assert set(SAMPLES) == set(ReportFormat), "add a sample of the new format to SAMPLES"


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_first_sniffer_to_claim_a_sample_is_its_own(fmt: ReportFormat) -> None:
    head = head_of(SAMPLES[fmt])
    claims = [i.format for i in IMPORTERS if i.sniff(head, "report.bin")]
    assert claims[:1] == [fmt]
    # the overlaps, settled by the table's order: Greenbone and Tenable CSV have a Severity column
    overlapping = (ReportFormat.OPENVAS_CSV, ReportFormat.TENABLE_CSV)
    assert claims[1:] == ([ReportFormat.MANUAL_CSV] if fmt in overlapping else [])


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_family_is_the_fingerprint_tool_and_content_the_encoding(fmt: ReportFormat) -> None:
    importer = BY_FORMAT[fmt]
    report = read(SAMPLES[fmt], source="report.bin", forced=fmt.value)
    assert report.format is fmt
    assert {f.tool for f in report.findings} <= {importer.family}
    assert report.findings or report.services
    assert content_kind(SAMPLES[fmt]) is importer.content
    assert importer.extensions and all(e.startswith(".") for e in importer.extensions)


def test_families_and_aliases() -> None:
    assert FAMILIES["burp"] == (ReportFormat.BURP_XML, ReportFormat.BURP_API_JSON)
    assert FAMILIES["openvas"] == FAMILIES["greenbone"]
    assert FAMILIES["openvas"] == (ReportFormat.OPENVAS_XML, ReportFormat.OPENVAS_CSV)
    assert FAMILIES["csv"] == FAMILIES["manual"] == (ReportFormat.MANUAL_CSV,)
    assert all(FAMILIES[f.value] == (f,) for f in ReportFormat)


def test_hint_and_help_name_every_importer() -> None:
    assert all(i.display in SUPPORTED for i in IMPORTERS)
    text = forced_help()
    assert all(name in text for name in FAMILIES)
