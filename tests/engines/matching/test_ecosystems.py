"""Issue 10 Build 2: CRAN, Hackage, Bioconductor, Pub and OSV's ``Name:Variant`` ecosystems,
matched end to end on real records (tests/fixtures/osv-ecosystems, shared/ grype testdata)."""

from __future__ import annotations

from pathlib import Path

import pytest

from medsec.domain.advisory import Advisory
from medsec.domain.errors import Diagnostic
from medsec.domain.vulnerability import ComponentRef
from medsec.engines.matching.matcher import MatchNotes, ProblemKind, match_component
from medsec.sources.advisories import osv

RECORDS = Path(__file__).resolve().parents[2] / "fixtures" / "osv-ecosystems"
GRYPE = ("fixtures", "advisories", "grype-osv", "grype", "db", "v6", "build", "transformers")


def record(name: str) -> Advisory:
    return osv.parse((RECORDS / name).read_bytes(), source=name)


def shared_record(shared: Path, name: str) -> Advisory:
    path = shared.joinpath(*GRYPE, "osv", "testdata", name)
    return osv.parse(path.read_bytes(), source=name)


def matches(purl: str, advisory: Advisory, notes: MatchNotes | None = None) -> list[str]:
    """The advisory ids that match the component of ``purl`` (its version from the purl)."""
    name = purl.split("/")[-1].split("@")[0]
    version = purl.split("@")[-1].split("?")[0] if "@" in purl else None
    ref = ComponentRef(name, version, purl)
    return [r.advisory.id for r in match_component(ref, [advisory], notes=notes)]


# --- language ecosystems ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "affected"),
    [("0.1.0", True), ("1.0.0", True), ("1.0", True), ("1.1.0", False), ("1.1", False)],
)
def test_cran_readxl(version: str, affected: bool) -> None:
    # R pads with zeros: 1.1 is 1.1.0, the fix
    assert bool(matches(f"pkg:cran/readxl@{version}", record("RSEC-2023-0.json"))) is affected


@pytest.mark.parametrize(
    ("version", "affected"),
    [("2.16.0", False), ("2.18.0.1", True), ("2.19.0", True), ("2.19-0", True), ("3.0", False)],
)
def test_cran_gdata_in_r_order(version: str, affected: bool) -> None:
    assert bool(matches(f"pkg:cran/gdata@{version}", record("RSEC-2023-9.json"))) is affected


@pytest.mark.parametrize(
    ("version", "affected"),
    [
        ("0.3.2.0", False),  # below "introduced: 0.4.0.0"
        ("0.4.0.0", True),
        ("1.5.6.0", True),
        ("2.0.0.0", True),
        ("2.0.1", True),  # Cabal's list order: 2.0.1 < 2.0.1.0 (no zero padding)
        ("2.0.1.0", False),
        ("2.2.0.0", False),
    ],
)
def test_hackage_aeson_in_cabal_order(version: str, affected: bool) -> None:
    assert bool(matches(f"pkg:hackage/aeson@{version}", record("HSEC-2023-0001.json"))) is affected


def test_hackage_version_cabal_refuses_is_could_not_evaluate() -> None:
    notes = MatchNotes()
    assert matches("pkg:hackage/aeson@1.5-rc1", record("HSEC-2023-0001.json"), notes) == []
    (state,) = notes.not_evaluated
    assert state.advisory == "HSEC-2023-0001"
    assert "'1.5-rc1' is not a valid Hackage version" in state.reason


@pytest.mark.parametrize(
    ("version", "affected"),
    [("0.12.2", True), ("0.13.2", True), ("0.13.3", False), ("0.13.3+1", False), ("1.2.0", False)],
)
def test_pub_http(version: str, affected: bool) -> None:
    assert bool(matches(f"pkg:pub/http@{version}", record("GHSA-4rgh-jx4f-qfcq.json"))) is affected


def test_bioconductor_from_its_purl_type_or_a_cran_purl_with_its_repository() -> None:
    advisory = record("BIOC-MAPPING-EXAMPLE.json")
    assert matches("pkg:bioconductor/ExamplePkg@1.12-2", advisory) == ["BIOC-MAPPING-EXAMPLE"]
    assert matches("pkg:bioconductor/ExamplePkg@1.12.3", advisory) == []  # 1.12-3 = 1.12.3
    bioc = "pkg:cran/ExamplePkg@1.2?repository_url=https://bioconductor.org/packages/3.18/bioc"
    assert matches(bioc, advisory) == ["BIOC-MAPPING-EXAMPLE"]
    assert matches("pkg:cran/ExamplePkg@1.2", advisory) == []  # a CRAN package of that name


# --- distributions: a release matches its own records only -------------------------------------


