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
        (" Red Hat:rhel_aus:8.4::appstream ", "bind", ("red hat:rhel_aus:8.4::appstream", "bind")),
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
