"""The example's report as an auditor prints it: legible diagrams, a short body, every page renders.

Three checks, each on the bundled example laid out by the engine installed with medsec:

* in the SVG itself: every text prints at 8 pt or more once the drawing is scaled to the
  printable width and height of an A4 landscape page (``figure.printed_scale``);
* in headless Chromium (Debian's ``chromium``; skipped, with the reason, when it is absent):
  the rendered size of every text at that width, no edge label overlapping a trust boundary's
  label, and whole drawings centred on the page;
* the PDF (WeasyPrint; skipped when pango is missing): at most 25 pages before the appendices,
  and ``pdftoppm`` (Debian's ``poppler-utils``; skipped when absent) renders every page.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from medsec.outputs.drawing import engine
from medsec.outputs.report import figure
from medsec.outputs.report.html import render_html
from medsec.outputs.report.view import ReportView
from medsec.services.report import ReportOptions, build_report

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "infusion-pump"
TODAY = date(2026, 12, 1)
MAX_BODY_PAGES = 25
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)

pytestmark = pytest.mark.skipif(
    engine.find() is None,
    reason="no layout engine (graphviz-pure is a dependency of medsec; or Graphviz's dot)",
)


@pytest.fixture(scope="module")
def view(tmp_path_factory: pytest.TempPathFactory) -> ReportView:
    base = tmp_path_factory.mktemp("print")
    shutil.copytree(EXAMPLE, base / "infusion-pump")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MEDSEC_DB", str(base / "db.sqlite"))
        # named as a user names it, from its parent folder: the commands the report suggests
        # quote this path, and a long temporary one would lengthen the body the test measures
        mp.chdir(base)
        return build_report(ReportOptions(Path("infusion-pump"), TODAY, engine.to_svg))


@pytest.fixture(scope="module")
def html(view: ReportView) -> str:
    return render_html(view)


def test_every_drawing_of_the_example_prints_at_8_pt_or_more(html: str, view: ReportView) -> None:
    drawings = _SVG.findall(html)
    # the DFD whole, the global, multi-patient and updatability views, one drawing per use case
    assert len(view.diagram.figures) == 1 and view.diagram.figures[0].svg is not None
    assert len(drawings) >= 4
    for svg in drawings:
        assert figure.smallest_printed_font(svg) >= figure.MIN_PRINTED_PT


# --- Chromium ----------------------------------------------------------------------------------

_MEASURE = """
<script>
addEventListener('load', () => {
  const out = [];
  const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5
    && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  for (const svg of document.querySelectorAll('figure.diagram svg')) {
    const box = svg.getBoundingClientRect();
    const units = box.width / svg.viewBox.baseVal.width;  // CSS px per drawing unit (pt)
    const sizes = [...svg.querySelectorAll('text')].map(
      t => parseFloat(t.getAttribute('font-size')) * units * 0.75);
    const clusters = [...svg.querySelectorAll('g.cluster > text')].map(t => t.getBoundingClientRect());
    const edges = [...svg.querySelectorAll('g.edge > text')];
    const overlaps = [];
    for (const e of edges) for (const c of clusters) {
      if (hit(e.getBoundingClientRect(), c)) overlaps.push(e.textContent);
    }
    const fig = svg.closest('figure');
    const frame = fig.getBoundingClientRect();
    out.push({
      part: fig.classList.contains('part'),
      minPt: Math.min(...sizes),
      overlaps,
      offCentre: Math.abs((box.left + box.right) / 2 - (frame.left + frame.right) / 2),
    });
  }
  const pre = document.createElement('pre');
  pre.id = 'medsec-measure';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    _chromium() is None, reason="chromium not installed (apt-get install chromium): not measured"
)
def test_in_chromium_labels_print_at_8_pt_do_not_overlap_and_drawings_are_centred(
    html: str, tmp_path: Path
) -> None:
    # Chromium's command line cannot switch to print media: the page is laid out at the width
    # the print stylesheet gives (the printable width of A4 landscape) with its height limit.
    page = html.replace(
        html[html.index('<meta http-equiv="Content-Security-Policy"') :].split(">", 1)[0] + ">", ""
    ).replace(
        "</head>",
        f"<style>body {{ width: {figure.PRINT_WIDTH_PT}pt; max-width: none; padding: 0; "
        f"margin: 0; }} figure.diagram svg {{ max-height: {figure.PRINT_HEIGHT_PT}pt; }}</style>"
        f"{_MEASURE}</head>",
    )
    target = tmp_path / "report.html"
    target.write_text(page, encoding="utf-8")
    done = subprocess.run(
        [
            str(_chromium()),
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=10000",
            "--dump-dom",
            target.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    found = re.search(r'<pre id="medsec-measure">(.*?)</pre>', done.stdout, re.S)
    assert found, f"chromium produced no measurement (exit {done.returncode}): {done.stderr[-500:]}"
    drawings = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert len(drawings) >= 4
    for d in drawings:
        assert d["minPt"] >= figure.MIN_PRINTED_PT - 0.05, d
        assert d["overlaps"] == [], d
        if not d["part"]:
            assert d["offCentre"] < 2, d


# --- PDF ---------------------------------------------------------------------------------------


def _weasyprint() -> str | None:
    """Why WeasyPrint cannot run here, or None when it can."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as e:
        return (
            f"WeasyPrint cannot run (pip install weasyprint; apt-get install libpango-1.0-0): {e}"
        )
    return None


@pytest.mark.skipif(_weasyprint() is not None, reason=str(_weasyprint()))
def test_pdf_has_a_short_body_and_every_page_renders(html: str, tmp_path: Path) -> None:
    from weasyprint import HTML

    document = HTML(string=html).render()
    pages = document.pages
    first_appendix = next(n for n, p in enumerate(pages) if "findings-all" in p.anchors)
    assert first_appendix <= MAX_BODY_PAGES, f"{first_appendix} pages before the appendices"
    assert "summary" in pages[0].anchors and "device" not in pages[0].anchors  # one page
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(document.write_pdf())
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm not installed (apt-get install poppler-utils): pages not rendered")
    done = subprocess.run(
        ["pdftoppm", "-png", "-r", "20", str(pdf), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rendered = sorted(tmp_path.glob("page-*.png"))
    assert len(rendered) == len(pages)
    assert all(p.stat().st_size > 500 for p in rendered)
