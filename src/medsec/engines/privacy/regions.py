"""Where things are: country codes and cloud regions, the EU/EEA, and adequacy decisions.

``region:`` on a boundary or an element names an ISO 3166-1 alpha-2 country (``DE``; letter case
does not matter), a cloud region id of the shipped table (``eu-central-1``, ``westeurope``,
``europe-west3``: :mod:`cloud_regions`), or ``EU`` / ``EEA`` for "somewhere in the EU/EEA"
when the country is not fixed. :func:`place` reads one; :func:`known` lists what may be written
(for suggestions).

The EU/EEA is the 27 member states plus Iceland, Liechtenstein and Norway. Countries with an
adequacy decision (GDPR Art. 45) are listed with the decision's limits where it has one (the
United States: only organisations certified under the EU-US Data Privacy Framework; Canada:
commercial organisations under PIPEDA). Check the list against the Commission's page before
relying on it: decisions are added and reviewed.
"""

from __future__ import annotations

from dataclasses import dataclass

from medsec.engines.privacy.cloud_regions import CLOUD_REGIONS
from medsec.engines.privacy.countries import COUNTRIES

EU = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
EEA = EU | {"IS", "LI", "NO"}
# ISO code -> what the Art. 45 decision covers ("" when it covers every recipient)
ADEQUACY: dict[str, str] = {
    "AD": "",
    "AR": "",
    "CA": "commercial organisations subject to PIPEDA",
    "CH": "",
    "FO": "",
    "GB": "",
    "GG": "",
    "IL": "",
    "IM": "",
    "JE": "",
    "JP": "",
    "KR": "",
    "NZ": "",
    "US": "organisations certified under the EU-US Data Privacy Framework",
    "UY": "",
}
# what may stand for "somewhere in the EU/EEA" when the country is not fixed
UNION = {"EU": "the European Union", "EEA": "the European Economic Area"}


@dataclass(frozen=True)
class Place:
    """A region as the model names it: its code, its country (None: somewhere in the EU/EEA)."""

    code: str  # canonical: upper-case country, lower-case cloud region, EU or EEA
    country: str | None
    label: str  # "eu-central-1 (AWS Frankfurt, Germany)"

    @property
    def in_eea(self) -> bool:
        """Inside the EU/EEA: GDPR Chapter V does not apply to data going there."""
        return self.country is None or self.country in EEA

    @property
    def adequacy(self) -> str | None:
        """What the country's adequacy decision covers ("" all), None without a decision."""
        return ADEQUACY.get(self.country) if self.country else None


def canonical(code: str) -> str:
    """The region code as the table keys it: countries upper case, cloud regions lower case."""
    text = code.strip()
    return text.upper() if len(text) == 2 or text.upper() in UNION else text.lower()


def place(code: str) -> Place | None:
    """The place a ``region:`` value names, or None when it is neither country nor region."""
    key = canonical(code)
    if key in UNION:
        return Place(key, None, f"{key} ({UNION[key]})")
    if key in COUNTRIES:
        return Place(key, key, f"{key} ({COUNTRIES[key]})")
    found = CLOUD_REGIONS.get(key)
    if found is None:
        return None
    provider, country, where = found
    name = COUNTRIES.get(country, country)
    return Place(key, country, f"{key} ({_PROVIDERS[provider]} {where}, {name})")


_PROVIDERS = {"aws": "AWS", "azure": "Azure", "gcp": "Google Cloud"}


def known() -> list[str]:
    """Every value ``region:`` accepts (countries, cloud regions, EU, EEA), for suggestions."""
    return [*UNION, *COUNTRIES, *CLOUD_REGIONS]


def country_name(country: str | None) -> str:
    """A country's name for prose (``the EU/EEA`` for an unfixed place inside it)."""
    if country is None:
        return "the EU/EEA"
    return COUNTRIES.get(country, country)
