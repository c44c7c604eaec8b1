"""Burp Suite XML issue export (``<issues burpVersion=...>``; it carries an internal DTD).

One finding per issue type and host; the paths of that type on that host become its
locations. Fingerprint: ``burp`` + issue type + host (``scheme://name[:port]`` as exported).
The REST API importer (``burp_api``) groups its issues here too, so that an issue has one
fingerprint whichever way it left Burp.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

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
from medsec.sources.scanners import normalise as n
from medsec.sources.scanners.detect import xml_root
from medsec.sources.scanners.importer import Content, Importer
from medsec.sources.scanners.xmlinput import Element, child, children, local, parse_xml, text

TOOL = "burp"
_SEVERITY = {
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
    "information": Severity.INFO,
    "info": Severity.INFO,
    "false positive": Severity.INFO,
}


@dataclass(frozen=True)
class Issue:
    """One Burp issue, from either export: what grouping it into a finding needs."""

    type: str  # the issue type number (XML ``<type>``, REST API ``type_index``)
    host: str  # scheme://name[:port], default port left out, as Burp XML writes it
    name: str
    severity: Severity
    false_positive: bool
    location: Location
    detail: str | None = None  # HTML
    cwe: tuple[str, ...] = ()
    solution: str | None = None  # HTML


@dataclass
class _Group:
    type: str
    host: str
    name: str
    severity: Severity
    false_positive: bool
    locations: set[Location] = field(default_factory=set)
    evidence: list[str | None] = field(default_factory=list)
    cwe: set[str] = field(default_factory=set)
    solution: str | None = None


def findings(issues: Iterable[Issue]) -> tuple[Finding, ...]:
    """One finding per issue type and host, the first issue's name, the highest severity."""
    groups: dict[tuple[str, str], _Group] = {}
    for issue in issues:
        group = groups.get((issue.type, issue.host))
        if group is None:
            group = _Group(issue.type, issue.host, issue.name, issue.severity, issue.false_positive)
            groups[(issue.type, issue.host)] = group
        elif issue.severity.rank > group.severity.rank:
            group.severity = issue.severity
        group.locations.add(issue.location)
        group.evidence.append(issue.detail)
        group.cwe.update(issue.cwe)
        group.solution = group.solution or issue.solution
    return tuple(_finding(g) for g in groups.values())


def parse(data: bytes, *, source: str) -> ParsedReport:
    """A Burp XML issue export: one finding per issue type and host."""
    root = parse_xml(data, source)
    if local(root) != "issues":
        hint = (
            "this looks like an OWASP ZAP report: leave the format to detection or use zap"
            if local(root) == "OWASPZAPReport"
            else "in Burp, select the issues and use 'Report issues' -> XML"
        )
        raise InputError.single(
            source, f"not a Burp Suite XML export: XML root is <{local(root)}>", hint=hint
        )
    issues = (
        _issue(issue, f"issues.issue[{i}]", source)
        for i, issue in enumerate(children(root, "issue"))
    )
    version = root.get("burpVersion")
    return ParsedReport(
        ReportFormat.BURP_XML,
        f"Burp Suite {version}" if version else "Burp Suite",
        findings(issues),
    )


def _issue(issue: Element, where: str, source: str) -> Issue:
    kind, name, host = text(issue, "type"), text(issue, "name"), text(issue, "host")
    missing = [k for k, v in (("type", kind), ("name", name), ("host", host)) if v is None]
    if missing or kind is None or name is None or host is None:
        raise InputError.single(
            source,
            f"issue without <{'>, <'.join(missing)}>",
            field=where,
            hint="not a complete Burp issue export (truncated or hand-edited?)",
        )
    word = (text(issue, "severity") or "").lower()
    severity = _SEVERITY.get(word)
    if severity is None:
        raise InputError.single(
            source,
            f"severity {text(issue, 'severity')!r} is not High, Medium, Low or Information",
            field=f"{where}.severity",
        )
    path = text(issue, "path") or text(issue, "location")
    ip = child(issue, "host")
    location = n.url_location(host.rstrip("/") + (path or ""))
    if ip is not None and ip.get("ip") and location.host is None:
        location = Location(host=ip.get("ip"), url=location.url)
    return Issue(
        type=kind,
        host=host,
        name=name,
        severity=severity,
        false_positive=word == "false positive",
        location=location,
        detail=text(issue, "issueDetail"),
        cwe=n.cwes(text(issue, "vulnerabilityClassifications")),
        solution=text(issue, "remediationDetail") or text(issue, "remediationBackground"),
    )


def _finding(g: _Group) -> Finding:
    print_ = make_fingerprint(TOOL, g.type, g.host.rstrip("/"))
    return Finding(
        fingerprint=print_,
        id=short_id(TOOL, print_),
        title=g.name,
        severity=g.severity,
        tool=TOOL,
        rule=g.type,
        cwe=tuple(sorted(g.cwe, key=lambda c: int(c[4:]))),
        locations=sorted_locations(g.locations),
        evidence=n.join_evidence(n.clean(e, html=True) for e in g.evidence),
        solution=n.clean(g.solution, html=True),
        suppressed=g.false_positive,
    )


def sniff(head: bytes, name: str) -> bool:
    """A Burp XML issue export: root ``<issues>``."""
    return xml_root(head) == "issues"


IMPORTER = Importer(
    format=ReportFormat.BURP_XML,
    family=TOOL,
    display="Burp Suite (XML)",
    extensions=(".xml",),
    content=Content.XML,
    sniff=sniff,
    parse=parse,
)
