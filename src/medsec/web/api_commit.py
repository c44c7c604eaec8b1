"""Commit files the server wrote for an upload, with the uploader as author, and audit it.

The writes happen inside ``git.editing``: under the repository's lock, on the checked-out
branch, with the paths unchanged since HEAD (and since ``expected_head`` when given); any
failure puts the paths back and nothing is committed. The audit entry names the commit and
carries the sha256 of what the paths held before and after.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request

from medsec.domain.errors import MedsecError
from medsec.domain.identity import Principal
from medsec.web import api_lookup


@dataclass(frozen=True)
class Committed:
    """What an upload changed: the commit, the paths and the audit entry's number."""

    commit: str
    paths: tuple[str, ...]
    audit_seq: int


def contents(files: Mapping[str, bytes | None]) -> bytes | str | None:
    """What the audit hashes: one file's bytes, or for several a JSON map of their sha256."""
    if len(files) == 1:
        return next(iter(files.values()))
    digests = {
        path: None if data is None else hashlib.sha256(data).hexdigest()
        for path, data in sorted(files.items())
    }
    return json.dumps(digests, sort_keys=True)


def _read(root: Path, paths: Sequence[str]) -> dict[str, bytes | None]:
    """The bytes of each path in the working tree (None when absent)."""
    return {p: (root / p).read_bytes() if (root / p).is_file() else None for p in paths}


def commit_files(
    request: Request,
    repo: Any,
    principal: Principal,
    paths: Sequence[str],
    write: Callable[[Path], None],
    *,
    message: str,
    action: str,
    expected_head: str | None,
) -> Committed:
    """Let ``write`` change ``paths`` in the working tree, commit them and audit the change."""
    from medsec.project import git
    from medsec.services import audit

    with git.editing(
        Path(repo.path), repo.branch, paths, expected_head or None,
        message=message, author=principal.author(),
    ) as edit:  # fmt: skip
        write(edit.repo)
    if edit.commit is None:  # leaving the block without an error commits
        raise MedsecError(f"the upload to {repo.name} was not committed")
    entry = audit.record(
        api_lookup.server(request).engine,
        principal.username,
        action,
        f"{repo.name}:{', '.join(edit.paths)}",
        contents(edit.before),
        contents(_read(edit.repo, edit.paths)),
        {"repository": repo.name, "commit": edit.commit, "via": principal.via.value},
    )
    return Committed(edit.commit, tuple(edit.paths), entry.seq)
