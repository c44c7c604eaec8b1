"""SBOM use cases over projects: facts for the checklist, list, check, diff, export."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest
from tests.conftest import EXAMPLE
from tests.helpers import MINIMAL, write_project
from tests.outputs.sbom import sbom_schemas

from medsec.domain.component import SupportStatus
from medsec.domain.errors import InputError
from medsec.outputs.sbom.registry import EXPORT_RENDERERS
from medsec.services import sbom
from medsec.services.sbom_inputs import element_inputs, load
from medsec.sources.sbom.registry import read

TODAY = date(2026, 11, 27)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sbom"


def project(
    tmp_path: Path,
    *,
    fw: str = "[sbom/fw.spdx.json, sbom/rtos.csv]",
    app: str = "[sbom/app.cdx.json]",
) -> Path:
    text = MINIMAL.replace("    secure_boot: true\n", f"    secure_boot: true\n    sbom: {fw}\n", 1)
    text = text.replace(
        "    function: clinical-workflow\n",
        f"    function: clinical-workflow\n    sbom: {app}\n",
        1,
    )
    root = write_project(tmp_path / "proj", text)
    (root / "sbom").mkdir()
    shutil.copy(EXAMPLE / "sbom" / "pump-fw.spdx.json", root / "sbom" / "fw.spdx.json")
    shutil.copy(EXAMPLE / "sbom" / "clinician-app.cdx.json", root / "sbom" / "app.cdx.json")
    shutil.copy(FIXTURES / "manual" / "components.csv", root / "sbom" / "rtos.csv")
    return root


def test_example_facts_for_the_checklist() -> None:
    facts = {(f.element, f.path): f for f in sbom.sbom_facts(load(EXAMPLE), TODAY)}
    fw = facts[("pump-fw", "sbom/pump-fw.spdx.json")]
    assert (fw.exists, fw.components, fw.complete_components, fw.missing_support) == (
        True,
        24,
        23,
        1,
    )
    # openssl 3.0 ships past its end of support as an accepted risk (approver, controls)
    assert fw.past_end_of_support == ("libxml2@2.9.14",)
    assert fw.past_end_entries == ("libxml2",)  # the support.yaml entry to complete
    app = facts[("clinician-app", "sbom/clinician-app.cdx.json")]
    assert (app.components, app.complete_components) == (14, 13)
    # a rationale alone is no risk acceptance
    assert app.past_end_of_support == ("net.zetetic/android-database-sqlcipher@4.5.4",)
    cloud = facts[("cloud-service", "sbom/cloud-service.cdx.json")]
    assert cloud.components == 22 and cloud.missing_support == 20
    assert all(f.problem is None for f in facts.values())


def test_facts_for_missing_and_unreadable_files(tmp_path: Path) -> None:
    root = project(tmp_path, app="[sbom/missing.json, sbom/notes.txt]")
    (root / "sbom" / "notes.txt").write_text("just some notes\n")
    facts = {f.path: f for f in sbom.sbom_facts(load(root), TODAY)}
    assert facts["sbom/missing.json"].exists is False
    assert "not an SBOM" in (facts["sbom/notes.txt"].problem or "")
    assert facts["sbom/rtos.csv"].components == 3


def test_list_filters(tmp_path: Path) -> None:
    root = project(tmp_path)
    everything = sbom.list_components(sbom.ListOptions(root, TODAY))
    assert len(everything.components) == 24 + 3 + 14
    only_app = sbom.list_components(sbom.ListOptions(root, TODAY, element="tablet"))
    assert {c.component.origin.element for c in only_app.components} == {"tablet"}
    google = sbom.list_components(sbom.ListOptions(root, TODAY, supplier="google"))
    assert google.components and all(
        "Google" in (c.component.supplier or "") for c in google.components
    )
    ended = sbom.list_components(sbom.ListOptions(root, TODAY, status=SupportStatus.ENDED))
    assert {c.component.name for c in ended.components} == {
        "android-database-sqlcipher"
    }  # no support.yaml here


def test_list_single_file_with_support_file() -> None:
    result = sbom.list_components(
        sbom.ListOptions(
            EXAMPLE / "sbom" / "pump-fw.spdx.json", TODAY, support_file=EXAMPLE / "support.yaml"
        )
    )
    by_name = {c.component.name: c for c in result.components}
    rule = "pkg:generic/openssl@3.0.*"
    line = 1 + next(
        i
        for i, text in enumerate((EXAMPLE / "support.yaml").read_text().splitlines())
        if rule in text
    )
    assert (by_name["openssl"].component.support_source or "").endswith(f"support.yaml:{line}")
    assert by_name["libxml2"].status is SupportStatus.ENDED


def test_check_project_reports_everything(tmp_path: Path) -> None:
    root = project(tmp_path, app="[sbom/app.cdx.json, sbom/broken.json]")
    (root / "sbom" / "broken.json").write_text('{"bomFormat": "CycloneDX", ')
    with pytest.raises(InputError, match=r"broken\.json:1: column 28: invalid JSON"):
        sbom.check(root, TODAY)  # 'medsec sbom check': an unreadable SBOM is bad input
    result = sbom.check_project(load(root), TODAY)  # the report and checklist see everything
    assert [c.element for c in result.checks] == ["pump-fw", "pump-fw", "tablet"]
    assert result.unreadable[0][:2] == ("tablet", "sbom/broken.json")
    assert "invalid JSON" in result.unreadable[0][2]
    assert result.without_sbom == ()


def test_project_refuses_unreadable_sbom_when_listing(tmp_path: Path) -> None:
    root = project(tmp_path, app="[sbom/broken.json]")
    (root / "sbom" / "broken.json").write_text("<html/>")
    with pytest.raises(InputError, match=r"sbom/broken\.json"):
        sbom.list_components(sbom.ListOptions(root, TODAY))


def test_diff_two_releases(tmp_path: Path) -> None:
    old = project(tmp_path / "old")
    new = project(tmp_path / "new")
    app = new / "sbom" / "app.cdx.json"
    app.write_text(
        app.read_text().replace('"4.12.0"', '"4.12.1"').replace("okhttp@4.12.0", "okhttp@4.12.1")
    )
    changes = sbom.diff_targets(old, new).changes
    assert [(e, c.name, c.change.value, c.old_version, c.new_version) for e, c in changes] == [
        ("tablet", "com.squareup.okhttp3/okhttp", "upgraded", "4.12.0", "4.12.1")
    ]
    assert sbom.diff_targets(old / "sbom" / "app.cdx.json", app).changes[0][0] is None


@pytest.mark.parametrize("fmt", EXPORT_RENDERERS.names)
def test_example_exports_validate_and_keep_every_component(fmt: str) -> None:
    text = EXPORT_RENDERERS[fmt].render(sbom.export(EXAMPLE, datetime(2026, 11, 27, tzinfo=UTC)))
    assert isinstance(text, str)
    if fmt == "cyclonedx-json":
        assert sbom_schemas.cyclonedx_json_errors(orjson.loads(text)) == []
    elif fmt == "cyclonedx-xml":
        assert sbom_schemas.cyclonedx_xml_errors(text) == []
    elif fmt == "spdx-json":
        assert sbom_schemas.spdx2_json_errors(orjson.loads(text)) == []
    elif fmt == "spdx3-json":
        assert sbom_schemas.spdx3_errors(text) == []
    back = read(text.encode(), source="export").document

    def key(c: object) -> tuple[object, ...]:
        return (c.display_name, c.version, c.purl, c.supplier, frozenset(c.hashes))  # type: ignore[attr-defined]

    exported = {key(c) for c in back.components}
    originals = [
        c for i in element_inputs(load(EXAMPLE)) if i.result for c in i.result.document.components
    ]
    assert originals and all(key(c) in exported for c in originals)
    openssl = [c for c in back.components if c.name == "openssl" and c.version == "3.0.13"]
    assert openssl and all(c.end_of_support == date(2026, 9, 7) for c in openssl)


def test_export_needs_a_project() -> None:
    with pytest.raises(InputError, match="project folder"):
        sbom.export(EXAMPLE / "sbom" / "pump-fw.spdx.json", datetime.now(tz=UTC))


def test_report_sections() -> None:
    completeness, *tables, claims = sbom.report_sections(load(EXAMPLE), TODAY)
    assert claims.title == "Blanket support claims"
    assert ("pkg:generic/*", "15") in [row[1:3] for row in claims.rows]
    assert completeness.title == "SBOM completeness"
    assert any(row[0] == "drug-lib-server" and row[1] == "no SBOM" for row in completeness.rows)
    # one SBOM listed by two elements: one row naming both, one support table (appendix)
    fw = next(row for row in completeness.rows if row[0] == "pump-fw, safety-cpu")
    assert fw[6] == "libxml2@2.9.14"
    table = next(t for t in tables if t.title.endswith("sbom/pump-fw.spdx.json"))
    assert len(tables) == len({t.title for t in tables}) and all(t.appendix for t in tables)
    openssl = next(row for row in table.rows if row[0] == "openssl" and row[1] == "3.0.13")
    assert openssl[3:6] == ("limitedSupport", "2026-09-07", "ended")
    assert openssl[8].startswith("support.yaml:")
