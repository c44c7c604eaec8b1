"""Package URLs as the matcher reads them: parsed once per distinct string (cached)."""

from __future__ import annotations

from functools import lru_cache

from packageurl import PackageURL


@lru_cache(maxsize=65_536)
def parse_purl(purl: str) -> PackageURL | None:
    """The parsed purl, or ``None`` when ``packageurl`` refuses it."""
    try:
        return PackageURL.from_string(purl)
    except ValueError:
        return None


@lru_cache(maxsize=65_536)
def versionless(purl: str) -> str:
    """The purl in canonical form without its version (qualifiers and subpath kept)."""
    parsed = parse_purl(purl)
    if parsed is None:
        head = purl.partition("?")[0].partition("#")[0]
        at = head.rfind("@")
        return head[:at] if at > head.find("/") else head
    return str(parsed._replace(version=None).to_string())
