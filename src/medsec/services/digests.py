"""Today's digests of what a review covers: the model, the threat register and the SBOM files.

``medsec review`` records them with a review; ``medsec check`` compares them with the recorded
ones (:mod:`medsec.engines.signoff`). The SBOM digest reads the files the elements name (their
bytes, so a regenerated SBOM counts as a change); the others come from the loaded model and
register (:mod:`medsec.engines.threats.digest`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from medsec.domain.model import Project
from medsec.domain.threat import AssessedThreat
from medsec.engines.signoff import Digests
from medsec.engines.threats.digest import (
    architecture_digest,
    legacy_architecture_digest,
    model_digest,
    register_digest,
)
from medsec.sources.sbom.limits import SIZE_HINT
from medsec.untrusted.files import read_input


def _sbom_bytes(file: Path) -> bytes:
    """An SBOM's bytes through the bounded reader, within the SBOM size limit."""
    from medsec.services.sbom_inputs import max_bytes_default

    return read_input(file, max_bytes=max_bytes_default(), what="SBOM files", hint=SIZE_HINT)


def sbom_digest(base: Path, project: Project) -> str:
    """sha256 over each SBOM file the elements name: its path and the sha256 of its bytes."""
    outer = hashlib.sha256()
    for path in sorted({p for e in project.elements for p in e.sbom}):
        file = base / path
        inner = hashlib.sha256(_sbom_bytes(file)).hexdigest() if file.is_file() else "missing"
        outer.update(f"{path}\x1f{inner}\n".encode())
    return "sha256:" + outer.hexdigest()


def current_digests(base: Path, project: Project, threats: Iterable[AssessedThreat]) -> Digests:
    """Every digest a review records, for the project in folder ``base`` as it is today."""
    return Digests(
        architecture=architecture_digest(project),
        legacy_architecture=legacy_architecture_digest(project),
        model=model_digest(project),
        register=register_digest(t.entry for t in threats),
        sboms=sbom_digest(base, project),
    )
