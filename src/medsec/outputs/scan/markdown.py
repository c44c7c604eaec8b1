"""A scan as a Markdown findings table, for pull-request comments."""

from __future__ import annotations

from medsec.outputs.escape import markdown_code as _code
from medsec.outputs.escape import markdown_text as _md
from medsec.outputs.renderer import Format
from medsec.outputs.scan.view import ScanReport, due, fixed_in, undetermined_lines


def render(view: ScanReport) -> str:
    """A title naming what was scanned, then one row per finding."""
    lines = [
        f"# {_md(f'medsec scan {view.target}')}",
        "",
        "| advisory | component | installed → fixed | CVSS | severity | KEV | state | due |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in view.scan.statuses:
        f = s.finding
        score = f"{f.cvss_score:.1f}" if f.cvss_score is not None else "-"
        lines.append(
            f"| {_code(f.advisory)} | {_md(f.component.name)} | {_md(f.component.version or '?')} → {_md(fixed_in(s))} "
            f"| {score} | {_md(str(f.severity))} | {'yes' if f.kev else ''} | {s.state.value} | {due(s)} |"
        )
    unknown = undetermined_lines(view.scan.statuses)
    if unknown:  # may be affected: the advisory's ranges could not be evaluated
        lines += ["", "**Could not evaluate** (the component may be affected):", ""]
        lines += [f"- {_md(line)}" for line in unknown]
    return "\n".join(lines) + "\n"


RENDERER: Format[ScanReport] = Format(
    "markdown", "text/markdown", ".md", "a findings table for pull-request comments", render
)
