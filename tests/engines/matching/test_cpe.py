from __future__ import annotations

import pytest

from medsec.domain.advisory import CpeConfiguration, CpeMatch, CpeNode
from medsec.engines.matching.cpe import CpeError, match_configurations, parse_cpe

ZLIB = "cpe:2.3:a:zlib:zlib:*:*:*:*:*:*:*:*"


def config(*nodes: CpeNode, operator: str = "OR") -> CpeConfiguration:
    return CpeConfiguration(tuple(nodes), operator)


def node(*matches: CpeMatch, negate: bool = False) -> CpeNode:
    return CpeNode("OR", matches, negate)


def hits(component: str, version: str, *configurations: CpeConfiguration) -> str | None:
    hit = match_configurations(parse_cpe(component), version, configurations)
    return hit.matched if hit else None


def test_parse_formatted_string_with_escapes() -> None:
    cpe = parse_cpe(r"cpe:2.3:a:dropbear_ssh_project:dropbear\:ssh:2022.83:*:*:*:*:*:*:*")
    assert cpe.vendor == "dropbear_ssh_project"
    assert cpe.product == "dropbear:ssh"
    assert cpe.version == "2022.83"
    assert parse_cpe(r"cpe:2.3:a:w1\.fi:wpa_supplicant:2.10:*:*:*:*:*:*:*").vendor == "w1.fi"


def test_parse_uri_binding() -> None:
    cpe = parse_cpe("cpe:/a:openssl:openssl:3.0.13")
    assert (cpe.vendor, cpe.product, cpe.version) == ("openssl", "openssl", "3.0.13")
    assert parse_cpe("cpe:/o:linux:linux_kernel").version is None


@pytest.mark.parametrize(
    "text",
    [
        "cpe:2.3:a:zlib:zlib:1.2",  # too few attributes
        "cpe:2.3:x:zlib:zlib:1:*:*:*:*:*:*:*",  # bad part
        "cpe:2.3:a:*:zlib:1:*:*:*:*:*:*:*",  # no vendor
        "zlib 1.2.11",
        "cpe:2.3:a:zlib:zlib:1:*:*:*:*:*:*:\\",
    ],
)
def test_bad_cpes(text: str) -> None:
    with pytest.raises(CpeError):
        parse_cpe(text)


def test_nvd_version_bounds() -> None:
    bounded = config(
        node(CpeMatch(ZLIB, version_start_including="1.2.2", version_end_excluding="1.2.12"))
    )
    component = "cpe:2.3:a:zlib:zlib:1.2.11:*:*:*:*:*:*:*"
    assert (
        hits(component, "1.2.11", bounded)
        == f"{ZLIB} [versionStartIncluding 1.2.2, versionEndExcluding 1.2.12]"
    )
    assert hits(component, "1.2.2", bounded)
    assert not hits(component, "1.2.12", bounded)
    assert not hits(component, "1.2.1", bounded)
    assert not hits(
        component, "1.2.11.1", config(node(CpeMatch(ZLIB, version_end_including="1.2.11")))
    )
    assert hits(component, "1.2.11", config(node(CpeMatch(ZLIB, version_end_including="1.2.11"))))
    assert not hits(
        component, "1.2.2", config(node(CpeMatch(ZLIB, version_start_excluding="1.2.2")))
    )
    # generic order: 1.10 > 1.9, letter suffixes after the release
    assert hits(component, "1.9", config(node(CpeMatch(ZLIB, version_end_excluding="1.10"))))
    openssl = "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*"
    legacy = config(
        node(CpeMatch(openssl, version_start_including="1.1.1", version_end_excluding="1.1.1w"))
    )
    assert hits("cpe:2.3:a:openssl:openssl:1.1.1t:*:*:*:*:*:*:*", "1.1.1t", legacy)
    assert not hits("cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*", "3.0.13", legacy)


def test_specific_version_and_update() -> None:
    exact = config(node(CpeMatch("cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*")))
    assert hits("cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*", "1.36.1", exact)
    assert not hits("cpe:2.3:a:busybox:busybox:1.36.0:*:*:*:*:*:*:*", "1.36.0", exact)
    rc = config(node(CpeMatch("cpe:2.3:o:linux:linux_kernel:6.6:rc1:*:*:*:*:*:*")))
    assert not hits("cpe:2.3:o:linux:linux_kernel:6.6:*:*:*:*:*:*:*", "6.6", rc)
    assert hits("cpe:2.3:o:linux:linux_kernel:6.6:rc1:*:*:*:*:*:*", "6.6", rc)


def test_vendor_product_and_open_attributes() -> None:
    other = config(node(CpeMatch("cpe:2.3:a:madler:zlib:*:*:*:*:*:*:*:*")))
    assert not hits("cpe:2.3:a:zlib:zlib:1.2.11:*:*:*:*:*:*:*", "1.2.11", other)
    target = config(node(CpeMatch("cpe:2.3:a:zlib:zlib:*:*:*:*:*:node.js:*:*")))
    assert hits(
        "cpe:2.3:a:zlib:zlib:1.2.11:*:*:*:*:*:*:*", "1.2.11", target
    )  # component open: kept
    assert not hits("cpe:2.3:a:zlib:zlib:1.2.11:*:*:*:*:python:*:*", "1.2.11", target)
    wildcard = config(node(CpeMatch("cpe:2.3:a:zlib:zlib:1.2.*:*:*:*:*:*:*:*")))
    assert hits("cpe:2.3:a:zlib:zlib:1.2.11:*:*:*:*:*:*:*", "1.2.11", wildcard)
    assert not hits("cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*", "1.3.1", wildcard)


def test_running_on_platforms_are_not_checked_but_named() -> None:
    app = CpeMatch("cpe:2.3:a:eclipse:mosquitto:*:*:*:*:*:*:*:*", version_end_excluding="2.0.16")
    platform = CpeMatch("cpe:2.3:o:debian:debian_linux:11.0:*:*:*:*:*:*:*", vulnerable=False)
    running_on = config(node(app), node(platform), operator="AND")
    text = hits("cpe:2.3:a:eclipse:mosquitto:2.0.15:*:*:*:*:*:*:*", "2.0.15", running_on)
    assert text is not None and text.endswith(
        "; with cpe:2.3:o:debian:debian_linux:11.0:*:*:*:*:*:*:* (platform not checked)"
    )
    # the component being the platform does not make it vulnerable
    assert not hits("cpe:2.3:o:debian:debian_linux:11.0:*:*:*:*:*:*:*", "11.0", running_on)


def test_negated_node_excludes() -> None:
    vulnerable = CpeMatch(ZLIB, version_end_excluding="1.3")
    excluded = CpeMatch("cpe:2.3:a:zlib:zlib:1.2.11:*:*:*:*:*:*:*")
    configuration = config(node(vulnerable), node(excluded, negate=True), operator="AND")
    assert not hits("cpe:2.3:a:zlib:zlib:1.2.11:*:*:*:*:*:*:*", "1.2.11", configuration)
    assert hits("cpe:2.3:a:zlib:zlib:1.2.10:*:*:*:*:*:*:*", "1.2.10", configuration)


def test_fix_from_end_excluding_and_bad_criteria_ignored() -> None:
    configuration = config(
        node(CpeMatch("cpe:2.3:a:broken"), CpeMatch(ZLIB, version_end_excluding="1.2.12"))
    )
    hit = match_configurations(
        parse_cpe("cpe:2.3:a:zlib:zlib:1.2.11:*:*:*:*:*:*:*"), "1.2.11", [configuration]
    )
    assert hit is not None and hit.fixed == ("1.2.12",)
