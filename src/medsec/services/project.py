"""Use cases on the project file itself: validate, schema, init, record a review."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from medsec.domain.checklist import ItemId
from medsec.domain.errors import Diagnostic, InputError, UsageError
from medsec.domain.model import Project
from medsec.domain.paths import PROJECT_FILE, SUPPORT_FILE
from medsec.domain.pentest import EngagementFindings
from medsec.engines.privacy.transfers import warnings as transfer_warnings
from medsec.engines.signoff import RELEASE_REVIEW
from medsec.project.atomic import write_atomic
from medsec.project.findings_file import check_links, findings_path, load_findings
from medsec.project.loader import load_project, project_file
from medsec.project.register_file import load_register, register_path
from medsec.project.scaffold import scaffold
from medsec.project.schema import ProjectModel
from medsec.project.suggest import did_you_mean
from medsec.project.vulnerabilities_file import Assessments, load_assessments, vulnerabilities_path
from medsec.project.yamlfile import load_yaml, round_trip_yaml
from medsec.services.sbom import sbom_problems
from medsec.services.sbom_inputs import support_rules


@dataclass(frozen=True)
class Validated:
    """A project whose files all read, with the checked files and what is worth a note."""

    project: Project
    checked: tuple[str, ...]  # the files read besides medsec.yaml, as the user would name them
    notes: tuple[str, ...]  # not wrong, but worth knowing (missing evidence, soft problems)


@dataclass
class _Findings:
    """What the file checks found so far: problems fail validation, notes do not."""

    problems: list[Diagnostic] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def read(self, path: Path, load: Callable[[], object]) -> object:
        """Run one loader; its problems are kept, a file that exists is counted as checked."""
        if path.exists():
            self.checked.append(str(path))
        try:
            return load()
        except InputError as error:
            self.problems.extend(error.problems)
            return None


def validate(root: Path, today: date | None = None) -> Validated:
    """Load medsec.yaml, then every file it refers to; all their problems in one InputError.

    The SBOMs (they must exist and be readable), threats.yaml, vulnerabilities.yaml,
    support.yaml and each engagement's findings.yaml are read with the loaders every command
    uses. Evidence files that do not exist yet are notes: ``check`` counts them as gaps.
    """
    project = load_project(root)
    base = Path(project.root)
    found = _Findings()
    _check_sboms(project, found)
    found.read(base / SUPPORT_FILE, lambda: support_rules(base))
    found.read(register_path(base), lambda: load_register(base))
    hazards = {h.id for h in project.hazards}
    loaded = found.read(
        vulnerabilities_path(base),
        lambda: load_assessments(
            base, hazards=hazards, today=today, elements={e.id for e in project.elements}
        ),
    )
    if isinstance(loaded, Assessments):
        found.notes.extend(str(p) for p in loaded.problems)
    _check_findings(project, base, found)
    found.notes.extend(_missing_evidence(project))
    found.notes.extend(str(w) for w in transfer_warnings(project))  # intra-EU mechanisms
    if found.problems:
        raise InputError(found.problems)
    return Validated(project, tuple(dict.fromkeys(found.checked)), tuple(found.notes))


def _check_sboms(project: Project, found: _Findings) -> None:
    """Every SBOM of a software element exists and reads (the SBOM registry sniffs and parses)."""
    base = Path(project.root)
    found.problems.extend(sbom_problems(project))
    found.checked.extend(
        str(base / rel)
        for e in project.elements
        if e.is_software
        for rel in e.sbom
        if (base / rel).is_file()
    )


def _check_findings(project: Project, base: Path, found: _Findings) -> None:
    """Each declared engagement's findings.yaml reads, and links only to known controls."""
    controls = [c.id for c in project.controls]
    for pentest in project.pentests:
        path = findings_path(base, pentest.id)
        kept = found.read(path, partial(load_findings, base, pentest.id))
        if isinstance(kept, EngagementFindings):
            found.problems.extend(check_links(kept, str(path), controls))


def _missing_evidence(project: Project) -> list[str]:
    """Evidence, pentest reports and DPIA files medsec.yaml names that do not exist (yet)."""
    named: list[tuple[str, str]] = [
        (a.evidence, f"evidence of activity '{a.activity.value}'")
        for a in project.activities
        if a.evidence
    ]
    named += [(r, f"report of pentest '{p.id}'") for p in project.pentests for r in p.reports]
    gdpr = ((project.dpia, "gdpr.dpia"), (project.dpia_screening, "gdpr.dpia_screening"))
    named += [(rel, key) for rel, key in gdpr if rel]
    manifest = project_file(Path(project.root))
    return [
        f"{manifest}: {label}: '{rel}' not found (medsec check counts it as a gap)"
        for rel, label in dict.fromkeys(named)
        if rel not in project.existing_files
    ]


def json_schema() -> str:
    """The JSON Schema of medsec.yaml, stable text for editors and CI."""
    schema = ProjectModel.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"medsec project ({PROJECT_FILE}, format medsec/1)"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def init(folder: Path, *, name: str, force: bool = False) -> Path:
    """Write a commented medsec.yaml to start from; never overwrite one unless ``force``."""
    target = folder / PROJECT_FILE
    if target.exists() and not force:
        raise UsageError(f"{target} already exists (use --force to overwrite)")
    write_atomic(target, scaffold(name))
    return target


@dataclass(frozen=True)
class ReviewOptions:
    """Who signed off which checklist item, and when."""

    root: Path
    item: str
    by: str
    today: date


def record_review(options: ReviewOptions) -> str:
    """Append a signed-off review to ``medsec.yaml`` with digests of what it covers.

    The item is a checklist item or ``release-review``; every review records the digests of
    the architecture, the model, the threat register and the SBOM files as they are now, so a
    later change of what it covers makes it stale. Returns the architecture digest.
    """
    from medsec.services.digests import current_digests
    from medsec.services.threats import analyse

    known = [*(i.value for i in ItemId), RELEASE_REVIEW]
    if options.item not in known:
        hint = did_you_mean(options.item, known) or f"one of {', '.join(known)}"
        raise UsageError(f"unknown checklist item '{options.item}' ({hint})")
    project = load_project(options.root)  # validates everything first
    path = project_file(options.root)
    display = str(path)
    data = load_yaml(path, display, round_trip=True).data
    threats = analyse(project, options.root, options.today).threats
    digests = current_digests(path.parent, project, threats)
    entry = CommentedMap(
        [
            ("item", options.item),
            ("date", options.today),
            ("by", options.by),
            ("architecture_digest", digests.architecture),
            ("model_digest", digests.model),
            ("register_digest", digests.register),
            ("sbom_digest", digests.sboms),
        ]
    )
    reviews = data.get("reviews")
    if reviews is None:
        data["reviews"] = CommentedSeq([entry])
    elif isinstance(reviews, list):
        reviews.append(entry)
    else:
        raise InputError.single(display, "reviews must be a list", field="reviews")
    stream = io.StringIO()
    round_trip_yaml().dump(data, stream)
    write_atomic(project_file(options.root), stream.getvalue())
    return digests.architecture
