"""Load-time checks of the privacy keys: every ``region`` names a country or a known cloud region.

An unknown region is an error at its line with a suggestion (``unknown region 'eu-centrl-1'
(did you mean 'eu-central-1'?)``; a country written out is answered with its code). Where a
region decides whether data leaves the EU/EEA, a typo must not pass as "somewhere".
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.errors import Diagnostic
from medsec.engines.privacy.countries import COUNTRIES
from medsec.engines.privacy.regions import canonical, known, place
from medsec.project.schema import ProjectModel
from medsec.project.suggest import did_you_mean
from medsec.project.validation import field_path
from medsec.project.yamlfile import LineMap, line_of

_SHAPE = (
    "an ISO 3166-1 alpha-2 country code (DE, US), a cloud region id (eu-central-1, westeurope, "
    "europe-west3) or EU"
)


def _hint(value: str) -> str:
    """A suggestion for an unknown region: the code of a country written out, or a close id."""
    by_name = {name.lower(): code for code, name in COUNTRIES.items()}
    code = by_name.get(value.strip().lower())
    if code is not None:
        return f"a country is named by its code: '{code}'"
    return did_you_mean(canonical(value), known()) or _SHAPE


def _stated(model: ProjectModel) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every ``region`` of the model with its field path."""
    for i, b in enumerate(model.boundaries):
        if b.region is not None:
            yield ("boundaries", i, "region"), b.region
    for i, e in enumerate(model.elements):
        if e.region is not None:
            yield ("elements", i, "region"), e.region


def region_problems(model: ProjectModel, lines: LineMap, path: str) -> list[Diagnostic]:
    """An error, located and with a suggestion, for every region that is neither known nor EU."""
    return [
        Diagnostic(
            path=path,
            line=line_of(lines, loc),
            field=field_path(loc),
            message=f"unknown region '{value}'",
            hint=_hint(value),
        )
        for loc, value in _stated(model)
        if place(value) is None
    ]
