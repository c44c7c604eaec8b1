"""The purl fast path gives packageurl's answer, field by field, or hands the text to it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packageurl import PackageURL

from medsec.domain import purl as purls
from medsec.domain.purl import library_parse, parse_purl, purl_without_version, versionless

_PURL_TEXT = re.compile(r"pkg:[^\s\"'<>\\]+")

EDGE_CASES = [
    "pkg:npm/lodash@4.17.21",
    "pkg:npm/@angular/core@16.0.0",
    "pkg:npm/%40angular/core@16.0.0",
    "pkg:npm/@scope@1.0",
    "pkg:npm/@scope/name",
    "pkg:npm/Left-Pad@1.0",
    "pkg:pypi/Django_Rest.Framework@3.0",
    "pkg:PyPI/requests@2.31.0",
    "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar&classifier=sources",
    "pkg:maven/org.Apache/Foo@1?b=2&a=1&b=3",
    "pkg:golang/github.com/gin-gonic/gin@v1.9.1",
    "pkg:golang/github.com/gin-gonic//gin@v1.9.1",
    "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
    "pkg:deb/debian/openssl@1:3.0.11?distro=debian-12",
    "pkg:deb/Debian/openssl@3.0?Distro=debian-12",
    "pkg:deb/debian/openssl@3.0?distro=",
    "pkg:deb/debian/openssl@3.0?=debian",
    "pkg:deb/debian/openssl@3.0?distro",
    "pkg:deb/debian/openssl@3.0?a=1&&b=2",
    "pkg:deb/debian/openssl@3.0?1a=1",
    "pkg:deb/debian/openssl@3.0?a+b=1",
    "pkg:deb/debian/openssl@3.0?a=b=c",
    "pkg:deb/debian/openssl@3.0?",
    "pkg:apk/Alpine/musl@1.2.4-r2?distro=3.18.4",
    "pkg:rpm/redhat/openssl@1.1.1k-7.el8?arch=x86_64&distro=rhel-8.6",
    "pkg:cargo/Tokio_Util@0.7.0",
    "pkg:gem/rails@7.0.0",
    "pkg:nuget/Newtonsoft.Json@13.0.1",
    "pkg:composer/Laravel/Framework@10.0.0",
    "pkg:hex/Phoenix@1.7.0",
    "pkg:pub/Http-Client@1.0.0",
    "pkg:hackage/aeson_extra@1.0",
    "pkg:github/Package-URL/purl-spec@244fd47e07d1004",
    "pkg:generic/openssl@3.0.7?download_url=https://openssl.org/source/openssl-3.0.7.tar.gz",
    "pkg:generic/openssl",
    "pkg:generic/openssl@",
    "pkg:generic/@1.0",
    "pkg:generic/a/b/c/d@1.0#sub/path",
    "pkg:oci/Debian@sha256:abc?repository_url=docker.io/library/debian",
    "pkg:docker/library/Nginx@1.25",
    "pkg:mlflow/Model@1?repository_url=https://adb-1.azuredatabricks.net/api/2.0/mlflow",
    "pkg:cpan/Perl-Mod@1",
    "pkg:c/foo@1",
    "pkg:conan/openssl@3.0.0",
    "pkg:swift/github.com/Alamofire/Alamofire@5.4.3",
    "pkg:bitnami/Wordpress@6.2.0?arch=arm64",
    "pkg:cran/A3@1.0.0",
    "pkg:npm/foo@1.0.0+build.1",
    "pkg:npm/foo@~1.0",
    "pkg:npm//foo@1.0",
    "pkg:npm/foo/@1.0",
    "pkg:npm/foo@1.0@2.0",
    "pkg:maven/a/b/c@1.0?x=1",
    "pkg:pypi/@1.0",
    "pkg:1pypi/foo@1.0",
    "pkg:.pypi/foo@1.0",
    "pkg:pypi/foo bar@1.0",
    "pkg:pypi/foo@1.0 ",
    " pkg:pypi/foo@1.0",
    "PKG:pypi/foo@1.0",
    "pkg:/pypi/foo@1.0",
    "pkg://pypi/foo@1.0",
    "pkg:pypi",
    "pkg:",
    "npm/foo@1.0",
]


def _strings(value: Any) -> Iterator[str]:
    """Every string in a decoded JSON document."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def fixture_purls(shared: Path) -> list[str]:
    """The purls of the shared fixtures: JSON string values starting with ``pkg:``, and the
    purl-like text of every other file."""
    found: set[str] = set()
    for path in sorted((shared / "fixtures").rglob("*")):
        if not path.is_file() or path.stat().st_size > 50_000_000:
            continue
        data = path.read_bytes()
        if b"pkg:" not in data:
            continue
        text = data.decode("utf-8", errors="replace")
        if path.suffix == ".json":
            try:
                found.update(s for s in _strings(json.loads(text)) if s.startswith("pkg:"))
                continue
            except ValueError:
                pass
        found.update(_PURL_TEXT.findall(text))
    return sorted(found)


