"""ALOF, AUDT-2.x, CSUP-2/4, MLDP, DTBK, EMRG and DOC-11.x: twins that state a fact or do not.

Each derivation is shown twice: with the element keys stated (the answer and the facts it
cites) and without them (the question stays open, never guessed).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.helpers import MINIMAL, write_project

from medsec.domain.errors import InputError
from medsec.engines.mds2.derive import derive
from medsec.engines.mds2.model import Derived, Mds2Answer
from medsec.project.loader import load_project
from medsec.services.check import CheckOptions
from medsec.services.check import run as run_check

TODAY = date(2026, 12, 4)
YES, NO, NA, SEE = Mds2Answer.YES, Mds2Answer.NO, Mds2Answer.NA, Mds2Answer.SEE_NOTE
PUMP_END = "    security_logging: true\n    hazards: [HAZ-1]\n"
TABLET_END = "    credentials: unique-per-device\n    security_logging: true\nflows:"
TOUCHSCREEN = (
    "  - {id: touchscreen, element: pump-fw, kind: user-interface, protocol: user-interface,\n"
    "     exposure: physical, authentication: password, production: enabled,\n"
    "     needed_for: [program]}\ndata:\n"
)


def twin(pump: str = "", tablet: str = "", extra_interface: bool = False) -> str:
    """MINIMAL with ``pump`` and ``tablet`` (indented key lines) added to the two elements."""
    text = MINIMAL.replace(PUMP_END, f"    security_logging: true\n{pump}    hazards: [HAZ-1]\n")
    text = text.replace(
        TABLET_END,
        f"    credentials: unique-per-device\n    security_logging: true\n{tablet}flows:",
    )
    return text.replace("data:\n", TOUCHSCREEN, 1) if extra_interface else text


def derived(tmp_path: Path, name: str, text: str) -> dict[str, Derived]:
    """The answers derived for ``text`` written under ``tmp_path/name``."""
    return derive(run_check(CheckOptions(write_project(tmp_path / name, text), TODAY)).context)


def keys(d: Derived) -> set[str]:
    """The model keys an answer cites."""
    return {f.key for f in d.facts}


# --- ALOF ----------------------------------------------------------------------------------


def test_alof_from_the_session_of_the_login_elements(tmp_path: Path) -> None:
    stated = derived(
        tmp_path,
        "stated",
        twin(
            pump="    session: {auto_logoff_minutes: 5, configurable: true}\n", extra_interface=True
        ),
    )
    assert stated["ALOF-1"].answer is YES and "pump-fw (5 min)" in stated["ALOF-1"].note
    assert keys(stated["ALOF-1"]) == {"elements.pump-fw.session.auto_logoff_minutes"}
    assert stated["ALOF-2"].answer is YES
    assert stated["ALOF-2"].facts[0].label.endswith("elements.pump-fw.session.configurable = true")
    unstated = derived(tmp_path, "unstated", twin(extra_interface=True))
    assert "ALOF-1" not in unstated and "ALOF-2" not in unstated


def test_sessions_that_never_lock_make_alof1_no_and_alof2_not_applicable(tmp_path: Path) -> None:
    answers = derived(
        tmp_path,
        "never",
        twin(pump="    session: {auto_logoff_minutes: none}\n", extra_interface=True),
    )
    assert answers["ALOF-1"].answer is NO
    assert answers["ALOF-1"].facts[0].value == "none"
    assert answers["ALOF-2"].answer is NA


def test_a_login_element_that_does_not_say_keeps_alof1_from_no(tmp_path: Path) -> None:
    # the tablet states no lock, the pump (a touchscreen login) says nothing: not "No"
    text = twin(tablet="    session: {auto_logoff_minutes: none}\n", extra_interface=True)
    assert "ALOF-1" not in derived(tmp_path, "half", text)


# --- EMRG ----------------------------------------------------------------------------------


def test_emrg_from_emergency_access(tmp_path: Path) -> None:
    on = derived(tmp_path, "on", twin(pump="    emergency_access: true\n", extra_interface=True))
    assert on["EMRG-1"].answer is YES
    assert keys(on["EMRG-1"]) == {"elements.pump-fw.emergency_access"}
    off = derived(tmp_path, "off", twin(pump="    emergency_access: false\n", extra_interface=True))
    assert off["EMRG-1"].answer is NO
    assert "EMRG-1" not in derived(tmp_path, "unstated", twin(extra_interface=True))


# --- AUDT ----------------------------------------------------------------------------------


def test_audit_events_answer_audt2_where_every_logger_says(tmp_path: Path) -> None:
    pump = "    audit: {events: [login, failed-login], export: [atna], configurable: false}\n"
    half = derived(tmp_path, "half", twin(pump=pump))
    assert half["AUDT-2.1"].answer is YES and "pump-fw" in half["AUDT-2.1"].note
    assert "not stated: tablet" in half["AUDT-2.1"].note
    assert "elements.pump-fw.audit.events" in keys(half["AUDT-2.1"])
    assert "AUDT-2.3" not in half  # the tablet may record privilege changes: open
    assert half["AUDT-5.2"].answer is YES and half["AUDT-6"].answer is YES
    whole = derived(
        tmp_path,
        "whole",
        twin(pump=pump, tablet="    audit: {events: [], export: [], configurable: false}\n"),
    )
    assert whole["AUDT-2.3"].answer is NO
    assert whole["AUDT-2.9"].answer is NO
    assert whole["AUDT-3"].answer is NO
    assert keys(whole["AUDT-3"]) == {
        "elements.pump-fw.audit.configurable",
        "elements.tablet.audit.configurable",
    }
    unstated = derived(tmp_path, "unstated", twin())
    assert not {q for q in unstated if q.startswith("AUDT-2.")} and "AUDT-3" not in unstated


def test_audit_events_need_security_logging_on(tmp_path: Path) -> None:
    text = twin(pump="    audit: {events: [login]}\n").replace(
        "    security_logging: true\n    audit", "    security_logging: false\n    audit", 1
    )
    with pytest.raises(InputError) as info:
        load_project(write_project(tmp_path, text))
    (problem,) = [str(p) for p in info.value.problems]
    assert problem.endswith("elements[0]: audit.events lists events, but security_logging is false")


# --- CSUP-2 (operating system) ---------------------------------------------------------------

OS_PUMP = (
    "    operating_system: {name: Linux, version: '6.6', provided_by: manufacturer,\n"
    "                       patched_by: manufacturer}\n"
)
OS_TABLET = (
    "    operating_system: {name: Android, provided_by: customer, patched_by: customer}\n"
    "    update: {signed: true, channel: https}\n"
)


def test_csup2_from_the_operating_systems(tmp_path: Path) -> None:
    both = derived(tmp_path, "both", twin(pump=OS_PUMP, tablet=OS_TABLET))
    assert both["CSUP-2"].answer is YES and "pump-fw (Linux 6.6)" in both["CSUP-2"].note
    assert both["CSUP-2.1"].answer is YES and "tablet" in both["CSUP-2.1"].note
    assert both["CSUP-2.2"].answer is YES and "pump-fw" in both["CSUP-2.2"].note
    assert both["CSUP-2.3"].answer is YES  # the pump's OS comes with its https updates
    assert "elements.pump-fw.operating_system.patched_by" in keys(both["CSUP-2.2"])
    pump_only = derived(tmp_path, "pump", twin(pump=OS_PUMP))
    assert pump_only["CSUP-2"].answer is YES
    assert "CSUP-2.1" not in pump_only  # the tablet's OS (if any) might be the hospital's
    assert pump_only["CSUP-2.2"].answer is YES
    assert "CSUP-2" not in derived(tmp_path, "unstated", twin())


def test_no_operating_system_anywhere_makes_csup2_no(tmp_path: Path) -> None:
    none = "    operating_system: none\n"
    answers = derived(tmp_path, "none", twin(pump=none, tablet=none))
    assert answers["CSUP-2"].answer is NO
    assert answers["CSUP-2.1"].answer is NA and answers["CSUP-2.4"].answer is NA


def test_a_hosted_element_runs_on_its_hosts_operating_system(tmp_path: Path) -> None:
    text = twin(pump=OS_PUMP, tablet=OS_TABLET).replace(
        "flows:\n",
        "  - {id: dose-calc, name: Dose calculator, type: process, host: pump-fw}\nflows:\n",
        1,
    )
    answers = derived(tmp_path, "hosted", text)
    assert "dose-calc" not in answers["CSUP-2"].note  # one machine, cited once: its host
    assert "elements.pump-fw.operating_system" in keys(answers["CSUP-2"])


# --- MLDP, CSUP-4 ----------------------------------------------------------------------------

SEALED = (
    "    malware_protection: {hosts_executables: false, anti_malware: none, allow_listing: false,\n"
    "                         intrusion_detection: false}\n"
)


def test_a_sealed_device_answers_mldp_and_csup4(tmp_path: Path) -> None:
    answers = derived(
        tmp_path, "sealed", twin(pump=SEALED, tablet=SEALED + "    secure_boot: true\n")
    )
    assert answers["MLDP-1"].answer is NO
    assert answers["MLDP-2"].answer is NO
    assert all(answers[f"MLDP-2.{n}"].answer is NA for n in range(1, 9))
    assert answers["MLDP-3"].answer is YES
    assert "elements.tablet.secure_boot" in keys(answers["MLDP-3"])
    assert answers["MLDP-4"].answer is NO
    assert answers["MLDP-5"].answer is NO and answers["MLDP-5.1"].answer is NA
    assert answers["MLDP-5.2"].answer is NO
    assert answers["CSUP-4"].answer is NO and answers["CSUP-4.4"].answer is NA
    unstated = derived(tmp_path, "unstated", twin())
    assert not {q for q in unstated if q.startswith(("MLDP", "CSUP-4"))}


def test_mldp3_stays_open_without_a_compensating_control(tmp_path: Path) -> None:
    # the tablet states no verified boot and no allow-listing: other controls may exist
    answers = derived(tmp_path, "bare", twin(pump=SEALED, tablet=SEALED))
    assert answers["MLDP-2"].answer is NO
    assert "MLDP-3" not in answers


def test_the_hospitals_own_anti_malware(tmp_path: Path) -> None:
    customer = (
        "    malware_protection: {hosts_executables: true, anti_malware: customer,\n"
        "                         allow_listing: true, intrusion_detection: false}\n"
    )
    answers = derived(tmp_path, "customer", twin(pump=SEALED, tablet=customer))
    assert answers["MLDP-1"].answer is YES and "tablet" in answers["MLDP-1"].note
    assert answers["MLDP-2"].answer is YES and "tablet (customer)" in answers["MLDP-2"].note
    assert answers["MLDP-2.1"].answer is NO and answers["MLDP-2.3"].answer is YES
    assert answers["MLDP-3"].answer is YES  # the pump: verified boot, nothing else runs
    assert answers["MLDP-4"].answer is SEE
    assert answers["CSUP-4"].answer is NO  # the device ships none: the hospital brings its own
    half = derived(tmp_path, "half", twin(tablet=customer))
    assert half["MLDP-2"].answer is YES and "not stated: pump-fw" in half["MLDP-2"].note
    assert "MLDP-2.1" not in half and "MLDP-4" not in half


# --- DTBK -----------------------------------------------------------------------------------


def test_dtbk_from_backup(tmp_path: Path) -> None:
    pump = (
        "    backup: {targets: [remote], configuration: true, integrity_check: true,\n"
        "             factory_reset: true}\n"
    )
    tablet = "    backup: {targets: [], configuration: false, factory_reset: false}\n"
    both = derived(tmp_path, "both", twin(pump=pump, tablet=tablet))
    assert [both[f"DTBK-{n}"].answer for n in range(2, 7)] == [YES, NO, YES, YES, YES]
    assert keys(both["DTBK-3"]) == {
        "elements.pump-fw.backup.targets",
        "elements.tablet.backup.targets",
    }
    assert "DTBK-1" not in both  # long-term primary storage: no key says it
    pump_only = derived(tmp_path, "pump", twin(pump=pump))
    assert pump_only["DTBK-4"].answer is YES and "DTBK-3" not in pump_only
    idle = derived(tmp_path, "idle", twin(pump=tablet, tablet=tablet))
    assert idle["DTBK-5"].answer is NO and idle["DTBK-6"].answer is NA
    assert not {q for q in derived(tmp_path, "unstated", twin()) if q.startswith("DTBK")}


# --- DOC-11 (software only) -------------------------------------------------------------------

SAMD = """\
format: medsec/1
device: {id: viewer, name: Dose Viewer, version: 1.0.0, manufacturer: ACME Medical GmbH}
parties:
  - {id: hospital, name: The hospital, kind: hospital}
