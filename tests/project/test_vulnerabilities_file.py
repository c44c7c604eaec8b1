"""vulnerabilities.yaml: located errors with suggestions, soft problems, comment-keeping saves."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE

from medsec.domain.errors import InputError
from medsec.domain.vulnerability import (
    Justification,
    Response,
    SafetyRisk,
    VexState,
    VulnAssessment,
)
from medsec.project.vulnerabilities_file import (
    Stub,
    add_stubs,
    dump_assessments,
    is_stub,
    load_assessments,
    save_assessments,
)

GOOD = """\
# Our assessments (this comment must survive)
format: medsec-vulnerabilities/1
vulnerabilities:
  # zlib: see SEC-2025-031
  CVE-2022-37434@pkg:generic/zlib:
    state: not_affected
    justification: code_not_reachable
    detail: Only reachable through inflateGetHeader().
    author: M. Keller   # PSIRT lead
    date: 2025-06-16
    component_version: '1.2.12'
  CVE-2023-52160@pkg:generic/wpa-supplicant:
    state: exploitable
    responses: [update, workaround_available]
    safety: controlled
    hazards: [HAZ-1]
    date: 2026-09-12
    next_review: 2026-12-15
    original:
      csaf: {product_status: known_affected, remediation: [vendor_fix, mitigation]}
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "vulnerabilities.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def problems(tmp_path: Path, text: str, **kw: object) -> str:
    with pytest.raises(InputError) as caught:
        load_assessments(write(tmp_path, text), **kw)  # type: ignore[arg-type]
    return caught.value.diagnostics()


def test_loads_every_key(tmp_path: Path) -> None:
    loaded = load_assessments(write(tmp_path, GOOD), hazards={"HAZ-1"}, today=dt.date(2026, 11, 27))
    zlib = loaded.assessments["CVE-2022-37434@pkg:generic/zlib"]
    assert zlib.state is VexState.NOT_AFFECTED
    assert zlib.justification is Justification.CODE_NOT_REACHABLE
    assert zlib.date == dt.date(2025, 6, 16) and zlib.component_version == "1.2.12"
    assert zlib.line == 5
    wpa = loaded.assessments["CVE-2023-52160@pkg:generic/wpa-supplicant"]
    assert wpa.responses == (Response.UPDATE, Response.WORKAROUND_AVAILABLE)
    assert wpa.safety is SafetyRisk.CONTROLLED and wpa.hazards == ("HAZ-1",)
    assert wpa.original == (
        ("csaf", "product_status", "known_affected"),
        ("csaf", "remediation", "mitigation"),
        ("csaf", "remediation", "vendor_fix"),
    )
    assert loaded.problems == () and loaded.exists


