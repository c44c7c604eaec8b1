"""Which ecosystems of the scanned SBOMs the vulnerability database held data for."""

from __future__ import annotations

from medsec.domain.component import Component, Origin
from medsec.domain.coverage import CPE_ECOSYSTEM, EcosystemCoverage, Uncovered
from medsec.engines.data_coverage import ecosystem_coverage, ecosystem_of

SBOM = "sbom/app.cdx.json"


def _c(name: str, purl: str | None, *cpes: str, supplier: str | None = None) -> Component:
    return Component(
        ref=name,
        name=name,
        version="1.0",
        purl=purl,
        cpes=cpes,
        supplier=supplier,
        origin=Origin(SBOM, name),
    )


OKIO = _c("okio", "pkg:maven/com.squareup.okio/okio@1.0")
GSON = _c(
    "gson", "pkg:maven/com.google.code.gson/gson@1.0", "cpe:2.3:a:google:gson:1.0:*:*:*:*:*:*:*"
)
IDNA = _c("idna", "pkg:pypi/idna@1.0")
ZLIB = _c("zlib", "pkg:generic/zlib@1.0", "cpe:2.3:a:zlib:zlib:1.0:*:*:*:*:*:*:*")
OWN = _c(
    "pump-control", "pkg:generic/acme/pump-control@1.0", supplier="Organization: ACME Medical GmbH"
)
LOOSE = _c("blob", "pkg:generic/blob@1.0")


def test_the_ecosystem_a_component_is_looked_up_in() -> None:
    assert ecosystem_of(OKIO) == ("Maven", "maven")
    assert ecosystem_of(IDNA) == ("PyPI", "pypi")
    assert ecosystem_of(ZLIB) == (CPE_ECOSYSTEM, None)
    assert ecosystem_of(LOOSE) == ("generic", None)


def test_an_ecosystem_without_advisories_is_not_covered() -> None:
    rows = ecosystem_coverage([OKIO, GSON, IDNA, ZLIB], {"pypi": 7}, 3)
    assert rows == (
        EcosystemCoverage("Maven", 2, 0, by_cpe=1, uncovered=(Uncovered("okio@1.0", SBOM),)),
        EcosystemCoverage(CPE_ECOSYSTEM, 1, 3),
        EcosystemCoverage("PyPI", 1, 7),
    )
    assert [r.covered for r in rows] == [False, True, True]
    (maven, nvd, _) = ecosystem_coverage([OKIO, GSON, IDNA, ZLIB], {"maven": 1, "pypi": 7}, 0)
    assert maven.covered and maven.by_cpe == 0
    assert nvd.uncovered == (Uncovered("zlib@1.0", SBOM),)  # no NVD data at all


def test_the_manufacturers_own_components_are_counted_apart() -> None:
    (row,) = ecosystem_coverage([OWN, LOOSE], {}, 5, "ACME Medical GmbH")
    assert row == EcosystemCoverage(
        "generic", 2, 0, own=1, uncovered=(Uncovered("blob@1.0", SBOM),)
    )
