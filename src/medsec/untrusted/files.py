"""The one bounded reader: an input file's bytes, never more than a limit, never a hang.

Every file medsec is given is opened here. The file is opened without blocking (a FIFO with
no writer would otherwise hang the open), then ``fstat`` on the open descriptor decides: only
a regular file is read, unless the caller asks for streams (stdin, a FIFO, a device). The size
limit is enforced while reading (at most ``max_bytes + 1`` bytes are ever read), never trusted
from ``st_size``: ``/proc`` files report 0 and a device or a growing file has no fixed size.
A symbolic link is followed, and what it points to is checked (a link to ``/dev/zero`` is a
device, refused). Whether a path may leave the project is the project's rule, not this one.
"""

from __future__ import annotations

import io
import os
import select
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from medsec.domain.errors import InputError

CHUNK = 1024 * 1024
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_KINDS = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a FIFO (named pipe), not a regular file"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)
_STREAM_HINT = "medsec reads inputs from regular files; save the data to a file first"


def read_input(
    path: Path,
    *,
    max_bytes: int,
    display: str | None = None,
    what: str = "input files",
    hint: str | None = None,
    streams: bool = False,
) -> bytes:
    """The bytes of one input file, at most ``max_bytes``; ``InputError`` naming the file else.

    ``what`` names the limit in the message ("SBOM files"), ``hint`` says how to raise it;
    ``streams`` admits stdin, FIFOs and devices (still bounded by ``max_bytes``).
    """
    shown = display or str(path)
    with open_input(path, display=shown, streams=streams) as handle:
        info = os.fstat(handle.fileno())
        size = info.st_size if stat.S_ISREG(info.st_mode) else 0
        if size > max_bytes:
            raise _too_large(shown, max_bytes, what, hint, size)
        return _bounded(handle, size, max_bytes, shown, what, hint)


@contextmanager
def open_input(
    path: Path, *, display: str | None = None, streams: bool = False
) -> Iterator[io.FileIO]:
    """An unbuffered handle on a regular file (or a stream when asked), for readers that
    stream (archives, hashes); the same refusals as :func:`read_input`."""
    shown = display or str(path)
    descriptor = _open(path, shown, _OPEN_FLAGS)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            _refuse_kind(mode, shown, streams)
            if stat.S_ISFIFO(mode):  # asked for: wait for the writer's first bytes, or its end
                _await_writer(descriptor)
            os.set_blocking(descriptor, True)
        handle = io.FileIO(descriptor, "rb", closefd=True)
    except BaseException:
        if descriptor >= 0:
            os.close(descriptor)
        raise
    with handle:
        yield handle


def _await_writer(descriptor: int) -> None:
    """Wait until a FIFO opened without waiting holds bytes or its writer has closed it.

    On this same descriptor: closing it and opening the FIFO again to wait loses the input of a
    writer that connected, wrote and closed in between (the pipe's bytes go with its last
    reader, and the new open then waits for a writer that never comes). A FIFO no writer has
    opened yet is not at its end: the wait goes on until one does.
    """
    if hasattr(select, "poll"):
        waiting = select.poll()
        waiting.register(descriptor, select.POLLIN)
        waiting.poll()
    else:  # POSIX systems without poll
        select.select([descriptor], [], [])


def _open(path: Path, shown: str, flags: int) -> int:
    """A read-only descriptor (by default one that does not wait for a FIFO's writer); OS
    errors located."""
    try:
        return os.open(path, flags)
    except FileNotFoundError:
        raise InputError.single(shown, "file not found") from None
    except PermissionError:
        raise InputError.single(shown, "cannot read: permission denied") from None
    except IsADirectoryError:
        raise InputError.single(shown, "is a folder, not a file") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError.single(shown, f"cannot read: {reason}") from None


def _refuse_kind(mode: int, shown: str, streams: bool) -> None:
    """Refuse what is not a regular file: always a folder, the rest unless streams are asked."""
    if stat.S_ISDIR(mode):
        raise InputError.single(shown, "is a folder, not a file")
    if streams:
        return
    reason = next((text for test, text in _KINDS if test(mode)), "is not a regular file")
    raise InputError.single(shown, reason, hint=_STREAM_HINT)


def _bounded(
    handle: io.FileIO, size: int, max_bytes: int, shown: str, what: str, hint: str | None
) -> bytes:
    """Read until the end or ``max_bytes + 1`` bytes; the first read asks for the whole file."""
    parts: list[bytes] = []
    total = 0
    want = min(size, max_bytes) + 1 if size else CHUNK
    while total <= max_bytes:
        try:
            chunk = handle.read(min(max(want - total, CHUNK), max_bytes + 1 - total))
        except OSError as exc:
            raise InputError.single(shown, f"cannot read: {exc.strerror or exc}") from None
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    if total > max_bytes:
        raise _too_large(shown, max_bytes, what, hint, None)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _too_large(
    shown: str, max_bytes: int, what: str, hint: str | None, size: int | None
) -> InputError:
    """The error for input over the limit; ``size`` when the file said it, else "more than"."""
    amount = f"{size:,} bytes" if size is not None else f"more than {max_bytes:,} bytes"
    return InputError.single(
        shown, f"file is {amount}, over the {max_bytes:,}-byte limit for {what}", hint=hint
    )
