"""Tenable.sc, Tenable.io and Tenable VM CSV exports: read as the .nessus file's findings."""

from __future__ import annotations

import csv
import io

import pytest

from medsec.domain.errors import InputError
from medsec.domain.pentest import FindingState, ReportFormat, Severity
from medsec.sources.scanners.registry import read

# the scan the exports below come from, as Nessus itself saves it (.nessus and CSV)
NESSUS = b"""<?xml version="1.0" ?><NessusClientData_v2><Report name="ward 3">
<ReportHost name="10.41.7.21"><HostProperties><tag name="host-ip">10.41.7.21</tag></HostProperties>
<ReportItem port="22" svc_name="ssh" protocol="tcp" severity="2" pluginID="90317" pluginName="SSH Weak Algorithms Supported">
<cvss3_base_score>5.3</cvss3_base_score><cvss3_vector>CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N</cvss3_vector>
<cve>CVE-2008-5161</cve><cve>CVE-2023-48795</cve><plugin_output>arcfour</plugin_output></ReportItem>
</ReportHost></Report></NessusClientData_v2>"""

NESSUS_CSV = b"""Plugin ID,CVE,CVSS v2.0 Base Score,Risk,Host,Protocol,Port,Name,Solution,Plugin Output
90317,CVE-2008-5161,4.3,Medium,10.41.7.21,tcp,22,SSH Weak Algorithms Supported,sol,arcfour
90317,CVE-2023-48795,4.3,Medium,10.41.7.21,tcp,22,SSH Weak Algorithms Supported,sol,arcfour
"""

# Tenable.sc "Vulnerability Detail List" export: every cell quoted, plugin output with its
# label, CVEs in one cell, CVSS vectors without their prefix, dates as Tenable.sc writes them
TENABLE_SC = b""""Plugin","Plugin Name","Family","Severity","IP Address","Protocol","Port","Exploit?","Repository","MAC Address","DNS Name","NetBIOS Name","Plugin Output","Synopsis","Description","Solution","See Also","Risk Factor","STIG Severity","CVSS V2 Base Score","CVSS V3 Base Score","CVSS V2 Vector","CVSS V3 Vector","CPE","CVE","Cross References","First Discovered","Last Observed","Vuln Publication Date","Patch Publication Date","Plugin Publication Date","Plugin Modification Date","Exploit Ease","Exploit Frameworks","Check Type","Version"
"90317","SSH Weak Algorithms Supported","Misc.","Medium","10.41.7.21","TCP","22","No","Ward 3 pumps","00:1b:44:11:3a:b7","pump-fw.ward3.example","","Plugin Output:
The following weak server-to-client encryption algorithms are supported :

  arcfour
  arcfour128","The remote SSH server is configured to allow weak encryption algorithms or no algorithm at all.","Nessus has detected that the remote SSH server is configured to use the Arcfour stream cipher.","Contact the vendor or consult product documentation to remove the weak ciphers.","https://tools.ietf.org/html/rfc4253#section-6.3","Medium","","4.3","5.3","AV:N/AC:M/Au:N/C:P/I:N/A:N","AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N","","CVE-2008-5161,CVE-2023-48795","CWE #327","Feb 9, 2024 10:48:42 UTC","Oct 17, 2024 17:24:54 UTC","Nov 24, 2008 12:00:00 UTC","N/A","Mar 28, 2016 12:00:00 UTC","Mar 12, 2024 12:00:00 UTC","","","remote","1.8"
"20007","SSL Version 2 and 3 Protocol Detection","Service detection","High","","TCP","443","No","Ward 3 pumps","","gateway.ward3.example","","Plugin Output:
- SSLv3 is enabled and the server supports at least one cipher.","The remote service encrypts traffic using a protocol with known weaknesses.","The remote service accepts connections encrypted using SSL 3.0.","Consult the application's documentation to disable SSL 3.0.","https://www.openssl.org/~bodo/ssl-poodle.pdf","High","","7.1","","AV:N/AC:M/Au:N/C:C/I:N/A:N","","","CVE-2014-3566","IAVA #2014-A-0162, CWE #327","Jan 5, 2024 08:01:00 UTC","Oct 17, 2024 17:24:54 UTC","Oct 14, 2014 12:00:00 UTC","N/A","Oct 12, 2005 12:00:00 UTC","Apr 4, 2022 12:00:00 UTC","","","remote","1.31"
"19506","Nessus Scan Information","Settings","Info","10.41.7.21","TCP","0","No","Ward 3 pumps","00:1b:44:11:3a:b7","pump-fw.ward3.example","","Plugin Output:
Nessus version : 10.7.1","This plugin displays information about the Nessus scan.","This plugin displays, for each tested host, information about the scan itself.","n/a","","None","","","","","","","","","Oct 17, 2024 17:20:02 UTC","Oct 17, 2024 17:20:02 UTC","N/A","N/A","Aug 26, 2005 12:00:00 UTC","Jan 8, 2024 12:00:00 UTC","","","summary","1.118"
"""

