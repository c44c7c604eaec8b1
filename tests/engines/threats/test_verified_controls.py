"""Only implemented *and verified* controls mitigate a threat (issue 13: controls that count)."""

from __future__ import annotations

from medsec.domain.threat import ThreatStatus
from medsec.domain.vocabulary import ControlCategory, ControlStatus
from medsec.engines.threats.assess import _mitigated
from medsec.engines.threats.rules._fixtures import control


def _ctl(verified_by: tuple[str, ...], status: ControlStatus = ControlStatus.IMPLEMENTED):  # type: ignore[no-untyped-def]
    return control(
        "ctl-a", ControlCategory.AUTHENTICATION, ["fw"], status=status, verified_by=verified_by
    )


def test_a_verified_implemented_control_mitigates() -> None:
    problems: list[str] = []
    assert _mitigated([_ctl(("TC-1",))], problems) is ThreatStatus.MITIGATED
    assert problems == []


def test_an_unverified_control_leaves_the_threat_open() -> None:
    for verified_by in ((), ("TBD",), ("TC-TODO", "xxx")):
        problems: list[str] = []
        assert _mitigated([_ctl(verified_by)], problems) is ThreatStatus.OPEN, verified_by
        assert problems == ["control implemented but not verified (no verified_by): ctl-a"]


def test_placeholder_words_come_from_the_policy() -> None:
    problems: list[str] = []
    status = _mitigated([_ctl(("PENDING-1",))], problems, placeholders=("pending",))
    assert status is ThreatStatus.OPEN and problems


def test_the_problem_names_one_control_or_several() -> None:
    other = control("ctl-b", ControlCategory.AUTHENTICATION, ["fw"], status=ControlStatus.PLANNED)
    problems: list[str] = []
    _mitigated([_ctl(()), control("ctl-c", ControlCategory.CRYPTOGRAPHY, ["fw"]), other], problems)
    assert problems[0] == "control not implemented yet: ctl-b"
    assert problems[1] == "controls implemented but not verified (no verified_by): ctl-a, ctl-c"