@pytest.mark.parametrize(
    ("purl", "affected"),
    [
        ("pkg:deb/debian/sudo@1.8.27-1+deb10u2?distro=debian-10", True),
        ("pkg:deb/debian/sudo@1.8.27-1+deb10u2?distro=buster", True),
        ("pkg:deb/debian/sudo@1.8.27-1+deb10u3?distro=debian-10.7", False),
        ("pkg:deb/debian/sudo@1.8.27-1+deb10u2?distro=debian-11", False),  # another release
    ],
)
def test_debian_release(purl: str, affected: bool) -> None:
    assert bool(matches(purl, record("DSA-4839-1.json"))) is affected


@pytest.mark.parametrize(
    ("purl", "affected"),
    [
        # the record says "Ubuntu:20.04:LTS"; the purl cannot know about LTS
        ("pkg:deb/ubuntu/sudo@1.8.31-1ubuntu1.1?distro=ubuntu-20.04", True),
        ("pkg:deb/ubuntu/sudo@1.8.31-1ubuntu1.2?distro=ubuntu-20.04", False),
        ("pkg:deb/ubuntu/sudo@1.8.21p2-3ubuntu1.3?distro=ubuntu-18.04", True),
        ("pkg:deb/ubuntu/sudo@1.8.21p2-3ubuntu1.3?distro=bionic", True),
        ("pkg:deb/ubuntu/sudo@1.8.21p2-3ubuntu1.4?distro=ubuntu-18.04", False),
        ("pkg:deb/ubuntu/sudo@1.8.31-1ubuntu1.1?distro=ubuntu-22.04", False),  # no 22.04 entry
    ],
)
def test_ubuntu_lts_release(purl: str, affected: bool) -> None:
    assert bool(matches(purl, record("USN-4705-1.json"))) is affected


def test_the_matched_entry_is_the_components_release() -> None:
    purl = "pkg:deb/ubuntu/sudo@1.8.21p2-3ubuntu1.3?distro=ubuntu-18.04"
    ref = ComponentRef("sudo", "1.8.21p2-3ubuntu1.3", purl)
    (hit,) = match_component(ref, [record("USN-4705-1.json")])
    assert hit.detail.matched.startswith("Ubuntu:18.04:LTS/sudo ")
    assert hit.fixed_versions == ("1.8.21p2-3ubuntu1.4",)


@pytest.mark.parametrize(
    ("purl", "affected"),
    [
        ("pkg:rpm/redhat/sudo@1.8.29-6.el8?arch=x86_64&distro=rhel-8.3", True),
        ("pkg:rpm/redhat/sudo@1.8.29-6.el8_3.1?arch=x86_64&distro=rhel-8.3", False),
        ("pkg:rpm/redhat/sudo@1.8.23-10.el7?distro=rhel-7.9", False),  # no RHEL 7 entry
    ],
)
def test_red_hat_enterprise_linux_stream(purl: str, affected: bool) -> None:
    assert bool(matches(purl, record("RHSA-2021-0218.json"))) is affected


def test_a_component_without_a_release_matches_every_release_with_a_note() -> None:
    notes = MatchNotes()
    purl = "pkg:deb/ubuntu/sudo@1.8.21p2-3ubuntu1.3"
    assert matches(purl, record("USN-4705-1.json"), notes) == ["USN-4705-1"]
    assert notes.counts == {ProblemKind.NO_RELEASE: 1}
    assert "states no Ubuntu release (qualifier 'distro')" in notes[0].message
    # with its release: no note
    quiet = MatchNotes()
    assert matches(purl + "?distro=ubuntu-18.04", record("USN-4705-1.json"), quiet)
    assert list(quiet) == []


def test_alpine_release_of_the_sudo_record() -> None:
    path = RECORDS.parent / "versions" / "osv" / "ALPINE-CVE-2021-3156.json"
    advisory = osv.parse(path.read_bytes(), source=path.name)
    assert matches("pkg:apk/alpine/sudo@1.9.4-r0?distro=3.13", advisory)
    assert matches("pkg:apk/alpine/sudo@1.9.4-r0?distro=alpine-3.13.5", advisory)
    assert not matches("pkg:apk/alpine/sudo@1.9.4-r0?distro=3.12.3", advisory)


# --- real records of shared/: AlmaLinux, Chainguard/Wolfi, Root.io ---------------------------


@pytest.mark.parametrize(
    ("purl", "affected"),
    [
        ("pkg:rpm/almalinux/libsndfile-devel@1.0.28-8.el8?distro=almalinux-8.1", True),
        ("pkg:rpm/almalinux/libsndfile-devel@1.0.28-10.el8?distro=almalinux-8.2", False),
        ("pkg:rpm/almalinux/libsndfile-devel@1.0.28-8.el8?distro=almalinux-9.3", False),
        ("pkg:rpm/almalinux/libsndfile-devel@1.0.28-8.el8", True),  # no release: with a note
    ],
)
def test_almalinux(shared: Path, purl: str, affected: bool) -> None:
    assert bool(matches(purl, shared_record(shared, "ALSA-2020-1636.json"))) is affected


