"""Use case: register the project repositories the team server reads and writes back to.

A registered repository is a git working tree on the server, the folder of ``medsec.yaml``
inside it, the branch changes made in the web UI are committed to (the checked-out one) and the
glob over tag names that marks released versions. Registering checks all of it (a git working
tree, a project that loads cleanly, the branch checked out) so the server never meets a
repository it cannot use.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, delete, insert, or_, select
from sqlalchemy.engine import RowMapping

from medsec.domain.errors import UsageError
from medsec.project import git
from medsec.project.loader import load_project
from medsec.storage.server_schema import (
    api_tokens,
    release_scans,
    release_summaries,
    repositories,
)

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
DEFAULT_PATTERN = "v*"


@dataclass(frozen=True, slots=True)
class Repository:
    """A registered repository (a row of ``repositories``)."""

    id: int
    name: str
    path: str  # the git working tree on the server
    project_dir: str  # folder of medsec.yaml inside it, "." for the top
    branch: str
    release_pattern: str
    added_at: dt.datetime

    @property
    def root(self) -> Path:
        """The working tree's folder."""
        return Path(self.path)

    @property
    def project(self) -> Path:
        """The project folder in the working tree (the current state of the branch)."""
        return Path(self.path) / self.project_dir


def _row(row: RowMapping) -> Repository:
    """A Repository from a table row."""
    added = row["added_at"]
    if added.tzinfo is None:  # SQLite gives naive datetimes back
        added = added.replace(tzinfo=dt.UTC)
    return Repository(
        id=row["id"],
        name=row["name"],
        path=row["path"],
        project_dir=row["project_dir"],
        branch=row["branch"],
        release_pattern=row["release_pattern"],
        added_at=added,
    )


def _locate(path: Path, project_dir: str) -> tuple[Path, str]:
    """The working tree's top and the project folder relative to it (a subfolder path works)."""
    given = Path(path).expanduser().resolve()
    top = git.toplevel(given)
    inner = given.relative_to(top.resolve()) / project_dir if given != top.resolve() else None
    rel = Path(project_dir) if inner is None else inner
    clean = rel.as_posix().strip("/") or "."
    parts = Path(clean).parts
    if Path(project_dir).is_absolute() or ".." in parts or ".git" in parts:
        msg = f"--project-dir '{project_dir}' must be a folder inside the repository {top}"
        raise UsageError(msg)
    return top, "/".join(p for p in parts if p != ".") or "."


def _check_project(top: Path, project_dir: str) -> None:
    """The project folder has a medsec.yaml that loads cleanly (InputError with each problem)."""
    folder = top / project_dir
    if not (folder / "medsec.yaml").is_file():
        msg = (
            f"{folder} has no medsec.yaml: name the project folder inside the repository with "
            "--project-dir (or run 'medsec init' there and commit it)"
        )
        raise UsageError(msg)
    load_project(folder)


def _branch(top: Path, branch: str | None) -> str:
    """The branch UI changes go to: the checked-out one, which ``branch`` must name if given."""
    checked_out = git.current_branch(top)
    if checked_out is None:
        msg = f"{top} has a detached HEAD: check out the branch changes should go to (git switch)"
        raise git.GitError("wrong-branch", msg)
    if branch is not None and branch != checked_out:
        msg = (
            f"{top} has '{checked_out}' checked out, not '{branch}': check out '{branch}' "
            f"(git switch {branch}) or register with --branch {checked_out}"
        )
        raise git.GitError("wrong-branch", msg)
    return checked_out


def _check_pattern(pattern: str) -> str:
    """A tag glob: not empty, one line."""
    if not pattern.strip() or "\n" in pattern or len(pattern) > 200:
        raise UsageError(f"--release-pattern '{pattern}' must be a glob over tag names, e.g. 'v*'")
    return pattern.strip()


def add_repository(
    engine: Engine,
    path: Path,
    name: str | None = None,
    project_dir: str = ".",
    branch: str | None = None,
    release_pattern: str = DEFAULT_PATTERN,
) -> Repository:
    """Register the project repository at ``path`` after checking it can be used.

    ``path`` may be the working tree's top or the project folder inside it; ``name`` defaults
    to the project folder's name. Refuses an unknown name pattern, a name or project already
    registered, a folder without a loadable medsec.yaml, a branch that is not checked out.
    """
    top, project = _locate(path, project_dir)
    _check_project(top, project)
    chosen_branch = _branch(top, branch)
    pattern = _check_pattern(release_pattern)
    chosen = name or (top.name if project == "." else Path(project).name)
    if not NAME.match(chosen):
        msg = f"repository name '{chosen}' must be letters, digits, '.', '_' or '-' (<= 100)"
        raise UsageError(msg + ": choose one with --name")
    t = repositories
    with engine.begin() as conn:
        clash = conn.execute(
            select(t.c.name).where(
                or_(t.c.name == chosen, (t.c.path == str(top)) & (t.c.project_dir == project))
            )
        ).first()
        if clash is not None:
            msg = f"'{clash.name}' is registered already for {top / project}"
            raise UsageError(msg + ": remove it first (medsec repo remove) or choose --name")
        values = {
            "name": chosen,
            "path": str(top),
            "project_dir": project,
            "branch": chosen_branch,
            "release_pattern": pattern,
            "added_at": dt.datetime.now(dt.UTC),
        }
        conn.execute(insert(t).values(**values))
    found = get_repository(engine, chosen)
    if found is None:  # cannot happen: inserted in the transaction above
        raise UsageError(f"'{chosen}' could not be registered")
    return found


def list_repositories(engine: Engine) -> list[Repository]:
    """Every registered repository, by name."""
    with engine.connect() as conn:
        rows = conn.execute(select(repositories).order_by(repositories.c.name)).mappings()
        return [_row(r) for r in rows]


def get_repository(engine: Engine, name: str) -> Repository | None:
    """The registered repository ``name``; None when there is none."""
    with engine.connect() as conn:
        row = conn.execute(select(repositories).where(repositories.c.name == name)).mappings()
        first = row.first()
    return _row(first) if first is not None else None


def remove_repository(engine: Engine, name: str) -> Repository:
    """Unregister ``name``: its summaries, scan index and tokens go; its git files stay."""
    found = get_repository(engine, name)
    if found is None:
        raise UsageError(f"no repository '{name}' is registered: see medsec repo list")
    with engine.begin() as conn:
        for table in (release_summaries, release_scans, api_tokens):
            conn.execute(delete(table).where(table.c.repository_id == found.id))
        conn.execute(delete(repositories).where(repositories.c.id == found.id))
    return found
