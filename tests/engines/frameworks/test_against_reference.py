"""The catalogues against the reference they come from: shared/reference/REGULATORY.md §A.

Every ``- id:`` of §A.1 to §A.6 must be a catalogue row with the same title (compared after
folding case and punctuation) and at least the checklist items the reference says it supports;
the IEC 81001-5-1 rows and each framework tuple keep the reference's order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from medsec.domain.checklist import ItemId
from medsec.domain.framework import Requirement
from medsec.engines.frameworks import FRAMEWORKS, cra, fda, gdpr, mdcg, mdr, nis2, requirement


@dataclass(frozen=True)
class Entry:
    """One ``- id:`` block of the reference: its section, id, title and supports."""

    section: str
    id: str
    title: str
    supports: tuple[str, ...]


_SECTION = re.compile(r"^### (A\.\d)\b", re.MULTILINE)
_ID = re.compile(r"^- id: (?P<id>\S+)\n  title: (?P<title>.+)$", re.MULTILINE)
_SUPPORTS = re.compile(r"^  supports: \[(?P<items>[^\]]*)\]$", re.MULTILINE)


def _entries(text: str) -> list[Entry]:
    """The ``- id:`` blocks of §A, in the reference's order, each with its section."""
    marks = list(_SECTION.finditer(text))
    end_of_a = text.index("\n## B.")
    found: list[Entry] = []
    for mark, after in zip(marks, [*marks[1:], None], strict=True):
        body = text[mark.end() : after.start() if after else end_of_a]
        for m in _ID.finditer(body):
            rest = body[m.end() :]
            sup = _SUPPORTS.search(rest)
            assert sup is not None, m["id"]
            items = tuple(s.strip() for s in sup["items"].split(",") if s.strip())
            found.append(Entry(mark[1], m["id"], m["title"].strip(), items))
    return found


@pytest.fixture
def reference(shared: Path) -> list[Entry]:
    """The parsed §A of REGULATORY.md (skips visibly when ../shared is absent)."""
    entries = _entries((shared / "reference" / "REGULATORY.md").read_text(encoding="utf-8"))
    assert len(entries) > 100, "the reference parser found too few ids"
    return entries


def _fold(title: str) -> str:
    """A title without case, punctuation or spacing differences."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", title.lower()).split())


def _ids(section: str, entries: list[Entry]) -> list[str]:
    """The ids of one section, in the reference's order."""
    return [e.id for e in entries if e.section == section]


def test_iec_81001_rows_are_the_59_ids_of_a1_in_clause_order(reference: list[Entry]) -> None:
    expected = _ids("A.1", reference)
    assert len(expected) == 59
    assert [r.id for r in FRAMEWORKS["iec-81001-5-1"]] == expected


def test_every_id_of_section_a_is_a_catalogue_row_with_its_title(
    reference: list[Entry],
) -> None:
    for entry in reference:
        row = requirement(entry.id)  # KeyError names the missing id
        assert _fold(row.title) == _fold(entry.title), entry.id


def test_rows_support_at_least_the_items_the_reference_names(reference: list[Entry]) -> None:
    for entry in reference:
        missing = {ItemId(s) for s in entry.supports} - set(requirement(entry.id).supports)
        assert not missing, f"{entry.id} lacks {sorted(missing)}"


@pytest.mark.parametrize(
    ("section", "rows"),
    [
        ("A.2", fda.PREMARKET),
        ("A.2", fda.SECTION_524B),
        ("A.3", fda.POSTMARKET),
        ("A.4", mdcg.MDCG2019_16),
        ("A.4", mdr.POSTMARKET),
        ("A.5", nis2.REQUIREMENTS),
        ("A.6", gdpr.REQUIREMENTS),
    ],
)
def test_framework_tuples_keep_the_reference_order(
    reference: list[Entry], section: str, rows: tuple[Requirement, ...]
) -> None:
    ours = [r.id for r in rows]
    assert [i for i in _ids(section, reference) if i in set(ours)] == ours


def test_sections_a2_to_a6_are_covered_whole(reference: list[Entry]) -> None:
    assert set(_ids("A.2", reference)) == {r.id for r in fda.PREMARKET + fda.SECTION_524B}
    assert set(_ids("A.3", reference)) == {r.id for r in fda.POSTMARKET}
    mdr_ids = {r.id for r in mdr.GSPR + mdr.POSTMARKET + mdcg.MDCG2019_16}
    assert set(_ids("A.4", reference)) <= mdr_ids
    cra_ids = {r.id for r in (*cra.REQUIREMENTS, cra.VULNERABILITY_HANDLING)}
    a5 = set(_ids("A.5", reference))
    assert {i for i in a5 if i.startswith("CRA:")} <= cra_ids
    assert {i for i in a5 if i.startswith("NIS2:")} == {r.id for r in nis2.REQUIREMENTS}
    assert all(i.startswith(("CRA:", "NIS2:")) for i in a5)
    assert set(_ids("A.6", reference)) == {r.id for r in gdpr.REQUIREMENTS}


def test_the_gspr_rows_of_b2_are_all_there(shared: Path) -> None:
    text = (shared / "reference" / "REGULATORY.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| 1 | **GSPR checklist"))
    sections = re.search(r"Annex I (.+?) \(\+", row)
    assert sections is not None
    gspr = {r.clause.removeprefix("Annex I ") for r in mdr.GSPR}
    # "1–4, 8, 14.2(d), 17.1, ...": the first two name the grouped row "1-4,8"
    listed = [s.strip() for s in sections[1].split(",")]
    assert listed[:2] == ["1–4", "8"]
    assert "1-4,8" in gspr
    assert set(listed[2:]) <= gspr
