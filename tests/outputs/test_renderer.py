"""The renderer shape: one Protocol, one Registry per subject, every subject's registry sound."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from medsec.domain.errors import UsageError
from medsec.outputs import (
    checklist,
    db,
    drawing,
    pentest,
    report,
    scan,
    surface,
    threats,
    vex,
)
from medsec.outputs.renderer import Format, Registry, Renderer
from medsec.outputs.sbom import registry as sbom_registry

REPO = Path(__file__).resolve().parents[2]

# every registry, with the ``medsec`` usage it serves (as docs/cli.md writes it)
REGISTRIES: dict[str, Registry] = {  # type: ignore[type-arg]
    "medsec threats": threats.RENDERERS,
    "medsec check": checklist.RENDERERS,
    "medsec diagram": drawing.DIAGRAM_RENDERERS,
    "medsec views": drawing.VIEW_RENDERERS,
    "medsec vex": vex.RENDERERS,
    "medsec pentest import": pentest.IMPORT_RENDERERS,
    "medsec pentest ls": pentest.LS_RENDERERS,
    "medsec surface": surface.RENDERERS,
    "medsec db status": db.STATUS_RENDERERS,
    "medsec scan": scan.RENDERERS,
    "medsec sbom ls": sbom_registry.LS_RENDERERS,
    "medsec sbom check": sbom_registry.CHECK_RENDERERS,
    "medsec sbom diff": sbom_registry.DIFF_RENDERERS,
    "medsec sbom export": sbom_registry.EXPORT_RENDERERS,
    "medsec report": report.RENDERERS,
}


def _upper(text: str) -> str:
    return text.upper()


UPPER: Format[str] = Format("upper", "text/plain", ".txt", "shouting", _upper)
LOWER: Format[str] = Format("lower", "text/plain", ".txt", "whispering", str.lower)


def test_a_format_is_a_renderer() -> None:
    # mypy (strict, on src) checks that every registry's Formats satisfy the Protocol
    renderer: Renderer[str] = UPPER
    assert renderer.render("pump") == "PUMP"


def test_registry_keeps_order_and_defaults_to_the_first() -> None:
    formats = Registry("demo", LOWER, UPPER)
    assert formats.names == ("lower", "upper") and list(formats) == ["lower", "upper"]
    assert formats.default == "lower" and formats["upper"] is UPPER and len(formats) == 2


def test_unknown_format_is_a_usage_error_listing_the_formats() -> None:
    formats = Registry("demo", LOWER, UPPER)
    assert formats.choose("upper") is UPPER
    with pytest.raises(UsageError, match=r"^--format: 'xml' is not one of lower, upper$"):
        formats.choose("xml")
    with pytest.raises(UsageError, match=r"^--as: 'X' is not one of"):
        formats.choose("X", "--as")


def test_help_lists_choices_then_what_each_is_for() -> None:
    assert Registry("demo", LOWER, UPPER).help() == (
        "lower | upper. lower: whispering; upper: shouting."
    )


@pytest.mark.parametrize("renderers", [(), (UPPER, UPPER)], ids=["empty", "duplicate"])
def test_registry_refuses_empty_or_duplicate_names(renderers: tuple[Format[str], ...]) -> None:
    with pytest.raises(ValueError, match="distinct names"):
        Registry("demo", *renderers)


@pytest.mark.parametrize("usage", sorted(REGISTRIES))
def test_every_renderer_declares_its_metadata(usage: str) -> None:
    for name, renderer in REGISTRIES[usage].items():
        assert renderer.name == name and re.fullmatch(r"[a-z0-9-]+", name)
        assert re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", renderer.media_type), renderer
        assert renderer.suffix.startswith(".") and renderer.help and callable(renderer.render)


# docs/cli.md sends readers to `medsec sbom --help` for the SBOM formats
DOCUMENTED = sorted(u for u in REGISTRIES if not u.startswith("medsec sbom"))


@pytest.mark.parametrize("usage", DOCUMENTED)
def test_docs_list_the_formats_each_registry_has(usage: str) -> None:
    """docs/cli.md is written by hand: it must name every format, in registry order."""
    docs = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    choices = "\\|".join(REGISTRIES[usage])
    lines = [line for line in docs.splitlines() if line.startswith(f"| `{usage} ")]
    assert lines, f"{usage} is not in docs/cli.md"
    assert any(f"--format {choices}" in line for line in lines), (usage, choices)
