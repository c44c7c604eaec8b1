"""Small domain values for the output tests, built directly from the domain dataclasses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from medsec.domain.checklist import (
    CheckFinding,
    Checklist,
    Evidence,
    ItemId,
    ItemResult,
    ItemStatus,
)
from medsec.domain.model import (
    Boundary,
    Control,
    Device,
    Element,
    Flow,
    Hazard,
    Interface,
    Project,
)
from medsec.domain.threat import (
    AssessedThreat,
    Assessment,
    CvssScore,
    MissingInformation,
    RegisterEntry,
    Stride,
    Target,
    TargetKind,
    Threat,
    ThreatStatus,
)
from medsec.domain.vocabulary import (
    Authentication,
    BoundaryKind,
    ControlCategory,
    ControlStatus,
    Decision,
    ElementType,
    Encryption,
    HazardSeverity,
    InterfaceKind,
    Production,
    Protocol,
    RiskLevel,
    Severity,
)
from medsec.engines.compliance.checklist import MANDATORY

V31 = "CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N"
V40 = "CVSS:4.0/AV:A/AC:H/AT:N/PR:N/UI:N/VC:N/VI:H/VA:N/SC:N/SI:N/SA:N"


FIRMWARE = Target(TargetKind.ELEMENT, "pump-fw")


def make_project(**changes: object) -> Project:
    """Hospital > ward > pump boundaries, one element of each type, strong/weak/unknown flows."""
    project = Project(
        root=".",
        device=Device(
            id="acme-infusion",
            name="ACME Infusion System",
            version="3.2.0",
            manufacturer="ACME Medical GmbH",
            intended_use="Large-volume infusion in hospital wards",
            markets=("EU", "US"),
            cyber_device=True,
            security_contact="psirt@acme.example",
            disclosure_policy="https://acme.example/security/cvd",
        ),
        boundaries=(
            Boundary("hospital", "Hospital", BoundaryKind.NETWORK),
            Boundary("ward", "Ward network", BoundaryKind.NETWORK, parent="hospital"),
            Boundary("pump", "Pump enclosure", BoundaryKind.DEVICE, parent="ward"),
            Boundary("cloud", "Vendor cloud", BoundaryKind.CLOUD),
        ),
        elements=(
            Element("pump-fw", "Pump controller firmware", ElementType.PROCESS, boundary="pump"),
            Element("dose-log", "Dose log", ElementType.DATA_STORE, boundary="pump"),
            Element("his", "Hospital information system", ElementType.PROCESS, boundary="hospital"),
            Element("clinician", "Clinician", ElementType.ACTOR),
            Element("fleet", "Fleet service", ElementType.PROCESS, boundary="cloud"),
        ),
        flows=(
            Flow(
                "tablet-to-pump",
                "clinician",
                "pump-fw",
                protocol=Protocol.BLE,
                authentication=Authentication.BLE_NUMERIC_COMPARISON,
                encryption=Encryption.BLE_LESC,
            ),
            Flow(
                "pump-to-his",
                "pump-fw",
                "his",
                protocol=Protocol.HL7_MLLP,
                authentication=Authentication.NONE,
                encryption=Encryption.NONE,
            ),
            Flow("pump-to-log", "pump-fw", "dose-log", protocol=Protocol.INTERNAL),
            Flow(
                "pump-to-cloud",
                "pump-fw",
                "fleet",
                protocol=Protocol.HTTPS,
                authentication=Authentication.MUTUAL_TLS,
                encryption=Encryption.TLS1_3,
            ),
        ),
        interfaces=(
            Interface(
                "jtag",
                "pump-fw",
                InterfaceKind.DEBUG,
                protocol=Protocol.JTAG,
                production=Production.ENABLED,
            ),
            Interface(
                "uart",
                "pump-fw",
                InterfaceKind.SERIAL,
                protocol=Protocol.UART,
                production=Production.DISABLED,
            ),
        ),
        controls=(
            Control(
                "ble-lesc",
                "BLE LE Secure Connections",
                ControlCategory.AUTHENTICATION,
                applies_to=("tablet-to-pump",),
                requirement="SR-12",
                verified_by=("TC-BLE-004",),
            ),
            Control(
                "signed-fw",
                "Signed firmware",
                ControlCategory.INTEGRITY,
                applies_to=("pump-fw",),
                status=ControlStatus.PLANNED,
            ),
            Control("unused", "Unused control", ControlCategory.LOGGING, requirement="SR-99"),
        ),
        hazards=(Hazard("HAZ-7", "Overdose", HazardSeverity.CRITICAL),),
        hazard_links=(("pump-fw", ("HAZ-7",)),),
    )
    return replace(project, **changes)  # type: ignore[arg-type]


def cvss(severity: Severity, score: float, version: str = "3.1") -> CvssScore:
    return CvssScore(version, V31 if version == "3.1" else V40, score, severity)


def assessed(
    tid: str,
    *,
    severity: Severity | None = Severity.HIGH,
    v4_only: bool = False,
    safety: str | None = None,
    risk: RiskLevel | None = RiskLevel.HIGH,
    status: ThreatStatus = ThreatStatus.OPEN,
    controls: tuple[str, ...] = (),
    decision: Decision | None = None,
    problems: tuple[str, ...] = (),
    title: str | None = None,
    target: Target = FIRMWARE,
) -> AssessedThreat:
    rule = tid.split("@", 1)[0]
    threat = Threat(
        id=tid,
        rule=rule,
        title=title or f"Threat {tid}",
        stride=(Stride.TAMPERING,),
        target=target,
        baseline=rule.startswith("STRIDE"),
        description="description",
        mitigation="mitigation",
        default_v3_1=V31,
        default_v4_0=V40,
    )
    entry = RegisterEntry(
        threat,
        Assessment(decision=decision, controls=controls),
        obsolete=status is ThreatStatus.OBSOLETE,
    )
    score = None if severity is None else cvss(severity, 5.0)
    return AssessedThreat(
        entry=entry,
        v3_1=None if v4_only else score,
        v4_0=None if severity is None else cvss(severity, 5.1, "4.0"),
        safety=safety,
        risk=risk,
        residual_v3_1=None,
        residual_v4_0=None,
        residual_risk=risk,
        status=status,
        problems=problems,
        controls=controls,
        decision=decision,
    )


def known_threats() -> tuple[AssessedThreat, ...]:
    """A set whose heat map is known: see test_heat_map_counts."""
    return (
        assessed("MD01@pump-fw", safety="critical", controls=("ble-lesc",)),
        assessed(
            "STRIDE-T@pump-fw",
            safety="critical",
            status=ThreatStatus.MITIGATED,
            controls=("signed-fw",),
            decision=Decision.MITIGATE,
        ),
        assessed("STRIDE-I@his", severity=Severity.MEDIUM, v4_only=True, risk=RiskLevel.MEDIUM),
        assessed("STRIDE-D@gone", safety="critical", status=ThreatStatus.OBSOLETE),
        assessed("BROKEN@his", severity=None, risk=None, problems=("invalid CVSS vector",)),
        assessed("NONE@his", severity=Severity.NONE, risk=RiskLevel.LOW),
        assessed(
            "STRIDE-S@clinician",
            severity=Severity.LOW,
            safety="catastrophic",
            status=ThreatStatus.ACCEPTED,
            decision=Decision.ACCEPT,
        ),
    )


def make_checklist() -> Checklist:
    statuses = [ItemStatus.PASS, ItemStatus.GAP, ItemStatus.FAIL]
    items = []
    for n, item in enumerate(ItemId):
        status = statuses[n % 3]
        findings = (
            ()
            if status is ItemStatus.PASS
            else (
                CheckFinding(
                    message=f"{item.value} is incomplete",
                    severity=status,
                    subject="element:pump-fw",
                    path="medsec.yaml",
                    line=10 + n,
                    fix=f"Record the {item.value} evidence",
                    rule=f"{item.value}/example",
                ),
            )
        )
        items.append(
            ItemResult(
                id=item,
                title=item.value.replace("-", " ").capitalize(),
                mandatory=item in MANDATORY,
                status=status,
                summary=f"summary of {item.value}",
                findings=findings,
                evidence=(Evidence(f"evidence for {item.value}", "records/x.json"),),
                clauses=("IEC 81001-5-1 5.2",),
            )
        )
    return Checklist(tuple(items))


MISSING = (
    MissingInformation(
        Target(TargetKind.FLOW, "pump-to-log"),
        ("authentication", "encryption"),
        ("MD02", "MD03"),
    ),
)
GENERATED = date(2026, 11, 27)


@pytest.fixture
def project() -> Project:
    return make_project()


@pytest.fixture
def threats() -> tuple[AssessedThreat, ...]:
    return known_threats()


@pytest.fixture
def checklist() -> Checklist:
    return make_checklist()


@pytest.fixture
def missing() -> tuple[MissingInformation, ...]:
    return MISSING


@pytest.fixture
def build_project():
    """``build_project(**changes)``: the test project with fields replaced."""
    return make_project


@pytest.fixture
def build_threat():
    """``build_threat(id, severity=..., safety=..., risk=..., status=..., controls=...)``."""
    return assessed
