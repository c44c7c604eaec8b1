"""``medsec report --format pdf``: the same report laid out by WeasyPrint, or a usage error."""

from __future__ import annotations

import builtins
from datetime import date

import pytest

from medsec.domain.errors import UsageError
from medsec.outputs.report import RENDERERS
from medsec.outputs.report.figure import dfd_figures, no_svg
from medsec.outputs.report.pdf import render_pdf
from medsec.outputs.report.view import ReportView, build_view


def _weasyprint_problem() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as e:
        return f"WeasyPrint cannot run (apt-get install libpango-1.0-0 libpangoft2-1.0-0): {e}"
    return None


@pytest.fixture
def view(project, threats, missing, checklist) -> ReportView:  # type: ignore[no-untyped-def]
    return build_view(
        project,
        threats,
        missing,
        checklist,
        architecture_digest="sha256:" + "cd" * 32,
        generated_on=date(2026, 11, 27),
        diagram=dfd_figures(project, no_svg),
    )


def test_the_report_registry_offers_html_then_pdf() -> None:
    assert RENDERERS.names == ("html", "pdf") and RENDERERS.default == "html"
    assert RENDERERS["pdf"].media_type == "application/pdf" and RENDERERS["pdf"].suffix == ".pdf"


@pytest.mark.skipif(_weasyprint_problem() is not None, reason=str(_weasyprint_problem()))
def test_pdf_has_the_running_header_and_page_numbers(view: ReportView) -> None:
    from weasyprint import HTML

    from medsec.outputs.report.html import render_html

    pdf = render_pdf(view)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    document = HTML(string=render_html(view)).render()
    assert len(document.pages) >= 3  # summary, contents, sections...
    first = document.pages[0]
    # margin boxes hold the running header and the page number
    texts = _margin_texts(first._page_box)
    assert any("ACME Infusion System 3.2.0" in t for t in texts)
    assert any("sha256:" + "cd" * 32 in t for t in texts)
    assert any(t.startswith("page 1 of ") for t in texts)


def _margin_texts(box) -> list[str]:  # type: ignore[no-untyped-def]
    """Every text in the page's margin boxes (running header, page numbers)."""
    texts: list[str] = []

    def walk(b, inside: bool) -> None:  # type: ignore[no-untyped-def]
        inside = inside or type(b).__name__ == "MarginBox"
        text = getattr(b, "text", None)
        if inside and isinstance(text, str):
            texts.append(text)
        for child in getattr(b, "children", ()):
            walk(child, inside)

    walk(box, False)
    return texts


def test_without_pango_pdf_is_a_usage_error_saying_what_to_install(
    view: ReportView, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = builtins.__import__

    def no_pango(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(UsageError, match=r"libpango-1\.0-0 libpangoft2-1\.0-0"):
        render_pdf(view)


@pytest.mark.skipif(_weasyprint_problem() is not None, reason=str(_weasyprint_problem()))
def test_the_trimmed_user_agent_sheet_lays_out_the_same_report_byte_for_byte(
    view: ReportView,
) -> None:
    from weasyprint import HTML

    from medsec.outputs.report.html import render_html

    assert render_pdf(view) == HTML(string=render_html(view)).write_pdf()