# Tenable.io vulnerability export: a Plugin ID column (as in a Nessus CSV) but no Risk/Host/
# Name, one row per CVE, a State column
TENABLE_IO = b"""Asset UUID,Asset Name,IPv4 Address,FQDN,Plugin ID,Plugin Name,Plugin Family,Severity,Protocol,Port,CVE,CVSSv3 Base Score,CVSSv3 Vector,Description,Solution,Synopsis,Plugin Output,First Seen,Last Seen,State
0a7c55b1-8f3e-4c2d-9d51-0f6a3b2c1d01,pump-fw.ward3.example,10.41.7.21,pump-fw.ward3.example,90317,SSH Weak Algorithms Supported,Misc.,Medium,tcp,22,CVE-2008-5161,5.3,CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N,d,Contact the vendor.,s,"The following weak server-to-client encryption algorithms are supported :
  arcfour",2024-02-09T10:48:42.000Z,2024-10-17T17:24:54.000Z,Active
0a7c55b1-8f3e-4c2d-9d51-0f6a3b2c1d01,pump-fw.ward3.example,10.41.7.21,pump-fw.ward3.example,90317,SSH Weak Algorithms Supported,Misc.,Medium,tcp,22,CVE-2023-48795,5.3,CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N,d,Contact the vendor.,s,"The following weak server-to-client encryption algorithms are supported :
  arcfour",2024-02-09T10:48:42.000Z,2024-10-17T17:24:54.000Z,Active
0a7c55b1-8f3e-4c2d-9d51-0f6a3b2c1d01,pump-fw.ward3.example,10.41.7.21,pump-fw.ward3.example,57582,SSL Self-Signed Certificate,General,Medium,tcp,443,,6.5,CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N,d,Purchase a certificate.,s,The certificate is self-signed.,2024-01-05T08:01:00.000Z,2024-06-01T09:00:00.000Z,Fixed
"""

# Tenable Vulnerability Management findings export: dotted CSV keys, lower-case severities
TENABLE_VM = b"""asset.id,asset.name,asset.host_name,asset.display_ipv4_address,definition.id,definition.name,definition.family,severity,protocol,port,definition.cve,definition.cvss3.base_score,definition.cvss3.base_vector,definition.cwe,definition.solution,output,first_observed,last_seen,state
0a7c55b1-8f3e-4c2d-9d51-0f6a3b2c1d01,pump-fw,10.41.7.21,10.41.7.21,90317,SSH Weak Algorithms Supported,Misc.,medium,TCP,22,"CVE-2008-5161, CVE-2023-48795",5.3,CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N,,Contact the vendor.,arcfour,2024-02-09T10:48:42Z,2024-10-17T17:24:54Z,REOPENED
"""


