"""``--format`` comes from the subject's registry: choices in --help, unknown names refused first."""

from __future__ import annotations

from pathlib import Path

import pytest

from medsec.cli.main import main
from medsec.outputs import checklist, db, drawing, pentest, scan, surface, threats, vex
from medsec.outputs.renderer import Registry
from medsec.outputs.sbom import registry as sbom_registry

MISSING = "no-such-project"

# the arguments of a command that would fail with exit 3 (bad input) if it got to its work,
# and the registry its --format comes from
COMMANDS: dict[str, tuple[tuple[str, ...], Registry]] = {  # type: ignore[type-arg]
    "threats": ((MISSING, "--dry-run"), threats.RENDERERS),
    "check": ((MISSING,), checklist.RENDERERS),
    "diagram": ((MISSING,), drawing.DIAGRAM_RENDERERS),
    "views": ((MISSING,), drawing.VIEW_RENDERERS),
    "vex": ((MISSING,), vex.RENDERERS),
    "surface": ((MISSING,), surface.RENDERERS),
    "scan": ((MISSING,), scan.RENDERERS),
    "pentest ls": ((MISSING,), pentest.LS_RENDERERS),
    "db status": ((), db.STATUS_RENDERERS),
    "sbom ls": ((MISSING,), sbom_registry.LS_RENDERERS),
    "sbom check": ((MISSING,), sbom_registry.CHECK_RENDERERS),
    "sbom diff": ((MISSING, MISSING), sbom_registry.DIFF_RENDERERS),
    "sbom export": ((MISSING,), sbom_registry.EXPORT_RENDERERS),
}


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MEDSEC_DB", str(tmp_path / "db.sqlite"))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_unknown_format_is_refused_before_any_work(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args, registry = COMMANDS[command]
    out = tmp_path / "out.txt"
    code = main([*command.split(), *args, "--format", "nope", "--output", str(out)])
    stdout, err = capsys.readouterr()
    assert code == 2, err
    assert f"--format: 'nope' is not one of {', '.join(registry)}" in err
    assert stdout == "" and not out.exists()
    assert not (tmp_path / "db.sqlite").exists()  # not even the database was opened


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help_shows_the_registry(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    registry = COMMANDS[command][1]
    assert main([*command.split(), "--help"]) == 0
    shown = "".join(capsys.readouterr().out.split())  # --help wraps lines, even at hyphens
    assert "|".join(registry) in shown and f"[default:{registry.default}]" in shown
    for renderer in registry.values():
        assert f"{renderer.name}:{''.join(renderer.help.split())}" in shown


def test_pentest_import_names_report_formats_too(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["pentest", "import", "missing.xml", MISSING, "--format", "nope"])
    err = capsys.readouterr().err
    assert code == 2
    assert "--format: 'nope' is not one of text, json (or a report format: " in err
