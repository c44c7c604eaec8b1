"""Use case: build the documents of ``medsec docs`` from the project's evidence, with revisions.

One ``medsec check`` evaluation feeds every document built in one call (``--all`` judges the
project once). The answers under ``documents/`` are read and validated against the questions
every registered document declares. Each document's revision comes from its history in
``records/documents/``: unchanged inputs and content keep the revision and its date (so a
rebuild is byte-identical), anything else appends a revision that lists what changed.
"""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from medsec import __version__
from medsec.domain.document import Answers, Document, DocumentHeader, Section
from medsec.domain.errors import UsageError
from medsec.domain.paths import (
    PENTESTS_DIR,
    PROJECT_FILE,
    PUBLISHED_VEX_DIR,
    REGISTER_FILE,
    SCANS_DIR,
    SUPPORT_FILE,
    SURFACE_DIR,
    VEX_DIR,
    VULNERABILITIES_FILE,
)
from medsec.engines.compliance.context import CheckContext
from medsec.outputs.documents.common import approvals
from medsec.outputs.documents.json import section_dict
from medsec.outputs.documents.registry import DOCUMENTS, questions
from medsec.outputs.documents.spec import DocumentInputs, DocumentSpec
from medsec.outputs.json import dumps
from medsec.outputs.report.figure import SvgDrawer
from medsec.project.answers import ANSWERS_DIR, load_answers
from medsec.project.document_records import Revision, append_revision, load_revisions
from medsec.project.loader import project_file
from medsec.services.check import CheckOptions, CheckResult
from medsec.services.check import run as run_check

_WALKED = (SCANS_DIR, SURFACE_DIR, VEX_DIR, PENTESTS_DIR, PUBLISHED_VEX_DIR, ANSWERS_DIR)
_FILES = (PROJECT_FILE, REGISTER_FILE, VULNERABILITIES_FILE, SUPPORT_FILE)


@dataclass(frozen=True)
class DocsOptions:
    """What ``medsec docs build`` builds: a project as of a date, and how diagrams are drawn."""

    root: Path
    today: date
    draw_svg: SvgDrawer
    record: bool = True  # append new revisions to records/documents/


@dataclass(frozen=True)
class BuiltDocument:
    """A document as built, or why it does not apply to the project (``--all`` lists it)."""

    id: str
    document: Document | None
    not_applicable: str | None = None
    new_revision: bool = False
    unrecorded: Revision | None = None  # a new revision built with ``record=False``


def spec_of(doc_id: str) -> DocumentSpec:
    """The document called ``doc_id``; a usage error listing the ids when there is none."""
    if doc_id not in DOCUMENTS:
        known = ", ".join(DOCUMENTS)
        raise UsageError(
            f"--doc: no document '{doc_id}' (documents: {known}; see 'medsec docs list')"
        )
    return DOCUMENTS[doc_id]


def read_answers(root: Path) -> Answers:
    """The project's answers, validated against every document's questions."""
    return load_answers(root, questions())


def build(
    options: DocsOptions,
    ids: Sequence[str],
    *,
    applicable_only: bool = False,
    checked: CheckResult | None = None,
) -> list[BuiltDocument]:
    """Build the documents ``ids`` (one check for all, or ``checked`` when the caller ran it)."""
    specs = [spec_of(i) for i in ids]
    result = checked or run_check(CheckOptions(options.root, options.today))
    answers = read_answers(options.root)
    ctx = result.context
    base = project_file(options.root).parent
    inputs = DocumentInputs(result.checklist, ctx, answers, options.draw_svg)
    files = input_digests(base, ctx)
    built = []
    for spec in specs:
        reason = spec.applies(ctx)
        if reason is not None and applicable_only:
            built.append(BuiltDocument(spec.meta.id, None, reason))
            continue
        built.append(_revised(base, spec, spec.sections(inputs), files, inputs, options))
    return built


def input_digests(base: Path, ctx: CheckContext) -> dict[str, str]:
    """sha256 of every project file a document rests on, by project-relative path."""
    names = {f for f in _FILES if (base / f).exists()}
    names |= {p for e in ctx.project.elements for p in e.sbom}
    names |= {e.path for e in ctx.evidence}
    for folder in _WALKED:
        top = base / folder
        if top.is_dir():
            names |= {p.relative_to(base).as_posix() for p in top.rglob("*") if not p.is_dir()}
    return {name: _digest(base / name) for name in sorted(names)}


