"""Where each source is published, and how to walk it: OSV dumps, NVD feeds and API, KEV, EPSS.

Every URL can be overridden (``MEDSEC_OSV_URL``, ``MEDSEC_NVD_API_URL``, ``MEDSEC_NVD_FEED_URL``,
``MEDSEC_KEV_URL``, ``MEDSEC_EPSS_URL``) for a mirror, and so that tests serve fixtures from
127.0.0.1. An NVD API key (``MEDSEC_NVD_API_KEY`` or ``NVD_API_KEY``) raises the NVD's rate limit
from 5 to 50 requests per 30 seconds; the pause between requests follows it.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from medsec.domain.errors import InputError, SourceUnavailableError
from medsec.sources.advisories import nvd
from medsec.sources.advisories.download import AIR_GAP_HINT, Downloader, Progress

DEFAULT_OSV_ECOSYSTEMS = (
    "PyPI",
    "npm",
    "Maven",
    "Go",
    "crates.io",
    "NuGet",
    "RubyGems",
    "Packagist",
)
NVD_FIRST_YEAR = 2002
NVD_PAGE_SIZE = 2000
NVD_MAX_WINDOW = timedelta(days=120)  # the API refuses longer lastMod ranges


@dataclass(frozen=True)
class FeedUrls:
    osv: str = "https://osv-vulnerabilities.storage.googleapis.com"
    nvd_api: str = "https://services.nvd.nist.gov/rest/json/cves/2.0"
    nvd_feeds: str = "https://nvd.nist.gov/feeds/json/cve/2.0"
    kev: str = "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"
    epss: str = "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz"
    nvd_api_key: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> FeedUrls:
        env = os.environ if env is None else env
        base = cls()
        return cls(
            osv=env.get("MEDSEC_OSV_URL", base.osv).rstrip("/"),
            nvd_api=env.get("MEDSEC_NVD_API_URL", base.nvd_api),
            nvd_feeds=env.get("MEDSEC_NVD_FEED_URL", base.nvd_feeds).rstrip("/"),
            kev=env.get("MEDSEC_KEV_URL", base.kev),
            epss=env.get("MEDSEC_EPSS_URL", base.epss),
            nvd_api_key=env.get("MEDSEC_NVD_API_KEY") or env.get("NVD_API_KEY") or None,
        )

    def osv_zip(self, ecosystem: str) -> str:
        return f"{self.osv}/{ecosystem}/all.zip"

    def nvd_year(self, year: int | str) -> str:
        return f"{self.nvd_feeds}/nvdcve-2.0-{year}.json.gz"

    def nvd_meta(self, year: int | str) -> str:
        return f"{self.nvd_feeds}/nvdcve-2.0-{year}.meta"


def nvd_meta_sha256(text: bytes, url: str) -> str:
    """The ``sha256:`` line of an NVD ``.meta`` file (the hash of the uncompressed JSON)."""
    for line in text.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sha256" and len(value.strip()) == 64:
            return value.strip().lower()
    raise SourceUnavailableError(f"{url}: no sha256 line in the .meta file; {AIR_GAP_HINT}")


def verify_gzip_sha256(path: Path, expected: str, url: str) -> None:
    """Check the sha256 of a gzip file's *uncompressed* content, streaming."""
    digest = hashlib.sha256()
    try:
        with gzip.open(path, "rb") as handle:
            while block := handle.read(1024 * 1024):
                digest.update(block)
    except (OSError, EOFError, zlib.error) as error:
        raise InputError.single(str(path), f"corrupt gzip download from {url} ({error})") from None
    if digest.hexdigest() != expected:
        raise SourceUnavailableError(
            f"{url}: content does not match the sha256 in its .meta file; {AIR_GAP_HINT}"
        )


def nvd_years(today: datetime) -> range:
    return range(NVD_FIRST_YEAR, today.year + 1)


def nvd_windows(since: datetime, until: datetime) -> Iterator[tuple[datetime, datetime]]:
    """``lastModStartDate``/``lastModEndDate`` windows of at most 120 days covering the span."""
    start = since
    while start < until:
        end = min(start + NVD_MAX_WINDOW, until)
        yield start, end
        start = end


def nvd_api_pages(
    downloader: Downloader,
    urls: FeedUrls,
    since: datetime,
    until: datetime,
    *,
    pause: float | None = None,
    progress: Progress | None = None,
) -> Iterator[nvd.NvdPage]:
    """Every CVE modified in ``[since, until)``, page by page, window by window."""
    headers = {"apiKey": urls.nvd_api_key} if urls.nvd_api_key else {}
    wait = pause if pause is not None else (0.6 if urls.nvd_api_key else 6.0)
    first = True
    done = 0
    for start, end in nvd_windows(since.astimezone(UTC), until.astimezone(UTC)):
        index: int | None = 0
        while index is not None:
            if not first and wait:
                downloader.sleep(wait)  # the NVD asks clients to pace their requests
            first = False
            params: dict[str, str | int] = {
                "lastModStartDate": _nvd_time(start),
                "lastModEndDate": _nvd_time(end),
                "startIndex": index,
                "resultsPerPage": NVD_PAGE_SIZE,
            }
            source = (
                f"{urls.nvd_api}?startIndex={index}&lastModStartDate={params['lastModStartDate']}"
            )
            page = nvd.parse(
                downloader.get(urls.nvd_api, params=params, headers=headers), source=source
            )
            done += len(page.advisories)
            if progress:
                progress(done, None)
            yield page
            index = page.next_index


def _nvd_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
