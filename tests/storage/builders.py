"""Small advisories for storage tests, and fixture helpers shared by the db tests."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import orjson

from medsec.domain.advisory import (
    Advisory,
    AffectedPackage,
    CpeConfiguration,
    CpeMatch,
    CpeNode,
    Event,
    EventKind,
    RangeType,
    SeverityScore,
    VersionRange,
)

WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def osv(
    id: str,
    *packages: tuple[str, str],
    aliases: tuple[str, ...] = (),
    modified: datetime = WHEN,
    fixed: str = "2.0",
) -> Advisory:
    return Advisory(
        id=id,
        source="osv",
        aliases=aliases,
        summary=f"summary of {id}",
        modified=modified,
        affected=tuple(
            AffectedPackage(
                ecosystem=eco,
                name=name,
                ranges=(
                    VersionRange(
                        RangeType.ECOSYSTEM,
                        (Event(EventKind.INTRODUCED, "0"), Event(EventKind.FIXED, fixed)),
                    ),
                ),
            )
            for eco, name in packages
        ),
    )


def nvd(id: str, *cpes: str, modified: datetime = WHEN, platform: str | None = None) -> Advisory:
    matches = tuple(CpeMatch(c, version_end_excluding="1.3.2") for c in cpes)
    nodes = [CpeNode("OR", matches)]
    if platform:
        nodes.append(CpeNode("OR", (CpeMatch(platform, vulnerable=False),)))
    return Advisory(
        id=id,
        source="nvd",
        details=f"details of {id}",
        modified=modified,
        severity=(SeverityScore("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),),
        configurations=(CpeConfiguration(tuple(nodes), "AND" if platform else "OR"),),
        cwes=("CWE-787",),
    )


def osv_json(
    id: str, ecosystem: str, name: str, *, modified: str = "2024-05-01T12:00:00Z"
) -> bytes:
    """An OSV record as the feeds publish it."""
    return orjson.dumps(
        {
            "schema_version": "1.6.0",
            "id": id,
            "modified": modified,
            "aliases": [id.replace("GHSA", "CVE")],
            "summary": f"summary of {id}",
            "affected": [
                {
                    "package": {"ecosystem": ecosystem, "name": name},
                    "ranges": [
                        {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0"}]}
                    ],
                }
            ],
        }
    )


def osv_zip(records: dict[str, bytes]) -> bytes:
    """A zip like ``<Ecosystem>/all.zip``: one ``<id>.json`` per record."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in records.items():
            archive.writestr(name, data)
    return buffer.getvalue()
