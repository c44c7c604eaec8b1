"""OWASP ZAP reports, XML (``OWASPZAPReport``) and JSON (traditional JSON report).

One finding per alert per site; the alert's instances become its locations. Fingerprint:
``zap`` + alert reference (``alertRef``, else ``pluginid``) + site host + site port.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from medsec.domain.errors import InputError
from medsec.domain.pentest import (
    Finding,
    Location,
    ParsedReport,
    ReportFormat,
    Severity,
    make_fingerprint,
    short_id,
    sorted_locations,
)
from medsec.sources.scanners import jsoninput as js
from medsec.sources.scanners import normalise as n
from medsec.sources.scanners.detect import is_json, xml_root
from medsec.sources.scanners.importer import Content, Importer
from medsec.sources.scanners.xmlinput import Element, child, children, local, parse_xml, text

TOOL = "zap"
_RISK = {"0": Severity.INFO, "1": Severity.LOW, "2": Severity.MEDIUM, "3": Severity.HIGH}


@dataclass(frozen=True)
class _Instance:
    uri: str | None
    method: str | None
    param: str | None
    evidence: str | None


@dataclass(frozen=True)
class _Alert:
    where: str
    plugin: str | None
    ref: str | None
    name: str | None
    risk: str | None
    confidence: str | None
    cwe: str | None
    solution: str | None
    instances: tuple[_Instance, ...]


def _finding(alert: _Alert, host: str | None, site_port: str | None, source: str) -> Finding:
    rule = alert.ref or alert.plugin
    if rule is None or alert.name is None:
        raise InputError.single(
            source,
            "alert without pluginid or name",
            field=alert.where,
            hint="not a complete ZAP report (truncated or hand-edited?)",
        )
    severity = _RISK.get((alert.risk or "").strip())
    if severity is None:
        raise InputError.single(
            source,
            f"riskcode {alert.risk!r} is not 0, 1, 2 or 3",
            field=f"{alert.where}.riskcode",
        )
    print_ = make_fingerprint(TOOL, rule, host, n.port(site_port))
    locations = sorted_locations(
        {n.url_location(i.uri) for i in alert.instances if i.uri}
        or {Location(host=host, port=n.port(site_port))}
    )
    evidence = n.join_evidence(
        f"{i.method or ''} {i.uri or ''} {i.param or ''}: {i.evidence}".strip()
        for i in alert.instances
        if i.evidence
    )
    return Finding(
        fingerprint=print_,
        id=short_id(TOOL, print_),
        title=alert.name,
        severity=severity,
        tool=TOOL,
        rule=rule,
        cwe=n.cwes(alert.cwe),
        locations=locations,
        evidence=evidence,
        solution=n.clean(alert.solution, html=True),
        suppressed=(alert.confidence or "").strip() == "0",  # confidence 0: false positive
    )


# --- XML ---------------------------------------------------------------------------------------


def parse_xml_report(data: bytes, *, source: str) -> ParsedReport:
    """A ZAP traditional XML report: one finding per alert per site."""
    root = parse_xml(data, source)
    if local(root) != "OWASPZAPReport":
        raise _not_zap(source, f"XML root is <{local(root)}>")
    findings = []
    for s, site in enumerate(children(root, "site")):
        host, site_port = site.get("host"), site.get("port")
        for a, item in enumerate(children(child(site, "alerts"), "alertitem")):
            where = f"site[{s}].alerts.alertitem[{a}]"
            findings.append(_finding(_xml_alert(item, where), host, site_port, source))
    version = root.get("version")
    return ParsedReport(
        ReportFormat.ZAP_XML, f"OWASP ZAP {version}" if version else "OWASP ZAP", tuple(findings)
    )


def _xml_alert(item: Element, where: str) -> _Alert:
    instances = [
        _Instance(text(i, "uri"), text(i, "method"), text(i, "param"), text(i, "evidence"))
        for i in children(child(item, "instances"), "instance")
    ]
    if not instances and text(item, "uri"):  # ZAP before 2.5: one instance inline
        instances.append(
            _Instance(text(item, "uri"), None, text(item, "param"), text(item, "evidence"))
        )
    return _Alert(
        where=where,
        plugin=text(item, "pluginid"),
        ref=text(item, "alertRef"),
        name=text(item, "name") or text(item, "alert"),
        risk=text(item, "riskcode"),
        confidence=text(item, "confidence"),
        cwe=text(item, "cweid"),
        solution=text(item, "solution"),
        instances=tuple(instances),
    )


# --- JSON --------------------------------------------------------------------------------------


def parse_json_report(data: bytes, *, source: str) -> ParsedReport:
    """A ZAP traditional JSON report: one finding per alert per site."""
    doc = js.obj(js.load_json(data, source), source, "(document)")
    if "site" not in doc:
        raise _not_zap(source, "JSON without a 'site' key")
    sites = doc["site"]
    sites = [sites] if isinstance(sites, dict) else js.items(sites, source, "site")
    findings = []
    for s, raw in enumerate(sites):
        site = js.obj(raw, source, f"site[{s}]")
        host, site_port = js.string(site.get("@host")), js.string(site.get("@port"))
        for a, raw_alert in enumerate(js.items(site.get("alerts"), source, f"site[{s}].alerts")):
            where = f"site[{s}].alerts[{a}]"
            alert = _json_alert(js.obj(raw_alert, source, where), where, source)
            findings.append(_finding(alert, host, site_port, source))
    version = js.string(doc.get("@version"))
    return ParsedReport(
        ReportFormat.ZAP_JSON,
        f"OWASP ZAP {version}" if version else "OWASP ZAP",
        tuple(findings),
    )


def _json_alert(item: dict[str, Any], where: str, source: str) -> _Alert:
    instances = []
    for i, raw in enumerate(js.items(item.get("instances"), source, f"{where}.instances")):
        inst = js.obj(raw, source, f"{where}.instances[{i}]")
        instances.append(
            _Instance(
                js.string(inst.get("uri")),
                js.string(inst.get("method")),
                js.string(inst.get("param")),
                js.string(inst.get("evidence")),
            )
        )
    return _Alert(
        where=where,
        plugin=js.string(item.get("pluginid")),
        ref=js.string(item.get("alertRef")),
        name=js.string(item.get("name")) or js.string(item.get("alert")),
        risk=js.string(item.get("riskcode")),
        confidence=js.string(item.get("confidence")),
        cwe=js.string(item.get("cweid")),
        solution=js.string(item.get("solution")),
        instances=tuple(instances),
    )


def _not_zap(source: str, reason: str) -> InputError:
    return InputError.single(
        source,
        f"not an OWASP ZAP report: {reason}",
        hint="export the ZAP report as 'Traditional XML' or 'Traditional JSON'",
    )


def sniff_xml(head: bytes, name: str) -> bool:
    """A ZAP traditional XML report: root ``<OWASPZAPReport>``."""
    return xml_root(head) == "OWASPZAPReport"


def sniff_json(head: bytes, name: str) -> bool:
    """A ZAP traditional JSON report: a ``site`` key beside ``@version`` or ``@generated``."""
    return (
        is_json(head) and b'"site"' in head and (b'"@version"' in head or b'"@generated"' in head)
    )


XML_IMPORTER = Importer(
    format=ReportFormat.ZAP_XML,
    family=TOOL,
    display="OWASP ZAP (XML)",
    extensions=(".xml",),
    content=Content.XML,
    sniff=sniff_xml,
    parse=parse_xml_report,
)
JSON_IMPORTER = Importer(
    format=ReportFormat.ZAP_JSON,
    family=TOOL,
    display="OWASP ZAP (JSON)",
    extensions=(".json",),
    content=Content.JSON,
    sniff=sniff_json,
    parse=parse_json_report,
)
