"""Plain-text tables for ``medsec sbom ls / check / diff`` in a terminal."""

from __future__ import annotations

import re
from collections.abc import Sequence

from medsec.domain.component import SupportStatus
from medsec.domain.errors import Diagnostic
from medsec.domain.wording import counted
from medsec.engines.sbom.check import ProjectCheck, SbomCheck
from medsec.engines.sbom.ntia import FDA_FIELDS, NTIA_FIELDS, Field
from medsec.outputs.renderer import Format
from medsec.outputs.sbom.view import ChangesView, ListingView

MAX_WARNINGS = 20
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_WIDTH = 40


def plain(text: str) -> str:
    """Text from an SBOM made safe for a terminal: control characters shown as ``\\xNN`` (a
    name must not move the cursor, clear the screen or break a row with a line break)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _cut(text: str | None, width: int = _WIDTH) -> str:
    """A cell made :func:`plain` and cut to ``width`` with an ellipsis, so long names do not
    break the table."""
    value = plain(text) if text else "-"
    return value if len(value) <= width else value[: width - 1] + "…"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned columns as wide as their widest cell, two spaces apart."""
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    line = "  ".join(f"{{:{w}}}" for w in widths)
    return [line.format(*header).rstrip()] + [line.format(*r).rstrip() for r in rows]


def _warnings(warnings: Sequence[Diagnostic]) -> list[str]:
    """The first MAX_WARNINGS warnings, and how many more JSON would list."""
    if not warnings:
        return []
    out = ["", f"{counted(len(warnings), 'warning')}:"]
    out += [f"  {w}" for w in warnings[:MAX_WARNINGS]]
    if len(warnings) > MAX_WARNINGS:
        out.append(f"  ... and {len(warnings) - MAX_WARNINGS} more (--format json lists all)")
    return out


def listing(view: ListingView) -> str:
    """One row per component with its support data, then the reading warnings."""
    items = view.items
    rows = [
        [
            _cut(c.display_name),
            _cut(c.version, 24),
            _cut(c.supplier, 28),
            c.support_level.value if c.support_level else "-",
            c.end_of_support.isoformat() if c.end_of_support else "-",
            s.value,
            c.origin.element or "-",
        ]
        for c, s in items
    ]
    header = ("NAME", "VERSION", "SUPPLIER", "SUPPORT", "END OF SUPPORT", "STATUS", "ELEMENT")
    lines = [*table(header, rows), "", f"{counted(len(items), 'component')}"]
    return "\n".join(lines + _warnings(view.warnings)) + "\n"


def _percent(value: float | None) -> str:
    """A percentage for the text output; "-" when there is nothing to count."""
    return "-" if value is None else f"{value:.0f}%"


def _sbom(check: SbomCheck) -> list[str]:
    """One SBOM's check: completeness, what is missing, support ending or ended, conflicts."""
    done, doc = check.completeness, check.document
    present = dict(done.present)
    where = f"{check.element}: {doc.source}" if check.element else doc.source
    lines = [
        f"{where} ({doc.format.value} {doc.spec_version or ''})".rstrip(),
        f"  {done.count} components, {done.ntia_complete} with all NTIA minimum elements; "
        f"completeness {_percent(done.percent())} (NTIA {_percent(done.percent(NTIA_FIELDS))}, "
        f"FDA support {_percent(done.percent(FDA_FIELDS))})",
    ]
    if not done.has_author:
        lines.append("  missing: author of the SBOM data")
    if not done.has_timestamp:
        lines.append("  missing: timestamp")
    missing = [f"{f.value} {done.count - present[f]}" for f in Field if done.count - present[f]]
    if missing:
        lines.append("  components missing: " + ", ".join(missing))
    for c in check.with_status(SupportStatus.ENDED):
        why = f" — rationale: {c.support_rationale}" if c.support_rationale else " — NO RATIONALE"
        lines.append(
            plain(f"  past end of support: {c.label} ({c.end_of_support or c.support_level}){why}")
        )
    for c in check.with_status(SupportStatus.ENDING):
        lines.append(plain(f"  end of support soon: {c.label} ({c.end_of_support})"))
    for conflict in check.conflicts:
        kind = "duplicate" if conflict.duplicate else "conflicting versions"
        versions = ", ".join(v or "?" for v in conflict.versions)
        lines.append(plain(f"  {kind}: {conflict.name} {versions}"))
    if check.stale:
        lines.append(f"  stale: {check.stale}")
    return lines


def project_check(result: ProjectCheck) -> str:
    """Every SBOM's check, then unreadable SBOMs, elements without one and device-wide conflicts."""
    lines: list[str] = []
    for check in result.checks:
        lines += [*_sbom(check), ""]
    for element, path, problem in result.unreadable:
        lines.append(f"{element}: {path}: cannot be checked: {problem}")
    for element in result.without_sbom:
        lines.append(f"{element}: software element without an SBOM")
    for conflict in result.conflicts:
        versions = ", ".join(conflict.versions)
        lines.append(plain(f"device-wide: {conflict.name} in versions {versions}"))
    return "\n".join(lines + _warnings(result.warnings)).rstrip() + "\n"


def changes(view: ChangesView) -> str:
    """One row per added, removed, upgraded or downgraded component."""
    items = view.changes
    if not items:
        return "no component changes\n"
    rows = [
        [
            ch.change.value,
            element or "-",
            _cut(ch.name, 60),
            plain(ch.old_version or "-"),
            plain(ch.new_version or "-"),
            plain(ch.detail or ""),
        ]
        for element, ch in items
    ]
    return "\n".join(table(("CHANGE", "ELEMENT", "NAME", "OLD", "NEW", "DETAIL"), rows)) + "\n"


LS: Format[ListingView] = Format(
    "text", "text/plain", ".txt", "a table of components with support data", listing
)
CHECK: Format[ProjectCheck] = Format(
    "text", "text/plain", ".txt", "completeness and support gaps per SBOM", project_check
)
DIFF: Format[ChangesView] = Format("text", "text/plain", ".txt", "a table of changes", changes)
