"""``kill -9`` during ``threats`` and ``pentest import`` (issue 12): the files stay whole.

Each command runs in a child process that is killed at delays spread over its whole run (from
before the first write to after the last). After every kill the project must hold, byte for
byte, either the files before the command or the files of a complete run, never a mix and
never half a file; a later run finishes or forgets what the killed one left.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from medsec.project.atomic import JOURNAL, TEMP_SUFFIX

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "infusion-pump"
DELAYS = (0.05, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 1.2)
pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="POSIX signals")]


def _command(root: Path, args: list[str]) -> list[str]:
    return [sys.executable, "-m", "medsec", *(a.replace("ROOT", str(root)) for a in args)]


def _snapshot(root: Path, names: tuple[str, ...]) -> dict[str, bytes | None]:
    return {n: (root / n).read_bytes() if (root / n).is_file() else None for n in names}


def _killed(root: Path, args: list[str], delay: float) -> None:
    """Start the command, SIGKILL it after ``delay`` seconds (or let it end before)."""
    child = subprocess.Popen(
        _command(root, args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(delay)
    if child.poll() is None:
        child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)


def _complete(
    tmp_path: Path, source: Path, args: list[str], names: tuple[str, ...]
) -> dict[str, bytes | None]:
    root = Path(shutil.copytree(source, tmp_path / "complete"))
    done = subprocess.run(_command(root, args), capture_output=True, check=False, timeout=120)
    assert done.returncode in (0, 1), done.stderr[-400:]
    return _snapshot(root, names)


def _assert_whole_after_kills(
    tmp_path: Path,
    args: list[str],
    names: tuple[str, ...],
    *,
    recover: list[str],
    source: Path = EXAMPLE,
) -> None:
    before = _snapshot(source, names)
    after = _complete(tmp_path, source, args, names)
    assert before != after, "the command must change the files for the test to mean anything"
    for i, delay in enumerate(DELAYS):
        root = Path(shutil.copytree(source, tmp_path / f"run{i}"))
        _killed(root, args, delay)
        subprocess.run(_command(root, recover), capture_output=True, check=False, timeout=120)
        state = _snapshot(root, names)
        assert state in (before, after), f"mixed or half-written files after a kill at {delay}s"
        assert not (root / JOURNAL).exists()


def test_kill_during_threats_leaves_threats_yaml_whole(tmp_path: Path) -> None:
    # a model change the register must follow: a login without lockout adds MD-37 threats
    source = Path(shutil.copytree(EXAMPLE, tmp_path / "source"))
    model = source / "medsec.yaml"
    model.write_text(model.read_text().replace("lockout: true", "lockout: false"))
    _assert_whole_after_kills(
        tmp_path,
        ["threats", "ROOT"],
        ("threats.yaml",),
        recover=["validate", "ROOT"],
        source=source,
    )


def test_kill_during_pentest_import_commits_report_and_findings_together(tmp_path: Path) -> None:
    outside = tmp_path / "outside" / "nmap-bench.xml"
    outside.parent.mkdir()
    shutil.copyfile(EXAMPLE / "pentests" / "pt-2026" / "nmap-pump.xml", outside)
    names = ("pentests/pt-2026/nmap-bench.xml", "pentests/pt-2026/findings.yaml")
    args = ["pentest", "import", str(outside), "ROOT", "-e", "pt-2026", "--today", "2026-11-27"]
    _assert_whole_after_kills(tmp_path, args, names, recover=["validate", "ROOT"])


def test_a_later_run_removes_stale_temp_files_of_a_killed_one(tmp_path: Path) -> None:
    root = Path(shutil.copytree(EXAMPLE, tmp_path / "p"))
    stale = root / f".threats.yaml.0123456789abcdef{TEMP_SUFFIX}"
    stale.write_text("threats:\n  - id: half-writ")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    subprocess.run(_command(root, ["threats", "ROOT"]), capture_output=True, check=False)
    assert not stale.exists()
    assert not list(root.glob(f".*{TEMP_SUFFIX}"))
