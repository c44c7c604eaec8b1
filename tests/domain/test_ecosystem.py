from __future__ import annotations

import pytest

from medsec.domain.ecosystem import (
    base_ecosystem,
    index_key,
    is_known_ecosystem,
    normalise_name,
    osv_ecosystem_for_purl,
    osv_name_for_purl,
    purl_type_for_osv,
)


@pytest.mark.parametrize(
    ("ecosystem", "name", "key"),
    [
        ("PyPI", "Django_Rest.Framework", ("pypi", "django-rest-framework")),
        ("npm", "@Scope/Pkg", ("npm", "@Scope/Pkg")),
        (
            "Maven",
            "org.apache.logging.log4j:log4j-core",
            ("maven", "org.apache.logging.log4j:log4j-core"),
        ),
        ("Go", "github.com/BurntSushi/toml", ("go", "github.com/BurntSushi/toml")),
        ("crates.io", "Tokio_Util", ("crates.io", "tokio-util")),
        ("NuGet", "Newtonsoft.Json", ("nuget", "newtonsoft.json")),
        ("Debian:12", "openssl", ("debian:12", "openssl")),
        ("Alpine:v3.18", "musl", ("alpine:v3.18", "musl")),
        (" Red Hat:rhel_aus:8.4::appstream ", "bind", ("red hat:rhel_aus:8.4", "bind")),
    ],
)
def test_index_key(ecosystem: str, name: str, key: tuple[str, str]) -> None:
    assert index_key(ecosystem, name) == key


def test_base_ecosystem_drops_the_release() -> None:
    assert base_ecosystem("Debian:12") == "debian"
    assert base_ecosystem("Ubuntu:22.04:LTS") == "ubuntu"
    assert normalise_name("PyPI", "zope.interface") == "zope-interface"


@pytest.mark.parametrize(
    ("purl_type", "namespace", "qualifiers", "expected"),
    [
        ("pypi", None, {}, "PyPI"),
        ("golang", "github.com/x", {}, "Go"),
        ("cargo", None, {}, "crates.io"),
        ("composer", "symfony", {}, "Packagist"),
        ("deb", "debian", {"distro": "debian-12"}, "Debian:12"),
        ("deb", "debian", {"distro": "bookworm"}, "Debian:12"),
        ("deb", "ubuntu", {"distro": "ubuntu-22.04"}, "Ubuntu:22.04"),
        ("deb", "debian", {}, "Debian"),
        ("apk", "alpine", {"distro": "3.18.4"}, "Alpine:v3.18"),
        ("rpm", "redhat", {}, "Red Hat"),
        ("rpm", "rocky", {"distro": "rocky-9.2"}, "Rocky Linux:9"),
        ("rpm", "unknownvendor", {}, None),
        ("generic", None, {}, None),
    ],
)
def test_purl_to_osv(
    purl_type: str, namespace: str | None, qualifiers: dict[str, str], expected: str | None
) -> None:
    assert osv_ecosystem_for_purl(purl_type, namespace, qualifiers) == expected


def test_names_and_types_back_and_forth() -> None:
    assert osv_name_for_purl("maven", "org.apache", "commons") == "org.apache:commons"
    assert osv_name_for_purl("npm", "@angular", "core") == "@angular/core"
    assert osv_name_for_purl("deb", "debian", "openssl") == "openssl"
    assert purl_type_for_osv("Debian:11") == "deb"
    assert purl_type_for_osv("crates.io") == "cargo"
    assert purl_type_for_osv("Linux") is None
    assert is_known_ecosystem("AlmaLinux:8") and not is_known_ecosystem("OSS-Fuzz")


