"""``pentests/ID/findings.yaml``: the findings of one engagement and their workflow.

medsec writes the keys that come from reports (``id`` .. ``seen_in``); the workflow keys
(``state``, ``rationale``, ``approver``, ``expires``, ``threats``, ``controls``, ``notes``,
``change``, ``retest``, ``history``) belong to people and are kept on every import. medsec rewrites the file as a
whole (comments are not kept: put remarks into ``notes``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, ValidationError

from medsec.domain.errors import Diagnostic, InputError
from medsec.domain.paths import PENTESTS_DIR, findings_file
from medsec.domain.pentest import (
    EngagementFindings,
    Finding,
    FindingState,
    HistoryEntry,
    ImportRecord,
    Location,
    ReportFormat,
    Retest,
    Service,
    Severity,
    TrackedFinding,
)
from medsec.project.atomic import write_atomic
from medsec.project.parse_cache import read_cache, write_cache
from medsec.project.suggest import did_you_mean
from medsec.project.validation import diagnostics_from
from medsec.project.yaml_emit import dump_plain
from medsec.project.yamlfile import line_of, load_yaml, parse_yaml, read_bytes
from medsec.untrusted.depth import check_depth

FORMAT = "medsec-findings/1"
MAX_BYTES = 256 * 1024 * 1024
MAX_NODES = 5_000_000  # about 50 YAML nodes per finding: 100,000 findings
HEADER = """\
# medsec pentest findings (format medsec-findings/1), one engagement.
# medsec keeps the report keys (id .. seen_in) up to date on every 'medsec pentest import'.
# Yours: state (open | fixed | retest-passed | risk-accepted), rationale, approver, expires,
# threats, controls, notes, change (what fixed it), retest (what shows the fix holds).
# Change the state with 'medsec pentest set' (it checks each step and keeps history).
# medsec rewrites this file: comments are not kept, use notes.
"""


class _Model(BaseModel):
    """Base of the file's models: unknown keys are errors, so typos do not vanish."""

    model_config = ConfigDict(extra="forbid")


class LocationModel(_Model):
    """Where a finding was seen: host and port, URL, or file and line."""

    host: str | None = None
    port: int | None = None
    protocol: str | None = None
    url: str | None = None
    file: str | None = None
    line: int | None = None


class HistoryModel(_Model):
    """One change of a finding's state: when, to what, by whom, and why."""

    date: dt.date
    state: FindingState
    by: str | None = None
    note: str | None = None


class RetestModel(_Model):
    """What shows a fix was retested: a later engagement, or a tester and their report."""

    date: dt.date
    engagement: str | None = None
    tester: str | None = None
    report: str | None = None


class FindingModel(_Model):
    """One finding: the report keys medsec keeps, then the workflow keys people own."""

    id: str
    fingerprint: str
    title: str
    severity: Severity
    tool: str
    rule: str | None = None
    cvss: float | None = None
    cvss_vector: str | None = None
    cwe: list[str] = []
    cve: list[str] = []
    locations: list[LocationModel] = []
    target: str | None = None
    evidence: str | None = None
    solution: str | None = None
    suppressed: bool = False
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    seen_in: list[str] = []
    state: FindingState = FindingState.OPEN
    rationale: str | None = None
    approver: str | None = None
    expires: dt.date | None = None
    threats: list[str] = []
    controls: list[str] = []
    notes: str | None = None
    change: str | None = None
    retest: RetestModel | None = None
    history: list[HistoryModel] = []


class ServiceModel(_Model):
    """One network service a report found open on a host."""

    host: str
    port: int
    protocol: str = "tcp"
    name: str | None = None
    product: str | None = None
    version: str | None = None
    hostnames: list[str] = []


class ImportModel(_Model):
    """One imported report: file, format, tool, SHA-256, date and what it held."""

    report: str
    format: ReportFormat
    tool: str
    sha256: str
    date: dt.date
    findings: int = 0
    services: int = 0


class FileModel(_Model):
    """The whole ``findings.yaml`` of one engagement."""

    format: Literal["medsec-findings/1"] = "medsec-findings/1"
    engagement: str
    imports: list[ImportModel] = []
    findings: list[FindingModel] = []
    services: list[ServiceModel] = []


def findings_path(base: Path, engagement: str) -> Path:
    """Where an engagement's findings file lives under the project ``base``."""
    return base / findings_file(engagement)


def relative(engagement: str) -> str:
    """An engagement's findings file, project-relative (for messages and evidence)."""
    return findings_file(engagement)


