"""Findings and assessments that exercise every VEX code, for engine, output and CLI tests."""

from __future__ import annotations

import datetime as dt

from medsec.domain.finding_id import finding_id
from medsec.domain.vex import ProductInfo
from medsec.domain.vulnerability import (
    ComponentRef,
    Finding,
    Justification,
    Response,
    SafetyRisk,
    VexState,
    VulnAssessment,
)

PRODUCT = ProductInfo(
    id="acme-pump",
    name="ACME Pump",
    version="3.2.0",
    manufacturer="ACME Medical GmbH",
    contact="psirt@acme.example",
    namespace="https://acme.example",
)
ISSUED = dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 27)

ZLIB = ComponentRef(
    "zlib", "1.3.1", "pkg:generic/zlib@1.3.1", "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*"
)
OPENSSL = ComponentRef("openssl", "3.0.13", "pkg:generic/openssl@3.0.13")
WPA = ComponentRef("wpa-supplicant", "2.10", "pkg:generic/wpa-supplicant@2.10")
STARLETTE = ComponentRef("starlette", "0.36.3", "pkg:pypi/starlette@0.36.3")
NOPURL = ComponentRef("safety-fw", "1.4.0")  # in-house, no purl
JACKSON = ComponentRef(
    "jackson-databind", "2.9.4", "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4"
)


def finding(
    advisory: str,
    component: ComponentRef,
    *,
    vector: str | None = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    aliases: tuple[str, ...] = (),
    cwes: tuple[str, ...] = (),
    summary: str = "",
    fixed: tuple[str, ...] = (),
) -> Finding:
    return Finding(
        id=finding_id(advisory, component),
        advisory=advisory,
        aliases=aliases,
        component=component,
        summary=summary,
        fixed_versions=fixed,
        severity="critical" if vector else "unknown",
        cvss_vector=vector,
        cvss_score=None,
        kev=False,
        epss=None,
        details=(),
        cwes=cwes,
    )


FINDINGS = (
    finding(
        "CVE-2022-37434",
        ZLIB,
        cwes=("CWE-787",),
        summary="zlib inflate heap overflow via a large gzip header extra field",
        fixed=("1.2.13",),
    ),
    finding("CVE-2024-5535", OPENSSL, vector="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H"),
    finding("CVE-2024-2511", OPENSSL, vector="CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"),
    finding("CVE-2023-52160", WPA, vector="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N"),
    finding(
        "GHSA-f96h-pmfr-66vw",
        STARLETTE,
        aliases=("CVE-2024-47874",),
        vector="CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N",
        cwes=("CWE-770", "CWE-9999"),
    ),
    finding("CVE-2020-99999", NOPURL, vector="AV:N/AC:L/Au:N/C:P/I:P/A:P"),
    finding("CVE-2018-7489", JACKSON, vector=None),
    finding("CVE-2023-0001", STARLETTE, vector=None),  # nobody assessed it yet
)


def assessment(fid: str, state: VexState, **kw: object) -> VulnAssessment:
    return VulnAssessment(finding=fid, state=state, **kw)  # type: ignore[arg-type]


ASSESSMENTS = {
    FINDINGS[0].id: assessment(
        FINDINGS[0].id,
        VexState.NOT_AFFECTED,
        justification=Justification.PROTECTED_AT_PERIMETER,
        detail="Only reachable through inflateGetHeader(), which nothing calls.",
        author="M. Keller",
        date=dt.date(2025, 6, 16),
        component_version="1.2.12",
    ),
    FINDINGS[1].id: assessment(
        FINDINGS[1].id,
        VexState.NOT_AFFECTED,
        justification=Justification.CODE_NOT_REACHABLE,
        date=dt.date(2026, 9, 5),
        component_version="3.0.13",
    ),
    FINDINGS[2].id: assessment(FINDINGS[2].id, VexState.IN_TRIAGE, date=dt.date(2026, 11, 20)),
    FINDINGS[3].id: assessment(
        FINDINGS[3].id,
        VexState.EXPLOITABLE,
        responses=(Response.UPDATE, Response.WORKAROUND_AVAILABLE),
        detail="Rogue access point can skip PEAP phase 2.\nWorkaround: set ca_cert.",
        safety=SafetyRisk.CONTROLLED,
        hazards=("HAZ-1",),
        date=dt.date(2026, 9, 12),
        next_review=dt.date(2026, 11, 1),
        component_version="2.10",
    ),
    FINDINGS[4].id: assessment(
        FINDINGS[4].id,
        VexState.EXPLOITABLE,
        responses=(Response.WILL_NOT_FIX, Response.CAN_NOT_FIX, Response.ROLLBACK),
        date=dt.date(2026, 10, 1),
    ),
    FINDINGS[5].id: assessment(FINDINGS[5].id, VexState.FALSE_POSITIVE, date=dt.date(2026, 10, 2)),
    FINDINGS[6].id: assessment(
        FINDINGS[6].id,
        VexState.RESOLVED_WITH_PEDIGREE,
        detail="Patched in our fork (commit 1a2b3c).",
        date=dt.date(2026, 10, 3),
        original=(("openvex", "status", "fixed"),),
    ),
}
