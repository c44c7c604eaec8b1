"""``medsec docs pack``: the network integration pack, its sums, its manifest, its rebuilds.

Every file of the zip is checked with hashlib against SHA256SUMS and the manifest (and with
``sha256sum -c`` where it is installed); an unchanged project gives a byte-identical zip, on a
later day too; a project without a scan or assessments has no VEX and the manifest says why;
bad input (answers file, MDS2 answers) is exit 3 with nothing written; the firewall files
equal the engine's rules.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.conftest import EXAMPLE

from medsec.cli.main import main
from medsec.engines.firewall import firewall_rules
from medsec.project.loader import load_project

pytest.importorskip("weasyprint", reason="the pack holds the guide as PDF: WeasyPrint and pango")

NAME = EXAMPLE.name
TODAY = ["--today", "2026-12-04"]
FOLDER = "acme-infusion-3.2.0-integration-pack"
FILES = {
    "SHA256SUMS",
    "firewall-rules.csv",
    "firewall-rules.json",
    "flows.csv",
    "flows.json",
    "manifest.json",
    "mds2.xlsx",
    "sbom.cdx.json",
    "security-guide.pdf",
    "vex.cdx.json",
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example, the current folder its parent."""
    shutil.copytree(EXAMPLE, tmp_path / NAME)
    monkeypatch.chdir(tmp_path)
    return tmp_path / NAME


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's pack, built once for the read-only tests."""
    tmp = tmp_path_factory.mktemp("pack")
    shutil.copytree(EXAMPLE, tmp / NAME)
    out = tmp / "pack.zip"
    assert main(["docs", "pack", str(tmp / NAME), "-o", str(out), *TODAY]) == 0
    return out


def _files(pack: Path) -> dict[str, bytes]:
    """The pack's files by name (inside its one folder)."""
    with zipfile.ZipFile(pack) as archive:
        names = archive.namelist()
        assert all(n.startswith(FOLDER + "/") for n in names), names
        return {n.removeprefix(FOLDER + "/"): archive.read(n) for n in names}


def test_the_pack_holds_every_file_and_the_sums_verify(built: Path) -> None:
    files = _files(built)
    assert set(files) == FILES
    sums = {}
    for line in files["SHA256SUMS"].decode("ascii").splitlines():
        digest, name = line.split("  ", 1)
        sums[name] = digest
    assert set(sums) == FILES - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest, name
    manifest = json.loads(files["manifest.json"])
    listed = {f["name"]: f for f in manifest["files"]}
    assert set(listed) == FILES - {"SHA256SUMS", "manifest.json"}
    for name, entry in listed.items():
        assert entry["sha256"] == hashlib.sha256(files[name]).hexdigest(), name
        assert entry["bytes"] == len(files[name]) and entry["what"]
    assert (manifest["device"]["id"], manifest["version"]) == ("acme-infusion", "3.2.0")
    assert manifest["date"] == "2026-12-04" and manifest["missing"] == []


def test_sha256sum_checks_the_unpacked_folder(built: Path, tmp_path: Path) -> None:
    tool = shutil.which("sha256sum")
    if tool is None:
        pytest.skip("no sha256sum on PATH (coreutils)")
    with zipfile.ZipFile(built) as archive:
        archive.extractall(tmp_path)
    done = subprocess.run(
        [tool, "-c", "SHA256SUMS"], cwd=tmp_path / FOLDER, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": OK") == len(FILES) - 1


def test_the_firewall_files_are_the_rules_derived_from_the_flows(built: Path) -> None:
    files = _files(built)
    rules = firewall_rules(load_project(EXAMPLE))
    rows = list(csv.DictReader(io.StringIO(files["firewall-rules.csv"].decode())))
    assert [r["id"] for r in rows] == [r.id for r in rules]
    hl7 = next(r for r in rows if r["flow"] == "hl7-to-pump")
    assert (hl7["source"], hl7["destination"], hl7["port"], hl7["protocol"]) == (
        "interface-engine",
        "pump-fw",
        "2575",
        "hl7-mllp",
    )
    doc = json.loads(files["firewall-rules.json"])
    assert doc["default_action"] == "deny"
    assert [(r["id"], r["port"]) for r in doc["rules"]] == [(r.id, list(r.ports)) for r in rules]
    flows = json.loads(files["flows.json"])["flows"]
    assert len(flows) == len(load_project(EXAMPLE).flows)


