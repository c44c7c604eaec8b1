"""The one writer: every file medsec writes is whole, old or new, never half of one.

A file is written to a temporary file in the same folder (so the rename stays on one file
system), flushed to disk (``fsync``), renamed over the target, and the folder is flushed so
the rename itself survives a power cut. Temporary files are named
``.<target>.<random>.medsec-tmp``: only names of that pattern are ever cleaned up, and only
when older than :data:`STALE_AFTER` (a concurrent writer's file is younger), so a run killed
mid-write leaves nothing behind for long.

Files that must change together (a pentest report copied into the project and the
``findings.yaml`` naming it) are committed by :func:`write_together` through a small journal:
every temporary file is written and flushed first, then the journal naming them is written
atomically (from then on the commit is decided), then the renames run in order and the journal
is removed. :func:`recover` (run by every later load of the project) finishes the renames of a
journal left by a killed run; temporary files without a journal were never committed and age
out as stale. A journal names only medsec temporary files beside their target inside its own
folder, so a forged journal can do nothing a user could not do by editing the project.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import time
from collections.abc import Sequence
from pathlib import Path

import orjson

from medsec.domain.errors import InputError
from medsec.untrusted.files import read_input

TEMP_SUFFIX = ".medsec-tmp"
STALE_AFTER = 15 * 60  # seconds: no medsec write takes this long; a younger file may be in use
JOURNAL = ".medsec-journal"
JOURNAL_MAX_BYTES = 1024 * 1024  # a journal names a handful of files: a few hundred bytes
_TEMP = re.compile(r"\.(?P<target>.+)\.[0-9a-f]{16}" + re.escape(TEMP_SUFFIX))


def write_atomic(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half of one.

    A target that exists and is not a regular file (``/dev/null``, a FIFO, ``/dev/stdout``) is
    written in place: renaming over it would replace the device with a file. A folder, or a
    place that cannot be written, is an ``InputError`` naming ``path`` (nothing is left behind).
    ``durable=False`` skips flushing to disk (``fsync``): for derived files that are checked
    when read and rebuilt when they do not check out (a parse cache), where a crash may lose
    them but must not cost every write a wait for the disk.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    mode = _mode(path)
    if mode is not None and not stat.S_ISREG(mode):
        _write_in_place(path, raw, mode)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    clean_stale(path)
    tmp = _write_temp(path, raw, mode, durable=durable)
    try:
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _cannot_write(path, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable:
        _sync_folder(path.parent)


def write_together(files: Sequence[tuple[Path, str | bytes]], *, journal_in: Path) -> None:
    """Write several files as one commit: after a crash, all are new or (before) all are old.

    ``journal_in`` is the folder holding every target (the project folder); the journal lives
    there while the renames run, and :func:`recover` finishes them after a crash.
    """
    folder = journal_in.resolve()
    pairs: list[tuple[Path, Path]] = []
    try:
        for given, data in files:
            raw = data.encode("utf-8") if isinstance(data, str) else data
            target = _inside(folder, given)
            target.parent.mkdir(parents=True, exist_ok=True)
            clean_stale(target)
            pairs.append((_write_temp(target, raw, _mode(target)), target))
    except BaseException:
        for tmp, _ in pairs:
            tmp.unlink(missing_ok=True)
        raise
    entries = [
        {
            "temp": tmp.relative_to(folder).as_posix(),
            "target": target.relative_to(folder).as_posix(),
        }
        for tmp, target in pairs
    ]
    write_atomic(folder / JOURNAL, orjson.dumps({"format": "medsec-journal/1", "files": entries}))
    _roll_forward(folder, pairs)


def recover(folder: Path) -> None:
    """Finish the commit of a run killed during :func:`write_together` (if any) in ``folder``."""
    journal = folder / JOURNAL
    if not journal.is_file():
        return
    pairs = _journal_pairs(folder, journal)
    _roll_forward(folder, [(tmp, target) for tmp, target in pairs if tmp.exists()])


def clean_stale(path: Path, *, older_than: float = STALE_AFTER) -> None:
    """Remove medsec temporary files of ``path`` left by killed runs (older than the limit)."""
    deadline = time.time() - older_than
    try:
        candidates = list(path.parent.glob(f".*{TEMP_SUFFIX}"))
    except OSError:
        return
    for candidate in candidates:
        match = _TEMP.fullmatch(candidate.name)
        if match is None or match.group("target") != path.name:
            continue
        with contextlib.suppress(OSError):  # gone already, or not ours to remove: leave it
            info = candidate.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mtime < deadline:
                candidate.unlink()


def temp_path(path: Path) -> Path:
    """A fresh temporary name beside ``path`` in medsec's own pattern."""
    return path.with_name(f".{path.name}.{secrets.token_hex(8)}{TEMP_SUFFIX}")


