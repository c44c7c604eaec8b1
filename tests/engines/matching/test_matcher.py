from __future__ import annotations

from datetime import UTC, datetime

from medsec.domain.advisory import (
    Advisory,
    AffectedPackage,
    CpeConfiguration,
    CpeMatch,
    CpeNode,
    Event,
    EventKind,
    RangeType,
    VersionRange,
)
from medsec.domain.component import Component, Origin
from medsec.domain.errors import Diagnostic
from medsec.domain.vulnerability import ComponentRef, Confidence, Matcher
from medsec.engines.matching.matcher import component_ref, match_component

WHEN = datetime(2024, 1, 1, tzinfo=UTC)


def osv(
    ident: str, ecosystem: str, name: str, *events: tuple[EventKind, str], **extra: object
) -> Advisory:
    kind = RangeType.SEMVER if ecosystem == "Go" else RangeType.ECOSYSTEM
    rng = VersionRange(kind, tuple(Event(k, v) for k, v in events))
    return Advisory(
        id=ident, source="osv", affected=(AffectedPackage(ecosystem, name, None, (rng,)),), **extra
    )  # type: ignore[arg-type]


def nvd(ident: str, criteria: str, end_excluding: str) -> Advisory:
    match = CpeMatch(criteria, version_end_excluding=end_excluding)
    return Advisory(
        id=ident, source="nvd", configurations=(CpeConfiguration((CpeNode("OR", (match,)),)),)
    )


INTRO, F = EventKind.INTRODUCED, EventKind.FIXED
STARLETTE = osv("GHSA-f96h-pmfr-66vw", "PyPI", "starlette", (INTRO, "0"), (F, "0.40.0"))


def test_purl_match_with_provenance() -> None:
    ref = ComponentRef(
        "starlette",
        "0.36.3",
        "pkg:pypi/starlette@0.36.3",
        element="cloud",
        sbom="sbom/cloud.cdx.json",
    )
    (result,) = match_component(ref, [STARLETTE], snapshot="osv:0123456789abcdef")
    assert result.component == ref
    assert result.fixed_versions == ("0.40.0",)
    assert result.detail.matcher is Matcher.PURL_OSV
    assert result.detail.confidence is Confidence.HIGH
    assert result.detail.advisory == "GHSA-f96h-pmfr-66vw"
    assert result.detail.matched == "PyPI/starlette ECOSYSTEM: introduced 0, fixed 0.40.0"
    assert result.detail.snapshot == "osv:0123456789abcdef"
    assert (
        match_component(
            ComponentRef("starlette", "0.40.0", "pkg:pypi/starlette@0.40.0"), [STARLETTE]
        )
        == []
    )


def test_names_are_compared_the_ecosystem_way() -> None:
    advisory = osv("PYSEC-1", "PyPI", "Typing_Extensions", (INTRO, "0"), (F, "5.0"))
    assert match_component(
        ComponentRef("t", "4.10.0", "pkg:pypi/typing-extensions@4.10.0"), [advisory]
    )
    maven = osv("GHSA-1", "Maven", "com.squareup.okio:okio", (INTRO, "0"), (F, "3.4.0"))
    assert match_component(
        ComponentRef("okio", "3.3.0", "pkg:maven/com.squareup.okio/okio@3.3.0?type=jar"), [maven]
    )
    assert not match_component(
        ComponentRef("okio", "3.3.0", "pkg:maven/com.squareup/okio@3.3.0"), [maven]
    )


def test_go_module_paths_and_pseudo_versions() -> None:
    advisory = osv("GO-2024-1", "Go", "golang.org/x/net", (INTRO, "0"), (F, "0.23.0"))
    pseudo = "pkg:golang/golang.org/x/net@v0.0.0-20220722155237-a158d28d115b"
    assert match_component(ComponentRef("net", None, pseudo), [advisory])
    assert not match_component(
        ComponentRef("net", None, "pkg:golang/golang.org/x/net@v0.23.0"), [advisory]
    )
    stdlib = osv("GO-2024-2", "Go", "stdlib", (INTRO, "1.21.0"), (F, "1.21.8"))
    assert match_component(ComponentRef("stdlib", None, "pkg:golang/stdlib@go1.21.5"), [stdlib])


