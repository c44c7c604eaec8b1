"""Issue 12 #9: OS errors are one line naming the path the user gave, never a traceback or a
temporary file's name; a bad ``-o`` is a usage error (exit 2), a bad project file exit 3, and
nothing is left half-written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from medsec.cli.main import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "infusion-pump"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "ex"))


def _one_line_naming(err: str, path: Path | str) -> None:
    lines = [x for x in err.splitlines() if x.startswith("error:")]
    assert len(lines) == 1, err
    assert f"error: --output: {path}:" in lines[0] or f"error: {path}:" in lines[0], err
    assert "Traceback" not in err and ".medsec-tmp" not in err


@pytest.mark.parametrize("command", [["report"], ["check"], ["threats", "--format", "json"]])
def test_output_to_a_folder_is_a_usage_error_naming_it(
    example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert main([*command, str(example), "-o", str(out)]) == 2
    _one_line_naming(capsys.readouterr().err, out)
    assert not list(out.iterdir()) and not list(tmp_path.glob(".*"))


@pytest.mark.skipif(not Path("/proc/version").is_file(), reason="needs /proc")
def test_output_to_an_unwritable_file_is_a_usage_error_naming_it(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(example), "-o", "/proc/version"]) == 2
    _one_line_naming(capsys.readouterr().err, "/proc/version")


def test_threats_yaml_being_a_folder_is_bad_input(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (example / "threats.yaml").unlink()
    (example / "threats.yaml").mkdir()
    assert main(["threats", str(example)]) == 3
    err = capsys.readouterr().err
    assert "threats.yaml" in err and "Traceback" not in err
    assert len([x for x in err.splitlines() if x.startswith("error:")]) == 1


def test_vex_import_of_a_folder_is_bad_input(
    example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "vexdir"
    folder.mkdir()
    before = (example / "vulnerabilities.yaml").read_bytes()
    assert main(["vex", "import", str(folder), str(example)]) == 3
    err = capsys.readouterr().err
    assert str(folder) in err or "vexdir" in err
    assert (example / "vulnerabilities.yaml").read_bytes() == before
