"""ProjectDiscovery Nuclei results: JSON Lines (``-jsonl``) or a JSON array (``-json-export``).

One finding per result. An empty stream is a valid scan that found nothing. Fingerprint:
``nuclei`` + template id + matcher name + matched-at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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
)
from medsec.sources.scanners import jsoninput as js
from medsec.sources.scanners import normalise as n
from medsec.sources.scanners.detect import is_json
from medsec.sources.scanners.importer import Content, Importer

TOOL = "nuclei"
_EMPTY_ARRAY = re.compile(rb"\[[ \t\r\n]*\][ \t\r\n]*")


def parse(data: bytes, *, source: str) -> ParsedReport:
    """Nuclei JSON Lines or JSON array: one finding per result."""
    findings = tuple(
        _finding(line, where, obj, source) for line, where, obj in _results(data, source)
    )
    return ParsedReport(ReportFormat.NUCLEI, "Nuclei", findings)


def _results(data: bytes, source: str) -> Iterator[tuple[int | None, str, Any]]:
    body = data.lstrip()
    if body.startswith(b"["):
        for i, value in enumerate(js.items(js.load_json(data, source), source, "(document)")):
            yield None, f"[{i}]", value
        return
    for line, value in js.json_lines(data, source):
        yield line, f"line {line}", value


def _finding(line: int | None, where: str, raw: Any, source: str) -> Finding:
    obj = js.obj(raw, source, where, line=line)
    template = js.string(obj.get("template-id")) or js.string(obj.get("templateID"))
    info = obj.get("info")
    if template is None or not isinstance(info, dict):
        raise InputError.single(
            source,
            "not a Nuclei result: no template-id and info",
            line=line,
            field=None if line else where,
            hint="medsec reads the output of 'nuclei -jsonl' or '-json-export'",
        )
    matched = (
        js.string(obj.get("matched-at"))
        or js.string(obj.get("matched"))
        or js.string(obj.get("host"))
    )
    matcher = js.string(obj.get("matcher-name")) or js.string(obj.get("matcher_name"))
    classification = js.mapping(info.get("classification"))
    word = n.severity_word(js.string(info.get("severity")))
    score = n.score(js.string(classification.get("cvss-score")))
    extracted = obj.get("extracted-results") or obj.get("extracted_results") or []
    print_ = make_fingerprint(TOOL, template, matcher, matched)
    name = js.string(info.get("name")) or template
    return Finding(
        fingerprint=print_,
        id=short_id(TOOL, print_),
        title=f"{name} ({matcher})" if matcher else name,
        severity=word or Severity.INFO,
        tool=TOOL,
        rule=template,
        cvss=score,
        cvss_vector=js.string(classification.get("cvss-metrics")),
        cwe=n.cwes(*_strings(classification.get("cwe-id"))),
        cve=n.cves(_strings(classification.get("cve-id"))),
        locations=(_location(matched, js.string(obj.get("ip"))),),
        evidence=n.join_evidence(str(x) for x in extracted if x)
        if isinstance(extracted, list)
        else None,
        solution=n.clean(js.string(info.get("remediation"))),
    )


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if v]
    return [str(value)] if value else []


def _location(matched: str | None, ip: str | None) -> Location:
    if matched and "://" in matched:
        return n.url_location(matched)
    if matched:  # network templates: host:port
        host, sep, port = matched.rpartition(":")
        if sep and port.isascii() and port.isdigit():
            return Location(host=host, port=n.port(port), protocol="tcp")
        return Location(host=matched)
    return Location(host=ip)


def sniff(head: bytes, name: str) -> bool:
    """Nuclei results (a ``template-id`` key), or an empty file or ``[]``: a scan that found
    nothing, the one format where that is a complete report."""
    if not head:
        return True
    if not is_json(head):
        return False
    return (
        b'"template-id"' in head
        or b'"templateID"' in head
        or _EMPTY_ARRAY.fullmatch(head) is not None
    )


IMPORTER = Importer(
    format=ReportFormat.NUCLEI,
    family=TOOL,
    display="Nuclei (JSON, JSONL)",
    extensions=(".json", ".jsonl"),
    content=Content.JSON,
    sniff=sniff,
    parse=parse,
)
