"""The MDS2 element keys: session, audit, malware_protection, operating_system, backup,
emergency_access: loaded as stated, refused with a located error, silent for the threats."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers import MINIMAL, write_project

from medsec.cli.main import main
from medsec.domain.model import (
    AntiMalware,
    Audit,
    AuditEvent,
    AuditExport,
    Backup,
    BackupTarget,
    MalwareProtection,
    OperatingSystem,
    Provider,
    Session,
)
from medsec.engines.threats.digest import architecture_digest
from medsec.engines.threats.engine import generate
from medsec.project.loader import load_project

KEYS = """\
    session: {auto_logoff_minutes: 5, configurable: true}
    audit: {events: [login, failed-login, login], export: [syslog], configurable: false}
    malware_protection: {hosts_executables: false, anti_malware: none, allow_listing: true,
                         intrusion_detection: false}
    operating_system: {name: Linux, version: '6.6', supplier: ACME, provided_by: manufacturer,
                       patched_by: manufacturer}
    backup: {targets: [remote], configuration: true, integrity_check: true, factory_reset: true}
    emergency_access: true
"""
PUMP_END = "    security_logging: true\n    hazards: [HAZ-1]\n"


def with_keys(keys: str = KEYS) -> str:
    """MINIMAL with ``keys`` on pump-fw."""
    return MINIMAL.replace(PUMP_END, f"    security_logging: true\n{keys}    hazards: [HAZ-1]\n", 1)


def test_the_keys_load_as_stated(tmp_path: Path) -> None:
    pump = load_project(write_project(tmp_path, with_keys())).element("pump-fw")
    assert pump.session == Session(5, True)
    assert pump.audit == Audit(
        (AuditEvent.LOGIN, AuditEvent.FAILED_LOGIN), (AuditExport.SYSLOG,), False
    )  # a repeated event is kept once
    assert pump.malware_protection == MalwareProtection(False, AntiMalware.NONE, True, False)
    assert pump.operating_system == OperatingSystem(
        "Linux", "6.6", "ACME", Provider.MANUFACTURER, Provider.MANUFACTURER
    )
    assert pump.backup == Backup((BackupTarget.REMOTE,), True, True, True)
    assert pump.emergency_access is True


def test_unstated_is_none_and_an_empty_list_is_stated(tmp_path: Path) -> None:
    keys = "    audit: {events: []}\n    operating_system: none\n    session: {auto_logoff_minutes: none}\n"
    project = load_project(write_project(tmp_path / "some", with_keys(keys)))
    pump = project.element("pump-fw")
    assert pump.audit == Audit(events=(), export=None, configurable=None)
    assert pump.operating_system == "none"
    assert pump.session == Session("none", None)
    tablet = project.element("tablet")
    assert (tablet.session, tablet.audit, tablet.malware_protection) == (None, None, None)
    assert (tablet.operating_system, tablet.backup, tablet.emergency_access) == (None, None, None)


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (
            "    session: {auto_logoff_minutes: 0}\n",
            ":24: elements[0].session.auto_logoff_minutes: must be the minutes of inactivity "
            "(1 to 1440) or none, not 0",
        ),
        (
            "    audit: {events: [logon]}\n",
            ":24: elements[0].audit.events[0]: invalid value 'logon' (did you mean 'login'?)",
        ),
        (
            "    audit: {export: [siem]}\n",
            ":24: elements[0].audit.export[0]: invalid value 'siem' (expected one of: api, atna, "
            "file, syslog)",
        ),
        (
            "    malware_protection: {anti_malware: antivirus}\n",
            ":24: elements[0].malware_protection.anti_malware: invalid value 'antivirus'",
        ),
        (
            "    operating_system: windows\n",
            ":24: elements[0].operating_system: must be a mapping ({name: windows, provided_by: …, "
            "patched_by: …}) or none, not 'windows'",
        ),
        (
            "    operating_system: {name: Windows, patched_by: hospital}\n",
            ":24: elements[0].operating_system.patched_by: invalid value 'hospital' (expected one "
            "of: customer, manufacturer)",
        ),
        (
            "    backup: {targets: [tape]}\n",
            ":24: elements[0].backup.targets[0]: invalid value 'tape' (expected one of: remote, "
            "removable-media)",
        ),
        ("    backup: {restore: true}\n", "elements[0].backup.restore: unknown key 'restore'"),
        (
            "    emergency_access: sometimes\n",
            "elements[0].emergency_access: must be true or false",
        ),
        (
            "    emergency_access: false\n    audit: {events: [emergency-access]}\n",
            "elements[0]: audit.events records emergency-access, but emergency_access is false",
        ),
    ],
)
def test_bad_values_exit_3_with_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], keys: str, expected: str
) -> None:
    folder = write_project(tmp_path, with_keys(keys))
    assert main(["validate", str(folder)]) == 3
    assert expected in capsys.readouterr().err


def test_the_keys_do_not_change_the_threats(tmp_path: Path) -> None:
    """No rule reads them: the same threats and the same missing information."""
    plain = generate(load_project(write_project(tmp_path / "plain")))
    stated = generate(load_project(write_project(tmp_path / "stated", with_keys())))
    assert [t.id for t in stated.threats] == [t.id for t in plain.threats]
    assert stated.missing == plain.missing


def test_unstated_keys_keep_the_architecture_digest(tmp_path: Path) -> None:
    """Added later: a model that does not state them keeps the digest its review recorded."""
    project = load_project(write_project(tmp_path / "a"))
    empty = project.element("pump-fw")
    assert all(
        getattr(empty, k) is None
        for k in ("session", "audit", "malware_protection", "operating_system", "backup")
    )
    stated = load_project(write_project(tmp_path / "b", with_keys()))
    assert architecture_digest(stated) != architecture_digest(project)  # they are design facts
