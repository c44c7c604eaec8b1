"""Column widths chosen from the content, so that tables print in as few lines as they can.

Every edition lays tables out with fixed widths (the PDF does not measure a 7,000-row table cell
by cell), and the print edition's cost follows its lines: WeasyPrint takes about 0.4 ms of CPU
per line of text it lays out, and 85 % of the example's lines are table cells. A column's
cells wrap into about (its characters) / (its width) lines, so the total is smallest when each
column is as wide as the square root of the characters it holds (the widths then add up to the
page); within that, no column is narrower than its header's longest word, nor wider than the
width that puts nine in ten of its cells on one line (the rest of the page goes to the others).
On the example this prints the FDA document in 8 % fewer lines than widths after the typical
cell, and the requirement matrices, whose fixed widths kept two mostly empty columns (gap, how
to close) as wide as the evidence, in 11-19 % fewer lines and a third fewer pages (all nine
documents: 333 -> 271 pages); the words of short cells (medium, accept) no longer break.

Widths are computed from a sample of the rows in characters of the print edition's table text
(7.5 pt; ``_PAGE_CHARS`` across the page), monospace text (references, commands) counting
``_MONO`` times a character; the result is in percent of the text width, as every edition
uses it.

A table whose columns cannot all be that wide on a portrait page (some column would get less
than ``_SQUEEZED`` of the width its header needs, so that headers and short words break letter
by letter) is *wide*: :func:`fit` then gives its widths across a landscape page, which the PDF
and Word editions print it on (the FDA document's communication paths, of nine columns).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

# Characters of 7.5 pt table text across the A4 text width (measured: 1.45 a percent).
_PAGE_CHARS = 145.0
# Characters across the text width of a landscape A4 page (297 mm less 34 mm of margins,
# against 176 mm for portrait).
LANDSCAPE_CHARS = _PAGE_CHARS * 263.0 / 176.0
# A column given less than this share of the width its header needs on a portrait page makes
# its table wide (printed landscape).
_SQUEEZED = 0.7
# A monospace reference at 0.85 em takes as much room as 1.35 characters of body text.
_MONO = 1.35
# Room taken by the cell's padding and borders, in characters.
_PADDING = 2.5
# A word's character, in characters of running text (which has narrow spaces between words).
_WORD = 1.25
# A bold header's character, in characters of running text (with its capitals).
_BOLD = 1.45
# A bold character of a cell's text (mostly lower case), in characters of body text.
_BOLD_TEXT = 1.15
# A word up to this long (in characters of running text) is not broken; longer ones (paths,
# CVSS vectors) may be.
_LONG_WORD = 20.0
# The narrowest column (a one-letter header still shows its letter and padding).
_MIN_CHARS = 4.0
# The share of the page the narrowest widths may take together: with many columns, the rest
# still goes where the text is (headers, then words, break first).
_MOST_FOR_BOUNDS = 0.85
# Words as a line may break them: at spaces, and after a hyphen or a slash that is not
# followed by a digit (Unicode line breaking keeps "PT-2026-03", "2026-09-10" and "3.1/2"
# whole, so a column narrower than them cuts them after any character).
_WORDS = re.compile(r"(?:[^\s/-]|[/-](?=\d))*[/-]?")
# A cell whose length is at this percentile of its column's fits on one line, if room allows.
_ONE_LINE_PERCENTILE = 0.9


@dataclass(frozen=True)
class Column:
    """A column as widths see it: its header and the texts of its cells (a sample)."""

    header: str
    cells: tuple[str, ...]
    mono: bool = False  # cells in a monospace font (evidence references, commands)
    bold: bool = False  # cells in bold (the requirement of a matrix row)
    whole: bool = False  # cells that should not wrap (a status badge): as wide as the typical

    def lines(self) -> Iterable[str]:
        """Each line its cells hold on their own (a cell's references are one a line)."""
        for cell in self.cells:
            yield from cell.split("\n")


def _percentile(values: list[float]) -> float:
    """The ``_ONE_LINE_PERCENTILE`` of ``values`` (0 for none)."""
    values.sort()
    return values[int(len(values) * _ONE_LINE_PERCENTILE)] if values else 0.0


@dataclass(frozen=True)
class _Bounds:
    """A column's narrowest widths (so that its cells' words, and also its header's, do not
    break), its widest (nine in ten cells on one line), its weight (the square root of the
    characters it holds); in characters of body text, padding included."""

    words: float
    header: float
    high: float
    weight: float


def _bounds(column: Column) -> _Bounds:
    """The bounds and weight of a column, from its cells and header."""
    scale = _MONO if column.mono else _BOLD_TEXT if column.bold else 1.0
    lines = list(column.lines())
    lengths = [len(line) * scale for line in lines]
    longest = _percentile([_longest(x, _LONG_WORD / scale / _WORD) * scale * _WORD for x in lines])
    words = max(_MIN_CHARS, longest)
    header = max(words, _longest(column.header) * _BOLD) + _PADDING
    high = max(header, _percentile(lengths) + _PADDING)
    if column.whole:  # never narrower than its typical cell
        return _Bounds(high, high, high, 1.0)
    return _Bounds(words + _PADDING, header, high, math.sqrt(sum(lengths) + 1.0))


def _longest(text: str, longer_than: float = math.inf) -> int:
    """The length of the longest word of ``text`` (a line may break after a hyphen or a slash
    too) that is not longer than ``longer_than``: a longer one breaks whatever the width."""
    return max((n for n in map(len, _WORDS.findall(text)) if n <= longer_than), default=0)


def _low(bounds: Sequence[_Bounds], page: float) -> list[float]:
    """The narrowest widths a page of ``page`` characters holds with room left for the text:
    headers unbroken if they can be, else shrunk towards the cells' words (alike), else those
    shrunk alike."""
    room = page * _MOST_FOR_BOUNDS
    words, headers = [b.words for b in bounds], [b.header for b in bounds]
    if sum(headers) <= room:
        return headers
    if sum(words) >= room:
        return [w * room / sum(words) for w in words]

    def low(share: float) -> list[float]:
        return [max(w, h * share) for w, h in zip(words, headers, strict=True)]

    return low(_bisect(lambda share: sum(low(share)) <= room, 1.0))


def _bisect(fits: Callable[[float], bool], above: float) -> float:
    """The largest ``x`` in [0, above] that ``fits`` (which holds for 0 and fails for above,
    and is monotonic): bisection, deterministic, far below a character of error."""
    below = 0.0
    for _ in range(60):
        middle = (below + above) / 2
        if fits(middle):
            below = middle
        else:
            above = middle
    return below


def _fill(bounds: Sequence[_Bounds], page: float) -> list[float]:
    """Widths between the narrowest and the widest, proportional to the weights where the
    bounds let them be, that add up to ``page`` characters (or to less, when every cell fits
    on a line)."""
    high = [b.high for b in bounds]
    if sum(high) <= page:
        return high
    low, weight = _low(bounds, page), [b.weight for b in bounds]

    def widths(scale: float) -> list[float]:
        return [min(hi, max(lo, scale * w)) for lo, hi, w in zip(low, high, weight, strict=True)]

    most = max(hi / w for hi, w in zip(high, weight, strict=True))
    return widths(_bisect(lambda scale: sum(widths(scale)) <= page, most))


def _percent(chars: Sequence[float]) -> tuple[float, ...]:
    """Widths in characters as percent of their sum."""
    total = sum(chars)
    return tuple(round(100.0 * c / total, 2) for c in chars)


@dataclass(frozen=True)
class Fit:
    """A table's column widths (percent of the text width) and whether it prints landscape."""

    widths: tuple[float, ...]
    wide: bool = False


def fit(columns: Sequence[Column]) -> Fit:
    """The widths of ``columns`` on a portrait page; across a landscape one, and ``wide``, when
    on portrait some column would get less than ``_SQUEEZED`` of what its header needs."""
    if not columns:
        return Fit(())
    bounds = [_bounds(c) for c in columns]
    portrait = _fill(bounds, _PAGE_CHARS)
    if all(w >= _SQUEEZED * b.header for w, b in zip(portrait, bounds, strict=True)):
        return Fit(_percent(portrait))
    return Fit(_percent(_fill(bounds, LANDSCAPE_CHARS)), wide=True)


def column_widths(columns: Sequence[Column]) -> tuple[float, ...]:
    """Percent widths of ``columns`` (adding up to 100) on a portrait page, from the texts of
    their cells."""
    return _percent(_fill([_bounds(c) for c in columns], _PAGE_CHARS)) if columns else ()
