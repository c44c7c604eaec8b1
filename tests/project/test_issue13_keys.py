"""Keys issue 13 adds: retired data items, review digests, release reviews, scan coverage."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.helpers import MINIMAL, write_project

from medsec.domain.coverage import EcosystemCoverage, Uncovered
from medsec.domain.errors import InputError
from medsec.domain.model import DataStatus
from medsec.project import scan_records
from medsec.project.loader import load_project

RETIRED = """\
  - id: dob
    name: Date of birth
    category: health
    retention: P30D
    status: retired
    retired_on: 2026-11-30
"""
REVIEWS = """\
reviews:
  - item: release-review
    date: 2026-12-01
    by: QA
    architecture_digest: sha256:aa
    model_digest: sha256:bb
    register_digest: sha256:cc
    sbom_digest: sha256:dd
"""


def _with(text: str, anchor: str, extra: str) -> str:
    assert anchor in text
    return text.replace(anchor, anchor + extra, 1)


def test_a_retired_data_item_loads_with_its_date(tmp_path: Path) -> None:
    text = _with(MINIMAL, "    retention: P30D\n", RETIRED)
    (dob,) = [d for d in load_project(write_project(tmp_path, text)).data if d.id == "dob"]
    assert dob.retired and dob.status is DataStatus.RETIRED
    assert dob.retired_on == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("    retired_on: 2026-11-30\n", "is retired but says not since when"),
        ("    status: retired\n", "has retired_on but is not retired"),
    ],
)
def test_retired_and_its_date_go_together(tmp_path: Path, change: str, message: str) -> None:
    text = _with(MINIMAL, "    retention: P30D\n", RETIRED.replace(change, ""))
    with pytest.raises(InputError, match=message):
        load_project(write_project(tmp_path, text))


def test_reviews_keep_their_digests_and_the_release_is_a_review_item(tmp_path: Path) -> None:
    (review,) = load_project(write_project(tmp_path, MINIMAL + REVIEWS)).reviews
    assert (review.item, review.model_digest, review.register_digest, review.sbom_digest) == (
        "release-review",
        "sha256:bb",
        "sha256:cc",
        "sha256:dd",
    )
    wrong = MINIMAL + REVIEWS.replace("release-review", "release-reveiw")
    with pytest.raises(InputError, match="did you mean 'release-review'"):
        load_project(write_project(tmp_path / "x", wrong))


def test_a_scan_record_keeps_its_coverage_and_an_old_one_reads_without() -> None:
    old = b'{"scan": {"date": "2026-11-01"}, "findings": []}'
    assert scan_records.parse(old, source="old.json").coverage is None
    rows = (
        EcosystemCoverage("Maven", 14, 0, uncovered=(Uncovered("okio@3.6.0", "sbom/a.json"),)),
        EcosystemCoverage("PyPI", 21, 7, by_cpe=1, own=2),
    )
    record = scan_records.ScanRecord(
        date=scan_records.parse(old, source="old.json").date, entries=(), coverage=rows
    )
    again = scan_records.parse(scan_records.dumps(record).encode(), source="new.json")
    assert again.coverage == rows
    broken = b'{"scan": {"date": "2026-11-01", "coverage": [{"components": 1}]}}'
    with pytest.raises(InputError, match="coverage"):
        scan_records.parse(broken, source="bad.json")