def test_no_file_is_no_assessments(tmp_path: Path) -> None:
    loaded = load_assessments(tmp_path)
    assert loaded.assessments == {} and not loaded.exists


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("state: not_affected", "state: not_afected"),
            ":6: vulnerabilities.CVE-2022-37434@pkg:generic/zlib.state: invalid value 'not_afected' (did you mean 'not_affected'?)",
        ),
        (
            ("justification: code_not_reachable", "justification: unreachable"),
            ":7: vulnerabilities.CVE-2022-37434@pkg:generic/zlib.justification: invalid value 'unreachable'",
        ),
        (
            ("responses: [update, workaround_available]", "responses: [update, patch]"),
            "responses[1]: invalid value 'patch'",
        ),
        (
            ("    author: M. Keller", "    autor: M. Keller"),
            "unknown key 'autor' (did you mean 'author'?)",
        ),
        (("date: 2025-06-16", "date: 2025-13-40"), ".date: invalid date 2025-13-40"),
        (
            ("component_version: '1.2.12'", "component_version: 1.10"),
            "write the version as quoted text, e.g. '1.1'",
        ),
        (("safety: controlled", "safety: ok"), "safety: invalid value 'ok'"),
        (
            ("format: medsec-vulnerabilities/1", "format: medsec-vulnerabilities/9"),
            "format: invalid value",
        ),
        (
            ("hazards: [HAZ-1]", "hazards: [HAZ-11]"),
            "hazards: unknown hazard 'HAZ-11' (did you mean 'HAZ-1'?)",
        ),
        (
            ("next_review: 2026-12-15", "next_review: 2026-01-01"),
            "next_review 2026-01-01 is before date 2026-09-12",
        ),
        (("date: 2026-09-12", "date: 2027-09-12"), "date 2027-09-12 is in the future"),
    ],
)
def test_located_errors_with_suggestions(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    text = problems(
        tmp_path, GOOD.replace(*change), hazards={"HAZ-1", "HAZ-2"}, today=dt.date(2026, 11, 27)
    )
    assert str(tmp_path / "vulnerabilities.yaml") in text
    assert expected in text


def test_every_problem_at_once(tmp_path: Path) -> None:
    bad = GOOD.replace("state: not_affected", "state: nope").replace(
        "safety: controlled", "safety: ok"
    )
    text = problems(tmp_path, bad)
    assert "state: invalid value 'nope'" in text and "safety: invalid value 'ok'" in text


def test_malformed_yaml_and_wrong_shape(tmp_path: Path) -> None:
    assert "malformed YAML" in problems(tmp_path, "format: x\nvulnerabilities:\n  - [unclosed\n")
    assert "must be a YAML mapping" in problems(tmp_path, "- a\n- b\n")


def test_incomplete_decisions_load_with_problems(tmp_path: Path) -> None:
    text = (
        GOOD.replace("    justification: code_not_reachable\n", "")
        .replace("    detail: Only reachable through inflateGetHeader().\n", "")
        .replace("    responses: [update, workaround_available]\n", "")
    )
    loaded = load_assessments(write(tmp_path, text))
    messages = [str(p) for p in loaded.problems]
    assert len(messages) == 2
    assert "not_affected needs a justification (or a detail as impact statement)" in messages[0]
    assert ":5: vulnerabilities.CVE-2022-37434@pkg:generic/zlib" in messages[0]
    assert "exploitable needs a response" in messages[1]
    # a detail alone is an impact statement
    detail_only = GOOD.replace("    justification: code_not_reachable\n", "")
    assert load_assessments(write(tmp_path, detail_only)).problems == ()


def test_save_keeps_comments_order_and_foreign_entries(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    loaded = load_assessments(tmp_path)
    zlib = loaded.assessments["CVE-2022-37434@pkg:generic/zlib"]
    changed = VulnAssessment(
        zlib.finding,
        VexState.NOT_AFFECTED,
        justification=Justification.CODE_NOT_PRESENT,
        detail="Removed from the image.\nSecond line.",
        author=zlib.author,
        date=dt.date(2026, 11, 27),
        component_version="1.3.1",
    )
    new = VulnAssessment("CVE-2024-2511@pkg:generic/openssl", VexState.IN_TRIAGE)
    assessments = {**loaded.assessments, zlib.finding: changed, new.finding: new}
    text = dump_assessments(assessments, loaded.document, changed=[zlib.finding, new.finding])
    save_assessments(tmp_path, text)
    assert "# Our assessments (this comment must survive)" in text
    assert "# zlib: see SEC-2025-031" in text and "# PSIRT lead" in text
    assert text.index("CVE-2022-37434") < text.index("CVE-2023-52160") < text.index("CVE-2024-2511")
    assert "remediation: [vendor_fix, mitigation]" in text  # untouched entry as written
    back = load_assessments(tmp_path).assessments
    assert back[zlib.finding].detail == "Removed from the image.\nSecond line."
    assert back[zlib.finding].justification is Justification.CODE_NOT_PRESENT
    assert back[new.finding].state is VexState.IN_TRIAGE


def test_new_file_has_header_and_round_trips(tmp_path: Path) -> None:
    a = VulnAssessment(
        "CVE-1@pkg:generic/x",
        VexState.EXPLOITABLE,
        responses=(Response.CAN_NOT_FIX,),
        original=(("openvex", "status", "affected"),),
        hazards=("HAZ-1",),
    )
    text = dump_assessments({a.finding: a})
    assert text.startswith("# medsec vulnerability assessments")
    save_assessments(tmp_path, text)
    back = load_assessments(tmp_path).assessments[a.finding]
    assert back.original == a.original and back.responses == a.responses


def test_example_project_file_is_valid() -> None:
    loaded = load_assessments(EXAMPLE, hazards={f"HAZ-0{n}" for n in range(1, 7)})
    assert len(loaded.assessments) == 8 and loaded.problems == ()
    states = {a.state for a in loaded.assessments.values()}
    assert {VexState.NOT_AFFECTED, VexState.EXPLOITABLE, VexState.IN_TRIAGE} <= states


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "vulnerabilities.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_stubs_are_appended_after_everything_the_file_holds(tmp_path: Path) -> None:
    root = _write(tmp_path, GOOD)
    when = dt.date(2026, 12, 1)
    stubs = [Stub("CVE-2024-0002@pkg:pypi/b", "low, b 2.0"), Stub("CVE-2024-0001@pkg:pypi/a", "")]
    text = add_stubs(load_assessments(root).document, stubs, when=when)
    assert text is not None and text.startswith(GOOD)
    assert text.index("CVE-2024-0001@pkg:pypi/a:") < text.index("CVE-2024-0002@pkg:pypi/b:")
    assert "# low, b 2.0\n  CVE-2024-0002@pkg:pypi/b:\n    state: in_triage" in text
    save_assessments(root, text)
    loaded = load_assessments(root)
    assert not loaded.problems
    assert is_stub(loaded.assessments["CVE-2024-0001@pkg:pypi/a"])
    assert not is_stub(loaded.assessments["CVE-2022-37434@pkg:generic/zlib"])


def test_a_stub_for_an_existing_entry_changes_nothing(tmp_path: Path) -> None:
    root = _write(tmp_path, GOOD)
    stub = Stub("CVE-2022-37434@pkg:generic/zlib", "critical, zlib 1.3.1")
    assert add_stubs(load_assessments(root).document, [stub], when=dt.date(2026, 12, 1)) is None


def test_without_a_file_stubs_start_one_even_with_no_findings(tmp_path: Path) -> None:
    text = add_stubs(None, [], when=dt.date(2026, 12, 1))
    assert text is not None and text.startswith("# medsec vulnerability assessments")
    save_assessments(tmp_path, text)
    loaded = load_assessments(tmp_path)
    assert loaded.exists and not loaded.assessments


@pytest.mark.parametrize(
    "filled",
    [
        {"justification": Justification.CODE_NOT_PRESENT},
        {"responses": (Response.UPDATE,)},
        {"detail": "checking"},
        {"author": "S. Novak"},
        {"date": dt.date(2026, 12, 1)},
        {"component_version": "1.0"},
        {"state": VexState.NOT_AFFECTED},
    ],
)
def test_anything_a_person_wrote_makes_an_entry_no_stub(filled: dict[str, object]) -> None:
    base = VulnAssessment(finding="X@pkg:a/b", state=VexState.IN_TRIAGE)
    assert is_stub(base)
    assert not is_stub(replace(base, **filled))  # type: ignore[arg-type]