def test_the_mds2_workbook_and_the_sbom_open(built: Path, tmp_path: Path) -> None:
    files = _files(built)
    workbook = load_workbook(io.BytesIO(files["mds2.xlsx"]), read_only=True)
    assert "MDS2" in workbook.sheetnames
    sbom = json.loads(files["sbom.cdx.json"])
    assert sbom["bomFormat"] == "CycloneDX" and sbom["components"]
    vex = json.loads(files["vex.cdx.json"])
    assert vex["bomFormat"] == "CycloneDX" and "vulnerabilities" in vex
    assert files["security-guide.pdf"].startswith(b"%PDF-")


def test_an_unchanged_project_gives_the_same_bytes(project: Path) -> None:
    assert main(["docs", "pack", NAME, "-o", "a.zip", *TODAY]) == 0
    assert main(["docs", "pack", NAME, "-o", "b.zip", *TODAY]) == 0
    assert main(["docs", "pack", NAME, "-o", "c.zip", "--today", "2026-12-09"]) == 0
    assert Path("a.zip").read_bytes() == Path("b.zip").read_bytes()
    assert Path("a.zip").read_bytes() == Path("c.zip").read_bytes()  # dated by the revision
    history = json.loads((project / "records/documents/security-guide.json").read_text())
    assert [r["revision"] for r in history["revisions"]] == [1]


def test_a_changed_flow_changes_the_pack(project: Path) -> None:
    assert main(["docs", "pack", NAME, "-o", "a.zip", *TODAY]) == 0
    model = project / "medsec.yaml"
    model.write_text(model.read_text().replace("    port: 2575\n", "    port: 2576\n", 1))
    assert main(["docs", "pack", NAME, "-o", "b.zip", *TODAY]) == 0
    before, after = _files(Path("a.zip")), _files(Path("b.zip"))
    assert b"2576" in after["firewall-rules.csv"] and b"2576" not in before["firewall-rules.csv"]


def test_without_a_scan_or_assessments_the_manifest_says_there_is_no_vex(project: Path) -> None:
    (project / "vulnerabilities.yaml").unlink()
    assert main(["docs", "pack", NAME, "-o", "p.zip", *TODAY]) == 0
    files = _files(Path("p.zip"))
    assert "vex.cdx.json" not in files
    [missing] = json.loads(files["manifest.json"])["missing"]
    assert missing["name"] == "vex.cdx.json" and "medsec scan" in missing["reason"]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("answers.yaml", "log_forwardin: syslog\n", "did you mean 'log_forwarding'"),
        ("answers.yaml", "support_period_end: soon\n", "support_period_end"),
        ("mds2.yaml", "STCF-1.1: 'Yes'\n", "STCF-1.1: answered 'Yes', but the model says 'No'"),
    ],
)
def test_bad_input_is_exit_3_and_writes_nothing(
    project: Path, name: str, text: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "documents").mkdir()
    (project / "documents" / name).write_text(text)
    before = _snapshot(project.parent)
    assert main(["docs", "pack", NAME, "-o", "p.zip", *TODAY]) == 3
    assert expected in capsys.readouterr().err
    assert _snapshot(project.parent) == before  # no zip, no revision record


def test_without_output_it_is_a_usage_error(project: Path) -> None:
    before = _snapshot(project.parent)
    assert main(["docs", "pack", NAME, *TODAY]) == 2
    assert _snapshot(project.parent) == before


def test_sbom_vex_and_mds2_are_what_their_own_commands_write(project: Path) -> None:
    assert main(["docs", "pack", NAME, "-o", "p.zip", *TODAY]) == 0
    files = _files(Path("p.zip"))
    created = ["--created", "2026-12-04T00:00:00Z"]  # the pack's date: the guide's revision
    assert main(["sbom", "export", NAME, "-f", "cyclonedx-json", "-o", "s.json", *created]) == 0
    assert main(["vex", NAME, "--format", "cyclonedx", "-o", "v.json", *TODAY]) == 0
    assert main(["mds2", "build", NAME, "--format", "xlsx", "-o", "m.xlsx", *TODAY]) == 0
    assert files["sbom.cdx.json"] == Path("s.json").read_bytes()
    assert files["vex.cdx.json"] == Path("v.json").read_bytes()
    assert files["mds2.xlsx"] == Path("m.xlsx").read_bytes()


def test_a_pdf_that_cannot_be_made_records_no_revision(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from medsec.domain.errors import UsageError
    from medsec.services import integration_pack

    def no_pango(document: object) -> object:
        raise UsageError("PDF needs pango (apt-get install libpango-1.0-0)")

    monkeypatch.setattr(integration_pack, "guide_file", no_pango)
    before = _snapshot(project.parent)
    assert main(["docs", "pack", NAME, "-o", "p.zip", *TODAY]) == 2
    assert _snapshot(project.parent) == before