def _tracked(m: FindingModel, line: int | None) -> TrackedFinding:
    """The domain finding (with its workflow state) of one validated entry."""
    finding = Finding(
        fingerprint=m.fingerprint,
        id=m.id,
        title=m.title,
        severity=m.severity,
        tool=m.tool,
        rule=m.rule,
        cvss=m.cvss,
        cvss_vector=m.cvss_vector,
        cwe=tuple(m.cwe),
        cve=tuple(m.cve),
        locations=tuple(Location(**loc.model_dump()) for loc in m.locations),
        evidence=m.evidence,
        solution=m.solution,
        suppressed=m.suppressed,
        target=m.target,
    )
    return TrackedFinding(
        finding=finding,
        state=m.state,
        rationale=m.rationale,
        approver=m.approver,
        expires=m.expires,
        threats=tuple(m.threats),
        controls=tuple(m.controls),
        notes=m.notes,
        change=m.change,
        retest=Retest(**m.retest.model_dump()) if m.retest else None,
        first_seen=m.first_seen,
        last_seen=m.last_seen,
        seen_in=tuple(m.seen_in),
        history=tuple(HistoryEntry(h.date, h.state, h.by, h.note) for h in m.history),
        line=line,
    )


def _parse(path: Path, display: str) -> tuple[Any, Callable[[tuple[str | int, ...]], int | None]]:
    """The file's data and a line lookup: from the parse cache when it matches, else YAML."""
    raw = read_bytes(path, display, max_bytes=MAX_BYTES)
    check_depth(raw, source=display)  # before libyaml: deep nesting overflows its C stack
    cached = read_cache(path, raw)
    if cached is not None:
        data, lines = cached

        def cached_line(loc: tuple[str | int, ...]) -> int | None:
            """The line of a finding in the cached line list; other places are unknown."""
            if len(loc) == 2 and loc[0] == "findings" and isinstance(loc[1], int):
                return lines[loc[1]] if loc[1] < len(lines) else None
            return None

        return data, cached_line
    doc = parse_yaml(raw, display, max_nodes=MAX_NODES)
    return doc.data, lambda loc: line_of(doc.lines, loc)


def load_findings(base: Path, engagement: str) -> EngagementFindings | None:
    """The engagement's findings file, or None when there is none yet."""
    path = findings_path(base, engagement)
    if not path.is_file():
        return None
    display = str(path)
    data, line = _parse(path, display)
    if data is None:
        return EngagementFindings(engagement, relative(engagement))
    try:
        model = FileModel.model_validate(data)
    except ValidationError as exc:
        doc = load_yaml(path, display, max_bytes=MAX_BYTES, max_nodes=MAX_NODES)  # locate
        raise InputError(diagnostics_from(exc, doc.lines, display, FileModel, doc.data)) from None
    problems: list[Diagnostic] = []
    if model.engagement != engagement:
        problems.append(
            Diagnostic(
                display,
                f"engagement is '{model.engagement}', but the file is in {PENTESTS_DIR}/{engagement}/",
                line=line(("engagement",)),
                field="engagement",
            )
        )
    seen: dict[str, int] = {}
    for i, f in enumerate(model.findings):
        for key in (f"id:{f.id}", f"fingerprint:{f.fingerprint}"):
            if key in seen:
                problems.append(
                    Diagnostic(
                        display,
                        f"duplicate {key.replace(':', ' ', 1)}",
                        line=line(("findings", i)),
                        field=f"findings[{i}]",
                        hint=f"first at findings[{seen[key]}]",
                    )
                )
            seen.setdefault(key, i)
    if problems:
        raise InputError(problems)
    return EngagementFindings(
        engagement=engagement,
        path=relative(engagement),
        findings=tuple(_tracked(m, line(("findings", i))) for i, m in enumerate(model.findings)),
        services=tuple(
            Service(s.host, s.port, s.protocol, s.name, s.product, s.version, tuple(s.hostnames))
            for s in model.services
        ),
        imports=tuple(
            ImportRecord(i.report, i.format, i.tool, i.sha256, i.date, i.findings, i.services)
            for i in model.imports
        ),
    )


def check_links(
    findings: EngagementFindings, display: str, controls: Sequence[str]
) -> list[Diagnostic]:
    """``controls`` of each finding name declared controls."""
    known = set(controls)
    problems = []
    for t in findings.findings:
        for c in t.controls:
            if c not in known:
                problems.append(
                    Diagnostic(
                        display,
                        f"finding '{t.id}': unknown control '{c}'",
                        line=t.line,
                        field="controls",
                        hint=did_you_mean(c, known),
                    )
                )
    return problems


