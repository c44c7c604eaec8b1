"""Writing a command's report: stdout, or ``--output FILE`` written atomically after success."""

from __future__ import annotations

import sys
from pathlib import Path

from medsec.project.atomic import write_atomic


def emit(text: str | bytes, output: Path | None) -> None:
    """Send a rendered report to ``output`` (atomically) or to stdout (bytes as they are)."""
    if output is not None:
        write_atomic(output, text)
        sys.stderr.write(f"wrote {output}\n")
    elif isinstance(text, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(text)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        sys.stdout.flush()
