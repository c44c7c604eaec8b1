"""Evidence files as read for the checklist: of their declared kind, pinned, VEX that reads."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from pypdf import PdfWriter

from medsec.domain.model import ActivityRecord, Project
from medsec.domain.vocabulary import Activity
from medsec.engines.threats.rules._fixtures import make_project
from medsec.services.evidence import declared_kind, evidence_facts, vex_facts


def text_pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` in Helvetica (written by hand: offsets counted)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n".encode()
    out += b"%%EOF\n"
    return bytes(out)


def blank_pdf() -> bytes:
    """A PDF with one empty page (a blank export)."""
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


FILES: dict[str, bytes] = {
    "docs/tm.pdf": text_pdf("Threat model 3.2.0"),
    "docs/blank.pdf": blank_pdf(),
    "docs/empty.pdf": b"",
    "docs/not.pdf": b"%PDF-1.7\nthis is not a PDF body",
    "ci/sast.sarif": b'{"version": "2.1.0", "runs": []}',
    "ci/notes.sarif": b"# a markdown file named .sarif",
    "ci/scan.json": b"{}",
    "ci/bad.json": b"{",
    "ci/nmap.xml": b"<nmaprun><host/>",
    "ci/review.md": b"# Code review\nall good\n",
    "ci/blank.md": b"   \n\n",
    "ci/latin1.txt": "caf\xe9".encode("latin-1"),
}


def _project(tmp_path: Path) -> Project:
    for rel, data in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    cited = [ActivityRecord(Activity.CODE_REVIEW, rel, date(2026, 9, 1)) for rel in FILES]
    missing = ActivityRecord(Activity.FUZZING, "ci/missing.md", date(2026, 9, 1))
    records = (*cited, missing)
    return replace(make_project(activities=records), root=str(tmp_path))


def test_every_cited_file_is_read_as_its_declared_kind(tmp_path: Path) -> None:
    facts = {f.path: f for f in evidence_facts(tmp_path, _project(tmp_path))}
    assert "ci/missing.md" not in facts  # not there: evidence-missing says so
    problems = {path: f.problem for path, f in facts.items()}
    assert problems["docs/tm.pdf"] is None and facts["docs/tm.pdf"].detail == "1 page"
    assert problems["docs/blank.pdf"] == "a PDF without text (1 page; a blank or image-only export)"
    assert problems["docs/empty.pdf"] == "the file is empty"
    assert (problems["docs/not.pdf"] or "").startswith("not a readable PDF")
    assert problems["ci/sast.sarif"] is None
    assert problems["ci/notes.sarif"] == "not SARIF (no 'version' and 'runs')"
    assert problems["ci/scan.json"] == "an empty JSON document"
    assert (problems["ci/bad.json"] or "").startswith("JSON that does not parse")
    assert (problems["ci/nmap.xml"] or "").startswith("XML that does not parse")
    assert problems["ci/review.md"] is None
    assert problems["ci/blank.md"] == "the file holds only white space"
    assert problems["ci/latin1.txt"] == "not text (byte 3 is not UTF-8)"
    digest = hashlib.sha256(FILES["ci/review.md"]).hexdigest()
    assert facts["ci/review.md"].sha256 == digest


def test_the_kind_is_told_by_the_name() -> None:
    assert declared_kind("a/B.PDF") == "pdf"
    assert declared_kind("x.sarif.json") == "sarif"
    assert declared_kind("x.json") == "json"
    assert declared_kind("scan.nessus") == "xml"
    assert declared_kind("report.csv") == "text"
    assert declared_kind("report.docx") == "other"


def test_a_vex_document_is_read_for_what_it_covers(tmp_path: Path) -> None:
    folder = tmp_path / "records" / "vex"
    folder.mkdir(parents=True)
    (folder / "empty.json").write_text("{}")
    doc = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "components": [
            {"bom-ref": "z", "name": "zlib", "version": "1.2.11", "purl": "pkg:generic/zlib@1.2.11"}
        ],
        "vulnerabilities": [
            {
                "id": "CVE-2022-37434",
                "affects": [{"ref": "z"}],
                "analysis": {"state": "not_affected", "justification": "code_not_reachable"},
            }
        ],
    }
    (folder / "vex.cdx.json").write_text(json.dumps(doc))
    empty, good = vex_facts(tmp_path, ("records/vex/empty.json", "records/vex/vex.cdx.json"))
    assert empty.problem is not None and "not a VEX document" in empty.problem
    assert good.problem is None and good.statements == 1
    assert "CVE-2022-37434" in good.covers