def assert_same(text: str) -> None:
    """The fast path's answer (when it gives one) is packageurl's, and so is the versionless
    purl made from it."""
    fast = purls._fast_parse(text)
    reference = library_parse(text)
    if fast is not None:
        assert reference is not None, text
        assert type(fast) is PackageURL
        assert tuple(fast) == tuple(reference), text
        assert list(fast.qualifiers.items()) == list(reference.qualifiers.items()), text
    assert parse_purl(text) == reference
    if reference is not None:
        expected = PackageURL(
            type=reference.type, namespace=reference.namespace, name=reference.name
        ).to_string()
        assert versionless(reference) == expected, text


def test_every_fixture_purl_parses_as_packageurl_parses_it(shared: Path) -> None:
    found = fixture_purls(shared)
    assert len(found) > 1000  # the SBOM fixtures hold thousands
    fast = [text for text in found if purls._fast_parse(text) is not None]
    assert len(fast) > len(found) // 2  # the plain shape is the usual one
    for text in found:
        assert_same(text)


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_parse_as_packageurl_parses_them(text: str) -> None:
    assert_same(text)


def test_plain_purls_take_the_fast_path() -> None:
    parsed = purls._fast_parse("pkg:deb/debian/openssl@3.0.11?distro=debian-12&arch=amd64")
    assert parsed == PackageURL(
        "deb", "debian", "openssl", "3.0.11", {"arch": "amd64", "distro": "debian-12"}
    )
    assert list(parsed.qualifiers) == ["arch", "distro"]  # sorted, as packageurl sorts them
    assert purls._fast_parse("pkg:npm/%40angular/core@16.0.0") is None  # escapes: the library
    assert purls._fast_parse("pkg:mlflow/model@1") is None  # qualifier-dependent type
    assert purls._fast_parse("pkg:pypi/foo@1.0?1a=b") is None  # the library refuses it


def test_refused_purls_are_none_and_versionless_cuts_at_the_version() -> None:
    assert parse_purl("pkg:pypi/foo@1.0?1a=b") is None
    assert purl_without_version("pkg:pypi/foo@1.0?1a=b") == "pkg:pypi/foo"
    assert purl_without_version("pkg:PyPI/Foo_Bar@1.0") == "pkg:pypi/foo-bar"
    assert purl_without_version("pkg:npm/@angular/core@1.0") == "pkg:npm/%40angular/core"


_PIECES = st.sampled_from(
    [
        *("pkg:", "npm", "pypi", "maven", "deb", "golang", "generic", "mlflow", "NPM"),
        *("/", "/", "@", "@", "?", "&", "=", "#", ":", "%40", "%2F", "%20", "%", " "),
        *("a", "B", "1", "0", ".", "-", "_", "~", "+", "@scope", "debian", "distro", "x"),
    ]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=14))
def test_generated_purls_parse_as_packageurl_parses_them(pieces: list[str]) -> None:
    assert_same("".join(pieces))


@settings(max_examples=2000, deadline=None)
@given(
    st.sampled_from(["npm", "pypi", "maven", "deb", "apk", "golang", "cargo", "pub", "hackage"]),
    st.lists(st.text("aZ09._-~+@", min_size=0, max_size=6), min_size=1, max_size=4),
    st.text("aZ09._-~+@", max_size=6),
    st.lists(st.tuples(st.text("aZ0._-", max_size=4), st.text("aZ0._-/", max_size=4)), max_size=3),
)
def test_generated_plain_purls_parse_as_packageurl_parses_them(
    kind: str, path: list[str], version: str, qualifiers: list[tuple[str, str]]
) -> None:
    text = f"pkg:{kind}/" + "/".join(path) + (f"@{version}" if version else "")
    if qualifiers:
        text += "?" + "&".join(f"{k}={v}" for k, v in qualifiers)
    assert_same(text)