@pytest.mark.parametrize(
    ("osv_name", "key"),
    [
        # OSV's Name:Variant forms reduce to the base and the release a purl can state
        ("Debian:12", "debian:12"),
        ("Debian:sid", "debian:sid"),
        ("Alpine:v3.18", "alpine:v3.18"),
        ("Ubuntu:22.04:LTS", "ubuntu:22.04"),
        ("Ubuntu:24.10", "ubuntu:24.10"),
        ("Ubuntu:Pro:18.04:LTS", "ubuntu:18.04"),  # Ubuntu Pro (ESM) fixes of 18.04
        ("Ubuntu:Pro:FIPS-updates:22.04:LTS", "ubuntu:fips-updates:22.04"),  # other builds
        ("Red Hat:enterprise_linux:8::baseos", "red hat:8"),
        ("Red Hat:enterprise_linux:9::appstream", "red hat:9"),
        ("Red Hat:enterprise_linux:10.0", "red hat:10"),
        ("Red Hat:rhel_eus:9.4::appstream", "red hat:rhel_eus:9.4"),
        ("Red Hat:openshift:4.14::el9", "red hat:openshift:4.14"),
        ("Rocky Linux:8", "rocky linux:8"),
        ("AlmaLinux:9", "almalinux:9"),
        ("openSUSE:Leap 15.5", "opensuse:15.5"),
        ("openSUSE:Tumbleweed", "opensuse:tumbleweed"),
        ("openSUSE:Leap Micro 5.5", "opensuse:micro-5.5"),
        ("SUSE:Linux Enterprise Server 15 SP5", "suse:15.5"),
        ("SUSE:Linux Enterprise Module for Python 3 15 SP5", "suse:15.5"),
        ("SUSE:Linux Enterprise Server 12", "suse:12"),
        ("SUSE:Linux Enterprise Micro 5.5", "suse:micro-5.5"),
        ("Photon OS:3.0", "photon os:3.0"),
        ("Mageia:9", "mageia:9"),
        ("openEuler:22.03-LTS-SP1", "openeuler:22.03-lts-sp1"),
        ("Wolfi", "wolfi"),
        ("Chainguard", "chainguard"),
        # Root.io's patched packages are keyed as the base they patch
        ("Root:Debian:12", "debian:12"),
        ("Root:Alpine:3.18", "alpine:v3.18"),
        ("Root:Ubuntu:22.04", "ubuntu:22.04"),
        ("Root:PyPI", "pypi"),
        ("Root:npm", "npm"),
        ("Root", "root"),
        ("Maven:https://maven.google.com", "maven:https://maven.google.com"),
    ],
)
def test_osv_variant_forms(osv_name: str, key: str) -> None:
    assert index_key(osv_name, "x")[0] == key


@pytest.mark.parametrize(
    ("purl_type", "namespace", "distro", "key"),
    [
        ("deb", "debian", "debian-12.5", "debian:12"),
        ("deb", "ubuntu", "ubuntu-22.04", "ubuntu:22.04"),
        ("deb", "ubuntu", "jammy", "ubuntu:22.04"),
        ("apk", "alpine", "3.13", "alpine:v3.13"),
        ("apk", "alpine", "alpine-3.18.4", "alpine:v3.18"),
        ("apk", "wolfi", "wolfi-20230201", "wolfi"),
        ("apk", "chainguard", "20230201", "chainguard"),
        ("rpm", "redhat", "rhel-8.6", "red hat:8"),
        ("rpm", "rocky", "rocky-8.9", "rocky linux:8"),
        ("rpm", "almalinux", "almalinux-9.3", "almalinux:9"),
        ("rpm", "opensuse", "opensuse-leap-15.5", "opensuse:15.5"),
        ("rpm", "opensuse", "opensuse-tumbleweed-20240101", "opensuse:tumbleweed"),
        ("rpm", "sles", "sles-15.5", "suse:15.5"),
        ("rpm", "sles", "sles-12.0", "suse:12"),
        ("rpm", "photon", "photon-3.0", "photon os:3.0"),
        ("rpm", "mageia", "mageia-9", "mageia:9"),
        ("rpm", "openeuler", "openeuler-22.03-LTS-SP1", "openeuler:22.03-lts-sp1"),
        ("rpm", "azurelinux", "azurelinux-3.0", "azure linux:3"),
    ],
)
def test_purl_release_meets_the_osv_release(
    purl_type: str, namespace: str, distro: str, key: str
) -> None:
    ecosystem = osv_ecosystem_for_purl(purl_type, namespace, {"distro": distro})
    assert ecosystem is not None
    assert index_key(ecosystem, "x")[0] == key


def test_new_language_ecosystems_and_root_are_known() -> None:
    assert osv_ecosystem_for_purl("cran") == "CRAN"
    assert osv_ecosystem_for_purl("hackage") == "Hackage"
    assert osv_ecosystem_for_purl("pub") == "Pub"
    assert osv_ecosystem_for_purl("bioconductor") == "Bioconductor"
    bioc = {"repository_url": "https://bioconductor.org/packages/release/bioc"}
    assert osv_ecosystem_for_purl("cran", None, bioc) == "Bioconductor"
    for name in ("CRAN", "Hackage", "Bioconductor", "Pub", "Root:Debian:12", "Root:PyPI"):
        assert is_known_ecosystem(name), name
    assert not is_known_ecosystem("Root") and not is_known_ecosystem("Root:Foo:1")
    assert index_key("Root:PyPI", "rootio_requests") == ("pypi", "rootio-requests")
    assert purl_type_for_osv("Root:Alpine:3.18") == "apk"
