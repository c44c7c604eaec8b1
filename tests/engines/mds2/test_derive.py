"""Answers derived from the model: the example, and twins that differ in one fact."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE
from tests.helpers import MINIMAL, write_project

from medsec.engines.mds2.derive import derive
from medsec.engines.mds2.model import Derived, Mds2Answer
from medsec.engines.mds2.questions import QUESTIONS
from medsec.services.check import CheckOptions
from medsec.services.check import run as run_check

TODAY = date(2026, 12, 4)
YES, NO, NA, SEE = Mds2Answer.YES, Mds2Answer.NO, Mds2Answer.NA, Mds2Answer.SEE_NOTE
HEALTH = MINIMAL.replace("category: technical", "category: health")
CLEAR = HEALTH.replace(
    "    encryption: ble-lesc\n    replay_protection: true\n",
    "    encryption: none\n    replay_protection: true\n",
    1,
)


def derived(root: Path) -> dict[str, Derived]:
    """The answers derived for the project at ``root``."""
    return derive(run_check(CheckOptions(root, TODAY)).context)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Derived]:
    """The example's derived answers."""
    target = tmp_path_factory.mktemp("mds2") / "example"
    shutil.copytree(EXAMPLE, target)
    return derived(target)


def test_every_derived_answer_names_its_sources(example: dict[str, Derived]) -> None:
    assert example
    for qid, d in example.items():
        assert d.facts, qid
        assert d.note, qid
        assert all(f.path and f.key and f.value for f in d.facts), qid


def test_the_share_derived_on_the_example(example: dict[str, Derived]) -> None:
    # 148 of 240 (62 %): the issue asks for at least 60 % (docs/mds2.md, coverage)
    share = len(example) / len(QUESTIONS)
    assert share >= 0.60, f"{len(example)} of {len(QUESTIONS)} derived"


def test_the_examples_known_weaknesses_show_in_the_form(example: dict[str, Derived]) -> None:
    txcf2 = example["TXCF-2"]
    assert txcf2.answer is NO
    assert {f.key for f in txcf2.facts} == {
        "flows.pump-to-hl7.encryption",
        "flows.hl7-to-pump.encryption",
    }
    # the pump's log partition is not encrypted (the analytics store in the cloud is)
    assert example["STCF-1.1"].answer is NO and "pump-log" in example["STCF-1.1"].note
    assert "elements.pump-log.encryption_at_rest" in {f.key for f in example["STCF-1.1"].facts}
    assert example["SAHD-8"].answer is NO and "uart-console" in example["SAHD-8"].note
    assert example["PAUT-1"].answer is NO and "drug-lib-server" in example["PAUT-1"].note
    assert example["PAUT-8"].answer is NO  # the portal has a password only
    assert example["AUTH-1"].answer is NO  # the UART console drops to a shell
    assert example["RDMP-4"].answer is NO  # libxml2 2.9 without a recorded plan


def test_the_examples_good_parts_show_too(example: dict[str, Derived]) -> None:
    assert example["DOC-1"].note == "ACME Medical GmbH"
    assert example["DOC-8"].answer is YES
    assert example["CONN-1.1.2"].answer is YES  # BLE
    assert example["CONN-1.2.1"].answer is NO  # no Ethernet
    assert example["SAHD-11"].answer is YES  # verified boot in the enclosure
    assert example["RMOT-1"].answer is YES and "cloud-to-pump" in example["RMOT-1"].note
    assert example["RMOT-3"].answer is YES and "fw-update" in example["RMOT-3"].note
    assert example["CSUP-11"].answer is YES
    assert example["ALOF-1"].answer is YES and "pump-fw (2 min)" in example["ALOF-1"].note
    assert example["EMRG-1"].answer is YES and "pump-fw" in example["EMRG-1"].note
    assert example["AUDT-2.9"].answer is YES  # the emergency start is recorded
    assert example["MLDP-1"].answer is YES  # the hospital's Windows VM and tablets
    assert example["MLDP-3"].answer is YES and "pump-fw, safety-cpu" in example["MLDP-3"].note
    assert example["CSUP-2.2"].answer is YES and example["CSUP-4"].answer is NO
    assert example["DTBK-3"].answer is NO and example["DTBK-4"].answer is YES


def test_what_the_model_cannot_say_stays_open(example: dict[str, Derived]) -> None:
    for qid in ("DOC-9", "DTBK-1", "MLDP-2.5", "AUDT-2.11", "CSUP-2.4", "SGUD-1", "PLOK-2"):
        assert qid not in example


def test_a_flow_carrying_pii_in_clear_makes_txcf2_no_with_the_flow(tmp_path: Path) -> None:
    weak = derived(write_project(tmp_path / "weak", CLEAR))
    assert weak["TXCF-2"].answer is NO
    assert [f.key for f in weak["TXCF-2"].facts] == ["flows.tablet-to-pump.encryption"]
    assert weak["TXCF-2"].facts[0].value == "none"
    strong = derived(write_project(tmp_path / "strong", HEALTH))
    assert strong["TXCF-2"].answer is YES
    assert strong["TXCF-2.1"].answer is NA
    assert strong["MPII-3.6"].answer is YES  # BLE carries the health data


def test_no_personal_data_makes_the_pii_questions_not_applicable(tmp_path: Path) -> None:
    none = derived(write_project(tmp_path / "none"))  # MINIMAL: the dose is technical data
    assert none["MPII-1"].answer is NO
    assert none["MPII-3.6"].answer is NA
    assert none["TXCF-2"].answer is NA
    assert none["STCF-1"].answer is NA


def test_an_unstated_fact_leaves_the_question_open(tmp_path: Path) -> None:
    unstated = HEALTH.replace(
        "    encryption: ble-lesc\n    replay_protection: true\n",
        "    replay_protection: true\n",
        1,
    )
    unstated = unstated.replace("protocol: ble\n    carries", "protocol: other\n    carries", 1)
    answers = derived(write_project(tmp_path / "unstated", unstated))
    assert "TXCF-2" not in answers  # neither stated nor implied by the protocol


def test_a_debug_port_left_on_makes_sahd15_no(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "data:\n",
        "  - {id: jtag, element: pump-fw, kind: debug, protocol: jtag, exposure: physical,\n"
        "     authentication: none, production: enabled}\ndata:\n",
        1,
    )
    answers = derived(write_project(tmp_path / "debug", text))
    assert answers["SAHD-15"].answer is NO
    assert answers["SAHD-8"].answer is NO  # no use case needs it
    assert derived(write_project(tmp_path / "closed"))["SAHD-15"].answer is YES