def test_tenable_sc_rows_become_nessus_findings() -> None:
    report = read(TENABLE_SC, source="sc.csv")
    assert (report.format, report.tool, report.warnings) == (
        ReportFormat.TENABLE_CSV,
        "Tenable.sc",
        (),
    )
    ssh, ssl, info = report.findings
    assert all(f.tool == "nessus" for f in report.findings)
    assert (ssh.rule, ssh.title, ssh.severity) == (
        "90317",
        "SSH Weak Algorithms Supported",
        Severity.MEDIUM,
    )
    assert ssh.cve == ("CVE-2008-5161", "CVE-2023-48795") and ssh.cwe == ("CWE-327",)
    assert ssh.cvss == 5.3 and ssh.cvss_vector == "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N"
    loc = ssh.locations[0]
    assert (loc.host, loc.port, loc.protocol) == ("10.41.7.21", 22, "tcp")
    assert ssh.evidence == (
        "The following weak server-to-client encryption algorithms are supported :\n\n"
        "arcfour\narcfour128\nTenable: first seen 2024-02-09, last seen 2024-10-17"
    )
    assert ssh.solution is not None and ssh.solution.startswith("Contact the vendor")
    # no IP address (an agent scan): the DNS name is the host; CVSS v2 only, spelled as .nessus
    assert ssl.locations[0].host == "gateway.ward3.example" and ssl.severity is Severity.HIGH
    assert (ssl.cvss, ssl.cvss_vector) == (7.1, "CVSS2#AV:N/AC:M/Au:N/C:C/I:N/A:N")
    assert ssl.cve == ("CVE-2014-3566",) and ssl.cwe == ("CWE-327",)
    # port 0 is no port, as in .nessus
    assert info.severity is Severity.INFO and info.locations[0].port is None
    assert info.cvss is None and info.cve == ()


def test_the_same_issue_has_one_fingerprint_in_every_nessus_and_tenable_export() -> None:
    (from_xml,) = read(NESSUS, source="scan.nessus").findings
    (from_nessus_csv,) = read(NESSUS_CSV, source="scan.csv").findings
    exports = {"sc": TENABLE_SC, "io": TENABLE_IO, "vm": TENABLE_VM}
    ssh = {name: read(data, source=f"{name}.csv").findings[0] for name, data in exports.items()}
    assert {f.fingerprint for f in (from_xml, from_nessus_csv, *ssh.values())} == {
        from_xml.fingerprint
    }
    assert {f.id for f in ssh.values()} == {from_xml.id}
    assert all(f.cve == from_xml.cve and f.cvss == from_xml.cvss for f in ssh.values())
    assert all(f.cvss_vector == from_xml.cvss_vector for f in ssh.values())
    # a different port or plugin is a different finding
    other = read(TENABLE_SC.replace(b'"TCP","22"', b'"TCP","2222"'), source="sc.csv")
    assert other.findings[0].fingerprint != from_xml.fingerprint


def test_tenable_io_rows_per_cve_are_one_finding_and_fixed_is_the_scanner_word() -> None:
    report = read(TENABLE_IO, source="io.csv")
    assert (report.format, report.tool) == (ReportFormat.TENABLE_CSV, "Tenable.io")
    ssh, cert = report.findings
    assert ssh.cve == ("CVE-2008-5161", "CVE-2023-48795") and ssh.tester_status is None
    assert ssh.evidence is not None and ssh.evidence.endswith(
        "Tenable: first seen 2024-02-09, last seen 2024-10-17"
    )
    assert cert.tester_status is FindingState.FIXED and cert.locations[0].port == 443


def test_tenable_vm_findings_export() -> None:
    report = read(TENABLE_VM, source="vm.csv")
    assert report.tool == "Tenable Vulnerability Management"
    (ssh,) = report.findings
    assert ssh.cve == ("CVE-2008-5161", "CVE-2023-48795") and ssh.tester_status is None
    assert ssh.locations[0].protocol == "tcp" and ssh.severity is Severity.MEDIUM


def _rewrite(data: bytes, *, delimiter: str = ",", order: slice = slice(None)) -> bytes:
    """The same export with its columns reordered, its header lower-cased, BOM and CRLF."""
    rows = list(csv.reader(io.StringIO(data.decode(), newline="")))
    header = [h.lower() for h in rows[0]]
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in [header, *rows[1:]]:
        writer.writerow(row[order])
    return b"\xef\xbb\xbf" + out.getvalue().encode()


