"""A document built by hand with every element kind, hostile strings and edge cases.

The HTML, PDF and Word tests render it (``make_document()``): each element must show, every string must come out
escaped (``<script>``, ``]]>``, ``&``, quotes, control characters), a very long word must not
break the layout, an empty table says so, a figure without a drawing says why.
"""

from __future__ import annotations

from datetime import date

from medsec.domain.document import (
    Approval,
    Document,
    DocumentHeader,
    EvidenceRef,
    Figure,
    OpenQuestion,
    Section,
    Statement,
    Status,
    Table,
    TableRow,
)

HOSTILE = "<script>alert(1)</script> ]]> & \"quoted\" 'single' \x00\x0b nul"
LONG_WORD = "A" * 600
LONG_TEXT = " ".join(["The evidence shows the control is in place and verified."] * 60)
REVISION_DATE = date(2026, 11, 27)
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="220pt" height="90pt" '
    'viewBox="0 0 220 90"><g id="graph0"><rect x="10" y="10" width="90" height="40" '
    'fill="#e8f0fe" stroke="#1f3a5f"/><text x="55" y="35" font-size="10" '
    'text-anchor="middle">pump &amp; app</text><path d="M100,30 L180,30" stroke="black"/>'
    '<ellipse cx="195" cy="30" rx="15" ry="12" fill="none" stroke="black"/></g></svg>'
)
EVIL_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(2)</script></svg>'


def _ref(path: str, line: int | None = None, record: str | None = None) -> EvidenceRef:
    return EvidenceRef(path, line, record, date(2026, 11, 2))


def sections() -> tuple[Section, ...]:
    """Every element kind: statements, a matrix, tables (full, empty), figures, questions."""
    return (
        Section(
            "scope",
            f"Scope {HOSTILE}",
            Status.INFO,
            statements=(
                Statement("The device is a networked infusion pump.", (_ref("medsec.yaml", 3),)),
                Statement(f"Hostile text {HOSTILE}", (_ref(f"evil{HOSTILE}.yaml", 1, "R&D"),)),
                Statement(LONG_TEXT),
                Statement(LONG_WORD, status=Status.PARTLY, label="Long", gap="g", fix="medsec x"),
            ),
        ),
        Section(
            "matrix",
            "Conformance matrix",
            Status.PARTLY,
            statements=(
                Statement(
                    "Secure design reviewed.",
                    (_ref("medsec.yaml", 40, "threats"), _ref("medsec check")),
                    Status.MET,
                    "5.1.1",
                ),
                Statement(
                    "No SBOM review.", (), Status.NOT_MET, "5.2.1", "no review", "medsec sbom"
                ),
                Statement("Not a cloud part.", (), Status.NOT_APPLICABLE, "9.1", None, None),
                Statement(
                    f"Row {HOSTILE}", (_ref(HOSTILE),), Status.PARTLY, HOSTILE, HOSTILE, HOSTILE
                ),
            ),
            matrix=True,
        ),
        Section(
            "sbom",
            "Software bill of materials",
            Status.MET,
            tables=(
                Table(
                    "Components",
                    ("Name", "Version", "Support"),
                    (
                        TableRow(
                            ("openssl", "3.0.13", "until 2026-09"),
                            (_ref("sbom.json", None, "pkg:generic/openssl@3.0.13"),),
                        ),
                        TableRow((HOSTILE, LONG_WORD, "&amp;"), ()),
                    ),
                ),
                Table("Ports", ("Port", "Protocol"), (), empty="No open ports."),
                Table("Plain", ("Key", "Value"), (TableRow(("a", "b")),)),
            ),
            level=2,
        ),
        Section(
            "views",
            "Architecture views",
            Status.NOT_MET,
            figures=(
                Figure("global", "Global system view", SVG),
                Figure("multi", "Multi-patient harm view", None, missing="No layout engine ran."),
                Figure("evil", f"Evil {HOSTILE}", EVIL_SVG),
            ),
            open_questions=(
                OpenQuestion(
                    f"Who operates the cloud? {HOSTILE}",
                    "documents/answers.yaml: operator",
                    "operator",
                ),
            ),
        ),
        Section(
            "plan",
            "Management plan",
            Status.NOT_APPLICABLE,
            statements=(Statement("Rationale: not a cyber device."),),
            open_questions=(
                OpenQuestion("Name the personnel.", "documents/answers.yaml: personnel"),
            ),
            level=2,
        ),
        Section("empty", "Empty section", Status.MET),
    )


