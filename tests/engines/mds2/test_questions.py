"""The MDS2 question catalogue: 240 questions of the 2019 form, in the form's order."""

from __future__ import annotations

from collections import Counter

from medsec.engines.mds2.questions import QUESTIONS, SECTIONS, by_id, canonical, nearest, parent_of

# per section, as counted in the published 2019 forms (docs/mds2.md: sources)
COUNTS = {
    "DOC": 15, "MPII": 22, "ALOF": 2, "AUDT": 30, "AUTH": 8, "CSUP": 34, "DIDT": 2, "DTBK": 6,
    "EMRG": 1, "IGAU": 2, "MLDP": 15, "NAUT": 4, "CONN": 19, "PAUT": 16, "PLOK": 4, "RDMP": 4,
    "SBOM": 8, "SAHD": 22, "SGUD": 5, "STCF": 7, "TXCF": 6, "TXIG": 2, "RMOT": 6,
}  # fmt: skip


def test_the_form_has_240_questions_in_23_sections() -> None:
    assert len(QUESTIONS) == 240
    assert len({q.id for q in QUESTIONS}) == 240
    assert [s.code for s in SECTIONS] == list(COUNTS)
    assert Counter(q.section for q in QUESTIONS) == COUNTS


def test_sections_follow_the_form_and_questions_stay_in_their_section() -> None:
    order = [q.section for q in QUESTIONS]
    assert order == sorted(order, key=list(COUNTS).index)
    assert all(q.id.startswith(q.section + "-") for q in QUESTIONS)


def test_ids_are_in_the_forms_numbering_order_within_a_section() -> None:
    def key(qid: str) -> tuple[int, ...]:
        return tuple(int(n) for n in qid.split("-")[1].split("."))

    for code in COUNTS:
        ids = [q.id for q in QUESTIONS if q.section == code]
        assert ids == sorted(ids, key=key), code


def test_landmarks_of_the_form() -> None:
    ids = [q.id for q in QUESTIONS]
    assert ids[:3] == ["DOC-1", "DOC-2", "DOC-3"] and ids[-1] == "RMOT-3"
    assert ids.index("AUDT-2.8") + 1 == ids.index("AUDT-2.8.1")
    assert ids.index("CSUP-9") == ids.index("CSUP-8") + 1
    assert by_id()["SAHD-13"].text.startswith("Does the product documentation include")
    assert by_id()["MPII-3.6"].text.startswith("Does the device transmit/receive personally")
    assert "CNFS-1" not in by_id() and "OTHR-1" not in by_id()


def test_parents_come_from_the_numbering() -> None:
    assert parent_of("AUDT-2.8.1") == "AUDT-2.8"
    assert parent_of("AUDT-2") is None
    assert all(q.parent is None or q.parent in by_id() for q in QUESTIONS)


def test_ids_are_found_case_insensitively_with_aliases_and_suggestions() -> None:
    assert canonical("txcf-2") == "TXCF-2"
    assert canonical("SHAD-15") == "SAHD-15"
    assert canonical("TXCF-9") is None
    assert nearest("TXFC-2") == "TXCF-2"
