"""The shipped region table: countries, cloud regions, the EU/EEA and adequacy decisions."""

from __future__ import annotations

from medsec.engines.privacy.cloud_regions import CLOUD_REGIONS
from medsec.engines.privacy.countries import COUNTRIES
from medsec.engines.privacy.regions import ADEQUACY, EEA, EU, canonical, country_name, place


def test_every_cloud_region_is_in_a_known_country() -> None:
    assert len(COUNTRIES) == 249
    for region, (provider, country, _) in CLOUD_REGIONS.items():
        assert provider in ("aws", "azure", "gcp"), region
        assert country in COUNTRIES, region
        assert region == region.lower() and region not in COUNTRIES


def test_places_from_codes_in_any_case() -> None:
    frankfurt = place("EU-Central-1")
    assert frankfurt is not None and frankfurt.code == "eu-central-1"
    assert (frankfurt.country, frankfurt.in_eea) == ("DE", True)
    assert frankfurt.label == "eu-central-1 (AWS Frankfurt, Germany)"
    us = place("us")
    assert us is not None and (us.code, us.in_eea) == ("US", False)
    assert us.adequacy == "organisations certified under the EU-US Data Privacy Framework"
    india = place("ap-south-1")
    assert india is not None and india.adequacy is None and not india.in_eea
    union = place("eu")
    assert union is not None and (union.country, union.in_eea) == (None, True)
    assert place("Germany") is None and place("eu-centrl-1") is None
    assert canonical(" westeurope ") == "westeurope"
    assert country_name(None) == "the EU/EEA"


def test_eea_and_adequacy_lists() -> None:
    assert len(EU) == 27 and {"IS", "LI", "NO"} == EEA - EU
    assert not EEA & set(ADEQUACY)  # an adequacy decision is for a third country
    assert {"CH", "GB", "JP", "KR", "US"} <= set(ADEQUACY)
