from __future__ import annotations

from datetime import UTC, date, datetime

from medsec.domain.advisory import (
    Advisory,
    AffectedPackage,
    Event,
    EventKind,
    RangeType,
    SeverityScore,
    VersionRange,
)
from medsec.domain.vulnerability import ComponentRef, Matcher
from medsec.engines.matching.matcher import finding_id, match_component, merge_findings

INTRO, F = EventKind.INTRODUCED, EventKind.FIXED
V31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"  # 7.5 high
V40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N"
REF = ComponentRef("starlette", "0.36.3", "pkg:pypi/starlette@0.36.3?foo=bar", element="cloud")


def advisory(ident: str, aliases: tuple[str, ...], fixed: str, **extra: object) -> Advisory:
    rng = VersionRange(RangeType.ECOSYSTEM, (Event(INTRO, "0"), Event(F, fixed)))
    return Advisory(
        id=ident,
        source="osv",
        aliases=aliases,
        affected=(AffectedPackage("PyPI", "starlette", None, (rng,)),),
        **extra,  # type: ignore[arg-type]
    )


GHSA = advisory(
    "GHSA-f96h-pmfr-66vw",
    ("CVE-2024-47874",),
    "0.40.0",
    summary="Starlette Denial of service (DoS) via multipart/form-data",
    severity=(
        SeverityScore("CVSS_V4", V40),
        SeverityScore("CVSS_V3", V31),
        SeverityScore("DATABASE", "HIGH"),
    ),
    published=datetime(2024, 10, 15, tzinfo=UTC),
    cwes=("CWE-770",),
)
PYSEC = advisory(
    "PYSEC-2024-999",
    ("CVE-2024-47874", "GHSA-f96h-pmfr-66vw"),
    "0.40.0",
    published=datetime(2024, 10, 16, tzinfo=UTC),
)
OTHER = advisory(
    "GHSA-2c2j-9gv5-cj73",
    (),
    "0.47.2",
    summary="multipart parsing DoS",
    severity=(SeverityScore("DATABASE", "MODERATE"),),
)


def findings(*advisories: Advisory, **kwargs: object) -> list:  # type: ignore[type-arg]
    return merge_findings(match_component(REF, list(advisories), snapshot="osv:1"), **kwargs)  # type: ignore[arg-type]


def test_aliases_merge_into_one_finding_keyed_by_the_cve() -> None:
    merged, other = findings(GHSA, PYSEC, OTHER)
    assert merged.id == "CVE-2024-47874@pkg:pypi/starlette"
    assert merged.advisory == "CVE-2024-47874"
    assert merged.aliases == ("GHSA-f96h-pmfr-66vw", "PYSEC-2024-999")
    assert [d.advisory for d in merged.details] == ["GHSA-f96h-pmfr-66vw", "PYSEC-2024-999"]
    assert all(d.matcher is Matcher.PURL_OSV and d.snapshot == "osv:1" for d in merged.details)
    assert merged.summary == "Starlette Denial of service (DoS) via multipart/form-data"
    assert merged.fixed_versions == ("0.40.0",)
    assert merged.cwes == ("CWE-770",)
    assert merged.published == date(2024, 10, 15)
    assert other.id == "GHSA-2c2j-9gv5-cj73@pkg:pypi/starlette"  # no CVE: the first id
    assert other.fixed_versions == ("0.47.2",)


def test_severity_prefers_cvss3_then_cvss4_then_labels() -> None:
    (merged,) = findings(GHSA)
    assert (merged.cvss_vector, merged.cvss_score, merged.severity) == (V31, 7.5, "high")
    (v4,) = findings(GHSA, prefer=("CVSS_V4", "CVSS_V3"))
    assert v4.cvss_vector is not None and v4.cvss_vector.startswith("CVSS:4.0/")
    (labelled,) = findings(OTHER)
    assert (labelled.cvss_vector, labelled.severity) == (None, "medium")
    (unknown,) = findings(PYSEC)
    assert unknown.severity == "unknown"
    v2 = advisory(
        "X-1", (), "1.0", severity=(SeverityScore("CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:P/A:P"),)
    )
    assert findings(v2)[0].severity == "high"  # 7.5 in CVSS v2


