from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import orjson
import pytest

from medsec.domain.errors import InputError
from medsec.sources.advisories import kev


def test_real_catalogue(kev_json: Path) -> None:
    catalog = kev.parse(kev_json.read_bytes(), source=str(kev_json))
    assert len(catalog.entries) == 1404
    assert catalog.version == "2025.08.25"
    assert catalog.released is not None and catalog.released.year == 2025
    git = next(e for e in catalog.entries if e.cve == "CVE-2025-48384")
    assert (git.vendor, git.product, git.date_added) == ("Git", "Git", date(2025, 8, 25))
    assert git.due_date == date(2025, 9, 15)
    assert any(e.known_ransomware for e in catalog.entries)


def test_csv_twin_gives_the_same_entries(kev_json: Path) -> None:
    rows = orjson.loads(kev_json.read_bytes())["vulnerabilities"]
    out = io.StringIO()
    columns = [
        "cveID",
        "vendorProject",
        "product",
        "vulnerabilityName",
        "dateAdded",
        "shortDescription",
        "requiredAction",
        "dueDate",
        "knownRansomwareCampaignUse",
        "notes",
        "cwes",
    ]
    writer = csv.DictWriter(out, columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "cwes": ", ".join(row.get("cwes", []))})
    from_csv = kev.parse(out.getvalue().encode(), source="kev.csv")
    from_json = kev.parse(kev_json.read_bytes(), source="kev.json")
    assert from_csv.entries == from_json.entries


def test_bad_rows_are_located() -> None:
    data = b"cveID,vendorProject,product,dateAdded\nCVE-2024-1,a,b,2024-01-01\nnot-a-cve,a,b,x\nCVE-2024-2,a,b,01/02/2024\n"
    with pytest.raises(InputError) as caught:
        kev.parse(data, source="kev.csv")
    assert [p.line for p in caught.value.problems] == [3, 4]


def test_not_a_catalogue() -> None:
    with pytest.raises(InputError, match="header lacks"):
        kev.parse(b"a,b,c\n1,2,3\n", source="x.csv")
    with pytest.raises(InputError, match="cut short"):
        kev.parse(b'{"vulnerabilities": [', source="x.json")
