"""WeasyPrint as medsec lays out with it: loaded on first use (a usage error naming what to
install when pango is missing), with a leaner user-agent stylesheet, the collector paused.

Both PDF editions use it: the report (``report/pdf.py``) and the documents
(``documents/pdf.py``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from medsec.domain.errors import UsageError

PANGO_HINT = (
    "PDF needs WeasyPrint and the pango library (Debian/Ubuntu: apt-get install "
    "libpango-1.0-0 libpangoft2-1.0-0); use --format html meanwhile"
)


def load_weasyprint() -> Any:
    """WeasyPrint's ``HTML`` class; a usage error naming the missing library when it cannot load.

    Imported on first use: it loads pango and takes a second, which --help must not pay. The
    parallel ``docs build --all`` calls it before forking, so the workers inherit it.
    """
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
    except (ImportError, OSError) as e:  # OSError: pango missing from the system
        raise UsageError(f"{PANGO_HINT} ({e})") from e
    return HTML


# WeasyPrint's user-agent stylesheet styles six pseudo-elements of *every* element (``::marker``
# and the footnote and note calls and markers), and each gets a computed style of its own: on
# the example's FDA document 70,566 of the 74,830 computed styles, 5 % of its layout. medsec's
# pages have markers on list items only and no footnotes, so they are laid out with a sheet
# that gives markers to ``li`` alone and drops the note rules: the same PDF, byte for byte
# (tested on the documents and the report). Where a WeasyPrint release no longer has exactly
# these rules, one line each, its own sheet is used unchanged (slower, never different).
_UA_MARKER = "::marker {"
_UA_NOTES = (
    "::footnote-call ",
    "::footnote-marker ",
    "::note-call ",
    "::note-marker ",
    "::note-callback ",
)


def trimmed_user_agent_sheet(text: str) -> str | None:
    """WeasyPrint's user-agent stylesheet ``text`` with markers for list items only and without
    the footnote rules; None when its rules are not the ones expected."""
    lines = text.split("\n")
    kept = [line for line in lines if not line.startswith(_UA_NOTES)]
    markers = [i for i, line in enumerate(kept) if line.startswith(_UA_MARKER)]
    if len(lines) - len(kept) != len(_UA_NOTES) or len(markers) != 1:
        return None
    kept[markers[0]] = "li" + kept[markers[0]]
    return "\n".join(kept)


@cache
def trimmed(html: Any) -> Any:
    """``html`` (WeasyPrint's ``HTML``) with the trimmed user-agent sheet, made once."""
    from weasyprint import CSS
    from weasyprint import html as ua

    text = trimmed_user_agent_sheet(ua.UA)
    if text is None or not hasattr(html, "_ua_stylesheets"):
        return html
    sheet = CSS(string=text, counter_style=ua.UA_COUNTER_STYLE)

    def user_agent_sheets(self: Any, forms: bool = False) -> list[Any]:
        """The trimmed sheet (and WeasyPrint's form sheet where forms are rendered)."""
        return [sheet, ua.UA_FORM_STYLESHEET] if forms else [sheet]

    return type("MedsecHTML", (html,), {"_ua_stylesheets": user_agent_sheets})


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused during a layout; its previous state restored after.

    WeasyPrint allocates some 1.3 million objects for the example's FDA document (boxes,
    styles, line layouts), nearly all alive until the PDF is written: the collector's passes
    over them found nothing to free and cost a fifth to a quarter of the CPU (FDA document:
    12.9 -> 10.2 s; the 1,000-element model's: 27.5 -> 20.9 s, 17 MB more at the peak).
    What the layout leaves in cycles is collected by the first collection after it.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