def test_distribution_releases() -> None:
    bookworm = osv("DSA-1", "Debian:12", "openssl", (INTRO, "0"), (F, "3.0.11-1~deb12u2"))
    bullseye = osv("DSA-2", "Debian:11", "openssl", (INTRO, "0"), (F, "1.1.1w-0+deb11u1"))
    pinned = ComponentRef(
        "openssl", None, "pkg:deb/debian/openssl@3.0.11-1~deb12u1?distro=debian-12"
    )
    assert [r.advisory.id for r in match_component(pinned, [bookworm, bullseye])] == ["DSA-1"]
    unpinned = ComponentRef("openssl", None, "pkg:deb/debian/openssl@1.1.1n-0+deb11u5")
    assert [r.advisory.id for r in match_component(unpinned, [bookworm, bullseye])] == [
        "DSA-1",
        "DSA-2",
    ]


def test_withdrawn_advisories_never_match() -> None:
    gone = osv("GO-2026-6173", "Go", "github.com/lib/pq", (INTRO, "1.11.0"), withdrawn=WHEN)
    assert (
        match_component(ComponentRef("pq", None, "pkg:golang/github.com/lib/pq@v1.11.2"), [gone])
        == []
    )


def test_purl_without_version_gives_a_note_and_no_match() -> None:
    notes: list[Diagnostic] = []
    ref = ComponentRef("starlette", None, "pkg:pypi/starlette", sbom="sbom/cloud.cdx.json")
    assert match_component(ref, [STARLETTE], notes=notes) == []
    assert notes == [
        Diagnostic(
            "sbom/cloud.cdx.json",
            "the purl has no version and the component states none: not matched",
            field="pkg:pypi/starlette",
        )
    ]
    # a version stated on the component is used when the purl has none
    assert match_component(ComponentRef("starlette", "0.36.3", "pkg:pypi/starlette"), [STARLETTE])


def test_invalid_installed_version_is_reported() -> None:
    notes: list[Diagnostic] = []
    advisory = osv("GHSA-1", "npm", "lodash", (INTRO, "0"), (F, "4.17.21"))
    ref = ComponentRef("lodash", "latest", "pkg:npm/lodash@latest")
    assert match_component(ref, [advisory], notes=notes) == []
    assert notes[0].message == (
        "could not evaluate GHSA-1: 'latest' is not a valid SemVer version: ECOSYSTEM: "
        "introduced 0, fixed 4.17.21 not evaluated; the component may be affected"
    )


def test_pypi_legacy_installed_version_is_ordered_as_osv_does() -> None:
    # osv.dev (packaging-legacy) orders any string: a legacy version before every release
    ref = ComponentRef("starlette", "latest", "pkg:pypi/starlette@latest")
    assert match_component(ref, [STARLETTE])


def test_bad_purl_falls_back_to_cpe() -> None:
    notes: list[Diagnostic] = []
    zlib = nvd("CVE-2022-37434", "cpe:2.3:a:zlib:zlib:*:*:*:*:*:*:*:*", "1.2.13")
    ref = ComponentRef("zlib", "1.2.12", "pkg:", "cpe:2.3:a:zlib:zlib:1.2.12:*:*:*:*:*:*:*")
    (result,) = match_component(ref, [zlib], notes=notes)
    assert result.detail.matcher is Matcher.CPE_NVD
    assert "not a valid package URL" in notes[0].message


ZLIB_CVE = nvd("CVE-2022-37434", "cpe:2.3:a:zlib:zlib:*:*:*:*:*:*:*:*", "1.2.13")