def make_document(sections_: tuple[Section, ...] | None = None, **header: object) -> Document:
    """The rich document, or one with the given sections; header fields may be overridden."""
    fields: dict[str, object] = {
        "id": "fda-premarket",
        "title": "Premarket cybersecurity documentation",
        "frameworks": ("FDA premarket guidance (2025)", "IEC 81001-5-1"),
        "device": f"ACME Pump {HOSTILE}",
        "device_version": "3.2.0",
        "manufacturer": "ACME Medical & Co",
        "architecture_digest": "sha256:" + "ab" * 32,
        "revision": 3,
        "date": REVISION_DATE,
        "inputs_digest": "sha256:" + "cd" * 32,
    } | header
    return Document(
        DocumentHeader(**fields),  # type: ignore[arg-type]
        sections() if sections_ is None else sections_,
        changes=("Section 2: 5.2.1 became not met.", f"Changed {HOSTILE}"),
        approvals=(Approval("Security lead", "Dana <b>Smith</b>"), Approval("Regulatory affairs")),
    )


def large_document(matrix_rows: int = 1000, table_rows: int = 7000) -> Document:
    """A document the size of a 1,000-element model's: a long matrix and a long data table."""
    matrix = tuple(
        Statement(
            f"Requirement {n} is met by control C-{n % 97} on element el-{n}.",
            (_ref("medsec.yaml", n + 1, f"C-{n % 97}"),),
            (Status.MET, Status.PARTLY, Status.NOT_MET, Status.NOT_APPLICABLE)[n % 4],
            f"{4 + n % 6}.{n % 9}.{n}",
            None if n % 4 == 0 else f"Gap of requirement {n}",
            None if n % 4 == 0 else f"medsec threats --element el-{n}",
        )
        for n in range(matrix_rows)
    )
    rows = tuple(
        TableRow(
            (f"component-{n}", f"1.{n % 50}.{n % 7}", f"pkg:generic/component-{n}@1.{n % 50}",
             "supported until 2028-12-31"),
            (_ref("sbom/device.cdx.json", None, f"component-{n}"),),
        )
        for n in range(table_rows)
    )  # fmt: skip
    return make_document(
        (
            Section("matrix", "Conformance matrix", Status.PARTLY, statements=matrix, matrix=True),
            Section(
                "sbom",
                "Software bill of materials",
                Status.MET,
                tables=(Table("Components", ("Name", "Version", "purl", "Support"), rows),),
            ),
        )
    )


WIDE_COLUMNS = tuple(
    f"{name} {n}"
    for n, name in enumerate(("Source element", "Destination element", "Protocol stack") * 4)
)


def wide_document() -> Document:
    """A document whose second section holds a table of twelve columns (too many for a
    portrait page: it prints landscape), between two portrait ones."""
    row = TableRow(tuple(f"TLS 1.3 mutual {n}" for n in range(len(WIDE_COLUMNS))))
    narrow = Table("Before", ("Key", "Value"), (TableRow(("a", "b")),))
    return make_document(
        (
            Section("before", "Before the wide table", Status.MET, tables=(narrow,)),
            Section(
                "paths", "Paths", Status.MET, tables=(Table("Paths", WIDE_COLUMNS, (row,) * 8),)
            ),
            Section("after", "After the wide table", Status.MET, (Statement(LONG_TEXT),)),
        )
    )
