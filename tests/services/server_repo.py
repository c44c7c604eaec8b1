"""A throwaway git copy of examples/infusion-pump, as the team server registers it."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "infusion-pump"


def git(repo: Path, *args: str, date: str | None = None) -> str:
    """Run git in ``repo`` as a test user; its output."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Tester", "GIT_AUTHOR_EMAIL": "tester@example.org",
           "GIT_COMMITTER_NAME": "Tester", "GIT_COMMITTER_EMAIL": "tester@example.org"}  # fmt: skip
    if date:
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = date
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


def example_repo(where: Path, *, subfolder: str | None = None, tags: Sequence[str] = ()) -> Path:
    """A git repository on ``main`` holding the example (in ``subfolder`` when given), with a
    commit and a tag per name in ``tags`` (each tag a day apart), ``.gitignore`` as users have."""
    where.mkdir(parents=True)
    git(where, "init", "-q", "-b", "main")
    shutil.copytree(EXAMPLE, where / subfolder if subfolder else where, dirs_exist_ok=True)
    (where / ".gitignore").write_text(".*.cache.json\n")
    git(where, "add", "-A")
    git(where, "commit", "-qm", "the device project", date="2026-01-01T09:00:00+00:00")
    for i, tag in enumerate(tags):
        if i:
            git(where, "commit", "-q", "--allow-empty", "-m", f"release {tag}",
                date=f"2026-0{1 + i}-01T09:00:00+00:00")  # fmt: skip
        git(where, "tag", tag)
    return where
