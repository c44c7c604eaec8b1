"""The catalogues' own invariants: unique ids, typed supports, whole clause groups, answer keys
that mean one thing, outlines and artefacts that point at real rows."""

from __future__ import annotations

import re

import pytest

from medsec.domain.checklist import ItemId
from medsec.domain.framework import Condition, OutlineItem, Requirement, Scope
from medsec.engines.frameworks import (
    ANSWERS,
    FRAMEWORKS,
    all_requirements,
    cra,
    fda,
    iec81001,
    mdr,
    requirement,
)

ROWS = all_requirements()
OUTLINES: tuple[OutlineItem, ...] = (
    *cra.ANNEX_VII,
    *iec81001.ANNEXES,
    *iec81001.ANNEX_C_METHODS,
    *iec81001.ANNEX_E_DOCUMENTS,
)
IEC = FRAMEWORKS["iec-81001-5-1"]


def _numeric(clause: str) -> tuple[int, ...]:
    """``5.7.4`` as (5, 7, 4), for ordering; Annex F sorts after every clause."""
    return (99,) if clause.startswith("Annex") else tuple(int(p) for p in clause.split("."))


def test_ids_are_unique_across_frameworks_and_no_row_sits_under_two_keys() -> None:
    listed = [r.id for rows in FRAMEWORKS.values() for r in rows]
    assert len(listed) == len(set(listed))
    assert len({r.id for r in ROWS}) == len(ROWS) == len(listed) + 1  # + the CRA Part II summary
    assert len({o.id for o in OUTLINES}) == len(OUTLINES)


def test_every_row_supports_real_checklist_items_without_repeats() -> None:
    for row in ROWS:
        assert row.supports, row.id
        assert all(isinstance(s, ItemId) for s in row.supports), row.id
        assert len(set(row.supports)) == len(row.supports), row.id
    for item in OUTLINES:
        assert all(isinstance(s, ItemId) for s in item.supports), item.id


def test_every_row_has_its_words() -> None:
    for row in ROWS:
        for text in (row.framework, row.clause, row.title, row.gist, row.evidence):
            assert text.strip() == text and text, row.id
        assert "[unconfirmed" not in row.gist, row.id  # catalogue tags stay out of documents


def test_iec_rows_cover_each_clause_group_of_4_to_9_and_annex_f_in_clause_order() -> None:
    clauses = [r.clause for r in IEC]
    assert len(IEC) == 59
    assert clauses == sorted(clauses, key=_numeric)
    groups = [f"4.1.{n}" for n in range(1, 10)] + ["4.2", "4.3"]
    groups += [f"5.{n}" for n in range(1, 9)] + ["6.1", "6.2", "6.3"]
    groups += [f"7.{n}" for n in range(1, 6)] + ["8"] + [f"9.{n}" for n in range(1, 6)]
    for group in groups:
        assert any(c == group or c.startswith(f"{group}.") for c in clauses), group
    assert {"5.7.1", "5.7.2", "5.7.3", "5.7.4", "5.7.5", "6.1.1", "6.2.1"} <= set(clauses)
    assert clauses[-1] == "Annex F"
    assert all(r.id == f"IEC81001-5-1:{r.clause.replace(' ', '')}" for r in IEC)


def test_annex_f_is_not_applicable_unless_the_software_is_legacy() -> None:
    annex_f = requirement("IEC81001-5-1:AnnexF")
    assert annex_f.not_applicable_when is Condition.NOT_LEGACY
    assert annex_f.answer == "legacy_software"
    assert [a.number for a in iec81001.ANNEXES] == list("ABCDEFG")
    assert [d.number for d in iec81001.ANNEX_E_DOCUMENTS] == [
        "E.2.1",
        "E.2.2",
        "E.2.3",
        "E.2.4",
        "E.2.5",
        "E.3",
    ]
    assert [m.number for m in iec81001.ANNEX_C_METHODS] == [f"C.{n}" for n in range(2, 11)]


@pytest.mark.parametrize(
    ("rid", "key"),
    [
        ("IEC81001-5-1:4.1.1", "qms"),
        ("IEC81001-5-1:4.1.2", "responsibilities"),
        ("IEC81001-5-1:4.1.4", "competence"),
        ("IEC81001-5-1:6.1", "postmarket_plan"),
        ("FDA-PREM:VI.B", "postmarket_plan"),
        ("MDR:Art83-86+AnnexIII", "postmarket_plan"),
        ("IEC81001-5-1:5.8.7", "decommissioning"),
        ("CRA:AnnexI-PartI(2)(m)", "decommissioning"),
    ],
)
def test_the_same_fact_is_asked_with_the_same_key_across_frameworks(rid: str, key: str) -> None:
    assert requirement(rid).answer == key


