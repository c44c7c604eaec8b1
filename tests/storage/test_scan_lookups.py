"""The scan's KEV and EPSS lookups (membership and probability, plain SQL) agree with the whole
entries of ``kev`` and ``epss``, across several IN (...) chunks, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from medsec.domain.advisory import EpssScore, KevEntry, SourceKind
from medsec.storage.importer import ImportMeta
from medsec.storage.store import CHUNK, AdvisoryStore


@pytest.fixture
def store(db_url: str) -> Iterator[AdvisoryStore]:
    with AdvisoryStore.open(db_url) as opened:
        yield opened


def test_kev_listed_and_epss_scores_agree_with_the_entries(store: AdvisoryStore) -> None:
    cves = [f"CVE-2024-{n}" for n in range(2 * CHUNK + 7)]
    listed = cves[::3]
    kev = [KevEntry(cve, "Vendor", "Product", "Name", date(2024, 1, 1)) for cve in listed]
    store.import_snapshot(SourceKind.KEV, kev, ImportMeta("kev.json"))
    scored = cves[::2]
    epss = [EpssScore(cve, n / 1000, 0.5, date(2024, 1, 2)) for n, cve in enumerate(scored)]
    store.import_snapshot(SourceKind.EPSS, epss, ImportMeta("epss.csv"))
    asked = [*cves, "CVE-1999-1", cves[0]]  # one unknown, one asked twice
    assert store.kev_listed(asked) == set(store.kev(asked)) == set(listed)
    scores = store.epss_scores(asked)
    assert scores == {cve: s.epss for cve, s in store.epss(asked).items()}
    assert len(scores) == len(scored)
    assert scores[scored[5]] == pytest.approx(0.005)
    assert all(isinstance(v, float) for v in scores.values())


def test_nothing_asked_nothing_found(store: AdvisoryStore) -> None:
    assert store.kev_listed([]) == set()
    assert store.epss_scores([]) == {}
