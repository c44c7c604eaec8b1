"""Every path a project names stays inside the project folder (issue 12 #11).

A project file is input like any other: a shared or downloaded project could name
``/etc/passwd`` or ``../../home/you/.ssh/id_rsa`` as an SBOM or as evidence, and ``sbom ls``
or the report would read it and print parts of it. So each path medsec.yaml names (SBOMs,
evidence, pentest reports, DPIA) is resolved, symbolic links included, and must land inside the
project folder. Whoever really keeps files elsewhere says so for one command with
``--allow-outside``, which the CLI turns into :func:`outside_allowed` around that command.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path, PureWindowsPath

from medsec.domain.errors import Diagnostic
from medsec.project.schema import ProjectModel
from medsec.project.yamlfile import LineMap, line_of

Loc = tuple[str | int, ...]
_ALLOWED: ContextVar[bool] = ContextVar("medsec_paths_outside_allowed", default=False)
HINT = "keep the file inside the project folder, or pass --allow-outside if it must live elsewhere"


@contextmanager
def outside_allowed(allowed: bool = True) -> Iterator[None]:
    """Within the block, paths outside the project are accepted (the user asked for it)."""
    token = _ALLOWED.set(allowed)
    try:
        yield
    finally:
        _ALLOWED.reset(token)


def named_paths(model: ProjectModel) -> Iterator[tuple[Loc, str]]:
    """Every file path medsec.yaml names, with where it is named."""
    for i, element in enumerate(model.elements):
        for j, sbom in enumerate(element.sbom):
            yield ("elements", i, "sbom", j), sbom
    for i, activity in enumerate(model.activities):
        if activity.evidence:
            yield ("activities", i, "evidence"), activity.evidence
    for i, pentest in enumerate(model.pentests):
        for j, report in enumerate(pentest.reports):
            yield ("pentests", i, "reports", j), report
    for key in ("dpia", "dpia_screening"):
        value = getattr(model.gdpr, key)
        if value:
            yield ("gdpr", key), value


def outside_paths(
    model: ProjectModel, lines: LineMap, display: str, base: Path
) -> list[Diagnostic]:
    """A located problem for each named path that leaves ``base`` (none when allowed)."""
    if _ALLOWED.get():
        return []
    from medsec.project.validation import field_path

    root = base.resolve()
    problems = []
    for loc, named in named_paths(model):
        reason = escape_reason(root, named)
        if reason is not None:
            problems.append(
                Diagnostic(
                    display, reason, line=line_of(lines, loc), field=field_path(loc), hint=HINT
                )
            )
    return problems


def escape_reason(root: Path, named: str) -> str | None:
    """Why ``named`` (relative to the resolved ``root``) leaves it, or None when it stays in."""
    if Path(named).is_absolute() or PureWindowsPath(named).is_absolute() or named.startswith("~"):
        return f"'{named}' is an absolute path: project files are named relative to the project"
    try:
        resolved = (root / named).resolve()
    except (OSError, RuntimeError):  # a symbolic-link loop
        return f"'{named}' cannot be resolved (a symbolic-link loop?)"
    if resolved.is_relative_to(root):
        return None
    if (root / named).is_symlink() or _through_link(root, named):
        return f"'{named}' is a symbolic link to {resolved}, outside the project folder"
    return f"'{named}' is outside the project folder"


def _through_link(root: Path, named: str) -> bool:
    """Whether a folder on the way to ``named`` is a symbolic link."""
    current = root
    for part in Path(named).parts[:-1]:
        current = current / part
        if current.is_symlink():
            return True
    return False