def test_answer_keys_are_snake_case_known_used_and_always_asked_the_same_way() -> None:
    asked: dict[str, set[str | None]] = {}
    for row in (*ROWS, *OUTLINES):
        if row.answer is None:
            assert row.answer_prompt is None, row.id
            continue
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", row.answer), row.answer
        asked.setdefault(row.answer, set()).add(row.answer_prompt)
    for key, prompts in asked.items():
        assert prompts == {ANSWERS[key]}, key
        assert ANSWERS[key].endswith("?"), key
    assert set(asked) == set(ANSWERS), "keys in ANSWERS that no row asks, or the reverse"


def test_every_condition_has_a_rationale_and_cra_rows_apply_to_the_cra_scope() -> None:
    assert all(c.rationale for c in Condition)
    for row in (*cra.ANNEX_I_PART_I, *cra.ANNEX_I_PART_II, cra.REPORTING):
        assert row.applies_to is Scope.CRA, row.id
    assert cra.SCOPE.applies_to is None  # the scope row decides the scope
    assert {r.applies_to for r in fda.SECTION_524B} == {Scope.CYBER_DEVICE}
    assert {r.applies_to for r in FRAMEWORKS["gdpr"]} == {Scope.PERSONAL_DATA}


@pytest.mark.parametrize(
    ("item", "rids"),
    [  # REGULATORY.md §D, beyond each row's own `supports`
        (ItemId.SECURITY_BY_DESIGN, ["IEC81001-5-1:5.2.3", "IEC81001-5-1:6.3.3"]),
        (ItemId.SECURITY_CONCEPT, [f"IEC81001-5-1:4.1.{n}" for n in range(1, 10)]),
        (ItemId.SBOM, ["CRA:AnnexI-PartII(1)", "FDA-524B:b3"]),
        (ItemId.VULNERABILITY_MANAGEMENT, ["CRA:Art14", "NIS2:Art21", "MDR:Art87"]),
        (ItemId.DATA_MINIMISATION, ["GDPR:Art5", "GDPR:Art25"]),
    ],
)
def test_rows_follow_the_cross_walk(item: ItemId, rids: list[str]) -> None:
    for rid in rids:
        assert item in requirement(rid).supports, rid


def test_cra_part_i_and_ii_are_complete_point_by_point() -> None:
    part_i = [r.clause for r in cra.ANNEX_I_PART_I]
    assert part_i == ["Annex I Part I (1)"] + [
        f"Annex I Part I (2)({letter})" for letter in "abcdefghijklm"
    ]
    assert [r.clause for r in cra.ANNEX_I_PART_II] == [
        f"Annex I Part II ({n})" for n in range(1, 9)
    ]


def test_annex_vii_outline_is_numbered_1_to_8_and_points_at_real_rows() -> None:
    headings = [o.number for o in cra.ANNEX_VII if o.depth == 1]
    assert headings == [str(n) for n in range(1, 9)]
    subs = [o.number for o in cra.ANNEX_VII if o.depth == 2]
    assert subs == ["1(a)", "1(b)", "1(c)", "1(d)", "2(a)", "2(b)", "2(c)"]
    for item in cra.ANNEX_VII:
        for rid in item.requirements:
            requirement(rid)
    hardware = next(o for o in cra.ANNEX_VII if o.number == "1(c)")
    assert hardware.not_applicable_when is Condition.NO_HARDWARE


def test_fda_artefacts_are_1_to_16_in_order_with_data_and_real_rows() -> None:
    assert [a.number for a in fda.ARTEFACTS] == list(range(1, 17))
    titles = {a.number: a.title for a in fda.ARTEFACTS}
    assert titles[1].startswith("Cybersecurity risk management report")
    assert titles[4].startswith("Software bill of materials")
    assert titles[15] == "Cyber device determination"
    for artefact in fda.ARTEFACTS:
        assert artefact.data and artefact.sections and artefact.requirements, artefact.number
        for rid in artefact.requirements:
            requirement(rid)


def test_fda_control_categories_cover_medsecs_eight() -> None:
    assert len(fda.CONTROL_CATEGORIES) == 8
    assert len(set(fda.CONTROL_CATEGORIES.values())) == 8


def test_gspr_rows_are_in_annex_i_order_with_default_standards() -> None:
    def key(row: Requirement) -> tuple[float, int, str]:
        """Annex I order: section number, then the IFU letter (a..z before aa, ab)."""
        clause = row.clause.removeprefix("Annex I ")
        head, _, letter = clause.partition("(")
        return float(head.split("-")[0]), len(letter), letter

    assert list(mdr.GSPR) == sorted(mdr.GSPR, key=key)
    assert set(mdr.GSPR_STANDARDS) == {r.id for r in mdr.GSPR}
    assert "IEC 81001-5-1" in mdr.GSPR_STANDARDS["MDR:AnnexI-17.2"]


def test_an_unknown_id_is_a_named_key_error() -> None:
    with pytest.raises(KeyError, match=re.escape("IEC81001-5-1:5.9")):
        requirement("IEC81001-5-1:5.9")