def _write_temp(path: Path, raw: bytes, mode: int | None, *, durable: bool = True) -> Path:
    """``raw`` in a new temporary file beside ``path``, flushed to disk (when ``durable``), with
    the target's mode."""
    tmp = temp_path(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(tmp, flags, 0o600)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        # created 0600; give the file the mode it had, or what the umask allows
        tmp.chmod(stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _cannot_write(path, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _write_in_place(path: Path, raw: bytes, mode: int) -> None:
    """Write to a device or FIFO the user named; a folder is refused."""
    if stat.S_ISDIR(mode):
        raise InputError.single(
            str(path), "is a folder, not a file", hint="name a file to write, e.g. DIR/report.html"
        )
    try:
        with path.open("wb") as handle:
            handle.write(raw)
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def _roll_forward(folder: Path, pairs: Sequence[tuple[Path, Path]]) -> None:
    """Rename each temporary file over its target in order, then drop the journal."""
    try:
        for tmp, target in pairs:
            tmp.replace(target)
            _sync_folder(target.parent)
        (folder / JOURNAL).unlink(missing_ok=True)
    except OSError as exc:
        raise InputError.single(
            str(folder / JOURNAL),
            f"could not finish an interrupted write: {exc.strerror or exc}",
            hint="fix the cause (permissions, space), then run the command again",
        ) from None
    _sync_folder(folder)


_DROP = "remove it: the files it names are then left as they were before that write"


def _journal_pairs(folder: Path, journal: Path) -> list[tuple[Path, Path]]:
    """The (temporary, target) pairs a journal names, each checked to be medsec's and inside."""
    try:
        doc = orjson.loads(
            read_input(journal, max_bytes=JOURNAL_MAX_BYTES, what="journals", hint=_DROP)
        )
        entries = doc["files"]
        pairs = [(str(e["temp"]), str(e["target"])) for e in entries]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise InputError.single(
            str(journal),
            f"unreadable journal of an interrupted write ({exc})",
            hint=_DROP,
        ) from None
    out = []
    for tmp, target in pairs:
        tmp_path, target_path = folder / tmp, folder / target
        match = _TEMP.fullmatch(tmp_path.name)
        if (
            match is None
            or match.group("target") != target_path.name
            or (tmp_path.parent != target_path.parent)
        ):
            raise InputError.single(str(journal), f"names a file medsec did not write: {tmp}")
        out.append((tmp_path, _inside(folder, target_path, source=str(journal))))
    return out


def _inside(folder: Path, path: Path, *, source: str | None = None) -> Path:
    """``path`` made absolute, its folder resolved; refused when it leaves ``folder``."""
    resolved = path.absolute().parent.resolve() / path.name
    if path.name in ("", ".", "..") or not resolved.is_relative_to(folder):
        raise InputError.single(source or str(path), f"{path} is outside {folder}")
    return resolved


def _cannot_write(path: Path, exc: OSError) -> InputError:
    """A write that failed, named after the target (never after a temporary file)."""
    return InputError.single(
        str(path),
        f"cannot write: {exc.strerror or exc}",
        hint="check the path, its folder's permissions and the free space",
    )


def _mode(path: Path) -> int | None:
    """The mode of what ``path`` names now, or None when nothing is there."""
    try:
        return path.stat().st_mode
    except OSError:
        return None


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (the rename) to disk where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on folders; the rename is done either way
    finally:
        os.close(fd)


def _umask() -> int:
    """The process umask (read by setting and restoring it), so new files get normal modes."""
    current = os.umask(0)
    os.umask(current)
    return current