def test_cpe_match_for_components_without_purl_ecosystem() -> None:
    component = Component(
        ref="zlib",
        name="zlib",
        version="1.2.12",
        purl="pkg:generic/zlib@1.2.12",
        cpes=("cpe:2.3:a:zlib:zlib:1.2.12:*:*:*:*:*:*:*",),
        origin=Origin(source="sbom/pump-fw.spdx.json", ref="zlib", element="pump-fw"),
    )
    (result,) = match_component(component, [ZLIB_CVE], snapshot={"osv": "osv:1", "nvd": "nvd:2"})
    assert result.detail.matcher is Matcher.CPE_NVD
    assert result.detail.confidence is Confidence.LOW
    assert result.detail.snapshot == "nvd:2"
    assert result.fixed_versions == ("1.2.13",)
    assert result.component == ComponentRef(
        "zlib",
        "1.2.12",
        "pkg:generic/zlib@1.2.12",
        "cpe:2.3:a:zlib:zlib:1.2.12:*:*:*:*:*:*:*",
        "pump-fw",
        "sbom/pump-fw.spdx.json",
    )


def test_cpe_never_used_where_a_purl_match_is_possible() -> None:
    purl_data = osv("DSA-9", "Debian", "zlib", (INTRO, "0"), (F, "1:1.2.13.dfsg-1"))
    ref = ComponentRef(
        "zlib",
        "1:1.2.13.dfsg-1",
        "pkg:deb/debian/zlib@1:1.2.13.dfsg-1",
        "cpe:2.3:a:zlib:zlib:1.2.12:*:*:*:*:*:*:*",
    )
    # the Debian record says fixed; the NVD CPE would say affected: the purl decides
    assert match_component(ref, [purl_data, ZLIB_CVE]) == []
    # without Debian data for the package, the CPE is used
    assert [r.detail.matcher for r in match_component(ref, [ZLIB_CVE])] == [Matcher.CPE_NVD]
    # unless the caller says the ecosystem is covered by the database
    assert match_component(ref, [ZLIB_CVE], covered_ecosystems={"Debian:12"}) == []
    assert match_component(ref, [ZLIB_CVE], covered_ecosystems={"PyPI"})


def test_cpe_without_any_version_is_reported() -> None:
    notes: list[Diagnostic] = []
    ref = ComponentRef("zlib", None, None, "cpe:2.3:a:zlib:zlib:*:*:*:*:*:*:*:*")
    assert match_component(ref, [ZLIB_CVE], notes=notes) == []
    assert "no version" in notes[0].message


def test_component_ref_of_an_sbom_component() -> None:
    component = Component(ref="x", name="core-ktx", group="androidx.core", version="1.12.0")
    assert component_ref(component) == ComponentRef("androidx.core/core-ktx", "1.12.0")


def test_one_match_per_advisory_with_the_entry_that_holds() -> None:
    ranges = [
        ((INTRO, "7.0.0"), (F, "7.5.2")),
        ((INTRO, "6.0.0"), (F, "6.3.1")),
        ((INTRO, "0"), (F, "5.7.2")),
    ]
    affected = tuple(
        AffectedPackage(
            "npm",
            "semver",
            None,
            (VersionRange(RangeType.ECOSYSTEM, tuple(Event(k, v) for k, v in r)),),
        )
        for r in ranges
    )
    advisory = Advisory(id="GHSA-c2qf-rxjj-qqgw", source="osv", affected=affected)
    (result,) = match_component(ComponentRef("semver", "6.1.0", "pkg:npm/semver@6.1.0"), [advisory])
    assert result.fixed_versions == ("6.3.1",)
    scoped = osv("GHSA-2", "npm", "@babel/traverse", (INTRO, "0"), (F, "7.23.2"))
    assert match_component(
        ComponentRef("traverse", "7.22.0", "pkg:npm/%40babel/traverse@7.22.0"), [scoped]
    )


def test_snapshot_per_advisory_from_a_function() -> None:
    # a store knows which snapshot each record was read from: it passes a function
    ref = ComponentRef("starlette", "0.36.3", "pkg:pypi/starlette@0.36.3")
    seen: list[str] = []

    def snapshot_of(advisory: Advisory) -> str:
        seen.append(advisory.id)
        return f"osv:{advisory.id}"

    (result,) = match_component(ref, [STARLETTE], snapshot=snapshot_of)
    assert result.detail.snapshot == "osv:GHSA-f96h-pmfr-66vw"
    assert seen == ["GHSA-f96h-pmfr-66vw"]  # asked for matches only
    assert match_component(ref, [STARLETTE], snapshot={"osv": "osv:1"})[0].detail.snapshot == (
        "osv:1"
    )
