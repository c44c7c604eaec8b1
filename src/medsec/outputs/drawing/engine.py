"""The layout engine that turns DOT source into SVG: graphviz-pure, installed with medsec.

Chosen by measurement (docs/cli.md, "Diagrams"): graphviz-pure is a port of Graphviz 16.1 to
Rust shipped as one static program in a wheel for Linux, macOS and Windows. It needs no system
package, writes the same bytes on every platform (so the report is reproducible) and lays out
the example's data-flow diagram in 6 ms and a 1,000-element model in 0.35 s. Its output is
byte-identical to upstream Graphviz 16.1 (built for WebAssembly) on the example's five diagrams.
A pure-Python layered layout (grandalf) was rejected: no clusters, so no trust boundaries.

The program is looked up beside the running Python first (the environment medsec is installed
in), then on PATH; Graphviz's own ``dot`` on PATH is the fallback for a platform without a
graphviz-pure wheel. Callers get None when no engine runs, and show tables instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

TIMEOUT_SECONDS = 60.0
BUNDLED = "graphviz-pure"
SYSTEM = "dot"


def _scripts_dirs() -> list[Path]:
    """Where pip puts the programs of the environment medsec runs in (venv, user, system)."""
    dirs = [Path(sys.executable).parent]
    for scheme in (None, f"{os.name}_user"):
        try:
            path = (
                sysconfig.get_path("scripts", scheme) if scheme else sysconfig.get_path("scripts")
            )
        except KeyError:  # a scheme this platform does not have
            continue
        dirs.append(Path(path))
    return list(dict.fromkeys(dirs))


def _program(name: str) -> Path | None:
    """The executable ``name`` beside the interpreter, else on PATH."""
    suffix = ".exe" if os.name == "nt" else ""
    for folder in _scripts_dirs():
        candidate = folder / f"{name}{suffix}"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which(name)
    return Path(found) if found else None


def find() -> Path | None:
    """The layout program to run: graphviz-pure if installed, else Graphviz's ``dot``."""
    return _program(BUNDLED) or _program(SYSTEM)


def to_svg(dot: str, *, timeout: float = TIMEOUT_SECONDS) -> str | None:
    """Lay out ``dot`` and return an ``<svg>`` element ready to inline (no prolog, no DOCTYPE).

    None when no engine is installed, or it fails or times out: callers say so and show the
    tables the diagram summarises.
    """
    exe = find()
    if exe is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 - fixed argv, no shell; DOT text goes to stdin
            [str(exe), "-Tsvg"],
            input=dot.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    text = done.stdout.decode("utf-8", errors="replace")
    start = text.find("<svg")
    return text[start:].strip() + "\n" if start >= 0 else None
