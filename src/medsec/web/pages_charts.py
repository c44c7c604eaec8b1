"""Trend charts drawn on the server as inline SVG: values in, one ``<svg>`` element out.

Pure and deterministic: no I/O, no scripts, no ``style`` attributes (the server's CSP allows no
inline styles; colours are presentation attributes), and every text from the data (titles,
version names) is escaped. A missing value (``None``) leaves a gap in its line, never a zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 640
HEIGHT = 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 28, 44  # margins around the plot area, in pixels
PALETTE = ("#b42318", "#1d4ed8", "#047857", "#7c3aed", "#b45309")


@dataclass(frozen=True)
class Series:
    """One line of a chart: its name (legend) and one value per label, None where unknown."""

    name: str
    values: tuple[float | None, ...]


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^n at or above ``value`` (the top of the y axis)."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if value <= step * power:
            return step * power
    return 10.0 * power  # pragma: no cover - the loop always returns


def _number(value: float) -> str:
    """A coordinate or tick with at most one decimal, without a trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _x(index: int, count: int) -> float:
    """The x coordinate of the ``index``-th label out of ``count``."""
    inner = WIDTH - LEFT - RIGHT
    if count <= 1:
        return LEFT + inner / 2
    return LEFT + inner * index / (count - 1)


def _y(value: float, top: float) -> float:
    """The y coordinate of ``value`` on an axis from 0 to ``top``."""
    inner = HEIGHT - TOP - BOTTOM
    return TOP + inner * (1 - value / top)


def _axes(labels: Sequence[str], top: float) -> list[str]:
    """Grid lines with their values on the left, the labels (versions) under the plot."""
    parts = []
    for k in range(5):
        value = top * k / 4
        y = _number(_y(value, top))
        parts.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="#d0d5dd" '
            'stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y}" text-anchor="end" dominant-baseline="middle" '
            f'font-size="11" fill="#475467">{_number(value)}</text>'
        )
    base = HEIGHT - BOTTOM + 16
    for i, label in enumerate(labels):
        x = _number(_x(i, len(labels)))
        parts.append(
            f'<text x="{x}" y="{base}" text-anchor="middle" font-size="11" '
            f'fill="#344054">{escape(label)}</text>'
        )
    return parts


def _segments(values: Sequence[float | None], top: float) -> list[list[tuple[float, float]]]:
    """Runs of consecutive known values as point lists (a None breaks the line)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for i, value in enumerate(values):
        if value is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append((_x(i, len(values)), _y(value, top)))
    return [run for run in runs if run]


def _series(series: Series, labels: Sequence[str], top: float, colour: str) -> list[str]:
    """One series: its line(s) and a dot per known value with a tooltip naming it."""
    parts = []
    for run in _segments(series.values, top):
        points = " ".join(f"{_number(x)},{_number(y)}" for x, y in run)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>'
        )
    for i, value in enumerate(series.values):
        if value is None:
            continue
        x, y = _number(_x(i, len(labels))), _number(_y(value, top))
        tip = escape(f"{series.name} at {labels[i]}: {_number(value)}")
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="3.5" fill="{colour}"><title>{tip}</title></circle>'
        )
    return parts


def _legend(series: Sequence[Series]) -> list[str]:
    """The series' names above the plot, each with a swatch of its colour."""
    parts = []
    x = LEFT
    for n, s in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="8" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="17" font-size="12" fill="#101828">{escape(s.name)}</text>'
        )
        x += 24 + 7 * len(s.name)
    return parts


def line_chart(title: str, labels: Sequence[str], series: Sequence[Series]) -> str:
    """An ``<svg>`` line chart of ``series`` over ``labels`` (releases, oldest first).

    ``title`` is the accessible name (``aria-label`` and ``<title>``). With no labels the chart
    says so instead of drawing empty axes.
    """
    for s in series:
        if len(s.values) != len(labels):
            raise ValueError(
                f"chart '{title}': series '{s.name}' has {len(s.values)} values "
                f"for {len(labels)} labels"
            )
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    )
    if not labels:
        note = (
            f'<text x="{WIDTH // 2}" y="{HEIGHT // 2}" text-anchor="middle" font-size="13" '
            'fill="#475467">No released versions yet.</text>'
        )
        return head + note + "</svg>"
    known = [v for s in series for v in s.values if v is not None]
    top = nice_ceiling(max(known, default=0.0))
    body = _axes(labels, top) + _legend(series)
    for n, s in enumerate(series):
        body += _series(s, labels, top, PALETTE[n % len(PALETTE)])
    return head + "".join(body) + "</svg>"
