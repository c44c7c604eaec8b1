"""``medsec docs list | questions | build``: the regulatory documents, thin over services."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from medsec.cli.common import (
    DbOpt,
    OutputOpt,
    TodayOpt,
    allowing_outside,
    database,
    format_option,
    note,
    today,
)
from medsec.cli.exit_codes import ExitCode
from medsec.cli.output import emit
from medsec.domain.errors import UsageError
from medsec.domain.wording import counted
from medsec.outputs.documents import RENDERERS

if TYPE_CHECKING:
    from medsec.domain.document import Document, Question
    from medsec.outputs.documents.batch import Standby
    from medsec.outputs.documents.reuse import Edition
    from medsec.services.documents import BuiltDocument

app = typer.Typer(
    help=(
        "Submission and audit documents built from the project's evidence: FDA premarket, "
        "IEC 81001-5-1 conformance, MDR GSPR, CRA, the security risk report, MDS2, the customer "
        "security guide; 'docs pack' zips the network integration pack for hospital IT. What "
        "evidence cannot supply is answered in documents/*.yaml ('medsec docs questions')."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@app.command("list")
def list_() -> None:
    """The documents medsec builds: id, title, the frameworks each serves, what it holds."""
    from medsec.outputs.documents.registry import DOCUMENTS

    for spec in DOCUMENTS.values():
        m = spec.meta
        typer.echo(f"{m.id}  {m.title}\n    frameworks: {'; '.join(m.frameworks)}")
        typer.echo(f"    {m.summary}")


def questions_by_key() -> dict[str, tuple[Question, list[str]]]:
    """Each manual question once, with the ids of the documents that ask it."""
    from medsec.outputs.documents.registry import DOCUMENTS

    out: dict[str, tuple[Question, list[str]]] = {}
    for spec in DOCUMENTS.values():
        for q in spec.questions:
            out.setdefault(q.key, (q, []))[1].append(spec.meta.id)
    return dict(sorted(out.items()))


@app.command("questions")
def questions(
    project: Annotated[
        Path | None, typer.Argument(help="A project: also say which keys it has answered.")
    ] = None,
) -> None:
    """The manual answers documents ask for (documents/*.yaml): key, type, question, users."""
    from medsec.services.documents import read_answers

    answers = read_answers(project) if project is not None else None
    for key, (q, users) in questions_by_key().items():
        state = "" if answers is None else ("  [answered]" if answers.get(key) else "  [open]")
        kind = q.kind.value + (f" with keys {', '.join(q.columns)}" if q.columns else "")
        typer.echo(f"{key}: {kind}{state}\n    {q.prompt}\n    used by: {', '.join(users)}")


JobsOpt = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=0,
        help="--all in PDF: worker processes (0: one per core, fewer to stay under 1 GB; "
        "1: one after the other in this process).",
    ),
]
AuditOpt = Annotated[
    bool,
    typer.Option(
        "--audit",
        help="--all: add the team server's audit trail, exported from --db and verified "
        "(audit-trail.jsonl; exit 1 when it does not verify).",
    ),
]
NoReuseOpt = Annotated[
    bool,
    typer.Option(
        "--no-reuse",
        help="--all in PDF: lay out every document again. By default a PDF already in the "
        "folder is kept when index.json records that it was laid out from the same source "
        "and it is unchanged since (after a system upgrade of pango or fonts: use this).",
    ),
]


def build(
    project: Annotated[Path, typer.Argument(help="The project folder.")] = Path(),
    doc: Annotated[
        str | None, typer.Option("--doc", "-d", help="The document id ('medsec docs list').")
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Every applicable document, into the --output folder.")
    ] = False,
    fmt: Annotated[str, format_option(RENDERERS)] = RENDERERS.default,
    output: OutputOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 while any document has open questions.")
    ] = False,
    date: TodayOpt = None,
    jobs: JobsOpt = 0,
    audit: AuditOpt = False,
    db: DbOpt = None,
    no_reuse: NoReuseOpt = False,
) -> None:
    """Build a document (--doc ID) or all of them (--all) from the project's evidence."""
    from medsec.outputs.drawing.engine import to_svg
    from medsec.services import documents

    renderer = RENDERERS.choose(fmt)
    _check_usage(doc, all_, output, audit)
    with _standby(all_, renderer.name, jobs) as standby:
        trail = _audit_trail(database(db, project)) if audit else None  # read before writing
        options = documents.DocsOptions(project, today(date), draw_svg=to_svg, record=False)
        if doc is not None:
            documents.spec_of(doc)  # an unknown id is a usage error before anything is computed
            built = documents.build(options, [doc])
            assert built[0].document is not None
            emit(renderer.render(built[0].document), output)
        else:
            from medsec.outputs.documents.registry import DOCUMENTS

            assert output is not None
            built = documents.build(options, list(DOCUMENTS), applicable_only=True)
            layout = _Layout(jobs, not no_reuse, standby)
            _write_folder(output, built, renderer.name, layout)
    documents.record_revisions(project, built)
    open_questions = _summary(built)
    if trail is not None:
        _write_trail(output or Path(), *trail)
    if strict and open_questions:
        remain = "remains" if open_questions == 1 else "remain"
        note(f"--strict: {counted(open_questions, 'open question')} {remain} (exit 1)")
        raise typer.Exit(int(ExitCode.CHECK_FAILED))


AUDIT_FILE = "audit-trail.jsonl"


@dataclass(frozen=True)
class _Layout:
    """How ``--all`` lays PDFs out: worker processes (0: one per core), whether PDFs unchanged
    since the last build are kept, and the process standing by to fork the workers."""

    jobs: int
    reuse: bool
    standby: Standby | None


def _standby(all_: bool, fmt: str, jobs: int) -> AbstractContextManager[Standby | None]:
    """For ``--all`` in PDF with more than one worker: a process that loads WeasyPrint (0.4 s)
    on another core while this one reads the project, and later forks the layout workers; it
    ends on the way out if no PDF had to be laid out. Otherwise none."""
    from medsec.outputs.documents import batch, pdf

    if not all_ or fmt != "pdf" or (jobs or batch.cpu_count()) < 2:
        return nullcontext(None)
    return batch.Standby(pdf.prepare_layout)


def _check_usage(doc: str | None, all_: bool, output: Path | None, audit: bool) -> None:
    """The option combinations ``docs build`` refuses, before anything is computed."""
    if (doc is None) == (not all_):
        raise UsageError("name one document with --doc ID, or build them all with --all")
    if all_ and output is None:
        raise UsageError("--all needs --output FOLDER (one file per document, and an index)")
    if audit and not all_:
        raise UsageError("--audit goes with --all: the trail is written beside the documents")


def _audit_trail(db: str | None) -> tuple[bytes, tuple[str, ...]]:
    """The team server's audit trail as exported (JSON lines, head last) and its problems."""
    from medsec.services import audit
    from medsec.storage.store import AdvisoryStore

    with AdvisoryStore.open(db) as store:
        data = audit.export(store.engine)
        return data, audit.verify_export(data, source=AUDIT_FILE).problems


def _write_trail(folder: Path, data: bytes, problems: tuple[str, ...]) -> None:
    """Write the trail beside the documents; exit 1 naming each problem when it does not verify."""
    emit(data, folder / AUDIT_FILE)
    entries = max(0, data.count(b"\n") - 1)
    if not problems:
        note(
            f"{AUDIT_FILE}: {counted(entries, 'audit entry', 'audit entries')}, the hash chain verifies"
        )
        return
    for problem in problems:
        note(f"{AUDIT_FILE}: {problem}")
    note(f"{AUDIT_FILE}: the audit trail does NOT verify (exit 1): see 'medsec audit verify'")
    raise typer.Exit(int(ExitCode.CHECK_FAILED))


def _summary(built: list[BuiltDocument]) -> int:
    """One line per document on stderr (revision, open questions); the open questions, summed."""
    total = 0
    for b in built:
        if b.document is None:
            note(f"{b.id}: not applicable ({b.not_applicable})")
            continue
        h = b.document.header
        count = len(b.document.open_questions)
        total += count
        state = "new revision" if b.new_revision else "unchanged"
        note(
            f"{b.id}: revision {h.revision} of {h.date.isoformat()} ({state}), {counted(count, 'open question')}"
        )
    return total


def _editions(fmt: str, docs: list[Document], folder: Path, layout: _Layout) -> list[Edition]:
    """Each document's file in ``fmt``: PDFs kept when unchanged (``layout.reuse``), else laid
    out in worker processes; the other formats rendered here.

    WeasyPrint takes seconds per document (the example's nine PDFs 16 s of CPU, the FDA one
    5.5 s), the other formats milliseconds: only PDF is worth the workers and the reuse.
    """
    from medsec.outputs.documents import reuse as reusing

    renderer = RENDERERS.choose(fmt)
    if fmt != "pdf":
        return [
            reusing.written(f"{d.header.id}{renderer.suffix}", renderer.render(d)) for d in docs
        ]
    editions, problem = reusing.print_all(
        docs, folder, jobs=layout.jobs, reuse=layout.reuse, standby=layout.standby
    )
    if problem is not None:
        note(problem)
    return editions


def _write_folder(folder: Path, built: list[BuiltDocument], fmt: str, layout: _Layout) -> None:
    """Each document as ``ID.suffix`` in ``folder``, and the index (HTML and JSON) beside them;
    a PDF unchanged since the last build into the folder is kept as it is.

    Every document is rendered before the first file is written: a failing one leaves the
    folder as it was.
    """
    from medsec.outputs.documents.index import IndexEntry, render_index_html, render_index_json
    from medsec.outputs.documents.registry import DOCUMENTS
    from medsec.outputs.documents.reuse import INDEX_FILE

    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output: {folder} is a file; --all writes a folder")
    docs = [b.document for b in built if b.document is not None]
    editions = dict(
        zip((d.header.id for d in docs), _editions(fmt, docs, folder, layout), strict=True)
    )
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for b in built:
        title = DOCUMENTS[b.id].meta.title
        if b.document is None:
            entries.append(IndexEntry(b.id, title, None, None, b.not_applicable))
            continue
        e = editions[b.id]
        _put(folder, e)
        entries.append(
            IndexEntry(b.id, title, b.document, e.name, None, e.file_digest, e.source_digest)
        )
    device = next((b.document.header.device for b in built if b.document), "the device")
    emit(render_index_html(device, entries), folder / "index.html")
    emit(render_index_json(entries), folder / INDEX_FILE)


def _put(folder: Path, edition: Edition) -> None:
    """Write a document's file into ``folder``, or say that the one there is kept."""
    from medsec.outputs.documents.reuse import KEPT

    if edition.data is None:
        note(f"kept {folder / edition.name}: {KEPT}")
    else:
        emit(edition.data, folder / edition.name)


app.command("build")(allowing_outside(build))


def pack(
    project: Annotated[Path, typer.Argument(help="The project folder.")] = Path(),
    output: OutputOpt = None,
    date: TodayOpt = None,
) -> None:
    """Zip the integration pack for hospital IT: firewall rules, flows, SBOM, VEX, MDS2, guide."""
    from medsec.outputs.drawing.engine import to_svg
    from medsec.services import integration_pack

    if output is None:
        raise UsageError("docs pack writes a zip: name it with --output FILE.zip")
    options = integration_pack.PackOptions(project, today(date), draw_svg=to_svg)
    built = integration_pack.build(options)
    emit(built.data, output)
    h = built.guide.header
    state = "new revision" if built.new_revision else "unchanged"
    note(
        f"pack: {counted(len(built.files), 'file')} in {built.folder}/; security guide revision "
        f"{h.revision} of {h.date.isoformat()} ({state})"
    )
    for m in built.missing:
        note(f"pack: no {m.name}: {m.reason}")


app.command("pack")(allowing_outside(pack))
