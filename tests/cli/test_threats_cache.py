"""``medsec threats`` keeps the parse cache of medsec.yaml beside its register; output unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from medsec.cli.main import main
from medsec.project import loader
from medsec.project.parse_cache import cache_path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "infusion-pump"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example project without its caches."""
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".*.cache.json"))
    return folder


def test_the_cached_rerun_prints_and_writes_what_a_parsed_one_does(
    example: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("threats", str(example), "--today", "2026-01-05", "--format", "json")
    code, first, err = run(capsys, *args)
    assert code == 0 and "wrote" in err
    assert cache_path(example / "medsec.yaml").is_file()
    register = (example / "threats.yaml").read_bytes()
    cache_path(example / "medsec.yaml").unlink()
    code, parsed, _ = run(capsys, *args)  # medsec.yaml parsed; the cache written again
    assert code == 0 and cache_path(example / "medsec.yaml").is_file()

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("medsec.yaml was parsed although its cache holds")

    monkeypatch.setattr(loader, "parse_yaml", refuse)
    code, cached, _ = run(capsys, *args)
    assert code == 0
    assert cached == parsed and first
    assert (example / "threats.yaml").read_bytes() == register


def test_a_dry_run_writes_no_cache(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.name for p in example.iterdir())
    code, _, err = run(capsys, "threats", str(example), "--dry-run")
    assert code == 0 and "(dry run)" in err
    assert sorted(p.name for p in example.iterdir()) == before


def test_a_dry_run_reads_the_cache_a_writing_run_left(
    example: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, written, _ = run(capsys, "threats", str(example), "--today", "2026-01-05")
    assert code == 0

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("medsec.yaml was parsed although its cache holds")

    monkeypatch.setattr(loader, "parse_yaml", refuse)
    code, dry, _ = run(capsys, "threats", str(example), "--today", "2026-01-05", "--dry-run")
    assert code == 0 and dry == written