@pytest.mark.parametrize(
    ("purl", "affected"),
    [
        ("pkg:apk/chainguard/haproxy-2.2@2.2.33-r0?arch=x86_64", True),
        # rolling distributions: a distro qualifier does not scope the records
        ("pkg:apk/chainguard/haproxy-2.2@2.2.33-r0?distro=20230201", True),
        ("pkg:apk/chainguard/haproxy-2.2@2.2.34-r0", False),
        ("pkg:apk/wolfi/haproxy-3.1@3.1.6-r1?distro=wolfi-20230201", True),
        ("pkg:apk/wolfi/haproxy-3.1@3.1.7-r0", False),
        ("pkg:apk/alpine/haproxy-3.1@3.1.6-r1?distro=3.18", False),  # Alpine is not Wolfi
    ],
)
def test_chainguard_and_wolfi(shared: Path, purl: str, affected: bool) -> None:
    advisory = shared_record(shared, "CGA-224q-ccj5-2p53.json")
    assert bool(matches(purl, advisory)) is affected


@pytest.mark.parametrize(
    ("name", "purl", "affected"),
    [
        (
            "ROOT-OS-DEBIAN-bookworm-CVE-2025-53014.json",
            "pkg:deb/debian/rootio-imagemagick@8:6.9.11.60+dfsg-1.6+deb12u2?distro=debian-12",
            True,
        ),
        (
            "ROOT-OS-DEBIAN-bookworm-CVE-2025-53014.json",
            # the upstream fix without Root's patch: Root patch 0 < 1, still affected
            "pkg:deb/debian/rootio-imagemagick@8:6.9.11.60+dfsg-1.6+deb12u3?distro=debian-12",
            True,
        ),
        (
            "ROOT-OS-DEBIAN-bookworm-CVE-2025-53014.json",
            "pkg:deb/debian/rootio-imagemagick@8:6.9.11.60+dfsg-1.6+deb12u3.root.io.1?distro=debian-12",
            False,
        ),
        (
            "ROOT-OS-DEBIAN-bookworm-CVE-2025-53014.json",
            "pkg:deb/debian/rootio-imagemagick@8:6.9.11.60+dfsg-1.6+deb11u2?distro=debian-11",
            False,  # Root:Debian:12 is Debian 12 only
        ),
        (
            "ROOT-OS-ALPINE-318-CVE-2000-0548.json",
            "pkg:apk/alpine/rootio-util-linux@2.38.1-r10070?distro=3.18.4",
            True,
        ),
        (
            "ROOT-OS-ALPINE-318-CVE-2000-0548.json",
            "pkg:apk/alpine/rootio-util-linux@2.38.1-r10071?distro=3.18.4",
            False,
        ),
        (
            "ROOT-OS-UBUNTU-2204-CVE-2025-68973.json",
            "pkg:deb/ubuntu/rootio-gnupg2@2.2.27-3ubuntu2.4?distro=ubuntu-22.04",
            True,
        ),
        (
            "ROOT-OS-UBUNTU-2204-CVE-2025-68973.json",
            "pkg:deb/ubuntu/rootio-gnupg2@2.2.27-3ubuntu2.4.root.io.1?distro=ubuntu-22.04",
            False,
        ),
        ("ROOT-APP-PYPI-CVE-2025-30473.json", "pkg:pypi/rootio-requests@2.31.0", True),
        ("ROOT-APP-PYPI-CVE-2025-30473.json", "pkg:pypi/rootio_requests@2.31.0+root.io.1", False),
        ("ROOT-APP-PYPI-CVE-2025-30473.json", "pkg:pypi/requests@2.30.0", False),  # not Root's
        ("ROOT-APP-NPM-CVE-2022-25883.json", "pkg:npm/%40rootio/semver@7.5.1", True),
        ("ROOT-APP-NPM-CVE-2022-25883.json", "pkg:npm/%40rootio/semver@7.5.2-root.io.1", False),
    ],
)
def test_root_io_records(shared: Path, name: str, purl: str, affected: bool) -> None:
    assert bool(matches(purl, shared_record(shared, name))) is affected


def test_variant_records_import_without_an_unknown_ecosystem_warning(shared: Path) -> None:
    folder = shared.joinpath(*GRYPE, "osv", "testdata")
    notes: list[Diagnostic] = []
    for path in sorted(folder.glob("*.json")):
        osv.parse(path.read_bytes(), source=path.name, notes=notes)
    assert [n for n in notes if "unknown OSV ecosystem" in n.message] == []