boundaries:
  - {id: cloud, name: ACME cloud, kind: cloud}
  - {id: ward, name: Ward network, kind: network, operated_by: hospital}
elements:
  - id: backend
    name: Dose analytics service
    type: process
    boundary: cloud
  - id: workstation-app
    name: Viewer on the ward PC
    type: process
    boundary: ward
    operating_system: {name: Windows 11, provided_by: customer, patched_by: customer}
flows:
  - {id: app-to-backend, from: workstation-app, to: backend, protocol: https, data: [dose]}
data:
  - {id: dose, name: Dose, category: technical, retention: P30D}
"""


def test_software_in_a_cloud_and_on_the_owners_os_is_samd(tmp_path: Path) -> None:
    answers = derived(tmp_path, "samd", SAMD)
    assert answers["DOC-11"].answer is YES
    assert answers["DOC-11.2"].answer is YES and "workstation-app" in answers["DOC-11.2"].note
    assert answers["DOC-11.3"].answer is YES and "backend" in answers["DOC-11.3"].note
    assert answers["DOC-11.4"].answer is YES
    assert "DOC-11.1" not in answers  # whether the cloud service ships its OS: not stated
    shipped = SAMD.replace(
        "    boundary: cloud\n",
        "    boundary: cloud\n    operating_system: {name: Alpine Linux, provided_by: manufacturer}\n",
    )
    assert derived(tmp_path, "shipped", shipped)["DOC-11.1"].answer is YES


def test_software_whose_platform_is_not_stated_is_not_called_samd(tmp_path: Path) -> None:
    unknown = SAMD.replace(
        "    operating_system: {name: Windows 11, provided_by: customer, patched_by: customer}\n",
        "",
    )
    answers = derived(tmp_path, "unknown", unknown)
    assert not {q for q in answers if q.startswith("DOC-11")}
    assert derived(tmp_path, "device", twin())["DOC-11"].answer is NO  # hardware: not SaMD
