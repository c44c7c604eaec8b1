"""SBOM use cases: list, check, diff, export, and the facts the ``sbom`` checklist item reads."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from medsec.domain.component import Component, SbomDocument, SupportRule, SupportStatus
from medsec.domain.device_sbom import DeviceSbom, ElementSbom
from medsec.domain.errors import Diagnostic, InputError
from medsec.domain.model import Project
from medsec.engines.compliance.context import SbomFact
from medsec.engines.sbom import duplicates, support
from medsec.engines.sbom.check import DeviceRelease, ProjectCheck, check_document
from medsec.engines.sbom.diff import ComponentChange, diff
from medsec.outputs.report.view import Section
from medsec.outputs.sbom import report_sections as report_sections_view
from medsec.project.loader import project_file
from medsec.services.sbom_inputs import (
    element_inputs,
    is_project,
    load,
    read_file,
    read_text_file,
    support_rules,
)
from medsec.sources.sbom import support as support_file


@dataclass(frozen=True)
class Listed:
    """One component with its support status as of the listing date."""

    component: Component
    status: SupportStatus


@dataclass(frozen=True)
class ListOptions:
    """What ``medsec sbom ls`` lists, and the filters it applies."""

    target: Path
    today: date
    element: str | None = None
    supplier: str | None = None
    status: SupportStatus | None = None
    support_file: Path | None = None  # support.yaml for a single SBOM file


@dataclass(frozen=True)
class ListResult:
    """The listed components and the warnings of reading their SBOMs."""

    components: tuple[Listed, ...]
    warnings: tuple[Diagnostic, ...]


def _documents(target: Path) -> tuple[list[SbomDocument], list[Diagnostic]]:
    """The SBOMs behind a FILE or PROJECT argument; unreadable files raise."""
    if is_project(target):
        inputs = element_inputs(load(target), strict=True)
        return (
            [i.result.document for i in inputs if i.result],
            [w for i in inputs if i.result for w in i.result.warnings],
        )
    result = read_file(target)
    return [result.document], list(result.warnings)


def list_components(options: ListOptions) -> ListResult:
    """The components of an SBOM or project that pass the filters, support rules applied."""
    documents, warnings = _documents(options.target)
    rules: tuple[SupportRule, ...] = ()
    if options.support_file is not None:
        rules = support_file.parse(
            read_text_file(options.support_file), source=str(options.support_file)
        )
    listed = []
    for document in documents:
        components = (
            support.apply_rules(document.components, rules, None) if rules else document.components
        )
        for c in components:
            if options.element and c.origin.element != options.element:
                continue
            if options.supplier and options.supplier.lower() not in (c.supplier or "").lower():
                continue
            state = support.status(c, options.today)
            if options.status and state is not options.status:
                continue
            listed.append(Listed(c, state))
    return ListResult(tuple(listed), tuple(warnings))


def _release(project: Project) -> DeviceRelease:
    """The device release an SBOM must not predate (by its date or its subject's version)."""
    device = project.device
    return DeviceRelease(device.name, device.version, device.major_version_date)


def check_file(path: Path, today: date) -> ProjectCheck:
    """NTIA/FDA check of one SBOM file, outside any project."""
    result = read_file(path)
    checked = check_document(result.document, element=None, today=today)
    return ProjectCheck((checked,), conflicts=checked.conflicts, warnings=result.warnings)


def check_project(project: Project, today: date) -> ProjectCheck:
    """NTIA/FDA check of every SBOM of a project, with unreadable ones and missing SBOMs."""
    inputs = element_inputs(project)
    release = _release(project)
    checks = tuple(
        check_document(i.result.document, element=i.element.id, today=today, device=release)
        for i in inputs
        if i.result
    )
    everything = [c for check in checks for c in check.document.components]
    return ProjectCheck(
        checks=checks,
        unreadable=tuple(
            (i.element.id, i.path, i.problem or "") for i in inputs if i.result is None
        ),
        without_sbom=tuple(e.id for e in project.elements if e.is_software and not e.sbom),
        conflicts=tuple(c for c in duplicates.find(everything) if not c.duplicate),
        warnings=tuple(w for i in inputs if i.result for w in i.result.warnings),
    )


def check(target: Path, today: date) -> ProjectCheck:
    """Check a project folder (or medsec.yaml) or a single SBOM file.

    A missing or unreadable SBOM is bad input (``InputError`` naming each one), not a gap:
    the command cannot say anything about components it could not read.
    """
    if not is_project(target):
        return check_file(target, today)
    project = load(target)
    result = check_project(project, today)
    if result.unreadable:
        raise InputError(sbom_problems(project, only={path for _, path, _ in result.unreadable}))
    return result


def sbom_problems(project: Project, only: Collection[str] | None = None) -> list[Diagnostic]:
    """Each SBOM of a software element that is missing or cannot be read, as located problems.

    ``only``: the SBOM paths (as written in medsec.yaml) to look at; all of them when ``None``.
    """
    base = Path(project.root)
    manifest = str(project_file(base))
    problems: list[Diagnostic] = []
    read: set[str] = set()  # an SBOM two elements share is read once
    for element in project.elements:
        if not element.is_software:
            continue
        for rel in element.sbom:
            if only is not None and rel not in only:
                continue
            if not (base / rel).exists():
                problems.append(
                    Diagnostic(
                        manifest,
                        f"SBOM file '{rel}' of element '{element.id}' not found",
                        line=element.line,
                        field=f"elements[{element.id}].sbom",
                        hint=f"paths are relative to {base}; correct the path or add the file",
                    )
                )
                continue
            if rel in read:
                continue
            read.add(rel)
            try:
                read_file(base / rel, display=str(base / rel))
            except InputError as error:
                problems.extend(error.problems)
    return problems


def report_sections(project: Project, today: date) -> tuple[Section, ...]:
    """The SBOM completeness and FDA support tables, and the blanket support claims."""
    from medsec.outputs.report.signoff import blanket_claims

    result = check_project(project, today)
    decided = {
        (check.document.source, c.ref): c
        for check in result.checks
        for c in check.document.components
    }
    claims = support.blanket_claims(support_rules(Path(project.root)), list(decided.values()))
    return (*report_sections_view.sections(result), blanket_claims(claims))


def _entry_of(component: Component, rules: dict[str, SupportRule]) -> str:
    """The support.yaml entry that decides a component, by its name or purl ("" : none)."""
    rule = rules.get(component.support_source or "")
    return rule.selector if rule is not None else ""


def _classes(components: Sequence[Component]) -> tuple[tuple[str, int], ...]:
    """Components per IEC 81001-5-1 class ("": not stated), for not-applicable decisions."""
    counts = Counter(c.component_class.value if c.component_class else "" for c in components)
    return tuple(sorted(counts.items()))


def _subject(doc: SbomDocument, rules: dict[str, SupportRule], element: str) -> Component | None:
    """The product an SBOM describes, with the first support.yaml rule matching it applied."""
    if doc.subject is None:
        return None
    return support.apply_rules((doc.subject,), tuple(rules.values()), element)[0]


def sbom_facts(project: Project, today: date) -> tuple[SbomFact, ...]:
    """One fact per (software element, SBOM path) for the ``sbom`` checklist item."""
    rules = {r.location: r for r in support_rules(Path(project.root))}
    facts = []
    for item in element_inputs(project):
        if item.result is None:
            facts.append(SbomFact(item.element.id, item.path, item.exists, problem=item.problem))
            continue
        checked = check_document(item.result.document, element=item.element.id, today=today)
        completeness = checked.completeness
        product = _subject(item.result.document, rules, item.element.id)
        facts.append(
            SbomFact(
                element=item.element.id,
                path=item.path,
                exists=True,
                components=completeness.count,
                complete_components=completeness.ntia_complete,
                missing_support=completeness.missing_support,
                past_end_of_support=tuple(c.label for c in checked.ended_without_rationale),
                past_end_entries=tuple(
                    _entry_of(c, rules) for c in checked.ended_without_rationale
                ),
                incomplete=tuple(c for c in completeness.components if c.missing),
                classes=_classes(item.result.document.components),
                product=product.label if product else None,
                product_end_of_support=product.end_of_support if product else None,
                product_support_entry=_entry_of(product, rules) if product else "",
            )
        )
    return tuple(facts)


@dataclass(frozen=True)
class DiffResult:
    """The component changes between two SBOMs or releases."""

    changes: tuple[tuple[str | None, ComponentChange], ...]  # (element, change)


def _by_element(target: Path) -> dict[str | None, list[Component]]:
    """Components of a file (under None) or of each element of a project."""
    if not is_project(target):
        return {None: list(read_file(target).document.components)}
    out: dict[str | None, list[Component]] = {}
    for item in element_inputs(load(target), strict=True):
        if item.result:
            out.setdefault(item.element.id, []).extend(item.result.document.components)
    return out


def diff_targets(old: Path, new: Path) -> DiffResult:
    """Component changes per element between two projects, or across all when a side is a file."""
    before, after = _by_element(old), _by_element(new)
    if list(before) == [None] or list(after) == [None]:  # a file on either side: compare all
        flat_old = [c for cs in before.values() for c in cs]
        flat_new = [c for cs in after.values() for c in cs]
        return DiffResult(tuple((None, change) for change in diff(flat_old, flat_new)))
    changes: list[tuple[str | None, ComponentChange]] = []
    for element in sorted(before.keys() | after.keys(), key=str):
        changes.extend(
            (element, ch) for ch in diff(before.get(element, []), after.get(element, []))
        )
    return DiffResult(tuple(changes))


def _element_sbom(element_id: str, name: str, documents: Iterable[SbomDocument]) -> ElementSbom:
    """Merge an element's SBOMs into one, refs prefixed per document so they never collide."""
    components: list[Component] = []
    roots: list[str] = []
    sources = []
    version, kind = None, "application"
    for document in documents:
        sources.append(document.source)
        prefix = f"{element_id}:{len(sources)}:"
        if document.subject is not None:
            version = version or document.subject.version
            kind = document.subject.type or kind
        refs = {c.ref for c in document.components}
        targets = {d for c in document.components for d in c.depends_on} | {
            c.parent for c in document.components if c.parent
        }
        subject_deps = document.subject.depends_on if document.subject else ()
        for c in document.components:
            components.append(
                replace(
                    c,
                    ref=prefix + c.ref,
                    depends_on=tuple(prefix + d for d in c.depends_on if d in refs),
                    parent=prefix + c.parent if c.parent in refs else None,
                )
            )
            if (c.ref in subject_deps) or (not subject_deps and c.ref not in targets):
                roots.append(prefix + c.ref)
    return ElementSbom(
        element_id, name, tuple(components), tuple(roots), version, kind, tuple(sources)
    )


def device_sbom(project: Project, created: datetime) -> DeviceSbom:
    """The device SBOM: each element's SBOMs merged into one entry (an unreadable SBOM raises)."""
    inputs = element_inputs(project, strict=True)
    elements = []
    for element in project.elements:
        docs = [i.result.document for i in inputs if i.element.id == element.id and i.result]
        if docs:
            elements.append(_element_sbom(element.id, element.name, docs))
    device = project.device
    return DeviceSbom(
        device.id, device.name, device.version, device.manufacturer, created, tuple(elements)
    )


def export(target: Path, created: datetime) -> DeviceSbom:
    """The device SBOM of a project folder, ready for any export format (the CLI picks one)."""
    if not is_project(target):
        raise InputError.single(str(target), "export needs a project folder (with medsec.yaml)")
    return device_sbom(load(target), created)
