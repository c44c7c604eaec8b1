"""Scanner readers on small typical, malformed and hostile inputs (every format)."""

from __future__ import annotations

import orjson
import pytest
from tests.sources.scanners.test_burp_api import BURP_API
from tests.sources.scanners.test_tenable_csv import TENABLE_SC

from medsec.domain.errors import InputError, UsageError
from medsec.domain.pentest import FindingState, ReportFormat, Severity
from medsec.sources.scanners.registry import read

ZAP_XML = b"""<?xml version="1.0"?><OWASPZAPReport version="2.11.1" generated="now">
<site name="https://portal.example" host="portal.example" port="443" ssl="true"><alerts>
<alertitem><pluginid>10038</pluginid><name>CSP Header Not Set</name><riskcode>2</riskcode>
<confidence>3</confidence><cweid>693</cweid><solution>&lt;p&gt;Set it&lt;/p&gt;</solution>
<instances><instance><uri>https://portal.example/login</uri><method>GET</method></instance>
<instance><uri>https://portal.example/</uri><method>GET</method></instance></instances>
</alertitem></alerts></site></OWASPZAPReport>"""

ZAP_JSON = orjson.dumps(
    {
        "@version": "2.11.1",
        "@generated": "now",
        "site": [
            {
                "@name": "https://portal.example",
                "@host": "portal.example",
                "@port": "443",
                "alerts": [
                    {
                        "pluginid": "10038",
                        "name": "CSP Header Not Set",
                        "riskcode": "2",
                        "confidence": "3",
                        "cweid": "693",
                        "instances": [{"uri": "https://portal.example/login", "method": "GET"}],
                    }
                ],
            }
        ],
    }
)

BURP = b"""<?xml version="1.0"?>
<!DOCTYPE issues [
<!ELEMENT issues (issue*)>
<!ATTLIST issues burpVersion CDATA "">
]>
<issues burpVersion="2023.1">
<issue><type>2097920</type><name>Cross-site scripting (reflected)</name>
<host ip="10.0.0.5">https://portal.example</host><path>/search</path><severity>High</severity>
<vulnerabilityClassifications><![CDATA[<a href="https://cwe.mitre.org/data/definitions/79.html">CWE-79</a>]]></vulnerabilityClassifications>
<issueDetail>q parameter reflected</issueDetail></issue>
<issue><type>2097920</type><name>Cross-site scripting (reflected)</name>
<host ip="10.0.0.5">https://portal.example</host><path>/help</path><severity>Medium</severity></issue>
</issues>"""

NESSUS = b"""<?xml version="1.0" ?><NessusClientData_v2><Report name="r">
<ReportHost name="10.41.7.21"><HostProperties><tag name="host-ip">10.41.7.21</tag></HostProperties>
<ReportItem port="22" svc_name="ssh" protocol="tcp" severity="2" pluginID="90317" pluginName="SSH Weak Algorithms Supported">
<cvss3_base_score>5.3</cvss3_base_score><cvss3_vector>CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N</cvss3_vector>
<cve>CVE-2008-5161</cve><cve>CVE-2023-48795</cve><plugin_output>arcfour</plugin_output></ReportItem>
</ReportHost></Report></NessusClientData_v2>"""

NESSUS_CSV = b"""Plugin ID,CVE,CVSS v2.0 Base Score,Risk,Host,Protocol,Port,Name,Synopsis,Description,Solution,See Also,Plugin Output
90317,CVE-2008-5161,4.3,Medium,10.41.7.21,tcp,22,SSH Weak Algorithms Supported,s,d,sol,,arcfour
90317,CVE-2023-48795,4.3,Medium,10.41.7.21,tcp,22,SSH Weak Algorithms Supported,s,d,sol,,arcfour
"""

OPENVAS = b"""<report id="r" format_id="x"><report id="r2"><results>
<result id="1"><name>x</name><host>10.41.7.21<hostname>pump</hostname></host><port>2575/tcp</port>
<nvt oid="1.3.6.1.4.1.25623.1.0.999"><name>Cleartext HL7</name><refs><ref id="CVE-2020-1234" type="cve"/></refs></nvt>
<threat>Medium</threat><severity>5.0</severity><description>banner</description></result>
</results></report></report>"""

OPENVAS_CSV = b"""IP,Hostname,Port,Port Protocol,CVSS,Severity,QoD,Solution Type,NVT Name,Summary,Specific Result,NVT OID,CVEs
10.41.7.21,pump,2575,tcp,5.0,Medium,80,Mitigation,Cleartext HL7,s,banner,1.3.6.1.4.1.25623.1.0.999,CVE-2020-1234
"""

NUCLEI_LINES = b"""{"template-id":"tls-version","info":{"name":"TLS 1.0","severity":"medium","classification":{"cwe-id":["cwe-326"],"cvss-score":5.9}},"type":"ssl","host":"portal.example","matched-at":"portal.example:443"}
{"template-id":"tech-detect","info":{"name":"Tech","severity":"info"},"matcher-name":"nginx","type":"http","host":"https://portal.example","matched-at":"https://portal.example"}
"""

