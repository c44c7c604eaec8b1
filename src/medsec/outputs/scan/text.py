"""A scan as a plain-text findings table for the terminal."""

from __future__ import annotations

from medsec.domain.data_age import age_text, basis
from medsec.engines.vulnmgmt import VulnStatus
from medsec.outputs.renderer import Format
from medsec.outputs.scan.view import ScanReport, due, fixed_in, undetermined_lines
from medsec.project.scan_records import ScanLike

COLUMNS = (
    "advisory",
    "component",
    "installed → fixed",
    "cvss",
    "severity",
    "kev",
    "epss",
    "state",
    "due",
)


def _header(scan: ScanLike) -> list[str]:
    """What was scanned (date, components, elements) and how old each data source was."""
    of = f" of {', '.join(scan.elements)}" if scan.elements else ""
    data = ", ".join(
        f"{s.source} {age_text(s.age_days, basis(s.data_date, s.dated_by) if s.dated_by else None)}"
        f", {s.records} records"
        for s in scan.snapshots
    )
    return [f"medsec scan {scan.date}: {scan.components} components{of}", f"data: {data}", ""]


def _row(s: VulnStatus) -> tuple[str, ...]:
    """One finding's table cells: advisory, component, fix, scores, KEV, EPSS, state, due date."""
    f = s.finding
    return (
        f.advisory + (f" (+{len(f.aliases)})" if f.aliases else ""),
        (f.component.element + ":" if f.component.element else "") + f.component.name,
        f"{f.component.version or '?'} → {fixed_in(s)}",
        f"{f.cvss_score:.1f}" if f.cvss_score is not None else "-",
        f.severity,
        "KEV" if f.kev else "",
        f"{f.epss:.3f}" if f.epss is not None else "",
        s.state.value,
        due(s),
    )


def render(view: ScanReport) -> str:
    """What was scanned against which data, then one aligned row per finding."""
    lines = _header(view.scan)
    if not view.scan.statuses:
        return "\n".join([*lines, "no findings"]) + "\n"
    rows = [_row(s) for s in view.scan.statuses]
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(COLUMNS)]
    lines.append("  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True)).rstrip())
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    unknown = undetermined_lines(view.scan.statuses)
    if unknown:  # may be affected: the advisory's ranges could not be evaluated
        lines += ["", "could not evaluate (the component may be affected):"]
        lines += [f"  {line}" for line in unknown]
    return "\n".join(lines) + "\n"


RENDERER: Format[ScanReport] = Format(
    "text", "text/plain", ".txt", "a findings table with states and deadlines, for people", render
)
