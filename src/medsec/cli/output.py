"""Writing a command's report: stdout, or ``--output FILE`` written atomically after success."""

from __future__ import annotations

import sys
from pathlib import Path

from medsec.project.atomic import write_atomic


def emit(text: str, output: Path | None) -> None:
    """Send a rendered report to ``output`` (atomically) or to stdout."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        sys.stdout.flush()
    else:
        write_atomic(output, text)
        sys.stderr.write(f"wrote {output}\n")