SARIF = orjson.dumps(
    {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "Semgrep",
                        "rules": [
                            {
                                "id": "c.strcpy",
                                "shortDescription": {"text": "Unsafe strcpy"},
                                "properties": {"tags": ["CWE-120: Buffer Copy"]},
                            }
                        ],
                    }
                },
                "results": [
                    {
                        "ruleId": "c.strcpy",
                        "level": "error",
                        "message": {"text": "strcpy into a fixed buffer"},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": "src/ble/gatt.c"},
                                    "region": {"startLine": 41},
                                }
                            }
                        ],
                    },
                    {"ruleId": "c.strcpy", "kind": "pass", "message": {"text": "ok"}},
                    {
                        "ruleId": "c.strcpy",
                        "message": {"text": "accepted"},
                        "suppressions": [{"kind": "inSource", "status": "accepted"}],
                        "partialFingerprints": {"primaryLocationLineHash": "abc"},
                    },
                ],
            }
        ],
    }
)

MANUAL = b"""id,title,severity,cvss,cwe,host,port,url,interface,status
PT-1,UART root shell,high,6.8,CWE-1191,,,,uart-console,open
PT-2,No rate limit,medium,5.9,CWE-307,portal.example,443,https://portal.example/login,,retested
"""

NMAP = b"""<?xml version="1.0"?><!DOCTYPE nmaprun><nmaprun scanner="nmap" version="7.94">
<host><status state="up"/><address addr="10.41.7.21" addrtype="ipv4"/>
<ports><port protocol="tcp" portid="22"><state state="open"/><service name="ssh" product="Dropbear sshd"/></port>
<port protocol="tcp" portid="23"><state state="closed"/><service name="telnet"/></port></ports></host></nmaprun>"""

SAMPLES = {
    ReportFormat.ZAP_XML: ZAP_XML,
    ReportFormat.ZAP_JSON: ZAP_JSON,
    ReportFormat.BURP_XML: BURP,
    ReportFormat.BURP_API_JSON: BURP_API,
    ReportFormat.NESSUS_XML: NESSUS,
    ReportFormat.NESSUS_CSV: NESSUS_CSV,
    ReportFormat.TENABLE_CSV: TENABLE_SC,
    ReportFormat.OPENVAS_XML: OPENVAS,
    ReportFormat.OPENVAS_CSV: OPENVAS_CSV,
    ReportFormat.SARIF: SARIF,
    ReportFormat.NUCLEI: NUCLEI_LINES,
    ReportFormat.NMAP_XML: NMAP,
    ReportFormat.MANUAL_CSV: MANUAL,
}


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_every_format_is_detected_from_content(fmt: ReportFormat) -> None:
    assert read(SAMPLES[fmt], source="report.bin").format is fmt


def test_zap_xml_and_json_agree() -> None:
    xml, js = read(ZAP_XML, source="z.xml"), read(ZAP_JSON, source="z.json")
    assert xml.findings[0].fingerprint == js.findings[0].fingerprint
    f = xml.findings[0]
    assert (f.severity, f.cwe, f.solution) == (Severity.MEDIUM, ("CWE-693",), "Set it")
    assert [loc.url for loc in f.locations] == [
        "https://portal.example/",
        "https://portal.example/login",
    ]


def test_burp_one_finding_per_type_and_host_with_dtd() -> None:
    (f,) = read(BURP, source="b.xml").findings
    assert f.severity is Severity.HIGH and f.cwe == ("CWE-79",)
    assert [loc.url for loc in f.locations] == [
        "https://portal.example/help",
        "https://portal.example/search",
    ]


def test_nessus_xml_and_csv_are_the_same_finding() -> None:
    (x,) = read(NESSUS, source="n.nessus").findings
    (c,) = read(NESSUS_CSV, source="n.csv").findings
    assert x.fingerprint == c.fingerprint and x.id == c.id
    assert x.cve == c.cve == ("CVE-2008-5161", "CVE-2023-48795")
    assert x.cvss == 5.3 and x.cvss_vector is not None and c.cvss == 4.3
    assert x.locations[0].port == 22 and x.locations[0].protocol == "tcp"


def test_openvas_xml_and_csv_are_the_same_finding() -> None:
    (x,) = read(OPENVAS, source="o.xml").findings
    (c,) = read(OPENVAS_CSV, source="o.csv").findings
    assert x.fingerprint == c.fingerprint and x.cve == c.cve == ("CVE-2020-1234",)
    assert x.severity is Severity.MEDIUM and x.locations[0].port == 2575


