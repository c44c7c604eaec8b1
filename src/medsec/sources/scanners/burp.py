"""Burp Suite XML issue export (``<issues burpVersion=...>``; it carries an internal DTD).

One finding per issue type and host; the paths of that type on that host become its
locations. Fingerprint: ``burp`` + issue type + host (``scheme://name[:port]`` as exported).
"""

from __future__ import annotations

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


def parse(data: bytes, *, source: str) -> ParsedReport:
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
    groups: dict[tuple[str, str], _Group] = {}
    for i, issue in enumerate(children(root, "issue")):
        _add(groups, issue, f"issues.issue[{i}]", source)
    findings = tuple(_finding(g) for g in groups.values())
    version = root.get("burpVersion")
    return ParsedReport(
        ReportFormat.BURP_XML, f"Burp Suite {version}" if version else "Burp Suite", findings
    )


def _add(groups: dict[tuple[str, str], _Group], issue: Element, where: str, source: str) -> None:
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
    group = groups.get((kind, host))
    if group is None:
        group = _Group(kind, host, name, severity, word == "false positive")
        groups[(kind, host)] = group
    elif severity.rank > group.severity.rank:
        group.severity = severity
    path = text(issue, "path") or text(issue, "location")
    ip = child(issue, "host")
    location = n.url_location(host.rstrip("/") + (path or ""))
    if ip is not None and ip.get("ip") and location.host is None:
        location = Location(host=ip.get("ip"), url=location.url)
    group.locations.add(location)
    group.evidence.append(text(issue, "issueDetail"))
    group.cwe.update(n.cwes(text(issue, "vulnerabilityClassifications")))
    group.solution = (
        group.solution or text(issue, "remediationDetail") or text(issue, "remediationBackground")
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
