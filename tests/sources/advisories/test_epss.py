from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pytest

from medsec.domain.errors import InputError
from medsec.sources.advisories import epss


def test_real_sample(epss_csv: Path) -> None:
    data = epss.parse(epss_csv.read_bytes(), source=str(epss_csv))
    assert len(data.scores) == 40
    assert data.model_version == "v2026.06.15"
    assert data.score_date is not None and data.score_date.date() == date(2026, 9, 29)
    first = data.scores[0]
    assert (first.cve, first.epss, first.percentile) == ("CVE-1999-0001", 0.03351, 0.88255)
    assert first.date == date(2026, 9, 29)


def test_gzip_is_recognised(epss_csv: Path) -> None:
    plain = epss.parse(epss_csv.read_bytes(), source="a")
    zipped = epss.parse(gzip.compress(epss_csv.read_bytes()), source="a.gz")
    assert plain == zipped


def test_score_date_with_compact_offset() -> None:
    data = b"#model_version:v2023.03.01,score_date:2023-03-07T00:00:00+0000\ncve,epss,percentile\nCVE-2023-1,0.1,0.2\n"
    parsed = epss.parse(data, source="x")
    assert parsed.score_date is not None and parsed.score_date.utcoffset() is not None


def test_errors(epss_csv: Path) -> None:
    with pytest.raises(InputError, match="header"):
        epss.parse(b"a,b\n", source="x")
    with pytest.raises(InputError, match="between 0 and 1"):
        epss.parse(b"cve,epss,percentile\nCVE-2023-1,1.5,0.2\n", source="x")
    with pytest.raises(InputError, match="no scores"):
        epss.parse(b"cve,epss,percentile\n", source="x")
    cut = gzip.compress(epss_csv.read_bytes())
    with pytest.raises(InputError, match="cut short"):
        epss.parse(cut[: len(cut) // 2], source="x.gz")
