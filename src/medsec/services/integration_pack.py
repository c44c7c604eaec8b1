"""Use case: the network integration pack a hospital's IT imports (``medsec docs pack``).

One ``medsec check`` evaluation feeds every part: the firewall rules and the flow matrix (CSV
and JSON, from :mod:`medsec.engines.firewall`), the device SBOM (CycloneDX JSON, as ``medsec
sbom export`` writes it), the VEX of the latest scan (CycloneDX, as ``medsec vex`` writes it;
without a scan record the assessments alone, and without either the manifest says why there is
none), the MDS2 form (xlsx, as ``medsec mds2 build`` writes it) and the customer security guide
(PDF, a revision of ``security-guide`` like ``medsec docs build`` records). Everything that can
reject the input (the answers files, the MDS2 answers, the SBOMs, vulnerabilities.yaml) is read
before anything is written, and the guide's revision is recorded only once every file is
rendered, so bad input (or a missing PDF library) writes nothing. The pack is dated by the
guide's revision (SOURCE_DATE_EPOCH wins for the embedded times): an unchanged project gives a
byte-identical zip.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from medsec import __version__
from medsec.domain.device_sbom import DeviceSbom
from medsec.domain.document import Document
from medsec.domain.errors import UsageError
from medsec.domain.model import Project
from medsec.domain.wording import counted
from medsec.engines.firewall import firewall_rules, flow_matrix
from medsec.engines.mds2.model import Mds2Form
from medsec.outputs.documents import RENDERERS as DOC_RENDERERS
from medsec.outputs.documents.timestamp import embedded_time
from medsec.outputs.mds2 import RENDERERS as MDS2_RENDERERS
from medsec.outputs.pack import network
from medsec.outputs.pack.archive import (
    Missing,
    PackFile,
    PackHeader,
    folder_name,
    with_index,
    zip_bytes,
)
from medsec.outputs.report.figure import SvgDrawer
from medsec.outputs.sbom.registry import EXPORT_RENDERERS
from medsec.outputs.vex import RENDERERS as VEX_RENDERERS
from medsec.outputs.vex import VexView
from medsec.services import documents, mds2, sbom, vex
from medsec.services.check import CheckOptions, CheckResult
from medsec.services.check import run as run_check

GUIDE = "security-guide"
VEX_NAME = "vex.cdx.json"
VEX_WHAT = "VEX (CycloneDX 1.6): the exploitability of each vulnerability found in the SBOM"
CYCLONEDX = "application/vnd.cyclonedx+json"


@dataclass(frozen=True)
class PackOptions:
    """Which project's pack to build, as of when, and how the guide draws its diagrams."""

    root: Path
    today: date
    draw_svg: SvgDrawer


@dataclass(frozen=True)
class IntegrationPack:
    """The zip's bytes, its folder, the files in it, what is missing, and the guide it holds."""

    data: bytes
    folder: str
    files: tuple[PackFile, ...]
    missing: tuple[Missing, ...]
    guide: Document
    new_revision: bool


@dataclass(frozen=True)
class _Read:
    """What the pack is made of, read and checked before the guide's revision is recorded."""

    result: CheckResult
    form: Mds2Form
    sbom: DeviceSbom
    vex: PackFile | Missing


def network_files(project: Project) -> list[PackFile]:
    """The firewall rules and the flow matrix, each as CSV and JSON."""
    view = network.NetworkView(project, firewall_rules(project), flow_matrix(project))
    rules = "firewall rules derived from the model's flows (allow; what no rule allows is denied): "
    flows = "flow matrix: every data flow of the model with its ends, zones and protection: "
    return [
        PackFile("firewall-rules.csv", network.rules_csv(view).encode(), "text/csv", rules + "CSV"),
        PackFile(
            "firewall-rules.json",
            network.rules_json(view).encode(),
            "application/json",
            rules + "JSON",
        ),
        PackFile("flows.csv", network.flows_csv(view).encode(), "text/csv", flows + "CSV"),
        PackFile(
            "flows.json", network.flows_json(view).encode(), "application/json", flows + "JSON"
        ),
    ]


