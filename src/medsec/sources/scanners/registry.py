"""Every scanner importer, in one table; detection, ``--as`` and help text are derived from it.

To add a format: write its module (a parser, a sniffer, an ``IMPORTER``), add its
:class:`ReportFormat` member and put ``module.IMPORTER`` in :data:`IMPORTERS`.
"""

from __future__ import annotations

from dataclasses import replace

from medsec.domain.errors import InputError, UsageError
from medsec.domain.pentest import ParsedReport, ReportFormat, make_fingerprint, short_id
from medsec.sources.scanners import (
    burp,
    burp_api,
    manual_csv,
    nessus,
    nessus_csv,
    nmap,
    nuclei,
    openvas,
    openvas_csv,
    sarif,
    tenable_csv,
    zap,
)
from medsec.sources.scanners.detect import content_kind, head_of, refusal, unreadable
from medsec.sources.scanners.importer import Content, ScannerImporter
from medsec.untrusted import jsontext
from medsec.untrusted.depth import recursion_guard

DEFAULT_MAX_BYTES = 1024 * 1024 * 1024  # 1 GiB: the largest Nessus files seen are hundreds of MB

# One entry per ReportFormat (a test checks). Detection asks them in this order and takes the
# first that recognises the file, so where two sniffers could both say yes the more specific
# comes first: Nuclei, SARIF, ZAP, then Burp for JSON; Tenable (a Tenable.io export has a
# Plugin ID column too), Nessus, Greenbone, then the template for CSV (their exports have a
# Severity column too). ``--as FAMILY`` takes the family member matching the file's encoding
# whose sniffer recognises it, else the first matching the encoding, in this order.
IMPORTERS: tuple[ScannerImporter, ...] = (
    nuclei.IMPORTER,
    sarif.IMPORTER,
    zap.XML_IMPORTER,
    zap.JSON_IMPORTER,
    burp.IMPORTER,
    burp_api.IMPORTER,
    nessus.IMPORTER,
    tenable_csv.IMPORTER,
    nessus_csv.IMPORTER,
    openvas.IMPORTER,
    openvas_csv.IMPORTER,
    nmap.IMPORTER,
    manual_csv.IMPORTER,
)

BY_FORMAT: dict[ReportFormat, ScannerImporter] = {i.format: i for i in IMPORTERS}


def _families() -> dict[str, tuple[ReportFormat, ...]]:
    names: dict[str, list[ReportFormat]] = {}
    for importer in IMPORTERS:
        for name in (importer.family, *importer.aliases):
            names.setdefault(name, []).append(importer.format)
    return {name: tuple(formats) for name, formats in names.items()} | {
        i.format.value: (i.format,) for i in IMPORTERS
    }


# what ``--as`` accepts: a family (the encoding is then read from the content) or one format
FAMILIES: dict[str, tuple[ReportFormat, ...]] = _families()
_NAMES = sorted((i.display for i in IMPORTERS), key=str.casefold)
SUPPORTED = f"{', '.join(_NAMES[:-1])} and {_NAMES[-1]}"  # for "medsec reads ..." hints


def forced_help() -> str:
    """The ``--as`` help: every family name, then every exact format."""
    families = sorted({n for i in IMPORTERS for n in (i.family, *i.aliases)})
    exact = sorted(i.format.value for i in IMPORTERS)
    return (
        "Read the report as this format instead of detecting it: "
        f"{', '.join(families)}; or an exact format: {', '.join(exact)}."
    )


def unknown(source: str, reason: str) -> InputError:
    """The error for a file no importer recognises, listing what medsec reads."""
    return InputError.single(
        source, f"not a supported pentest report: {reason}", hint=f"medsec reads {SUPPORTED}"
    )


def detect(data: bytes, *, source: str) -> ScannerImporter:
    """The importer whose sniffer recognises ``data`` first; ``InputError`` when none does."""
    problem = unreadable(data, source)
    if problem is not None:
        raise unknown(source, problem)
    head = head_of(data)
    for importer in IMPORTERS:
        if importer.sniff(head, source):
            return importer
    raise unknown(source, refusal(data, source))


def resolve(forced: str, data: bytes) -> ScannerImporter:
    """The importer ``--as`` names, choosing the family member that matches the content
    (Nessus has two CSV members: the one whose sniffer recognises the file)."""
    candidates = FAMILIES.get(forced.lower())
    if candidates is None:
        raise UsageError(f"unknown report format '{forced}' (one of {', '.join(sorted(FAMILIES))})")
    kind = content_kind(data)
    matching = [f for f in candidates if BY_FORMAT[f].content is kind]
    head = head_of(data)
    recognised = [f for f in matching if BY_FORMAT[f].sniff(head, "")]
    return BY_FORMAT[(recognised or matching or list(candidates))[0]]


def distinct(report: ParsedReport) -> ParsedReport:
    """Findings a report repeats under one fingerprint (Nessus does, for two PHP versions on
    one port) stay separate: the n-th repeat's fingerprint is that of (fingerprint, n)."""
    seen: dict[str, int] = {}
    out = []
    for f in report.findings:
        n = seen.get(f.fingerprint, 0)
        seen[f.fingerprint] = n + 1
        if n:
            print_ = make_fingerprint(f.tool, f.fingerprint, n + 1)
            ident = f.id if f.tool == "manual" else short_id(f.tool, print_)
            f = replace(f, fingerprint=print_, id=ident)
        out.append(f)
    return replace(report, findings=tuple(out)) if len(seen) < len(out) else report


def read(
    data: bytes,
    *,
    source: str,
    forced: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ParsedReport:
    """Parse one report: the format from ``forced`` (``--as``) or sniffed from the content."""
    if len(data) > max_bytes:
        raise InputError.single(
            source,
            f"file is {len(data):,} bytes, over the {max_bytes:,}-byte limit for reports",
            hint="split the scan export (one file per host range)",
        )
    importer = resolve(forced, data) if forced else detect(data, source=source)
    with recursion_guard(source):
        report = distinct(importer.parse(data, source=source))
    if importer.content is Content.JSON:
        duplicates = jsontext.duplicate_keys(data, source=source)
        if duplicates:
            report = replace(report, warnings=report.warnings + tuple(map(str, duplicates)))
    if not data.strip() and importer.format is ReportFormat.NUCLEI:
        return ParsedReport(
            report.format,
            report.tool,
            warnings=("empty file: read as a Nuclei JSON Lines stream with no results",),
        )
    return report
