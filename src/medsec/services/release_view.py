"""The project folder a released version is judged in: its files at the tag, with the branch
head's post-market evidence laid over them.

A released device does not change, but its security file goes on living on the branch: the
vulnerability decisions (``vulnerabilities.yaml``) and the monitoring scans of the version
(``records/releases/<version>/scans/``, written by ``medsec monitor``). The checklist of a
released version must see both, or its ``cve-analysis`` and ``vulnerability-management`` items
would judge the version by the evidence of its release day forever. The view is the tree at the
tag (hard links, nothing copied) with the head's ``vulnerabilities.yaml`` and the version's
monitoring scan records added to ``records/scans/``; it is built once per content (a digest of
what went in names it), atomically (a temporary folder renamed into place).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from medsec.domain.paths import SCANS_DIR, VULNERABILITIES_FILE, release_scans_dir

VIEWS = "views"  # folder of release views under the trees cache


def _overlay(head: Path, version: str) -> dict[str, Path]:
    """Project-relative destination -> head file, for everything laid over the tag's files."""
    files: dict[str, Path] = {}
    decisions = head / VULNERABILITIES_FILE
    if decisions.is_file():
        files[VULNERABILITIES_FILE] = decisions
    scans = head / release_scans_dir(version)
    if scans.is_dir():
        for record in sorted(scans.glob("*.json")):
            files[f"{SCANS_DIR}/{record.name}"] = record
    return files


def _key(tree: Path, version: str, files: dict[str, Path]) -> str:
    """A name for the view: the tag's tree, the version and the overlaid contents."""
    digest = hashlib.sha256(f"{tree.resolve()}\0{version}".encode())
    for rel, source in sorted(files.items()):
        digest.update(f"\0{rel}\0".encode())
        digest.update(hashlib.sha256(source.read_bytes()).digest())
    return digest.hexdigest()[:32]


def release_view(tree: Path, head: Path, version: str, cache: Path) -> Path:
    """The folder to judge ``version`` in (``tree``: its files at the tag; ``head``: the
    branch head's project folder); reused when it exists."""
    files = _overlay(head, version)
    final = cache / VIEWS / _key(tree, version, files)
    if final.is_dir():
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".view-", dir=final.parent))
    try:
        staged = work / "tree"
        shutil.copytree(tree, staged, symlinks=True, copy_function=os.link)
        if VULNERABILITIES_FILE not in files:
            (staged / VULNERABILITIES_FILE).unlink(missing_ok=True)  # the head has none
        for rel, source in files.items():
            target = staged / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)  # a hard link: never write through to the tag's copy
            shutil.copyfile(source, target)
        try:
            staged.rename(final)
        except OSError:  # another process built the same view meanwhile
            if not final.is_dir():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return final
