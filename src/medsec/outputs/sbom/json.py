"""``medsec sbom ls / check / diff`` as JSON: stable keys, sorted, deterministic (docs/cli.md)."""

from __future__ import annotations

from typing import Any

from medsec.domain.component import Component, SupportStatus
from medsec.domain.errors import Diagnostic
from medsec.engines.sbom.check import ProjectCheck, SbomCheck
from medsec.engines.sbom.duplicates import VersionConflict
from medsec.engines.sbom.ntia import FDA_FIELDS, NTIA_FIELDS, Field
from medsec.outputs.json import dumps
from medsec.outputs.renderer import Format
from medsec.outputs.sbom.view import ChangesView, ListingView


def component(c: Component, status: SupportStatus) -> dict[str, Any]:
    """One component with its support data and where it was read, for scripts."""
    return {
        "name": c.display_name,
        "version": c.version,
        "purl": c.purl,
        "supplier": c.supplier,
        "support_level": c.support_level.value if c.support_level else None,
        "end_of_support": c.end_of_support.isoformat() if c.end_of_support else None,
        "support_status": status.value,
        "component_class": c.component_class.value if c.component_class else None,
        "support_rationale": c.support_rationale,
        "support_source": c.support_source,
        "cpes": list(c.cpes),
        "hashes": [{"alg": h.algorithm, "value": h.value} for h in c.hashes],
        "licenses": list(c.licenses),
        "type": c.type,
        "ref": c.ref,
        "parent": c.parent,
        "depends_on": list(c.depends_on),
        "element": c.origin.element,
        "source": c.origin.source,
        "location": c.origin.location,
    }


def warning(d: Diagnostic) -> dict[str, Any]:
    """A reading warning with its place, and as the text a person reads."""
    return {"path": d.path, "line": d.line, "field": d.field, "message": d.message, "text": str(d)}


def listing(view: ListingView) -> dict[str, Any]:
    """Every component listed, with its support status, and the reading warnings."""
    return {
        "components": [component(c, s) for c, s in view.items],
        "warnings": [warning(w) for w in view.warnings],
    }


def _round(value: float | None) -> float | None:
    """A percentage to one decimal, so the JSON does not drift with float noise."""
    return None if value is None else round(value, 1)


def conflict(c: VersionConflict) -> dict[str, Any]:
    """Components of one name found in different versions (or duplicated), and where."""
    return {
        "name": c.name,
        "key": c.key,
        "versions": list(c.versions),
        "duplicate": c.duplicate,
        "sources": list(c.sources),
    }


def sbom_check(check: SbomCheck) -> dict[str, Any]:
    """The check of one SBOM: completeness, missing fields, the FDA support table, conflicts."""
    doc, done = check.document, check.completeness
    statuses = dict(check.statuses)
    present = dict(done.present)
    return {
        "element": check.element,
        "source": doc.source,
        "format": doc.format.value,
        "spec_version": doc.spec_version,
        "created": doc.created.isoformat() if doc.created else None,
        "authors": list(doc.authors),
        "has_author": done.has_author,
        "has_timestamp": done.has_timestamp,
        "components": done.count,
        "ntia_complete": done.ntia_complete,
        "missing_support": done.missing_support,
        "completeness_percent": _round(done.percent()),
        "ntia_percent": _round(done.percent(NTIA_FIELDS)),
        "fda_percent": _round(done.percent(FDA_FIELDS)),
        "missing": {f.value: done.count - present[f] for f in Field},
        "incomplete": [
            {"ref": c.ref, "label": c.label, "missing": [f.value for f in c.missing]}
            for c in done.components
            if c.missing
        ],
        "support": [  # the FDA support table
            {
                "name": c.display_name,
                "version": c.version,
                "purl": c.purl,
                "support_level": c.support_level.value if c.support_level else None,
                "end_of_support": c.end_of_support.isoformat() if c.end_of_support else None,
                "status": statuses[c.ref].value,
                "class": c.component_class.value if c.component_class else None,
                "rationale": c.support_rationale,
                "source": c.support_source,
            }
            for c in doc.components
        ],
        "past_end_of_support": [c.label for c in check.with_status(SupportStatus.ENDED)],
        "past_end_without_rationale": [c.label for c in check.ended_without_rationale],
        "conflicts": [conflict(c) for c in check.conflicts],
        "stale": check.stale,
    }


def project_check(result: ProjectCheck) -> dict[str, Any]:
    """The checks of every SBOM, plus the unreadable ones and elements without an SBOM."""
    return {
        "sboms": [sbom_check(c) for c in result.checks],
        "unreadable": [{"element": e, "path": p, "problem": m} for e, p, m in result.unreadable],
        "without_sbom": list(result.without_sbom),
        "conflicts": [conflict(c) for c in result.conflicts],
        "warnings": [warning(w) for w in result.warnings],
    }


def changes(view: ChangesView) -> dict[str, Any]:
    """Every component change with its element."""
    return {
        "changes": [
            {
                "element": element,
                "change": ch.change.value,
                "name": ch.name,
                "key": ch.key,
                "old_version": ch.old_version,
                "new_version": ch.new_version,
                "detail": ch.detail,
            }
            for element, ch in view.changes
        ]
    }


LS: Format[ListingView] = Format(
    "json",
    "application/json",
    ".json",
    "every component with its support data, for scripts",
    lambda view: dumps(listing(view)),
)
CHECK: Format[ProjectCheck] = Format(
    "json",
    "application/json",
    ".json",
    "completeness and gaps per SBOM, for scripts",
    lambda result: dumps(project_check(result)),
)
DIFF: Format[ChangesView] = Format(
    "json",
    "application/json",
    ".json",
    "every change, for scripts",
    lambda view: dumps(changes(view)),
)