def _digest(path: Path) -> str:
    """sha256 of a regular file's bytes; what else is there is named, not read."""
    try:
        info = path.stat()
    except OSError:
        return "missing"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _sha(text: str) -> str:
    """``sha256:`` and the hex digest of ``text``."""
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def _revised(
    base: Path,
    spec: DocumentSpec,
    sections: tuple[Section, ...],
    files: dict[str, str],
    inputs: DocumentInputs,
    options: DocsOptions,
) -> BuiltDocument:
    """The document with its revision: the last one if nothing changed, else a new one."""
    doc_id = spec.meta.id
    inputs_digest = _sha("".join(f"{p}\x1f{d}\n" for p, d in files.items()))
    bodies = [section_dict(s) for s in sections]
    content = _sha(dumps(bodies))
    digests = {s.id: _sha(dumps(body)) for s, body in zip(sections, bodies, strict=True)}
    statuses = {s.id: s.status.value for s in sections}
    history = load_revisions(base, doc_id)
    last = history[-1] if history else None
    changes: tuple[str, ...] = ()
    new = last is None or (last.inputs_digest, last.content_digest) != (inputs_digest, content)
    if new:
        number = last.number + 1 if last else 1
        revision = Revision(
            number,
            options.today,
            inputs_digest,
            content,
            files,
            statuses,
            __version__,
            section_digests=digests,
        )
        if options.record:
            append_revision(base, doc_id, history, revision)
    else:
        assert last is not None
        revision = last
    previous = last if new else (history[-2] if len(history) > 1 else None)
    if previous is not None:
        changes = what_changed(previous, revision, sections)
    document = _document(spec, sections, revision, inputs, changes)
    unrecorded = revision if new and not options.record else None
    return BuiltDocument(doc_id, document, new_revision=new, unrecorded=unrecorded)


def record_revisions(root: Path, built: Sequence[BuiltDocument]) -> None:
    """Append the new revisions of documents built with ``record=False`` to records/documents/,
    once what was built has been written (a failed build records nothing)."""
    base = project_file(root).parent
    for b in built:
        if b.unrecorded is not None:
            append_revision(base, b.id, load_revisions(base, b.id), b.unrecorded)


def what_changed(
    previous: Revision, now: Revision, sections: tuple[Section, ...]
) -> tuple[str, ...]:
    """Input files added, removed or changed, sections whose status moved, and sections whose
    content changed with the same status, since ``previous``."""
    files = now.inputs
    out = [f"added: {p}" for p in files if p not in previous.inputs]
    out += [f"removed: {p}" for p in previous.inputs if p not in files]
    out += [f"changed: {p}" for p, d in files.items() if previous.inputs.get(p, d) != d]
    out += _section_changes(previous, now, sections)
    if previous.generator != now.generator:
        out.append(
            f"built by medsec {now.generator} (the previous revision: {previous.generator or 'unknown'})"
        )
    if not out:
        out.append(
            "the content changed with the same inputs and the same medsec version "
            f"{now.generator or '(unknown)'}; the previous revision records no per-section "
            "digests to say where"
        )
    return tuple(out)


def _section_changes(previous: Revision, now: Revision, sections: tuple[Section, ...]) -> list[str]:
    """Sections whose status moved, then those whose content alone changed (when both
    revisions record per-section digests)."""
    out = []
    old, new = previous.section_digests, now.section_digests
    moved = set() if old is None or new is None else {k for k in new if old.get(k) != new[k]}
    for s in sections:
        before = previous.sections.get(s.id)
        if before != s.status.value:
            out.append(f"section '{s.title}': {before or 'new'} → {s.status.value}")
        elif s.id in moved:
            out.append(f"section '{s.title}': content changed (same status, {before})")
    return out


def _document(
    spec: DocumentSpec,
    sections: tuple[Section, ...],
    revision: Revision,
    inputs: DocumentInputs,
    changes: tuple[str, ...],
) -> Document:
    """The document model: header from the project and the revision, sections, approvals."""
    device = inputs.ctx.project.device
    header = DocumentHeader(
        id=spec.meta.id,
        title=spec.meta.title,
        frameworks=spec.meta.frameworks,
        device=device.name,
        device_version=device.version,
        manufacturer=device.manufacturer,
        architecture_digest=inputs.ctx.architecture_digest,
        revision=revision.number,
        date=revision.date,
        inputs_digest=revision.inputs_digest,
    )
    return Document(header, sections, changes, approvals(inputs.answers))