@pytest.mark.parametrize(("delimiter", "order"), [(",", slice(None, None, -1)), (";", slice(None))])
def test_column_order_case_bom_quotes_and_separator_do_not_matter(
    delimiter: str, order: slice
) -> None:
    plain = read(TENABLE_SC, source="sc.csv")
    moved = read(_rewrite(TENABLE_SC, delimiter=delimiter, order=order), source="sc.csv")
    assert moved.format is ReportFormat.TENABLE_CSV
    assert moved.findings == plain.findings


def test_numeric_severities_and_host_with_several_addresses() -> None:
    data = TENABLE_VM.replace(b",medium,", b",4,").replace(
        b",10.41.7.21,10.41.7.21,", b',"10.41.7.21, 10.41.7.22",10.41.7.21,'
    )
    report = read(data, source="vm.csv")
    (f,) = report.findings
    assert f.severity is Severity.CRITICAL and f.locations[0].host == "10.41.7.21"
    assert report.warnings == ("1 row lists several host addresses: the first is the host",)


BAD_ROWS = b"""Plugin ID,Plugin Name,Severity,IPv4 Address,Protocol,Port,CVSSv3 Base Score,State
90317,SSH Weak Algorithms Supported,Medium,10.41.7.21,tcp,22,5.3,Active
,No plugin,Medium,10.41.7.21,tcp,22,,Active
90318,Bad port,Medium,10.41.7.21,tcp,ssh,,Active
90319,Bad severity,Severe,10.41.7.21,tcp,22,,Active
90320,Bad score,Low,10.41.7.21,tcp,22,high,Active
90321,No host,Low,,tcp,22,,Active
90322,Port out of range,Low,10.41.7.21,tcp,70000,,Active
90323,Bad state,Low,10.41.7.21,tcp,22,,Mitigated
abc,Not a plugin number,Low,10.41.7.21,tcp,22,,Active
"""


def test_malformed_rows_are_all_reported_with_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        read(BAD_ROWS, source="bad.csv")
    found = {(p.line, p.field) for p in caught.value.problems}
    assert found == {
        (3, "Plugin ID"),
        (4, "Port"),
        (5, "Severity"),
        (6, "CVSSv3 Base Score"),
        (7, "IPv4 Address"),
        (8, "Port"),
        (9, "State"),
        (10, "Plugin ID"),
    }
    assert all(p.path == "bad.csv" for p in caught.value.problems)
    text = str(caught.value)
    assert "bad.csv:4: Port: invalid port 'ssh'" in text
    assert "bad.csv:5: Severity: invalid severity 'Severe'" in text


def test_missing_columns_are_named_at_line_one() -> None:
    header_without_port = b"Plugin,Plugin Name,Severity,IP Address\n90317,x,Medium,10.41.7.21\n"
    with pytest.raises(InputError) as caught:
        read(header_without_port, source="sc.csv")
    (problem,) = caught.value.problems
    assert problem.line == 1 and "missing column Port in the header" in problem.message
    assert problem.hint == "columns found: Plugin, Plugin Name, Severity, IP Address"


def test_nessus_layout_stays_nessus_csv_and_forcing_picks_the_right_csv_reader() -> None:
    assert read(NESSUS_CSV, source="n.csv").format is ReportFormat.NESSUS_CSV
    assert read(TENABLE_SC, source="t.csv", forced="nessus").format is ReportFormat.TENABLE_CSV
    assert read(NESSUS_CSV, source="n.csv", forced="nessus").format is ReportFormat.NESSUS_CSV
    assert read(TENABLE_IO, source="t.csv", forced="tenable").format is ReportFormat.TENABLE_CSV
    assert read(NESSUS_CSV, source="n.csv", forced="tenable-csv").findings == (
        read(NESSUS_CSV, source="n.csv").findings
    )
