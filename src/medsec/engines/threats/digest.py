"""Digests of what a sign-off covers, so a review can prove it saw the current state.

* :func:`architecture_digest`: boundaries, elements, flows and interfaces, architecture keys
  only: which SBOM describes an element (``sbom``), its prose (``description``) and its
  regulatory classification (``cra_scope``) are not architecture, so adding an SBOM path does
  not invalidate the threat and risk analysis.
  Reviews recorded before this rule carry :func:`legacy_architecture_digest` (with those
  keys); a recorded digest is accepted when it equals either (:func:`architecture_matches`).
  For a model without SBOM paths or descriptions the two are the same value;
* :func:`model_digest`: the whole design (architecture, data, use cases, controls, hazards,
  policy, parties), not the evidence (activities, reviews, pentests): what a release review
  signs off;
* :func:`register_digest`: the people's part of the threat register (decisions, controls,
  rationale, approver, dates, scores they set), one entry per threat id: not the generated
  facts, so a new medsec wording does not invalidate a review, but a new threat does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import MISSING, fields, is_dataclass, replace
from typing import Any

from medsec.domain.model import Project
from medsec.domain.threat import RegisterEntry

# element keys that are not architecture: which SBOM describes it, its prose, its CRA scope
NOT_ARCHITECTURE = {"sbom": (), "description": None, "cra_scope": None}
# Project fields that are evidence or derived facts, not the design a release review signs off
NOT_MODEL = frozenset(
    {
        "root",
        "activities",
        "reviews",
        "pentests",
        "pentest_targets",
        "hazard_links",
        "existing_files",
        "file_dates",
        "dpia",
        "dpia_screening",
        "policy_declared",
    }
)


def _plain(value: Any) -> Any:
    """Dataclasses, tuples and enums as plain JSON values, without source line numbers.

    Attributes added to the format later (``metadata={"digest": "when-set"}``) count only when
    they differ from their default, so upgrading medsec does not invalidate recorded reviews.
    """
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in fields(value)
            if f.name != "line"
            and not (f.metadata.get("digest") == "when-set" and getattr(value, f.name) == f.default)
        }
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "value"):
        return value.value
    return value


def _set_only(value: Any) -> dict[str, Any]:
    """A dataclass's fields that differ from their defaults (keys added later never count)."""
    out = {}
    for f in fields(value):
        current = getattr(value, f.name)
        default = f.default if f.default is not MISSING else None
        if f.name != "line" and current not in (default, (), None, ""):
            out[f.name] = _plain(current)
    return out


def _sha256(body: Any) -> str:
    """``sha256:`` and the hex digest of the canonical JSON of ``body``."""
    text = json.dumps(body, sort_keys=True, default=str, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _architecture(project: Project) -> str:
    """The digest of boundaries, elements, flows and interfaces as they are in ``project``."""
    return _sha256(
        {
            "boundaries": _plain(project.boundaries),
            "elements": _plain(project.elements),
            "flows": _plain(project.flows),
            "interfaces": _plain(project.interfaces),
        }
    )


def architecture_digest(project: Project) -> str:
    """sha256 over the architecture keys of boundaries, elements, flows and interfaces."""
    elements = tuple(replace(e, **NOT_ARCHITECTURE) for e in project.elements)  # type: ignore[arg-type]
    return _architecture(replace(project, elements=elements))


def legacy_architecture_digest(project: Project) -> str:
    """The digest reviews recorded before SBOM paths and descriptions were left out of it."""
    return _architecture(project)


def architecture_matches(recorded: str | None, project: Project) -> bool:
    """Whether a recorded architecture digest is that of today's architecture (either rule)."""
    if recorded is None:
        return False
    return recorded in (architecture_digest(project), legacy_architecture_digest(project))


def model_digest(project: Project) -> str:
    """sha256 over the design: every part of the model except evidence and derived facts."""
    return _sha256(
        {
            f.name: _plain(getattr(project, f.name))
            for f in fields(project)
            if f.name not in NOT_MODEL
        }
    )


def register_digest(entries: Iterable[RegisterEntry]) -> str:
    """sha256 over the people's part of each register entry (and which threats it holds)."""
    body = [
        {"id": e.threat.id, "obsolete": e.obsolete, "assessment": _set_only(e.assessment)}
        for e in sorted(entries, key=lambda e: e.threat.id)
    ]
    return _sha256(body)


__all__ = [
    "architecture_digest",
    "architecture_matches",
    "legacy_architecture_digest",
    "model_digest",
    "register_digest",
]
