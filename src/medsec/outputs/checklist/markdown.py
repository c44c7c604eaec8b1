"""The checklist as Markdown for pull-request comments: a summary table, then the gaps."""

from __future__ import annotations

from medsec.domain.checklist import ItemStatus
from medsec.outputs.checklist.view import ChecklistView
from medsec.outputs.escape import markdown_code as _code
from medsec.outputs.escape import markdown_text as _md
from medsec.outputs.renderer import Format


def render(view: ChecklistView) -> str:
    """One table row per item, then one section per item not passing with its findings."""
    items = view.checklist.items
    lines = [
        f"# medsec check: {_md(view.device.name)}",
        "",
        "| item | status | mandatory | summary |",
        "|---|---|---|---|",
    ]
    for i in items:
        lines.append(
            f"| {_code(i.id.value)} | **{i.status.value}** | {'yes' if i.mandatory else 'no'} | {_md(i.summary)} |"
        )
    for i in items:
        if i.status is ItemStatus.PASS:
            continue
        lines += ["", f"## {_md(i.id.value)}: {_md(i.title)}", ""]
        for f in i.findings:
            fix = f" — {_md(f.fix)}" if f.fix else ""
            lines.append(f"- **{f.severity.value}** {_md(f.message)}{_where(f.path, f.line)}{fix}")
    return "\n".join(lines) + "\n"


def _where(path: str | None, line: int | None) -> str:
    """`` [path:line]`` with the path escaped (the brackets are ours, the path is the user's)."""
    if not path:
        return ""
    return f" [{_md(path)}:{line}]" if line else f" [{_md(path)}]"


RENDERER: Format[ChecklistView] = Format(
    "markdown", "text/markdown", ".md", "a table and the gaps, for pull-request comments", render
)
