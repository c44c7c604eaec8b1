"""The git side of a registered project repository: released versions, trees, commits.

The team server keeps the device projects as plain files in git (the single source of truth).
This module is its only door to git, through the ``git`` command on PATH (no library): it lists
the released versions (tags matching a pattern), writes the project folder of a commit into a
cache (``materialise``), reads one file at a commit, and commits an edit made through the
project writers (``editing``): under an exclusive per-repository lock, on the checked-out
branch, only when the edited files are unchanged since the page the user saw
(``expected_head``); on any failure the files are put back as they were, nothing half-written.

Every failure is a :class:`GitError` whose ``reason`` says what kind it is and whose message
says what to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import fnmatch
import hashlib
import io
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from medsec.domain.errors import MedsecError

Reason = Literal["not-a-repository", "conflict", "read-only", "dirty", "wrong-branch", "git-failed"]
COMMITTER = "medsec server <medsec@localhost>"
LOCK_NAME = "medsec-server.lock"
LOCK_TIMEOUT = 60.0  # seconds to wait for another edit of the same repository
GIT_TIMEOUT = 300.0  # seconds for one git command (an archive of a large tree)
_AUTHOR = re.compile(r"^(?P<name>[^<>\n]+?) <(?P<email>[^<>\n]*)>$")
_HEX = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
_READ_ONLY = ("permission denied", "read-only file system", "unable to create")


class GitError(MedsecError):
    """A git operation failed: ``reason`` names the kind, the message says what to do."""

    def __init__(self, reason: Reason, message: str) -> None:
        """Keep the kind (``reason``) and the message for the CLI and the web error pages."""
        super().__init__(message)
        self.reason: Reason = reason
        self.message = message

    def diagnostics(self) -> str:
        """The message: what failed, where, and what to do."""
        return self.message


@dataclass(frozen=True, slots=True)
class Release:
    """A released version: a tag matching the repository's pattern and its commit."""

    version: str  # the tag name
    commit: str  # the commit the tag points to (peeled)
    date: dt.datetime  # the commit's date (committer date, with its offset)


@dataclass
class Edit:
    """An edit in progress inside :func:`editing`: set ``message`` and ``author``, write files."""

    repo: Path
    branch: str
    paths: tuple[str, ...]  # relative to the repository's top, POSIX separators
    head: str  # the branch head when the edit began
    message: str = ""
    author: str = ""
    committer: str = COMMITTER
    commit: str | None = None  # set when the edit is committed
    before: dict[str, bytes | None] = field(default_factory=dict)  # content at ``head``

    def file(self, path: str) -> Path:
        """The working-tree file of one of the edit's ``paths``."""
        if path not in self.paths:
            msg = f"{path} is not one of the files this edit may change: {', '.join(self.paths)}"
            raise GitError("git-failed", msg)
        return self.repo / path


