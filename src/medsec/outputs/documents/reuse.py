"""``docs build --all`` in PDF keeps the PDFs of the last build into the folder whose source
has not changed, and lays out only the others.

WeasyPrint takes seconds a document (the example's nine PDFs: 25 s of CPU), while what decides
a PDF byte for byte is known before any layout, in a tenth of a second: the print HTML, the
embedded time and the library versions, named by one digest (``pdf.source_digest``). Each
build records that digest and the sha256 of the file written in the folder's ``index.json``
(``index.py``). The next build keeps a file when the index records the same source digest for
its document AND the file still has the recorded sha256: it is then byte-identical to what a
layout would write. Anything else lays it out again: no index.json, one that cannot be read or
is malformed (said in a note, never a failure), a file missing or edited, another source
digest (an answer changed, another SOURCE_DATE_EPOCH, another medsec or WeasyPrint).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from medsec.domain.document import Document
from medsec.domain.errors import InputError
from medsec.outputs.documents import batch, pdf
from medsec.outputs.documents.index import Recorded, read_recorded
from medsec.untrusted.files import open_input, read_input

INDEX_FILE = "index.json"
# An index lists a dozen documents in a few KB; a bigger file is not one medsec wrote.
INDEX_MAX_BYTES = 4 * 2**20
KEPT = "unchanged since the last build"


@dataclass(frozen=True)
class Edition:
    """One document's file in the folder: the bytes to write, or None to keep the file there."""

    name: str  # file name in the folder
    data: str | bytes | None
    file_digest: str  # "sha256:..." of the file, written or kept
    source_digest: str | None = None  # a PDF's: what it was laid out from

    @property
    def kept(self) -> bool:
        """Whether the file already in the folder is kept (not laid out, not rewritten)."""
        return self.data is None


def sha256_of(data: str | bytes) -> str:
    """``sha256:`` and the hex digest of a file's content (text as UTF-8, as it is written)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def written(name: str, data: str | bytes) -> Edition:
    """A file to write (a format other than PDF, rendered in milliseconds: never kept)."""
    return Edition(name, data, sha256_of(data))


def previous(folder: Path) -> tuple[dict[str, Recorded], str | None]:
    """What the folder's index.json records, by document id, and a note when it could not be
    read or is malformed (everything is then laid out again). No index: nothing, no note."""
    path = folder / INDEX_FILE
    if not path.exists():
        return {}, None
    try:
        data = read_input(path, max_bytes=INDEX_MAX_BYTES, what="document indexes")
        return read_recorded(data, source=str(path)), None
    except InputError as e:
        return {}, (
            f"note: {path} is not an index medsec can read ({e.diagnostics()}): every PDF is "
            "laid out again and the index rewritten"
        )


def file_digest(path: Path) -> str | None:
    """``sha256:`` and the digest of the regular file at ``path``; None when there is none."""
    try:
        with open_input(path) as handle:
            return "sha256:" + hashlib.file_digest(handle, "sha256").hexdigest()
    except (InputError, OSError):
        return None


def _kept(job: pdf.PrintJob, name: str, recorded: Recorded | None, folder: Path) -> str | None:
    """The file digest of the PDF in the folder when it was laid out from ``job``'s source and
    is still as written (it is kept); None when it must be laid out."""
    if recorded is None or recorded.file != name or recorded.source_digest != job.digest:
        return None
    on_disk = file_digest(folder / name)
    return on_disk if on_disk is not None and on_disk == recorded.file_digest else None


def print_all(
    docs: Sequence[Document],
    folder: Path,
    *,
    jobs: int,
    reuse: bool = True,
    standby: batch.Standby | None = None,
) -> tuple[list[Edition], str | None]:
    """Each document's PDF edition, in order: kept from ``folder`` when unchanged (``reuse``),
    else laid out in up to ``jobs`` worker processes (0: one per core; forked by ``standby``
    where there is one, which loaded WeasyPrint meanwhile); and the note on an
    index.json that could not be read. A bad SOURCE_DATE_EPOCH fails before any layout."""
    print_jobs = [pdf.print_job(d) for d in docs]
    recorded, problem = previous(folder) if reuse else ({}, None)
    names = [f"{job.document.header.id}{pdf.RENDERER.suffix}" for job in print_jobs]
    kept = [
        _kept(job, name, recorded.get(job.document.header.id), folder)
        for job, name in zip(print_jobs, names, strict=True)
    ]
    todo = [job for job, digest in zip(print_jobs, kept, strict=True) if digest is None]
    laid_out = iter(_lay_out_all(todo, jobs, standby) if todo else [])
    editions = []
    for job, name, digest in zip(print_jobs, names, kept, strict=True):
        if digest is not None:
            editions.append(Edition(name, None, digest, job.digest))
        else:
            data = next(laid_out)
            editions.append(Edition(name, data, sha256_of(data), job.digest))
    return editions, problem


def _lay_out_all(todo: list[pdf.PrintJob], jobs: int, standby: batch.Standby | None) -> list[bytes]:
    """The PDFs of ``todo``: laid out by the workers of ``standby`` (which counts this process's
    memory in its budget) where there is one, else by workers forked from this process."""
    if standby is None:
        return lay_out_all(todo, jobs, 0)
    return standby.call(lay_out_all, todo, jobs, batch.own_memory())


def lay_out_all(todo: list[pdf.PrintJob], jobs: int, others: int) -> list[bytes]:
    """The PDFs of ``todo``, in worker processes forked from this one, longest first, within
    the memory budget less ``others`` (bytes: the process that asked, when it is another)."""
    pdf.prepare_layout()  # once, here: the workers inherit it (and a missing pango fails early)
    budget = pdf.print_budget()
    return batch.render_all(
        pdf.lay_out,
        todo,
        jobs=jobs or batch.cpu_count(),
        weight=lambda job: pdf.print_weight(job.document),
        memory=batch.Budget(budget.total - others, lambda job: pdf.print_memory(job.document)),
    )
