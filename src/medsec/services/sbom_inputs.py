"""Reading SBOM files from disk: size limit before reading, companion files, project layout."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from medsec.domain.component import SbomResult, SupportRule
from medsec.domain.errors import InputError
from medsec.domain.model import Element, Project
from medsec.domain.paths import PROJECT_FILE, SUPPORT_FILE
from medsec.engines.sbom import support
from medsec.project.loader import load_project
from medsec.sources.sbom import registry
from medsec.sources.sbom import support as support_file
from medsec.sources.sbom.limits import DEFAULT_MAX_BYTES, SIZE_HINT
from medsec.untrusted.files import read_input

MAX_BYTES_ENV = "MEDSEC_SBOM_MAX_BYTES"


def max_bytes_default() -> int:
    """The SBOM size limit: MEDSEC_SBOM_MAX_BYTES when set to a number, else the default."""
    raw = os.environ.get(MAX_BYTES_ENV)
    return int(raw) if raw and raw.isdigit() else DEFAULT_MAX_BYTES


def read_file(
    path: Path, *, display: str | None = None, max_bytes: int | None = None
) -> SbomResult:
    """Read and parse one SBOM through the bounded reader (a regular file, size enforced)."""
    shown = display or str(path)
    limit = max_bytes if max_bytes is not None else max_bytes_default()
    if path.is_dir():
        raise InputError.single(shown, "is a folder, not an SBOM file")
    data = _read_sbom(path, shown, limit)
    folder = path.resolve().parent

    def companion(name: str) -> bytes | None:
        """A file beside the SBOM that its format refers to; None outside the folder or absent."""
        target = (folder / name).resolve()
        if not target.is_relative_to(folder) or not target.is_file():
            return None
        return _read_sbom(target, f"{shown}: {name}", limit)

    return registry.read(data, source=shown, max_bytes=limit, companions=companion)


def _read_sbom(path: Path, shown: str, limit: int) -> bytes:
    """An SBOM file's bytes through the bounded reader (regular files only, size enforced)."""
    return read_input(path, max_bytes=limit, display=shown, what="SBOM files", hint=SIZE_HINT)


def is_project(target: Path) -> bool:
    """True when the target is a project (a folder or medsec.yaml), not an SBOM file."""
    return target.is_dir() or target.name == PROJECT_FILE


def load(target: Path) -> Project:
    """Load the project a target names."""
    return load_project(target)


def read_text_file(path: Path) -> bytes:
    """A small decision file (support.yaml): located error instead of a traceback."""
    return read_input(path, max_bytes=support_file.MAX_BYTES, what="support files")


def support_rules(root: Path) -> tuple[SupportRule, ...]:
    """The project's support.yaml rules; none when the file is absent."""
    path = root / SUPPORT_FILE
    if not path.is_file():
        return ()
    return support_file.parse(read_text_file(path), source=SUPPORT_FILE)


@dataclass(frozen=True)
class ElementInput:
    """One SBOM file of one element: its result, or why it could not be read."""

    element: Element
    path: str  # as written in medsec.yaml
    result: SbomResult | None
    exists: bool
    problem: str | None = None


def project_root(project: Project) -> Path:
    """The folder that SBOM paths in medsec.yaml are relative to."""
    return Path(project.root)


def _tag(result: SbomResult, element: str, rules: tuple[SupportRule, ...]) -> SbomResult:
    """Apply support rules and mark every component with the element it belongs to."""
    doc = result.document
    tagged = tuple(
        replace(c, origin=replace(c.origin, element=element))
        for c in support.apply_rules(doc.components, rules, element)
    )
    return replace(result, document=replace(doc, components=tagged))


def element_inputs(project: Project, *, strict: bool = False) -> tuple[ElementInput, ...]:
    """Every SBOM of every software element; ``strict`` raises on the first unreadable one."""
    root = project_root(project)
    rules = support_rules(root)
    out = []
    for element in project.elements:
        if not element.is_software:
            continue
        for rel in element.sbom:
            path = root / rel
            if not path.exists():
                if strict:
                    raise InputError.single(rel, f"SBOM of element '{element.id}' not found")
                out.append(ElementInput(element, rel, None, False, "file not found"))
                continue
            try:
                result = read_file(path, display=rel)
            except InputError as error:
                if strict:
                    raise
                out.append(ElementInput(element, rel, None, True, error.diagnostics()))
                continue
            out.append(ElementInput(element, rel, _tag(result, element.id, rules), True))
    return tuple(out)