def _git(
    repo: Path,
    *args: str,
    env: Mapping[str, str] | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run ``git -C repo args``; a failure is a GitError with git's own words."""
    full = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(env or {})}
    try:
        done = subprocess.run(  # noqa: S603 - fixed git command, arguments passed as a list
            ["git", "-C", str(repo), "-c", "core.hooksPath=/dev/null", *args],  # noqa: S607
            capture_output=True,
            text=True,
            env=full,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git-failed", "git is not installed: install git and try again") from None
    except subprocess.TimeoutExpired:
        msg = f"git {args[0]} in {repo} took more than {GIT_TIMEOUT:.0f} s: try again"
        raise GitError("git-failed", msg) from None
    if check and done.returncode != 0:
        raise _failure(repo, args, str(done.stderr))
    return done


def _failure(repo: Path, args: Sequence[str], stderr: str) -> GitError:
    """The GitError for a failed git command, by what git said."""
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    said = next(
        (x for x in lines if x.startswith(("fatal:", "error:"))), lines[-1] if lines else ""
    )
    low = stderr.lower()
    if ".lock': file exists" in low:
        return GitError(
            "conflict",
            f"another git command is working in {repo} ({said}): try again; if none is "
            "running, remove the stale .lock file git names",
        )
    if "not a git repository" in low:
        return GitError(
            "not-a-repository",
            f"{repo} is not a git repository: register the folder of a git working tree "
            "(git init or git clone it first)",
        )
    if "dubious ownership" in low:
        return GitError(
            "not-a-repository",
            f"git refuses {repo}: it belongs to another user; run the server as the owner or "
            f"add it with 'git config --global --add safe.directory {repo}'",
        )
    if any(word in low for word in _READ_ONLY):
        return GitError(
            "read-only",
            f"cannot write to the git repository {repo} ({said}): give the server's user "
            "write access to it, then try again",
        )
    return GitError("git-failed", f"git {args[0]} failed in {repo}: {said}")


def toplevel(repo: Path) -> Path:
    """The top folder of the working tree ``repo``; GitError when it is none."""
    if not repo.is_dir():
        msg = f"{repo} is not a folder: register the folder of a git working tree"
        raise GitError("not-a-repository", msg)
    done = _git(repo, "rev-parse", "--is-bare-repository", "--show-toplevel", check=False)
    lines = done.stdout.split("\n")
    if done.returncode != 0:
        raise _failure(repo, ("rev-parse",), done.stderr)
    if lines[0].strip() == "true" or len(lines) < 2 or not lines[1].strip():
        msg = f"{repo} is a bare git repository: register a working tree (git clone it)"
        raise GitError("not-a-repository", msg)
    return Path(lines[1].strip())


def current_branch(repo: Path) -> str | None:
    """The checked-out branch of ``repo``; None when HEAD is detached."""
    done = _git(repo, "symbolic-ref", "-q", "--short", "HEAD", check=False)
    return done.stdout.strip() or None if done.returncode == 0 else None


def releases(repo: Path, pattern: str) -> list[Release]:
    """Every tag of ``repo`` matching the glob ``pattern`` that names a commit, oldest first."""
    fmt = "%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)"
    out = _git(repo, "for-each-ref", f"--format={fmt}", "refs/tags").stdout
    tagged: dict[str, str] = {}
    for line in out.splitlines():
        name, kind, obj, peeled_kind, peeled = line.split("\0")
        commit = peeled if peeled_kind else obj
        if fnmatch.fnmatchcase(name, pattern) and (peeled_kind or kind) == "commit":
            tagged[name] = commit
    if not tagged:
        return []
    dates = _commit_dates(repo, sorted(set(tagged.values())))
    found = [Release(name, commit, dates[commit]) for name, commit in tagged.items()]
    return sorted(found, key=lambda r: (r.date, r.version))


def _commit_dates(repo: Path, commits: Sequence[str]) -> dict[str, dt.datetime]:
    """The committer date of each commit, in one git call."""
    args = ("show", "-s", "--no-walk=unsorted", "--format=%H %cI", *commits)
    out = _git(repo, *args).stdout
    dates = {}
    for line in out.splitlines():
        commit, _, when = line.partition(" ")
        dates[commit] = dt.datetime.fromisoformat(when)
    return dates


def head(repo: Path, branch: str) -> str:
    """The commit at the head of ``branch`` in ``repo``."""
    done = _git(repo, "rev-parse", "--verify", "-q", f"refs/heads/{branch}^{{commit}}", check=False)
    if done.returncode != 0:
        toplevel(repo)  # a clearer error when repo is no repository at all
        msg = f"{repo} has no branch '{branch}': register the branch that is checked out"
        raise GitError("wrong-branch", msg)
    return done.stdout.strip()


def _resolve(repo: Path, commit: str) -> str:
    """The full commit id of ``commit`` (an id or a name), GitError when unknown."""
    done = _git(repo, "rev-parse", "--verify", "-q", f"{commit}^{{commit}}", check=False)
    if done.returncode != 0 or commit.startswith("-"):
        raise GitError("git-failed", f"{repo} has no commit '{commit}': pick a listed version")
    return done.stdout.strip()


def _project_dir(project_dir: str) -> str:
    """``project_dir`` as a clean relative POSIX path ("." for the top); GitError when outside."""
    parts = PurePosixPath(project_dir.replace("\\", "/")).parts
    if PurePosixPath(project_dir).is_absolute() or ".." in parts or ".git" in parts:
        msg = f"project folder '{project_dir}' must be a folder inside the repository"
        raise GitError("git-failed", msg)
    return "/".join(parts) or "."


def materialise(repo: Path, commit: str, project_dir: str, cache: Path) -> Path:
    """The project folder of ``repo`` at ``commit``, extracted once into ``cache``.

    The folder is ``cache/<commit>`` (``cache/<commit>-<digest of project_dir>`` for a project
    below the top, so two projects of one repository do not share it). It is written to a
    temporary folder and renamed into place, so a reader never sees half of it, and reused when
    present. The archive is extracted with tarfile's ``data`` filter: a link or path out of
    the folder in a hostile repository is refused.
    """
    full = _resolve(repo, commit)
    sub = _project_dir(project_dir)
    key = full if sub == "." else f"{full}-{hashlib.sha256(sub.encode()).hexdigest()[:12]}"
    target = cache / key
    if target.is_dir():
        return target
    try:
        cache.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=cache))
    except OSError as exc:
        msg = f"cannot write the version cache {cache} ({exc.strerror}): make it writable"
        raise GitError("read-only", msg) from None
    try:
        _extract(repo, full, sub, temp)
        with contextlib.suppress(OSError):  # another process renamed it first: theirs is whole
            temp.rename(target)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    if not target.is_dir():
        raise GitError("read-only", f"cannot write the version cache {target}: make it writable")
    return target


