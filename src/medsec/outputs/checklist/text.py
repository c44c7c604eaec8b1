"""The checklist as plain text for the terminal: one line per item, findings under failing ones."""

from __future__ import annotations

from medsec.domain.checklist import ItemStatus
from medsec.outputs.checklist.view import ChecklistView, where
from medsec.outputs.renderer import Format

MARK = {ItemStatus.PASS: "PASS", ItemStatus.GAP: "GAP ", ItemStatus.FAIL: "FAIL"}


def render(view: ChecklistView) -> str:
    """Each item with its status and summary, then the findings and fixes of those not passing."""
    checklist, device = view.checklist, view.device
    lines = [f"medsec check: {device.name} {device.version}", ""]
    for item in checklist.items:
        kind = "mandatory" if item.mandatory else "beyond baseline"
        lines.append(f"{MARK[item.status]}  {item.id.value:<26} {item.title} ({kind})")
        lines.append(f"      {item.summary}")
        if item.status is not ItemStatus.PASS:
            for f in item.findings:
                lines.append(f"      - {f.severity.value}: {f.message}{where(f.path, f.line)}")
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


RENDERER: Format[ChecklistView] = Format(
    "text", "text/plain", ".txt", "one line per item, findings and fixes for people", render
)