def sbom_file(device_sbom: DeviceSbom, moment: datetime) -> PackFile:
    """The device SBOM as ``medsec sbom export --format cyclonedx-json`` writes it."""
    data = EXPORT_RENDERERS["cyclonedx-json"].render(replace(device_sbom, created=moment))
    return PackFile(
        "sbom.cdx.json",
        data if isinstance(data, bytes) else data.encode(),
        CYCLONEDX,
        "device SBOM (CycloneDX 1.6 JSON): every software element's components, with support data",
    )


def vex_file(options: PackOptions) -> PackFile | Missing:
    """The VEX as ``medsec vex --format cyclonedx`` writes it, or why there is none."""
    try:
        result = vex.export_vex(vex.ExportOptions(options.root, options.today))
    except UsageError as error:
        return Missing(VEX_NAME, VEX_WHAT, str(error))
    data = VEX_RENDERERS["cyclonedx"].render(
        VexView(result.statements, result.product, result.issued)
    )
    what = VEX_WHAT + (
        f", of the scan record {result.scan}"
        if result.scan
        else ": no CVE scan record under records/scans/, so it holds the assessments of "
        "vulnerabilities.yaml only (run 'medsec scan' for the findings)"
    )
    return PackFile(VEX_NAME, data if isinstance(data, bytes) else data.encode(), CYCLONEDX, what)


def mds2_file(form: Mds2Form) -> PackFile:
    """The MDS2 form as ``medsec mds2 build --format xlsx`` writes it."""
    data = MDS2_RENDERERS["xlsx"].render(form)
    return PackFile(
        "mds2.xlsx",
        data if isinstance(data, bytes) else data.encode(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"MDS2 form (ANSI/NEMA HN 1-2019): {form.derived} of {len(form.rows)} answers derived "
        f"from the model, {len(form.open)} open",
    )


def dated_form(read: _Read, root: Path, day: date) -> Mds2Form:
    """The MDS2 form as of the pack's date (its release date is the guide revision's date)."""
    ctx = read.result.context
    return read.form if ctx.today == day else mds2.form_of(replace(ctx, today=day), root)


def guide_file(document: Document) -> PackFile:
    """The customer security guide as PDF (``medsec docs build --doc security-guide``)."""
    data = DOC_RENDERERS["pdf"].render(document)
    h = document.header
    return PackFile(
        "security-guide.pdf",
        data if isinstance(data, bytes) else data.encode(),
        "application/pdf",
        f"customer security guide, revision {h.revision} of {h.date.isoformat()}, with "
        f"{counted(len(document.open_questions), 'open question')}",
    )


def _read(options: PackOptions) -> _Read:
    """The check, then every input that can be rejected: answers, MDS2 answers, VEX, SBOMs."""
    result = run_check(CheckOptions(options.root, options.today))
    documents.read_answers(options.root)  # a bad answers file stops here, before the revision
    form = mds2.form_of(result.context, options.root)
    vex_part = vex_file(options)
    device_sbom = sbom.device_sbom(result.context.project, datetime.fromtimestamp(0, UTC))
    return _Read(result, form, device_sbom, vex_part)


def build(options: PackOptions) -> IntegrationPack:
    """Build every file of the pack and zip them with the manifest and the sums.

    The guide is built first without recording its revision; the revision is recorded only
    once every file is rendered, so a failure on the way (no pango for the PDF) writes nothing.
    """
    read = _read(options)
    project = read.result.context.project
    docs = documents.DocsOptions(options.root, options.today, options.draw_svg)
    [preview] = documents.build(replace(docs, record=False), [GUIDE], checked=read.result)
    assert preview.document is not None  # the guide applies to every project
    guide = preview.document
    day = guide.header.date
    moment = embedded_time(day)
    files = [
        *network_files(project),
        sbom_file(read.sbom, moment),
        mds2_file(dated_form(read, options.root, day)),
        guide_file(guide),
    ]
    missing = [read.vex] if isinstance(read.vex, Missing) else []
    files += [read.vex] if isinstance(read.vex, PackFile) else []
    header = PackHeader(project.device, day, guide.header.revision, f"medsec {__version__}")
    every = with_index(header, files, missing)
    folder = folder_name(project.device)
    data = zip_bytes(folder, every, moment)
    if preview.new_revision:
        documents.build(docs, [GUIDE], checked=read.result)  # the same revision, now recorded
    return IntegrationPack(data, folder, tuple(every), tuple(missing), guide, preview.new_revision)
