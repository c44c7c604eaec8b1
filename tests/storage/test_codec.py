from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from tests.storage.builders import nvd, osv

from medsec.domain import advisory as domain
from medsec.domain.makers import maker
from medsec.storage.codec import FIELDS, decode, encode


def test_every_domain_field_is_known_to_the_decoder() -> None:
    for name, fields in FIELDS.items():
        cls = getattr(domain, name)
        assert [f.name for f in dataclasses.fields(cls)] == fields, name


def test_round_trip_keeps_everything() -> None:
    full = dataclasses.replace(
        osv("GHSA-aaaa-bbbb-cccc", ("PyPI", "django"), aliases=("CVE-2024-1",)),
        related=("OSV-1",),
        details="d",
        published=datetime(2024, 1, 1, tzinfo=UTC),
        withdrawn=datetime(2024, 6, 1, tzinfo=UTC),
        severity=(domain.SeverityScore("CVSS_V4", "CVSS:4.0/AV:N"),),
        references=("https://example.org",),
        cwes=("CWE-79",),
    )
    affected = dataclasses.replace(
        full.affected[0],
        purl="pkg:pypi/django",
        versions=("1.0", "1.1"),
        severity=(domain.SeverityScore("CVSS_V3", "CVSS:3.1/AV:N"),),
        ranges=(
            *full.affected[0].ranges,
            domain.VersionRange(
                domain.RangeType.GIT,
                (domain.Event(domain.EventKind.INTRODUCED, "abc"),),
                repo="https://git.example/x",
            ),
        ),
    )
    full = dataclasses.replace(full, affected=(affected,))
    assert decode(encode(full)) == full
    platform = nvd(
        "CVE-2024-2",
        "cpe:2.3:a:webmproject:libwebp:*:*:*:*:*:*:*:*",
        platform="cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*",
    )
    assert decode(encode(platform)) == platform


def test_missing_keys_read_as_defaults() -> None:
    advisory = decode(b'{"id": "X-1", "source": "osv"}')
    assert advisory == domain.Advisory(id="X-1", source="osv")


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_restored_values_equal_constructed_ones(name: str) -> None:
    # the decoder builds these as pickle restores them (``__init__`` not run): safe only while
    # their ``__init__`` merely stores its arguments
    cls = getattr(domain, name)
    assert not hasattr(cls, "__post_init__") and "__slots__" not in vars(cls), name
    values = [f"v{i}" for i in range(len(FIELDS[name]))]
    restored = maker(cls)(*values)
    assert restored == cls(*values) and hash(restored) == hash(cls(*values))
    assert type(restored) is cls
    with pytest.raises(dataclasses.FrozenInstanceError):
        restored.id = "changed"  # type: ignore[attr-defined]
