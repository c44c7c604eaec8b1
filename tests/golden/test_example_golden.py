"""Golden outputs of the bundled example: the results users see must not drift unnoticed.

The example is copied to a temporary folder, its advisories imported into a fresh SQLite
database, scanned, then checked, analysed and reported as of a fixed date. Every output is
compared byte for byte with the files in ``tests/golden/example/`` after replacing what varies
between runs (the temporary path, the import time). A deliberate change regenerates them:

    MEDSEC_REGEN_GOLDEN=1 .venv/bin/pytest tests/golden

and the diff of the golden files is reviewed and committed with the change that caused it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest

from medsec.cli.main import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "infusion-pump"
GOLDEN = Path(__file__).parent / "example"
TODAY = "2026-12-01"

_IMPORTED_AT = re.compile(r'"imported_at": "[^"]+"')
_AGE_DAYS = re.compile(r'"age_days": -?\d+')


def _normalise(text: str, root: Path) -> str:
    text = text.replace(str(root), "<tmp>")
    text = _IMPORTED_AT.sub('"imported_at": "<imported_at>"', text)
    return _AGE_DAYS.sub('"age_days": "<age>"', text)


class _Run:
    """The example, scanned once, and a way to run medsec commands on it."""

    def __init__(self, base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.base = base
        self.project = base / "infusion-pump"
        shutil.copytree(EXAMPLE, self.project)
        monkeypatch.setenv("MEDSEC_DB", str(base / "db.sqlite"))
        monkeypatch.setenv("CI", "true")
        # A system Graphviz on PATH would be used before nothing else is found and its SVG differs
        # between versions: hide PATH so the bundled engine (graphviz-pure, pinned) draws the
        # golden report the same on every machine.
        monkeypatch.setenv("PATH", str(base / "no-graphviz"))
        assert main(["db", "import", str(self.project / "advisories")]) == 0
        self.scan = self.output("scan.json", "scan", "--format", "json")

    def output(self, name: str, *args: str) -> str:
        """Run ``medsec ARGS PROJECT --today T --output FILE`` and return the normalised file."""
        target = self.base / name
        code = main([*args, str(self.project), "--today", TODAY, "--output", str(target)])
        assert code in (0, 1), f"medsec {' '.join(args)} exited {code}"
        return _normalise(target.read_text(encoding="utf-8"), self.base)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> _Run:
    with pytest.MonkeyPatch.context() as mp:
        run = _Run(tmp_path_factory.mktemp("golden"), mp)
        # the environment stays set for the module's tests through the fixture's lifetime
        yield run  # type: ignore[misc]


def _compare(name: str, actual: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("MEDSEC_REGEN_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"{golden} missing: run with MEDSEC_REGEN_GOLDEN=1 and review"
    expected = golden.read_text(encoding="utf-8")
    assert actual == expected, f"{name} drifted from {golden}; review the change (see module doc)"


CHECK_FORMATS = {"text": "txt", "json": "json", "junit": "xml", "sarif": "sarif", "markdown": "md"}


@pytest.mark.parametrize("fmt", sorted(CHECK_FORMATS))
def test_check_renderers(example: _Run, fmt: str) -> None:
    name = f"check.{CHECK_FORMATS[fmt]}"
    _compare(name, example.output(name, "check", "--format", fmt))


def test_threats_json(example: _Run) -> None:
    _compare("threats.json", example.output("threats.json", "threats", "--format", "json"))


def test_threats_stride_json_is_the_security_part_of_the_register(example: _Run) -> None:
    """``--framework stride``: the security threats alone, as before the privacy analysis."""
    stride = example.output("threats-stride.json", "threats", "--framework", "stride", "-f", "json")
    _compare("threats-stride.json", stride)
    both = json.loads(example.output("threats.json", "threats", "--format", "json"))
    security = [t for t in both["threats"] if not t["linddun"]]
    assert json.loads(stride)["threats"] == security
    assert len(security) < len(both["threats"])


def test_scan_json(example: _Run) -> None:
    _compare("scan.json", example.scan)


def test_report_html(example: _Run) -> None:
    _compare("report.html", example.output("report.html", "report"))


def test_sarif_golden_is_valid_sarif(shared: Path) -> None:
    schema = json.loads(
        (shared / "schemas/sarif/sarif-2.1/schema/sarif-schema-2.1.0.json").read_text()
    )
    jsonschema.validate(json.loads((GOLDEN / "check.sarif").read_text()), schema)


def test_junit_golden_is_valid_junit() -> None:
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "junit.xsd")))
    doc = etree.parse(str(GOLDEN / "check.xml"))
    assert schema.validate(doc), schema.error_log
    assert ElementTree.parse(GOLDEN / "check.xml").getroot().tag == "testsuites"
