"""Reading an upload before anything is written: bounded bytes, a plain name, the hardened readers.

The same readers ``medsec sbom`` and ``medsec pentest import`` use
(``medsec.sources.sbom.registry.read``, ``medsec.sources.scanners.registry.read``: size bound,
defused XML, depth and expansion limits) decide whether an upload is acceptable; a file they
refuse is a 422 carrying their message (file, place, what to do). Nothing here writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from fastapi import HTTPException, UploadFile

from medsec.domain.errors import InputError, MedsecError

UPLOAD_MAX_BYTES = 64 * 1024 * 1024  # an upload larger than this is refused before parsing
_CHUNK = 1024 * 1024
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")


def refuse(message: str) -> HTTPException:
    """A 422 carrying the reader's or the check's message."""
    return HTTPException(422, message)


async def read_upload(upload: UploadFile, limit: int) -> bytes:
    """The uploaded bytes, at most ``limit`` + 1 of them (the reader then refuses the size)."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = await upload.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def upload_name(filename: str | None) -> str:
    """A plain file name for the uploaded file (no folders, no leading dot), else a 422."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    if not _SAFE_NAME.fullmatch(name):
        raise refuse(
            f"the file name '{filename}' cannot be used: name the file with letters, digits, "
            "'.', '_' or '-' only (at most 120 characters)"
        )
    return name


def in_repository(repo: Any, *parts: str) -> str:
    """A path inside the repository (``project_dir/parts``) as git names it."""
    return PurePosixPath(repo.project_dir, *parts).as_posix().removeprefix("./")


@dataclass(frozen=True)
class Parsed:
    """What the reader made of an upload: warnings and how much it holds."""

    warnings: list[str]
    components: int | None = None
    findings: int | None = None


def parse_sbom(data: bytes, source: str) -> Parsed:
    """The upload read as an SBOM by the hardened readers; 422 with their message if not."""
    from medsec.sources.sbom.registry import read

    try:
        result = read(data, source=source, max_bytes=UPLOAD_MAX_BYTES)
    except InputError as exc:
        raise refuse(exc.diagnostics()) from exc
    except RecursionError as exc:  # the readers bound depth; this is the last guard
        raise refuse(f"{source}: nested too deeply to read") from exc
    return Parsed([str(w) for w in result.warnings], components=len(result.document.components))


def parse_report(data: bytes, source: str, forced: str | None) -> Parsed:
    """The upload read as a pentest/scanner report; 422 with the reader's message if not."""
    from medsec.sources.scanners.registry import read

    try:
        report = read(data, source=source, forced=forced, max_bytes=UPLOAD_MAX_BYTES)
    except (InputError, MedsecError) as exc:
        raise refuse(exc.diagnostics()) from exc
    except RecursionError as exc:
        raise refuse(f"{source}: nested too deeply to read") from exc
    return Parsed([str(w) for w in report.warnings], findings=len(report.findings))


def project_sboms(tree: Path) -> list[str]:
    """Every SBOM path the project's elements name (relative to the project folder)."""
    from medsec.project.loader import load_project

    project = load_project(tree)
    return sorted({rel for e in project.elements for rel in e.sbom})
