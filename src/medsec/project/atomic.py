"""Atomic file writes: a temporary file beside the target, renamed into place."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half of one.

    A target that exists and is not a regular file (``/dev/null``, a FIFO, ``/dev/stdout``) is
    written in place: renaming over it would replace the device with a file.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        with path.open("wb") as handle:
            handle.write(raw)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        # mkstemp creates 0600; give the file the mode it had, or what the umask allows
        Path(tmp).chmod(stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process umask (read by setting and restoring it), so new files get normal modes."""
    current = os.umask(0)
    os.umask(current)
    return current
