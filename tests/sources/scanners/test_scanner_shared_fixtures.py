"""Every real scanner report in shared/fixtures/scanners parses with the expected counts."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from defusedxml import ElementTree

from medsec.domain.errors import InputError
from medsec.domain.pentest import Finding, ReportFormat, Severity
from medsec.sources.scanners.registry import read

SCANS = Path("fixtures/scanners/defectdojo/unittests/scans")

# file -> (format, findings, services)
EXPECTED = {
    "zap/0_zap_sample.xml": (ReportFormat.ZAP_XML, 4, 0),  # a fifth alert is commented out
    "zap/empty_2.9.0.xml": (ReportFormat.ZAP_XML, 0, 0),
    "burp/seven_findings.xml": (ReportFormat.BURP_XML, 7, 0),  # 16 issues, 7 types on 1 host
    "burp_api/example.json": (ReportFormat.BURP_API_JSON, 3, 0),  # 5 issues, 3 types on 1 host
    "tenable/nessus/nessus_with_cvssv3.nessus": (ReportFormat.NESSUS_XML, 49, 0),
    "openvas/many_vuln.xml": (ReportFormat.OPENVAS_XML, 44, 0),
    "openvas/no_vuln.xml": (ReportFormat.OPENVAS_XML, 0, 0),
    "sarif/appendix_k.sarif": (ReportFormat.SARIF, 1, 0),
    "sarif/no_runs.sarif": (ReportFormat.SARIF, 0, 0),
    "nuclei/many_findings.json": (ReportFormat.NUCLEI, 18, 0),
    "nuclei/empty.jsonl": (ReportFormat.NUCLEI, 0, 0),
    "nmap/nmap_multiple_port.xml": (ReportFormat.NMAP_XML, 0, 13),
    "nmap/nmap_0port.xml": (ReportFormat.NMAP_XML, 0, 0),
}

# scanner outputs in shared/ that are not pentest reports: refused with a reason, never []
NOT_PENTEST = {
    "cyclonedx/log4j.json": "SBOM",
    "osv_scanner/some_findings.json": "top-level keys",
    "trivy/scheme_2_many_vulns.json": "top-level keys",
    "qualys/Qualys_Sample_Report.xml": "Qualys",
    "qualys_infrascan_webgui/qualys_infrascan_webgui_1.xml": "Qualys",
    "qualys_webapp/qualys_webapp_one_vuln.xml": "Qualys",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_counts(shared: Path, name: str) -> None:
    path = shared / SCANS / name
    fmt, findings, services = EXPECTED[name]
    report = read(path.read_bytes(), source=name)
    assert report.format is fmt
    assert (len(report.findings), len(report.services)) == (findings, services)
    prints = [f.fingerprint for f in report.findings]
    assert len(set(prints)) == len(prints), "fingerprints are unique within a report"
    assert len({f.id for f in report.findings}) == len(prints)


@pytest.mark.parametrize("name", sorted(NOT_PENTEST))
def test_other_scanner_outputs_are_refused(shared: Path, name: str) -> None:
    data = (shared / SCANS / name).read_bytes()
    with pytest.raises(InputError, match=NOT_PENTEST[name]):
        read(data, source=name)


def test_every_shared_scanner_file_is_covered(shared: Path) -> None:
    files = {
        p.relative_to(shared / SCANS).as_posix() for p in (shared / SCANS).rglob("*") if p.is_file()
    }
    assert files == set(EXPECTED) | set(NOT_PENTEST)


def test_nessus_details(shared: Path) -> None:
    path = shared / SCANS / "tenable/nessus/nessus_with_cvssv3.nessus"
    report = read(path.read_bytes(), source="n.nessus")
    by_severity = {s: sum(f.severity is s for f in report.findings) for s in Severity}
    assert by_severity == {
        Severity.CRITICAL: 2,
        Severity.HIGH: 10,
        Severity.MEDIUM: 13,
        Severity.LOW: 1,
        Severity.INFO: 23,
    }
    with_v3 = [f for f in report.findings if f.cvss_vector and f.cvss_vector.startswith("CVSS:3")]
    assert len(with_v3) == 9
    assert all(loc.host == "testphp.vulnweb.com" for f in report.findings for loc in f.locations)
    assert sum(len(f.cve) for f in report.findings) > 100


TENABLE_IO_HEADER = (
    "Asset UUID",
    "Host",
    "IP Address",
    "Plugin ID",
    "Plugin Name",
    "Severity",
    "Protocol",
    "Port",
    "CVE",
    "CVSS3 Base Score",
    "CVSS3 Vector",
    "CVSS Base Score",
    "CVSS Vector",
    "Plugin Output",
    "Solution",
)


def _as_tenable_io_csv(nessus: bytes) -> bytes:
    """A .nessus scan as Tenable.io exports it: one row per ReportItem and CVE, severity as a
    word, vectors without their prefix (written here from the shared file, not a copy)."""
    words = ("Info", "Low", "Medium", "High", "Critical")
    out = io.StringIO(newline="")
    rows = csv.writer(out)
    rows.writerow(TENABLE_IO_HEADER)
    for n, host in enumerate(ElementTree.fromstring(nessus).iter("ReportHost")):
        ip = next((t.text for t in host.iter("tag") if t.get("name") == "host-ip"), "")
        for item in host.iter("ReportItem"):
            text = {e.tag: e.text or "" for e in item}
            cells = [f"uuid-{n}", host.get("name"), ip, item.get("pluginID")]
            cells += [item.get("pluginName"), words[int(item.get("severity", "0"))]]
            cells += [item.get("protocol"), item.get("port")]
            rest = [text.get("cvss3_vector", "").removeprefix("CVSS:3.0/")]
            rest += [text.get("cvss_base_score", "")]
            rest += [text.get("cvss_vector", "").removeprefix("CVSS2#")]
            rest += [text.get("plugin_output", ""), text.get("solution", "")]
            for cve in [e.text for e in item.iter("cve")] or [""]:
                rows.writerow([*cells, cve, text.get("cvss3_base_score", ""), *rest])
    return out.getvalue().encode()


def test_a_tenable_io_export_of_the_shared_nessus_scan_is_the_same_findings(shared: Path) -> None:
    data = (shared / SCANS / "tenable/nessus/nessus_with_cvssv3.nessus").read_bytes()
    nessus = read(data, source="scan.nessus")
    tenable = read(_as_tenable_io_csv(data), source="tenable.csv")
    assert (tenable.format, len(tenable.findings)) == (ReportFormat.TENABLE_CSV, 49)

    def shape(f: Finding) -> tuple[object, ...]:
        return (f.fingerprint, f.id, f.severity, f.cve, f.cvss, f.cvss_vector, f.locations)

    assert [shape(f) for f in tenable.findings] == [shape(f) for f in nessus.findings]
    assert [f.evidence for f in tenable.findings] == [f.evidence for f in nessus.findings]


def test_zap_instances_become_locations(shared: Path) -> None:
    path = shared / SCANS / "zap/0_zap_sample.xml"
    report = read(path.read_bytes(), source="zap.xml")
    cookie = next(f for f in report.findings if f.rule == "10011")
    assert cookie.title == "Cookie Without Secure Flag" and cookie.severity is Severity.LOW
    assert cookie.cwe == ("CWE-614",)
    assert {loc.url for loc in cookie.locations} == {
        "https://mainsite.com",
        "https://mainsite.com/dashboard",
    }
    assert all(loc.host == "mainsite.com" and loc.port == 443 for loc in cookie.locations)


def test_burp_paths_become_locations(shared: Path) -> None:
    report = read((shared / SCANS / "burp/seven_findings.xml").read_bytes(), source="b.xml")
    assert sum(len(f.locations) for f in report.findings) > len(report.findings)
    assert {loc.host for f in report.findings for loc in f.locations} == {"bwa"}
    assert {f.severity for f in report.findings} == {Severity.HIGH, Severity.LOW, Severity.INFO}


def test_openvas_cves_and_ports(shared: Path) -> None:
    report = read((shared / SCANS / "openvas/many_vuln.xml").read_bytes(), source="o.xml")
    rexec = next(f for f in report.findings if f.title == "The rexec service is running")
    assert rexec.cve == ("CVE-1999-0618",) and rexec.severity is Severity.CRITICAL
    assert rexec.locations[0].port == 512 and rexec.locations[0].protocol == "tcp"


def test_sarif_suppressed_result(shared: Path) -> None:
    report = read((shared / SCANS / "sarif/appendix_k.sarif").read_bytes(), source="k.sarif")
    (f,) = report.findings
    assert f.suppressed and f.rule == "C2001" and f.locations[0].file == "collections/list.h"
    assert (
        f.evidence is not None and 'Variable "ptr" was used without being initialized' in f.evidence
    )


def test_nmap_services(shared: Path) -> None:
    report = read((shared / SCANS / "nmap/nmap_multiple_port.xml").read_bytes(), source="n.xml")
    ssh_like = {s.port: s.name for s in report.services}
    assert ssh_like[3306] == "mysql" and ssh_like[21] == "ftp"
    assert all(s.hostnames == ("joaquinlp.me", "mocha2005.mochahost.com") for s in report.services)


def test_burp_api_scan_in_progress(shared: Path) -> None:
    report = read((shared / SCANS / "burp_api/example.json").read_bytes(), source="api.json")
    assert report.warnings == (
        "scan status is 'auditing', not 'succeeded': the findings may be incomplete",
    )
    reflected = next(f for f in report.findings if f.rule == "4197376")
    assert reflected.title == "Input returned in response (reflected)"
    assert {loc.url for loc in reflected.locations} == {
        "https://whitespots.io/page13910250.html/",
        "https://whitespots.io/cookie-policy",
    }
    assert {f.severity for f in report.findings} == {Severity.INFO}
    assert all(f.tool == "burp" and f.evidence for f in report.findings)
