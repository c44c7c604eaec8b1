"""Issue 12 #1, #2 and ids: hostile project files give a located error (exit 3), never a crash.

The 30,000-deep case runs in a subprocess: before the depth pre-check, libyaml overflowed its
C stack and the process died with SIGSEGV (exit 139), which would take pytest down with it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.helpers import MINIMAL, write_project

from medsec.cli.main import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "infusion-pump"
BOMB = "x: " + "[" * 30_000 + "\n"  # 60 KB: libyaml's compose recursion overflows the C stack


def nested(levels: int) -> str:
    """A ~1 KB YAML document nested ``levels`` deep in flow style."""
    return "threats: " + "[" * levels + "]" * levels + "\n"


def _medsec(*args: str) -> subprocess.CompletedProcess[str]:
    """medsec in a child process (a crash there is an exit code, not a dead test run)."""
    return subprocess.run(
        [sys.executable, "-m", "medsec", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "ex"))


def test_deep_medsec_yaml_is_a_located_error_not_a_segfault(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", MINIMAL + BOMB)
    done = _medsec("validate", str(root))
    assert done.returncode == 3, done.stderr[-500:]
    line = MINIMAL.count("\n") + 1
    assert f"medsec.yaml:{line}: nested deeper than" in done.stderr
    assert "Traceback" not in done.stderr


def test_deep_findings_yaml_is_a_located_error_not_a_segfault(example: Path) -> None:
    findings = example / "pentests" / "pt-2026" / "findings.yaml"
    findings.write_text(findings.read_text() + BOMB)
    done = _medsec("pentest", "ls", str(example))
    assert done.returncode == 3, done.stderr[-500:]
    assert "findings.yaml:" in done.stderr and "nested deeper than" in done.stderr


def test_deep_vulnerabilities_yaml_is_a_located_error(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (example / "vulnerabilities.yaml").write_text(nested(250))
    assert main(["validate", str(example)]) == 3
    err = capsys.readouterr().err
    assert "vulnerabilities.yaml:1: nested deeper than" in err


def test_deep_threats_yaml_is_a_located_error(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (example / "threats.yaml").write_text(nested(250))
    assert main(["threats", str(example)]) == 3
    assert "threats.yaml:1: nested deeper than" in capsys.readouterr().err


@pytest.mark.parametrize("ident", ["../../etc", "..", "a/../../b", "pt/../../x"])
def test_ids_that_become_file_names_refuse_dot_dot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ident: str
) -> None:
    """A pentest id names ``pentests/ID/``: a ``../`` in it is refused at validation."""
    pentest = (
        "pentests:\n"
        f"  - id: '{ident}'\n"
        "    tester: Jane Roe\n"
        "    date: 2026-01-10\n"
        "    independent: true\n"
        "    scope: [ble-gatt]\n"
    )
    root = write_project(tmp_path / "p", MINIMAL + pentest)
    assert main(["validate", str(root)]) == 3
    assert "pentests[0].id" in capsys.readouterr().err


def test_project_file_linked_to_dev_zero_is_refused(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """st_size of a device is 0: the read itself must be bounded (and files only)."""
    (example / "medsec.yaml").unlink()
    (example / "medsec.yaml").symlink_to("/dev/zero")
    assert main(["validate", str(example), "--allow-outside"]) == 3
    err = capsys.readouterr().err
    assert "medsec.yaml" in err and "Traceback" not in err
