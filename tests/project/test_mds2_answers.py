"""documents/mds2.yaml: answers by question id, every problem located and reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from medsec.domain.errors import InputError
from medsec.engines.mds2.model import Mds2Answer
from medsec.project.mds2_answers import load_mds2_answers
from medsec.project.yamlfile import parse_yaml

GOOD = """\
DOC-9: No
alof-1: {answer: yes, note: Session lock after 5 minutes}
SHAD-15: Yes
EMRG-1: {answer: See note, note: Break-glass via the biomed key}
MLDP-1:
"""


def parse(text: str) -> dict[str, object]:
    """Parse an answers file given as text."""
    from medsec.project.mds2_answers import parse_mds2_answers

    return dict(parse_mds2_answers(parse_yaml(text.encode(), "documents/mds2.yaml")))


def test_answers_are_read_by_canonical_id_with_line_and_note() -> None:
    answers = parse(GOOD)
    assert set(answers) == {"DOC-9", "ALOF-1", "SAHD-15", "EMRG-1"}  # MLDP-1 left empty: open
    alof = answers["ALOF-1"]
    assert alof.answer is Mds2Answer.YES  # type: ignore[attr-defined]
    assert alof.note == "Session lock after 5 minutes"  # type: ignore[attr-defined]
    assert alof.line == 2  # type: ignore[attr-defined]


def test_every_problem_is_located_at_once() -> None:
    text = "TXFC-2: Yes\nDOC-9: Maybe\nEMRG-1: See note\nALOF-1: {answer: No, why: x}\nDOC-9x: No\n"
    with pytest.raises(InputError) as error:
        parse(text)
    shown = [str(p) for p in error.value.problems]
    assert shown[0] == (
        "documents/mds2.yaml:1: unknown MDS2 question 'TXFC-2' (did you mean 'TXCF-2'?)"
    )
    assert shown[1].startswith("documents/mds2.yaml:2: DOC-9: answer 'Maybe' is not one of")
    assert shown[2].startswith("documents/mds2.yaml:3: EMRG-1: 'See note' needs a note")
    assert "unknown key why" in shown[3]
    assert len(shown) == 5


def test_an_id_answered_twice_is_an_error() -> None:
    with pytest.raises(InputError, match="SAHD-15 is already answered on line 1"):
        parse("SAHD-15: Yes\nSHAD-15: No\n")


def test_no_file_means_no_answers(tmp_path: Path) -> None:
    (tmp_path / "medsec.yaml").write_text("format: medsec/1\n")
    assert load_mds2_answers(tmp_path) == {}


def test_not_a_mapping_is_an_error() -> None:
    with pytest.raises(InputError, match="expected a mapping"):
        parse("- DOC-9\n")