def _drop_empty(pairs: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    """Absent, empty and false values are left out (they are the defaults when read)."""
    return {k: v for k, v in pairs if not (v is None or v is False or v == "" or v == [])}


def _retest_dict(retest: Retest | None) -> dict[str, Any] | None:
    """A retest as YAML values (absent parts left out), or None."""
    if retest is None:
        return None
    keys = ("date", "engagement", "tester", "report")
    return _drop_empty([(k, getattr(retest, k)) for k in keys])


def _finding_dict(t: TrackedFinding) -> dict[str, Any]:
    """One finding as YAML values: report keys, state, then people's keys."""
    f = t.finding
    generated = [
        ("id", f.id),
        ("fingerprint", f.fingerprint),
        ("title", f.title),
        ("severity", f.severity.value),
        ("tool", f.tool),
        ("rule", f.rule),
        ("cvss", f.cvss),
        ("cvss_vector", f.cvss_vector),
        ("cwe", list(f.cwe)),
        ("cve", list(f.cve)),
        (
            "locations",
            [
                _drop_empty(
                    [
                        (k, getattr(loc, k))
                        for k in ("host", "port", "protocol", "url", "file", "line")
                    ]
                )
                for loc in f.locations
            ],
        ),
        ("target", f.target),
        ("evidence", f.evidence),
        ("solution", f.solution),
        ("suppressed", f.suppressed),
        ("first_seen", t.first_seen),
        ("last_seen", t.last_seen),
        ("seen_in", list(t.seen_in)),
    ]
    human = [
        ("rationale", t.rationale),
        ("approver", t.approver),
        ("expires", t.expires),
        ("threats", list(t.threats)),
        ("controls", list(t.controls)),
        ("notes", t.notes),
        ("change", t.change),
        ("retest", _retest_dict(t.retest)),
        (
            "history",
            [
                _drop_empty(
                    [("date", h.date), ("state", h.state.value), ("by", h.by), ("note", h.note)]
                )
                for h in t.history
            ],
        ),
    ]
    return _drop_empty(generated) | {"state": t.state.value} | _drop_empty(human)


def _document(findings: EngagementFindings) -> dict[str, Any]:
    """The whole file as plain data, in the order ``dump_plain`` writes it."""
    return {
        "format": FORMAT,
        "engagement": findings.engagement,
        "imports": [
            {
                "report": i.report,
                "format": i.format.value,
                "tool": i.tool,
                "sha256": i.sha256,
                "date": i.date,
                "findings": i.findings,
                "services": i.services,
            }
            for i in findings.imports
        ],
        "findings": [_finding_dict(t) for t in findings.findings],
        "services": [
            _drop_empty(
                [
                    ("host", s.host),
                    ("port", s.port),
                    ("protocol", s.protocol),
                    ("name", s.name),
                    ("product", s.product),
                    ("version", s.version),
                    ("hostnames", list(s.hostnames)),
                ]
            )
            for s in findings.services
        ],
    }


def dump_findings(findings: EngagementFindings) -> str:
    """The text of ``findings.yaml``: header comment and the plain YAML."""
    return HEADER + dump_plain(_document(findings))


_ITEM = re.compile(r"^- id: ", re.M)


def _finding_lines(text: str, count: int) -> list[int | None]:
    """Lines of the findings in text medsec wrote (``- id:`` at the start of a line)."""
    start = text.find("\nfindings:\n")
    if start < 0:
        return [None] * count
    offsets = [m.start() for m in _ITEM.finditer(text, start)][:count]
    if len(offsets) != count:
        return [None] * count
    lines: list[int | None] = []
    line, last = text.count("\n", 0, start), start
    for offset in offsets:
        line += text.count("\n", last, offset)
        last = offset
        lines.append(line + 1)
    return lines


def save_findings(base: Path, findings: EngagementFindings) -> str:
    """Write ``findings.yaml`` (and its parse cache); returns its project-relative path."""
    doc = _document(findings)
    text = HEADER + dump_plain(doc)
    raw = text.encode("utf-8")
    path = findings_path(base, findings.engagement)
    write_atomic(path, raw)
    plain = orjson.loads(orjson.dumps(doc))  # dates as ISO text, as the cache stores them
    write_cache(path, raw, plain, _finding_lines(text, len(findings.findings)))
    return relative(findings.engagement)