def test_nuclei_lines_and_array_agree() -> None:
    lines = read(NUCLEI_LINES, source="n.jsonl")
    array = b"[" + b",".join(NUCLEI_LINES.strip().splitlines()) + b"]"
    as_array = read(array, source="n.json")
    assert [f.fingerprint for f in lines.findings] == [f.fingerprint for f in as_array.findings]
    tls = lines.findings[0]
    assert tls.cwe == ("CWE-326",) and tls.cvss == 5.9 and tls.locations[0].port == 443
    assert read(b"[]", source="e.json").findings == ()


def test_sarif_kinds_and_suppressions() -> None:
    report = read(SARIF, source="s.sarif")
    assert len(report.findings) == 2 and report.warnings  # the 'pass' result is no finding
    first, accepted = report.findings
    assert first.title == "Unsafe strcpy" and first.cwe == ("CWE-120",)
    assert first.severity is Severity.HIGH and first.locations[0].file == "src/ble/gatt.c"
    assert accepted.suppressed and not first.suppressed


def test_manual_template() -> None:
    report = read(MANUAL, source="m.csv")
    one, two = report.findings
    assert one.id == "PT-1" and one.target == "uart-console" and one.locations == ()
    assert one.tester_status is FindingState.OPEN
    assert two.tester_status is FindingState.RETEST_PASSED
    assert two.locations[0].host == "portal.example" and two.locations[0].port == 443


def test_nmap_keeps_open_ports_only() -> None:
    report = read(NMAP, source="n.xml")
    assert report.findings == ()
    assert [(s.port, s.name, s.product) for s in report.services] == [(22, "ssh", "Dropbear sshd")]


# --- bad input ---------------------------------------------------------------------------------

XXE = """<?xml version="1.0"?>
<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<{root}>&xxe;</{root}>"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE {root} [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<{root}>&lol9;</{root}>"""

XML_ROOTS = ["OWASPZAPReport", "issues", "NessusClientData_v2", "report", "nmaprun"]


@pytest.mark.parametrize("root", XML_ROOTS)
@pytest.mark.parametrize("attack", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_hostile_xml_is_refused(root: str, attack: str) -> None:
    with pytest.raises(InputError, match="refused: the XML declares entities"):
        read(attack.format(root=root).encode(), source="evil.xml")


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_truncated_reports_are_errors_not_empty(fmt: ReportFormat) -> None:
    data = SAMPLES[fmt]
    cut = data[: int(len(data) * 0.6)]
    with pytest.raises(InputError) as caught:
        read(cut, source="cut.bin", forced=fmt.value)
    problem = caught.value.problems[0]
    assert problem.path == "cut.bin"
    assert problem.line is not None or problem.field is not None


def test_zap_passed_as_burp() -> None:
    with pytest.raises(InputError, match=r"not a Burp Suite XML export.*OWASPZAPReport") as caught:
        read(ZAP_XML, source="zap.xml", forced="burp")
    assert "OWASP ZAP report" in str(caught.value)


def test_forced_family_picks_the_encoding() -> None:
    assert read(ZAP_JSON, source="z", forced="zap").format is ReportFormat.ZAP_JSON
    assert read(NESSUS_CSV, source="n", forced="nessus").format is ReportFormat.NESSUS_CSV
    with pytest.raises(UsageError, match="unknown report format 'qualys'"):
        read(ZAP_XML, source="z", forced="qualys")


def test_csv_with_missing_columns() -> None:
    with pytest.raises(InputError) as caught:
        read(b"id,title,host\nPT-1,UART,pump\n", source="m.csv")
    (problem,) = caught.value.problems
    assert problem.line == 1 and "missing column severity" in problem.message
    with pytest.raises(InputError, match=r"missing columns risk, port, name"):
        read(b"Plugin ID,Host\n1,h\n", source="n.csv", forced="nessus")


def test_manual_csv_row_errors_are_all_reported_with_lines() -> None:
    data = MANUAL + b"PT-3,Bad,severe,,,,,,,\nPT-1,Dup,low,,,,,,,\nPT-4,Port,low,,,h,99999,,,\n"
    with pytest.raises(InputError) as caught:
        read(data, source="m.csv")
    found = {(p.line, p.field) for p in caught.value.problems}
    assert found == {(4, "severity"), (5, "id"), (6, "port")}


def test_empty_and_unknown_inputs() -> None:
    assert read(b"", source="e.jsonl").findings == ()
    with pytest.raises(InputError, match="not a supported pentest report"):
        read(b"hello,world\n1,2\n", source="x.csv")
    with pytest.raises(InputError, match="binary content"):
        read(b"%PDF-1.7\n\x00\x01\x02", source="report.pdf")
    with pytest.raises(InputError, match="invalid JSON"):
        read(b'{"runs": [', source="s.sarif")


def test_a_zap_report_without_alerts_is_a_zero_finding_import() -> None:
    empty = b'<?xml version="1.0"?><OWASPZAPReport version="2.9.0"><site host="h" port="443"><alerts></alerts></site></OWASPZAPReport>'
    report = read(empty, source="z.xml")
    assert report.format is ReportFormat.ZAP_XML and report.findings == ()
