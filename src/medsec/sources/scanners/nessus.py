"""Tenable Nessus v2 (``.nessus`` XML), streamed: files of hundreds of MB in flat memory.

One finding per ``ReportItem``. Fingerprint: ``nessus`` + plugin id + host (the
``ReportHost`` name) + protocol + port, the same as for the CSV export (``nessus_csv``), so
the two exports of one scan are the same findings.
"""

from __future__ import annotations

from medsec.domain.errors import InputError
from medsec.domain.pentest import (
    Finding,
    Location,
    ParsedReport,
    ReportFormat,
    Severity,
    make_fingerprint,
    short_id,
)
from medsec.sources.scanners import normalise as n
from medsec.sources.scanners.detect import xml_root
from medsec.sources.scanners.importer import Content, Importer
from medsec.sources.scanners.xmlinput import Element, iter_events, local, text

TOOL = "nessus"
SEVERITIES = (Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL)
_STARTS = frozenset({"ReportHost"})
_ENDS = frozenset({"ReportItem", "HostProperties", "Policy"})


def nessus_finding(
    *,
    plugin: str,
    host: str,
    protocol: str | None,
    port: int | None,
    title: str,
    severity: Severity,
    cvss: float | None,
    vector: str | None,
    cwe: tuple[str, ...],
    cve: tuple[str, ...],
    evidence: str | None,
    solution: str | None,
) -> Finding:
    """The one shape both Nessus exports produce."""
    proto = (protocol or "").lower() or None
    print_ = make_fingerprint(TOOL, plugin, host, proto, port or 0)
    return Finding(
        fingerprint=print_,
        id=short_id(TOOL, print_),
        title=title,
        severity=severity,
        tool=TOOL,
        rule=plugin,
        cvss=cvss,
        cvss_vector=vector,
        cwe=cwe,
        cve=cve,
        locations=(Location(host=host, port=port, protocol=proto),),
        evidence=evidence,
        solution=n.clean(solution),
    )


def parse(data: bytes, *, source: str) -> ParsedReport:
    """A ``.nessus`` file, streamed: one finding per ``ReportItem``."""
    findings: list[Finding] = []
    host: str | None = None
    hosts = items = 0
    version = None
    for event, element in iter_events(data, source, starts=_STARTS, ends=_ENDS):
        name = local(element)
        if event == "root":
            if name != "NessusClientData_v2":
                raise _not_nessus(source, name)
        elif event == "start":
            host = element.get("name")
            hosts += 1
            if not host:
                raise InputError.single(
                    source, "ReportHost without a name", field=f"ReportHost[{hosts - 1}]"
                )
        elif name == "ReportItem":
            if host is None:
                raise InputError.single(
                    source, "ReportItem outside a ReportHost", field=f"ReportItem[{items}]"
                )
            findings.append(_item(element, host, f"ReportHost[{host}].ReportItem[{items}]", source))
            items += 1
        elif name == "Policy":
            version = _scanner_version(element)
    tool = f"Nessus {version}" if version else "Nessus"
    return ParsedReport(ReportFormat.NESSUS_XML, tool, tuple(findings))


def _item(item: Element, host: str, where: str, source: str) -> Finding:
    plugin = item.get("pluginID")
    level = item.get("severity", "")
    if not plugin or not (level.isascii() and level.isdigit()) or int(level) > 4:
        raise InputError.single(
            source,
            "ReportItem needs pluginID and severity 0-4"
            + (f" (severity is {level!r})" if plugin else ""),
            field=where,
        )
    cvss3 = n.score(text(item, "cvss3_base_score"))
    multi = {"cve": [], "cwe": []}  # type: dict[str, list[str]]
    for sub in item:
        tag = local(sub)
        if tag in multi and sub.text:
            multi[tag].append(sub.text.strip())
    return nessus_finding(
        plugin=plugin,
        host=host,
        protocol=item.get("protocol"),
        port=n.port(item.get("port")),
        title=item.get("pluginName") or text(item, "plugin_name") or f"Nessus plugin {plugin}",
        severity=SEVERITIES[int(level)],
        cvss=cvss3 if cvss3 is not None else n.score(text(item, "cvss_base_score")),
        vector=text(item, "cvss3_vector") if cvss3 is not None else text(item, "cvss_vector"),
        cwe=n.cwes(*multi["cwe"]),
        cve=n.cves(multi["cve"]),
        evidence=n.clean(text(item, "plugin_output")),
        solution=text(item, "solution"),
    )


def _scanner_version(policy: Element) -> str | None:
    for pref in policy.iter():
        if local(pref) == "preference" and text(pref, "name") == "sc_version":
            return text(pref, "value")
    return None


def _not_nessus(source: str, root: str) -> InputError:
    hint = (
        "Nessus v1 files are not supported: export the scan again as 'Nessus' (v2)"
        if root == "NessusClientData"
        else "export the scan from Nessus as 'Nessus' (.nessus) or CSV"
    )
    return InputError.single(source, f"not a Nessus v2 file: XML root is <{root}>", hint=hint)


def sniff(head: bytes, name: str) -> bool:
    """A Nessus v2 file: root ``<NessusClientData_v2>``."""
    return xml_root(head) == "NessusClientData_v2"


IMPORTER = Importer(
    format=ReportFormat.NESSUS_XML,
    family=TOOL,
    display="Nessus (.nessus)",
    extensions=(".nessus",),
    content=Content.XML,
    sniff=sniff,
    parse=parse,
)
