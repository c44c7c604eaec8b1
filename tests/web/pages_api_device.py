"""A registered device for the page and API tests: a git copy of examples/infusion-pump with two
released versions (tags v1.0 and v1.1) and a branch head, summarised like the monitor does."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import EXAMPLE

TODAY = dt.date(2026, 10, 1)
NAME = "pump"


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` (a throwaway test repository) and return its output."""
    env = {
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "PATH": "/usr/bin:/bin", "HOME": str(repo),
    }  # fmt: skip
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


@dataclass(frozen=True)
class Device:
    """The registered repository: its working tree and name."""

    path: Path
    name: str

    def head(self) -> str:
        """The commit at the head of the branch."""
        return git(self.path, "rev-parse", "HEAD")

    def status(self) -> str:
        """Uncommitted changes to tracked files (``git status``): empty when none.

        Untracked files are left out: reading threats.yaml leaves its parse cache beside it.
        """
        return git(self.path, "status", "--porcelain", "--untracked-files=no")


def make_device(root: Path) -> Path:
    """The git repository: v1.0, then v1.1 (a changed SBOM), then one more commit on main."""
    repo = root / NAME
    shutil.copytree(EXAMPLE, repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v1.0")
    git(repo, "tag", "v1.0")
    readme = repo / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nRelease 1.1.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "v1.1")
    git(repo, "tag", "v1.1")
    readme.write_text(
        readme.read_text(encoding="utf-8") + "\nWork in progress.\n", encoding="utf-8"
    )
    git(repo, "commit", "-q", "-am", "after v1.1")
    return repo


def register(server: object, root: Path) -> Device:
    """Make the repository, register it and summarise its versions as the monitor does."""
    from medsec.services import portfolio, repositories

    repo = make_device(root)
    engine = server.engine  # type: ignore[attr-defined]
    repositories.add_repository(engine, repo, name=NAME)
    context = server.context  # type: ignore[attr-defined]
    portfolio.refresh(engine, server.store, context.state_dir, TODAY)  # type: ignore[attr-defined]
    return Device(repo, NAME)
