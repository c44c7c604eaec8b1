"""A ``\\ud800`` escape in YAML or JSON is a located input error, never a string that no output
can encode (found by the escaping property tests: ``medsec diagram`` of a device named
``"Pump\\ud800"`` ended in a UnicodeEncodeError traceback)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE

from medsec.cli.main import main
from medsec.domain.errors import InputError
from medsec.project.yamlfile import parse_yaml
from medsec.sources.vex import jsondoc
from medsec.untrusted.yamltext import load_yaml

HOSTILE = {
    "yaml-lone": b'a: 1\nname: "Pump\\ud800"\n',
    "yaml-pair": b'a: 1\nname: "smile \\ud83d\\ude00"\n',  # YAML has no pairs: two surrogates
    "yaml-key": b'a: 1\n"k\\uDC00": v\n',
}
READERS = {
    "project": lambda data: parse_yaml(data, "medsec.yaml"),
    "untrusted": lambda data: load_yaml(data, source="medsec.yaml"),
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("data", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_surrogate_escape_in_yaml_is_refused_at_its_line(reader: str, data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        READERS[reader](data)
    message = caught.value.diagnostics()
    assert message.startswith("medsec.yaml:2: '\\u") and "UTF-16 surrogate" in message


@pytest.mark.parametrize("reader", READERS)
def test_characters_and_literal_backslashes_are_kept(reader: str) -> None:
    data = b'a: "caf\\u00e9 \\U0001F600"\nb: \'C:\\ud800\'\n# "\\ud800" in a comment\n'
    loaded = READERS[reader](data)
    values = loaded.data if reader == "project" else loaded
    assert values == {"a": "caf\u00e9 \U0001f600", "b": "C:\\ud800"}


def test_a_surrogate_escape_in_vex_json_is_refused() -> None:
    with pytest.raises(InputError, match="UTF-16 surrogate"):
        jsondoc.load(b'{"statements": [{"vulnerability": "CVE-1\\ud800"}]}', source="vex.json")
    assert jsondoc.load(b'{"a": "\\ud83d\\ude00"}', source="vex.json") == {"a": "\U0001f600"}


@pytest.mark.parametrize("fmt", ["dot", "svg", "mermaid"])
def test_diagram_of_a_project_with_a_surrogate_escape_exits_3(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = Path(shutil.copytree(EXAMPLE, tmp_path / "pump"))
    model = root / "medsec.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("\n  name: ", '\n  name: "Pump\\ud800" #', 1), encoding="utf-8")
    code = main(["diagram", str(root), "--format", fmt, "-o", str(tmp_path / f"d.{fmt}")])
    err = capsys.readouterr().err
    assert code == 3, err
    assert "medsec.yaml:" in err and "UTF-16 surrogate" in err and "Traceback" not in err
