"""Plain-text and Markdown renderers for the terminal and for pull-request comments."""

from __future__ import annotations

from collections.abc import Sequence

from medsec.domain.checklist import Checklist, ItemStatus
from medsec.domain.threat import AssessedThreat, MissingInformation, ThreatStatus

MARK = {ItemStatus.PASS: "PASS", ItemStatus.GAP: "GAP ", ItemStatus.FAIL: "FAIL"}


def _where(path: str | None, line: int | None) -> str:
    if not path:
        return ""
    return f" [{path}:{line}]" if line else f" [{path}]"


def render_checklist(checklist: Checklist, *, device: str, verbose: bool = True) -> str:
    lines = [f"medsec check: {device}", ""]
    for item in checklist.items:
        kind = "mandatory" if item.mandatory else "beyond baseline"
        lines.append(f"{MARK[item.status]}  {item.id.value:<26} {item.title} ({kind})")
        lines.append(f"      {item.summary}")
        if verbose and item.status is not ItemStatus.PASS:
            for f in item.findings:
                lines.append(f"      - {f.severity.value}: {f.message}{_where(f.path, f.line)}")
                if f.fix:
                    lines.append(f"        fix: {f.fix}")
    verdict = (
        "all mandatory items pass" if checklist.mandatory_pass else "mandatory items not passing"
    )
    counts = {s: sum(1 for i in checklist.items if i.status is s) for s in ItemStatus}
    lines += [
        "",
        f"{counts[ItemStatus.PASS]} pass, {counts[ItemStatus.GAP]} gap, "
        f"{counts[ItemStatus.FAIL]} fail: {verdict}",
    ]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_checklist_markdown(checklist: Checklist, *, device: str) -> str:
    lines = [
        f"# medsec check: {_md(device)}",
        "",
        "| item | status | mandatory | summary |",
        "|---|---|---|---|",
    ]
    for i in checklist.items:
        lines.append(
            f"| `{i.id.value}` | **{i.status.value}** | {'yes' if i.mandatory else 'no'} | {_md(i.summary)} |"
        )
    for i in checklist.items:
        if i.status is ItemStatus.PASS:
            continue
        lines += ["", f"## {i.id.value}: {_md(i.title)}", ""]
        for f in i.findings:
            fix = f" — {_md(f.fix)}" if f.fix else ""
            lines.append(
                f"- **{f.severity.value}** {_md(f.message)}{_md(_where(f.path, f.line))}{fix}"
            )
    return "\n".join(lines) + "\n"


def render_threats(threats: Sequence[AssessedThreat], missing: Sequence[MissingInformation]) -> str:
    live = [t for t in threats if t.status is not ThreatStatus.OBSOLETE]
    lines = [f"{'id':<42} {'cvss':>5} {'risk':<9} {'status':<11} title"]
    for t in sorted(live, key=lambda t: (-(t.v3_1.score if t.v3_1 else 0.0), t.id)):
        score = f"{t.v3_1.score:.1f}" if t.v3_1 else "-"
        risk = t.risk.value if t.risk else "-"
        lines.append(f"{t.id:<42} {score:>5} {risk:<9} {t.status.value:<11} {t.threat.title}")
    if missing:
        lines += ["", "missing information (one line per target):"]
        lines += [
            f"  {m.target.kind.value} {m.target.id}: {', '.join(m.attributes)}" for m in missing
        ]
    return "\n".join(lines) + "\n"


def render_threats_markdown(threats: Sequence[AssessedThreat]) -> str:
    lines = ["| id | title | CVSS 3.1 | risk | status |", "|---|---|---|---|---|"]
    for t in threats:
        if t.status is ThreatStatus.OBSOLETE:
            continue
        score = f"{t.v3_1.score:.1f}" if t.v3_1 else "-"
        lines.append(
            f"| `{t.id}` | {_md(t.threat.title)} | {score} | {t.risk.value if t.risk else '-'} | {t.status.value} |"
        )
    return "\n".join(lines) + "\n"
