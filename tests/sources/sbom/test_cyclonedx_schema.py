"""CycloneDX schema checks: shipped with medsec, every version compiles, never skipped silently."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from medsec.cli.main import main
from medsec.domain.errors import SourceUnavailableError
from medsec.sources.sbom import cyclonedx_schema
from medsec.sources.sbom.registry import read

BOM = {
    "bomFormat": "CycloneDX",
    "specVersion": "1.7",
    "version": 1,
    "components": [{"type": "library", "name": "zlib", "version": "1.3.1", "bom-ref": "z"}],
}


@pytest.fixture
def fresh_validators() -> Iterator[None]:
    cyclonedx_schema.validator.cache_clear()
    yield
    cyclonedx_schema.validator.cache_clear()


@pytest.mark.parametrize("version", cyclonedx_schema.SCHEMA_VERSIONS)
def test_every_shipped_schema_loads_and_compiles(version: str, fresh_validators: None) -> None:
    assert cyclonedx_schema.validator(version) is not None


def test_1_7_documents_are_validated_too() -> None:
    bad = {**BOM, "components": [{"type": "no-such-type", "name": "zlib"}]}
    result = read(orjson.dumps(bad), source="bom.json")
    assert any(
        w.message.startswith("CycloneDX 1.7 schema:") and w.field == "components[0].type"
        for w in result.warnings
    )
    assert not read(orjson.dumps(BOM), source="bom.json").warnings


def test_missing_schema_is_source_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_validators: None
) -> None:
    monkeypatch.setattr(cyclonedx_schema, "SCHEMA_DIR", tmp_path / "gone")
    with pytest.raises(SourceUnavailableError, match=r"bom-1\.7\.SNAPSHOT\.schema\.json"):
        read(orjson.dumps(BOM), source="bom.json")
    assert read(orjson.dumps(BOM), source="bom.json", validate=False).document.components


def test_missing_schema_exits_4_naming_the_cause(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fresh_validators: None,
) -> None:
    sbom = tmp_path / "bom.cdx.json"
    sbom.write_bytes(orjson.dumps(BOM))
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    monkeypatch.setattr(cyclonedx_schema, "SCHEMA_DIR", schemas)  # the folder, without files
    code = main(["sbom", "ls", str(sbom)])
    _, err = capsys.readouterr()
    assert code == 4
    assert "bom-1.7.SNAPSHOT.schema.json cannot be loaded" in err
    assert "FileNotFoundError" in err and "reinstall medsec" in err
    assert "Traceback" not in err


def test_corrupt_schema_is_source_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_validators: None
) -> None:
    (tmp_path / "bom-1.6.SNAPSHOT.schema.json").write_text("{not json")
    monkeypatch.setattr(cyclonedx_schema, "SCHEMA_DIR", tmp_path)
    with pytest.raises(SourceUnavailableError, match="JSONDecodeError"):
        cyclonedx_schema.validator("1.6")


def test_shipped_schemas_match_the_checksums_in_their_readme() -> None:
    folder = Path(str(cyclonedx_schema.SCHEMA_DIR))
    listed = {}
    for line in (folder / "README.md").read_text().splitlines():
        digest, _, name = line.partition("  ")
        if len(digest) == 64 and name:
            listed[name] = digest
    shipped = {p.name for p in folder.glob("*.json")}
    assert set(listed) == shipped
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
