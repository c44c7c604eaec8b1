"""Writing a command's report: stdout, or ``--output FILE`` written atomically after success."""

from __future__ import annotations

import sys
from pathlib import Path

from medsec.domain.errors import InputError, UsageError
from medsec.project.atomic import write_atomic


def emit(text: str | bytes, output: Path | None) -> None:
    """Send a rendered report to ``output`` (atomically) or to stdout (bytes as they are).

    An ``--output`` that cannot be written (a folder, ``/proc/version``, no permission) is a
    usage error naming it (exit 2); nothing is left half-written.
    """
    if output is not None:
        try:
            write_atomic(output, text)
        except InputError as error:
            raise UsageError(f"--output: {error.diagnostics()}") from None
        sys.stderr.write(f"wrote {output}\n")
    elif isinstance(text, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(text)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        sys.stdout.flush()