def _extract(repo: Path, commit: str, sub: str, into: Path) -> None:
    """Extract the tree ``commit:sub`` of ``repo`` into the folder ``into``."""
    tree = f"{commit}^{{tree}}" if sub == "." else f"{commit}:{sub}"
    kind = _git(repo, "cat-file", "-t", tree, check=False).stdout.strip()
    if kind != "tree":
        msg = f"{repo} has no folder '{sub}' at commit {commit[:12]}: check the project folder"
        raise GitError("git-failed", msg)
    done = subprocess.run(  # noqa: S603 - fixed git command, arguments passed as a list
        ["git", "-C", str(repo), "archive", "--format=tar", tree],  # noqa: S607
        capture_output=True,
        timeout=GIT_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise _failure(repo, ("archive",), done.stderr.decode("utf-8", "replace"))
    try:
        with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
            archive.extractall(into, filter="data")
    except (tarfile.TarError, OSError) as exc:
        msg = f"cannot extract {repo} at {commit[:12]} into {into}: {exc}"
        raise GitError("git-failed", msg) from None


def file_at(repo: Path, commit: str, path: str) -> bytes | None:
    """The bytes of ``path`` (relative to the repository's top) at ``commit``; None when absent."""
    spec = f"{commit}:{_project_dir(path)}"
    kind = _git(repo, "cat-file", "-t", spec, check=False)
    if kind.returncode != 0 or kind.stdout.strip() != "blob":
        _resolve(repo, commit)  # an unknown commit is an error, a missing file is None
        return None
    done = subprocess.run(  # noqa: S603 - fixed git command, arguments passed as a list
        ["git", "-C", str(repo), "cat-file", "blob", spec],  # noqa: S607
        capture_output=True,
        timeout=GIT_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise _failure(repo, ("cat-file",), done.stderr.decode("utf-8", "replace"))
    return done.stdout


@contextlib.contextmanager
def _locked(repo: Path) -> Iterator[None]:
    """Hold the exclusive edit lock of ``repo`` (a file in its git folder), across processes."""
    git_dir = Path(_git(repo, "rev-parse", "--absolute-git-dir").stdout.strip())
    try:
        fd = os.open(git_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        msg = (
            f"cannot write to the git repository {repo} ({exc.strerror}): give the server's "
            "user write access to it, then try again"
        )
        raise GitError("read-only", msg) from None
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    msg = f"{repo} is busy with another change: try again in a minute"
                    raise GitError("conflict", msg) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _clean_paths(repo: Path, paths: Sequence[str | Path]) -> tuple[str, ...]:
    """The edit's paths relative to the repository's top; GitError for one outside it."""
    clean = []
    for p in paths:
        path = Path(p)
        rel = path.relative_to(repo) if path.is_absolute() and path.is_relative_to(repo) else p
        text = _project_dir(str(rel))
        if text == ".":
            raise GitError("git-failed", "an edit must name files, not the whole repository")
        clean.append(text)
    return tuple(sorted(set(clean)))


def _check_start(repo: Path, branch: str, paths: Sequence[str], expected: str | None) -> str:
    """Check branch, clean paths and ``expected`` head; the head the edit starts from."""
    checked_out = current_branch(repo)
    if checked_out != branch:
        msg = (
            f"{repo} has '{checked_out or 'a detached HEAD'}' checked out, not '{branch}': "
            f"check out '{branch}' on the server (git switch {branch}) or change the registration"
        )
        raise GitError("wrong-branch", msg)
    now = head(repo, branch)
    status = _git(repo, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *paths)
    if status.stdout.strip("\0"):
        names = sorted({entry[3:] for entry in status.stdout.split("\0") if len(entry) > 3})
        msg = (
            f"{repo} has uncommitted changes to {', '.join(names)}: commit or discard them on "
            "the server first; nothing was changed"
        )
        raise GitError("dirty", msg)
    if expected and expected != now:
        _check_moved(repo, now, expected, paths)
    return now


def _check_moved(repo: Path, now: str, expected: str, paths: Sequence[str]) -> None:
    """A conflict when ``paths`` changed between ``expected`` (what the user saw) and ``now``."""
    known = _git(repo, "merge-base", "--is-ancestor", expected, now, check=False)
    if known.returncode != 0 or not _HEX.match(expected):
        changed: Sequence[str] = paths  # unknown or unrelated: cannot tell what changed
    else:
        diff = _git(repo, "diff", "--name-only", "-z", expected, now, "--", *paths)
        changed = [p for p in diff.stdout.split("\0") if p]
    if changed:
        msg = (
            f"{', '.join(changed)} changed in {repo} since you loaded the page "
            f"(commit {expected[:12]}, now {now[:12]}): reload and make the change again"
        )
        raise GitError("conflict", msg)


def _snapshot(repo: Path, paths: Sequence[str]) -> dict[str, bytes | None]:
    """The current bytes of each path (None when absent): what a failure puts back."""
    return {p: (repo / p).read_bytes() if (repo / p).is_file() else None for p in paths}


def _put_back(repo: Path, before: Mapping[str, bytes | None]) -> None:
    """Restore each path to its bytes before the edit and unstage it (best effort, thorough)."""
    for rel, data in before.items():
        path = repo / rel
        with contextlib.suppress(OSError):
            if data is None:
                path.unlink(missing_ok=True)
            elif not path.is_file() or path.read_bytes() != data:
                path.write_bytes(data)
    _git(repo, "reset", "-q", "--", *before, check=False)


def _commit(edit: Edit) -> str:
    """Stage and commit the edit's paths; the new commit id."""
    author = _AUTHOR.match(edit.author)
    committer = _AUTHOR.match(edit.committer)
    if author is None or committer is None:
        msg = f"the author '{edit.author}' must look like 'Name <email>'"
        raise GitError("git-failed", msg)
    if not edit.message.strip():
        raise GitError("git-failed", "a commit needs a message: say what changed and why")
    changed = _git(repo := edit.repo, "status", "--porcelain=v1", "-z", "--", *edit.paths)
    if not changed.stdout.strip("\0"):
        msg = f"nothing changed in {', '.join(edit.paths)}: there is nothing to commit"
        raise GitError("git-failed", msg)
    env = {
        "GIT_AUTHOR_NAME": author["name"],
        "GIT_AUTHOR_EMAIL": author["email"],
        "GIT_COMMITTER_NAME": committer["name"],
        "GIT_COMMITTER_EMAIL": committer["email"],
    }
    _git(repo, "add", "-A", "--", *edit.paths)
    args = ("commit", "-q", "--no-verify", "--cleanup=strip", "-m", edit.message)
    _git(repo, *args, "--", *edit.paths, env=env)
    return head(repo, edit.branch)


@contextlib.contextmanager
def editing(
    repo: Path,
    branch: str,
    paths: Sequence[str | Path],
    expected_head: str | None,
    *,
    message: str = "",
    author: str = "",
) -> Iterator[Edit]:
    """Edit ``paths`` of ``repo`` and commit them to ``branch``, or change nothing at all.

    Under the repository's exclusive lock: ``branch`` must be checked out, the paths unchanged
    since HEAD (else "dirty") and, when ``expected_head`` is given and HEAD moved since, none
    of the paths changed in between (else "conflict"). The caller writes the files inside the
    ``with`` block and sets ``edit.message`` / ``edit.author``; on leaving the block they are
    committed (committer "medsec server") and ``edit.commit`` is set. On any failure, the
    caller's included, the paths are put back as they were and the error raised: a MedsecError
    of the caller as it is, anything else as a GitError.
    """
    repo = toplevel(Path(repo))
    clean = _clean_paths(repo, paths)
    with _locked(repo):
        start = _check_start(repo, branch, clean, expected_head)
        edit = Edit(repo, branch, clean, start, message, author, before=_snapshot(repo, clean))
        try:
            yield edit
            edit.commit = _commit(edit)
        except BaseException as exc:
            _put_back(repo, edit.before)
            if isinstance(exc, MedsecError) or not isinstance(exc, Exception):
                raise
            if isinstance(exc, OSError):
                msg = f"cannot write {exc.filename or repo} ({exc.strerror}): nothing was changed"
                raise GitError("read-only", msg) from exc
            raise GitError("git-failed", f"the change failed ({exc}); nothing was changed") from exc


def commit_paths(
    repo: Path,
    branch: str,
    paths: Mapping[str, bytes | None],
    message: str,
    author: str,
    expected_head: str | None,
) -> str:
    """Write ``paths`` (relative path -> new bytes, None to delete) and commit them; the commit.

    The simple form of :func:`editing` for callers that already hold the new content (a scan
    record, an uploaded file read and checked first).
    """
    with editing(repo, branch, list(paths), expected_head, message=message, author=author) as e:
        for rel, data in paths.items():
            target = e.file(_project_dir(rel))
            if data is None:
                target.unlink(missing_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
    if e.commit is None:  # cannot happen: leaving the block without an error commits
        raise GitError("git-failed", f"the change to {repo} was not committed")
    return e.commit


@dataclass(frozen=True, slots=True)
class BlameLine:
    """One line of a file as ``git blame`` tells it: its text and the commit that wrote it."""

    text: str
    author: str  # "Name <mail>"
    at: dt.datetime  # the author time, UTC
    commit: str


def blame(repo: Path, commit: str, path: str, first: int, last: int) -> list[BlameLine]:
    """Lines ``first..last`` of ``path`` (relative to the repository's top) at ``commit``, each
    with who wrote it; empty when git cannot tell (the file or the lines do not exist there)."""
    args = ["blame", "--porcelain", "-L", f"{first},{last}", commit, "--", _project_dir(path)]
    done = _git(repo, *args, check=False)
    return _porcelain(done.stdout) if done.returncode == 0 else []


def _porcelain(text: str) -> list[BlameLine]:
    """Parse ``git blame --porcelain``: each line with its commit's author and time."""
    authors: dict[str, tuple[str, dt.datetime]] = {}
    lines: list[BlameLine] = []
    sha, name, mail, when = "", "", "", 0
    for raw in text.splitlines():
        if raw.startswith("\t"):
            if sha not in authors:
                authors[sha] = (f"{name} {mail}".strip(), dt.datetime.fromtimestamp(when, dt.UTC))
            author, at = authors[sha]
            lines.append(BlameLine(raw[1:], author, at, sha))
            continue
        key, _, value = raw.partition(" ")
        if len(key) == 40 and all(c in "0123456789abcdef" for c in key):
            sha = key
        elif key == "author":
            name = value
        elif key == "author-mail":
            mail = value
        elif key == "author-time" and value.isdigit():
            when = int(value)
    return lines
