"""medsec.project.git: releases, trees, file_at and commits that change everything or nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from medsec.domain.errors import UsageError
from medsec.project import git

AUTHOR = "Ada Engineer <ada@example.org>"


def sh(repo: Path, *args: str, date: str | None = None) -> str:
    """Run git in ``repo`` as a test user; its output."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}  # fmt: skip
    if date:
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = date
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


def commit_file(repo: Path, name: str, text: str, date: str | None = None) -> str:
    """Write and commit one file; the new commit."""
    (repo / name).parent.mkdir(parents=True, exist_ok=True)
    (repo / name).write_text(text)
    sh(repo, "add", name)
    sh(repo, "commit", "-qm", f"write {name}", date=date)
    return sh(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository on branch main with two files."""
    path = tmp_path / "repo"
    path.mkdir()
    sh(path, "init", "-q", "-b", "main")
    commit_file(path, "a.yaml", "a: 1\n")
    commit_file(path, "sub/b.yaml", "b: 1\n")
    return path


def status(repo: Path) -> str:
    return sh(repo, "status", "--porcelain")


# --- reading -------------------------------------------------------------------------------


def test_releases_by_date_matching_the_pattern(repo: Path) -> None:
    first = commit_file(repo, "a.yaml", "a: 2\n", date="2024-01-01T10:00:00+00:00")
    sh(repo, "tag", "v2.0")  # lightweight, but older commit than v1.0's: sorted by date
    second = commit_file(repo, "a.yaml", "a: 3\n", date="2025-06-01T10:00:00+02:00")
    sh(repo, "tag", "-a", "-m", "release", "v1.0")  # annotated: peeled to its commit
    sh(repo, "tag", "build-7")  # not a release
    tree = sh(repo, "rev-parse", "HEAD^{tree}")
    sh(repo, "tag", "v-tree", tree)  # a tag of a tree names no version

    found = git.releases(repo, "v*")

    assert [(r.version, r.commit) for r in found] == [("v2.0", first), ("v1.0", second)]
    assert found[1].date.isoformat() == "2025-06-01T10:00:00+02:00"
    assert git.releases(repo, "release-*") == []


def test_head_and_unknown_branch(repo: Path) -> None:
    assert git.head(repo, "main") == sh(repo, "rev-parse", "HEAD")
    with pytest.raises(git.GitError) as caught:
        git.head(repo, "develop")
    assert caught.value.reason == "wrong-branch"
    assert "no branch 'develop'" in caught.value.message


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(git.GitError) as caught:
        git.releases(tmp_path, "v*")
    assert caught.value.reason == "not-a-repository"
    assert "git init or git clone" in caught.value.diagnostics()


def test_materialise_writes_the_tree_at_the_commit_once(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = sh(repo, "rev-parse", "HEAD")
    commit_file(repo, "a.yaml", "a: 2\n")
    cache = tmp_path / "cache"

    tree = git.materialise(repo, old, ".", cache)

    assert tree == cache / old
    assert (tree / "a.yaml").read_text() == "a: 1\n"  # the commit's content, not the branch's
    assert (tree / "sub" / "b.yaml").read_text() == "b: 1\n"
    assert [p.name for p in cache.iterdir()] == [old]  # no temporary folder left behind

    def no_second_extract(*args: object) -> None:
        raise AssertionError("extracted again")

    monkeypatch.setattr(git, "_extract", no_second_extract)
    assert git.materialise(repo, old, ".", cache) == tree  # reused


def test_materialise_a_project_below_the_top(repo: Path, tmp_path: Path) -> None:
    commit = sh(repo, "rev-parse", "HEAD")
    tree = git.materialise(repo, commit, "sub", tmp_path / "cache")
    assert tree != tmp_path / "cache" / commit  # not shared with the whole tree's folder
    assert sorted(p.name for p in tree.iterdir()) == ["b.yaml"]
    with pytest.raises(git.GitError, match="no folder 'nowhere'"):
        git.materialise(repo, commit, "nowhere", tmp_path / "cache")
    with pytest.raises(git.GitError, match="inside the repository"):
        git.materialise(repo, commit, "../etc", tmp_path / "cache")


def test_materialise_unknown_commit(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(git.GitError, match="no commit 'deadbeef'"):
        git.materialise(repo, "deadbeef", ".", tmp_path / "cache")
    assert not (tmp_path / "cache" / "deadbeef").exists()


def test_file_at(repo: Path) -> None:
    old = sh(repo, "rev-parse", "HEAD")
    commit_file(repo, "sub/b.yaml", "b: 2\n")
    assert git.file_at(repo, old, "sub/b.yaml") == b"b: 1\n"
    assert git.file_at(repo, "HEAD", "sub/b.yaml") == b"b: 2\n"
    assert git.file_at(repo, old, "missing.yaml") is None
    assert git.file_at(repo, old, "sub") is None  # a folder is no file
    with pytest.raises(git.GitError):
        git.file_at(repo, "0" * 40, "a.yaml")


def test_blame_names_who_wrote_each_line(repo: Path) -> None:
    first = sh(repo, "rev-parse", "HEAD")  # wrote "b: 1"
    (repo / "sub/b.yaml").write_text("b: 1\nc: 2\n")
    sh(repo, "commit", "-qam", "c", "--author", "Amy <amy@x>", date="2026-04-01T10:00:00Z")
    lines = git.blame(repo, "HEAD", "sub/b.yaml", 1, 2)
    assert [(b.text, b.author, b.commit) for b in lines] == [
        ("b: 1", "t <t@x>", first),
        ("c: 2", "Amy <amy@x>", sh(repo, "rev-parse", "HEAD")),
    ]
    assert lines[1].at.isoformat() == "2026-04-01T10:00:00+00:00"
    assert git.blame(repo, "HEAD", "sub/b.yaml", 5, 6) == []  # no such lines
    assert git.blame(repo, "HEAD", "missing.yaml", 1, 1) == []


# --- committing ----------------------------------------------------------------------------


def test_editing_commits_the_paths_with_the_author(repo: Path) -> None:
    (repo / "unrelated.txt").write_text("someone's work in progress\n")
    with git.editing(repo, "main", ["a.yaml"], None, message="Change a", author=AUTHOR) as edit:
        edit.file("a.yaml").write_text("a: 2\n")

    assert edit.commit == sh(repo, "rev-parse", "HEAD")
    shown = sh(repo, "show", "-s", "--format=%an <%ae>|%cn <%ce>|%s", "HEAD")
    assert shown == f"{AUTHOR}|medsec server <medsec@localhost>|Change a"
    assert sh(repo, "show", "--name-only", "--format=", "HEAD") == "a.yaml"
    assert status(repo) == "?? unrelated.txt"  # left alone, not committed
    assert (repo / "unrelated.txt").read_text() == "someone's work in progress\n"


def test_commit_paths_writes_and_deletes(repo: Path) -> None:
    new = git.commit_paths(
        repo, "main", {"records/x.json": b"{}\n", "a.yaml": None}, "Record", AUTHOR, None
    )
    assert new == sh(repo, "rev-parse", "HEAD")
    assert sh(repo, "show", "--name-status", "--format=", "HEAD").split("\n") == [
        "D\ta.yaml",
        "A\trecords/x.json",
    ]
    assert status(repo) == ""


def test_conflict_when_the_file_changed_since_the_page(repo: Path) -> None:
    seen = sh(repo, "rev-parse", "HEAD")
    commit_file(repo, "a.yaml", "a: someone else\n")
    with (
        pytest.raises(git.GitError) as caught,
        git.editing(repo, "main", ["a.yaml"], seen, message="m", author=AUTHOR) as edit,
    ):
        edit.file("a.yaml").write_text("a: mine\n")
    assert caught.value.reason == "conflict"
    assert "reload" in caught.value.message
    assert (repo / "a.yaml").read_text() == "a: someone else\n"  # their change is kept
    assert status(repo) == ""


def test_no_conflict_when_only_other_files_moved(repo: Path) -> None:
    seen = sh(repo, "rev-parse", "HEAD")
    commit_file(repo, "sub/b.yaml", "b: 2\n")
    with git.editing(repo, "main", ["a.yaml"], seen, message="m", author=AUTHOR) as edit:
        edit.file("a.yaml").write_text("a: mine\n")
    assert git.file_at(repo, "HEAD", "a.yaml") == b"a: mine\n"
    assert git.file_at(repo, "HEAD", "sub/b.yaml") == b"b: 2\n"


def test_unknown_expected_head_is_a_conflict(repo: Path) -> None:
    with (
        pytest.raises(git.GitError) as caught,
        git.editing(repo, "main", ["a.yaml"], "f" * 40, message="m", author=AUTHOR),
    ):
        pass
    assert caught.value.reason == "conflict"


def test_dirty_file_is_refused_and_kept(repo: Path) -> None:
    (repo / "a.yaml").write_text("a: uncommitted edit on the server\n")
    head = sh(repo, "rev-parse", "HEAD")
    with (
        pytest.raises(git.GitError) as caught,
        git.editing(repo, "main", ["a.yaml"], None, message="m", author=AUTHOR) as edit,
    ):
        edit.file("a.yaml").write_text("a: 2\n")
    assert caught.value.reason == "dirty"
    assert "a.yaml" in caught.value.message
    assert (repo / "a.yaml").read_text() == "a: uncommitted edit on the server\n"  # not lost
    assert sh(repo, "rev-parse", "HEAD") == head


def test_wrong_branch_checked_out(repo: Path) -> None:
    sh(repo, "switch", "-q", "-c", "feature")
    with (
        pytest.raises(git.GitError) as caught,
        git.editing(repo, "main", ["a.yaml"], None, message="m", author=AUTHOR),
    ):
        raise AssertionError("must not get here")
    assert caught.value.reason == "wrong-branch"
    assert "git switch main" in caught.value.message


def test_caller_failure_puts_everything_back(repo: Path) -> None:
    head = sh(repo, "rev-parse", "HEAD")
    paths = ["a.yaml", "new/c.yaml"]
    with (
        pytest.raises(git.GitError) as caught,
        git.editing(repo, "main", paths, None, message="m", author=AUTHOR) as edit,
    ):
        edit.file("a.yaml").write_text("a: half\n")
        edit.file("new/c.yaml").parent.mkdir()
        edit.file("new/c.yaml").write_text("c: 1\n")
        raise ValueError("writer crashed")
    assert caught.value.reason == "git-failed"
    assert (repo / "a.yaml").read_text() == "a: 1\n"
    assert not (repo / "new" / "c.yaml").exists()
    assert sh(repo, "rev-parse", "HEAD") == head
    assert status(repo) == ""


def test_caller_medsec_error_passes_through(repo: Path) -> None:
    with (
        pytest.raises(UsageError, match="not an acceptance"),
        git.editing(repo, "main", ["a.yaml"], None, message="m", author=AUTHOR) as edit,
    ):
        edit.file("a.yaml").write_text("a: half\n")
        raise UsageError("not an acceptance")
    assert (repo / "a.yaml").read_text() == "a: 1\n"


def test_commit_failure_puts_everything_back(repo: Path) -> None:
    head = sh(repo, "rev-parse", "HEAD")
    lock = repo / ".git" / "index.lock"
    with (
        pytest.raises(git.GitError) as caught,
        git.editing(repo, "main", ["a.yaml"], None, message="m", author=AUTHOR) as edit,
    ):
        edit.file("a.yaml").write_text("a: 2\n")
        lock.write_text("")  # another git process holds the index
    assert caught.value.reason == "conflict"
    assert "index.lock" in caught.value.message
    lock.unlink()
    assert (repo / "a.yaml").read_text() == "a: 1\n"
    assert sh(repo, "rev-parse", "HEAD") == head
    assert status(repo) == ""


def test_nothing_changed_is_no_commit(repo: Path) -> None:
    head = sh(repo, "rev-parse", "HEAD")
    with (
        pytest.raises(git.GitError, match="nothing to commit"),
        git.editing(repo, "main", ["a.yaml"], None, message="m", author=AUTHOR),
    ):
        pass
    assert sh(repo, "rev-parse", "HEAD") == head


def test_bad_author_and_paths(repo: Path) -> None:
    with (
        pytest.raises(git.GitError, match="Name <email>"),
        git.editing(repo, "main", ["a.yaml"], None, message="m", author="nobody") as e,
    ):
        e.file("a.yaml").write_text("a: 2\n")
    assert (repo / "a.yaml").read_text() == "a: 1\n"
    with (
        pytest.raises(git.GitError, match="inside the repository"),
        git.editing(repo, "main", ["../outside"], None, message="m", author=AUTHOR),
    ):
        pass
    with (
        pytest.raises(git.GitError, match="not one of the files"),
        git.editing(repo, "main", ["a.yaml"], None, message="m", author=AUTHOR) as e,
    ):
        e.file("sub/b.yaml")
    assert status(repo) == ""


def test_two_editors_of_the_same_file_one_wins(repo: Path) -> None:
    """Both saw the same head; the lock serialises them; the second meets a conflict."""
    seen = sh(repo, "rev-parse", "HEAD")
    results: list[str] = []
    barrier = threading.Barrier(2)

    def edit(text: str) -> None:
        barrier.wait()
        try:
            with git.editing(repo, "main", ["a.yaml"], seen, message=text, author=AUTHOR) as e:
                e.file("a.yaml").write_text(f"a: {text}\n")
            results.append("ok")
        except git.GitError as error:
            results.append(error.reason)

    threads = [threading.Thread(target=edit, args=(t,)) for t in ("one", "two")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
    assert sh(repo, "rev-list", "--count", "HEAD") == "3"
    assert status(repo) == ""


# --- a read-only repository ----------------------------------------------------------------

READ_ONLY_SCRIPT = """
import sys
from pathlib import Path
from medsec.project import git
repo = Path(sys.argv[1])
try:
    with git.editing(repo, "main", ["a.yaml"], None, message="m", author="A <a@x>") as e:
        e.file("a.yaml").write_text("a: 2\\n")
except git.GitError as error:
    print(error.reason)
    print(error.message)
"""


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder another user may enter (pytest's own are private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="medsec-git-ro-"))
    folder.chmod(0o755)
    yield folder
    for p in folder.rglob("*"):
        if p.is_dir():
            p.chmod(0o755)
    shutil.rmtree(folder)


def test_read_only_repository(shared_tmp: Path) -> None:
    """A repository the server may not write to: refused, with what to do, nothing changed."""
    path = shared_tmp / "repo"
    path.mkdir()
    sh(path, "init", "-q", "-b", "main")
    commit_file(path, "a.yaml", "a: 1\n")
    head = sh(path, "rev-parse", "HEAD")
    if os.geteuid() == 0:  # root writes anywhere: run the server's part as 'nobody'
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot drop to a read-only user")
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        probe = subprocess.run(
            [*command, sys.executable, "-c", "import medsec.project.git"],
            capture_output=True, text=True, cwd=shared_tmp, check=False,
        )  # fmt: skip
        if probe.returncode != 0:  # e.g. a virtual environment in a folder only root may read
            pytest.skip(f"'nobody' cannot import medsec from {sys.prefix}: {probe.stderr[-200:]}")
    else:
        for p in [path, *path.rglob("*")]:
            p.chmod(p.stat().st_mode & ~0o222)
        command = []
    env = {**os.environ, "HOME": str(shared_tmp), "GIT_CONFIG_COUNT": "1",
           "GIT_CONFIG_KEY_0": "safe.directory", "GIT_CONFIG_VALUE_0": "*"}  # fmt: skip
    done = subprocess.run(
        [*command, sys.executable, "-c", READ_ONLY_SCRIPT, str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    reason, _, message = done.stdout.partition("\n")
    assert reason == "read-only", done.stdout + done.stderr
    assert "write access" in message
    assert (path / "a.yaml").read_text() == "a: 1\n"
    assert sh(path, "rev-parse", "HEAD") == head