def test_kev_and_epss_by_any_alias() -> None:
    (merged,) = findings(
        GHSA, PYSEC, kev={"CVE-2024-47874"}, epss={"CVE-2024-47874": 0.02, "GHSA-x": 0.9}
    )
    assert merged.kev and merged.epss == 0.02
    (plain,) = findings(GHSA)
    assert not plain.kev and plain.epss is None


def test_transitive_aliases_and_several_cves() -> None:
    a = advisory("GHSA-aaaa", ("CVE-2023-1000",), "1.0")
    b = advisory("PYSEC-1", ("CVE-2023-999", "GHSA-aaaa"), "1.0")
    (merged,) = findings(a, b)
    assert merged.advisory == "CVE-2023-999"  # numerically lowest CVE
    assert merged.aliases == ("CVE-2023-1000", "GHSA-aaaa", "PYSEC-1")


def test_withdrawn_results_are_dropped_and_output_is_sorted() -> None:
    results = match_component(REF, [OTHER, GHSA])
    withdrawn = advisory("GHSA-zzzz", (), "9.9", withdrawn=datetime(2024, 1, 1, tzinfo=UTC))
    stale = [r.__class__(r.component, withdrawn, r.detail) for r in results[:1]]
    ids = [f.id for f in merge_findings(results + stale)]
    assert ids == sorted(ids) and len(ids) == 2
    assert merge_findings(results) == merge_findings(list(reversed(results)))


def test_finding_id_drops_version_qualifiers_and_subpath() -> None:
    assert finding_id("CVE-2022-37434", ComponentRef("zlib", "1.2.12")) == "CVE-2022-37434@zlib"
    scoped = ComponentRef("x", "1", "pkg:npm/%40babel/traverse@7.22.0")
    assert finding_id("CVE-1", scoped) == "CVE-1@pkg:npm/%40babel/traverse"
    plain = ComponentRef("x", "1", "pkg:generic/zlib")
    assert finding_id("CVE-1", plain) == "CVE-1@pkg:generic/zlib"
    # one id per package, as VEX documents identify products; the component tells copies apart
    bundled = ComponentRef("openssl", "3.2.1", "pkg:generic/openssl@3.2.1?bundled-in=cryptography")
    assert finding_id("CVE-2024-2511", bundled) == "CVE-2024-2511@pkg:generic/openssl"
    deb = ComponentRef("x", "1", "pkg:deb/debian/curl@7.88.1-10?distro=debian-12&arch=amd64#sub")
    assert finding_id("CVE-1", deb) == "CVE-1@pkg:deb/debian/curl"
    assert finding_id("CVE-1", ComponentRef("x", "1", "pkg:bad@1.0")) == "CVE-1@pkg:bad"


def test_the_primary_id_of_one_record_whatever_its_aliases() -> None:
    """One record's finding: the oldest CVE among its ids, else the smallest id; the others
    sorted as aliases (the shortcuts for no alias and for one alias give the same)."""
    cases = [
        (("GHSA-b", ()), ("GHSA-b", ())),
        (("GHSA-b", ("CVE-2024-2",)), ("CVE-2024-2", ("GHSA-b",))),
        (("CVE-2024-2", ("GHSA-b",)), ("CVE-2024-2", ("GHSA-b",))),
        (("GHSA-b", ("GHSA-a",)), ("GHSA-a", ("GHSA-b",))),
        (("GHSA-a", ("GHSA-b",)), ("GHSA-a", ("GHSA-b",))),
        (("GHSA-a", ("GHSA-a",)), ("GHSA-a", ())),
        (("cve-2023-9", ("CVE-2024-1",)), ("cve-2023-9", ("CVE-2024-1",))),
        (
            ("GHSA-c", ("CVE-2024-10", "CVE-2024-9", "GHSA-a")),
            ("CVE-2024-9", ("CVE-2024-10", "GHSA-a", "GHSA-c")),
        ),
    ]
    for (ident, aliases), (primary, others) in cases:
        found = match_component(REF, [advisory(ident, aliases, "0.40.0")])
        (finding,) = merge_findings(found)
        assert (finding.advisory, finding.aliases) == (primary, others), ident
