"""Downloading feeds with httpx: retries with backoff, resume, conditional requests, checksums.

* A transfer that breaks off (connection reset, a response shorter than its Content-Length)
  leaves ``<file>.part``; the next attempt asks for the rest with ``Range`` and ``If-Range``,
  so a 500 MB OSV dump is not fetched twice. A server that ignores ranges (200) restarts it.
* 408/425/429/5xx and transport errors are retried with exponential backoff (``Retry-After``
  is honoured up to a ceiling); other 4xx fail at once.
* ``ETag``/``Last-Modified`` from the last import are sent back (``If-None-Match``,
  ``If-Modified-Since``); a 304 means nothing to download and nothing to import.
* A published sha256 is checked; a mismatch is retried from scratch once, then reported.

Every failure becomes :class:`SourceUnavailableError` naming the URL and pointing air-gapped
sites at ``medsec db import``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx
import orjson

from medsec.domain.errors import SourceUnavailableError

Progress = Callable[[int, int | None], None]  # bytes so far, total when known
RetryHook = Callable[[str, int, float, str], None]  # url, next attempt, seconds to wait, why
RETRYABLE = frozenset({408, 425, 429, 500, 502, 503, 504})
CHUNK = 1024 * 1024
AIR_GAP_HINT = "air-gapped site? fetch the file elsewhere and run `medsec db import FILE`"


@dataclass(frozen=True)
class Validators:
    """HTTP cache validators of the last successfully imported download."""

    etag: str | None = None
    last_modified: str | None = None

    def to_json(self) -> str:
        return orjson.dumps({"etag": self.etag, "last_modified": self.last_modified}).decode()

    @classmethod
    def from_json(cls, text: str | None) -> Validators | None:
        if not text:
            return None
        data = orjson.loads(text)
        return cls(etag=data.get("etag"), last_modified=data.get("last_modified"))

    def headers(self) -> dict[str, str]:
        found = {}
        if self.etag:
            found["If-None-Match"] = self.etag
        if self.last_modified:
            found["If-Modified-Since"] = self.last_modified
        return found


@dataclass(frozen=True)
class Fetched:
    url: str
    path: Path | None  # None when the server said "not modified"
    validators: Validators
    size: int = 0

    @property
    def not_modified(self) -> bool:
        return self.path is None


@dataclass(frozen=True)
class HttpSettings:
    retries: int = 4
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    max_wait: float = 60.0  # ceiling for backoff and Retry-After
    timeout: float = 60.0
    max_bytes: int = 8 * 1024 * 1024 * 1024
    user_agent: str = "medsec (vulnerability database update)"


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.wait = wait


class Downloader:
    def __init__(
        self,
        settings: HttpSettings | None = None,
        *,
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        on_retry: RetryHook | None = None,
    ) -> None:
        self.settings = settings or HttpSettings()
        self.client = client or httpx.Client(
            timeout=self.settings.timeout,
            follow_redirects=True,
            headers={"User-Agent": self.settings.user_agent, "Accept-Encoding": "identity"},
        )
        self.sleep = sleep
        self.on_retry = on_retry  # told before each wait, so a person sees why nothing moves

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Downloader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def fetch(
        self,
        url: str,
        dest: Path,
        *,
        validators: Validators | None = None,
        sha256: str | None = None,
        progress: Progress | None = None,
    ) -> Fetched:
        """Download ``url`` to ``dest`` (resuming ``dest.part``); verify ``sha256`` if given."""
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".part")
        mismatches = 0
        attempt = 0
        while True:
            try:
                result = self._attempt(url, part, validators, progress)
                if result is None:
                    return Fetched(url, None, validators or Validators())
                if sha256 and file_sha256(part) != sha256.lower():
                    part.unlink(missing_ok=True)
                    mismatches += 1
                    if mismatches > 1:
                        raise SourceUnavailableError(
                            f"{url}: the download does not match its published sha256 "
                            f"(twice); {AIR_GAP_HINT}"
                        )
                    raise _Retry("checksum mismatch")
                part.replace(dest)
                _etag_file(part).unlink(missing_ok=True)
                return Fetched(url, dest, result, dest.stat().st_size)
            except (_Retry, httpx.TransportError) as error:
                attempt += 1
                self._wait_or_give_up(url, attempt, error)

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> bytes:
        """A small response in memory (an API page, a ``.meta`` file), with the same retries."""
        attempt = 0
        while True:
            try:
                response = self.client.get(url, params=params, headers=headers)
                self._check_status(url, response)
                data = response.content
                expected = response.headers.get("Content-Length")
                if expected is not None and expected.isdigit() and int(expected) != len(data):
                    raise _Retry(f"response cut short ({len(data)} of {expected} bytes)")
                return data
            except (_Retry, httpx.TransportError) as error:
                attempt += 1
                self._wait_or_give_up(url, attempt, error)

    def _attempt(
        self, url: str, part: Path, validators: Validators | None, progress: Progress | None
    ) -> Validators | None:
        offset = part.stat().st_size if part.exists() else 0
        resume_tag = _read_etag(part) if offset else None
        headers: dict[str, str] = {}
        if offset and resume_tag:
            headers["Range"] = f"bytes={offset}-"
            headers["If-Range"] = resume_tag
        else:
            offset = 0
            if validators:
                headers.update(validators.headers())
        with self.client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return None
            if response.status_code == 416:
                part.unlink(missing_ok=True)
                raise _Retry("the partial download no longer fits the file; starting again")
            self._check_status(url, response)
            if response.status_code != 206:
                offset = 0
            got = Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))
            if got.etag:
                _etag_file(part).write_text(got.etag, encoding="utf-8")
            length = response.headers.get("Content-Length")
            total = offset + int(length) if length and length.isdigit() else None
            done = offset
            with part.open("ab" if offset else "wb") as handle:
                for block in response.iter_raw():
                    handle.write(block)
                    done += len(block)
                    if done > self.settings.max_bytes:
                        part.unlink(missing_ok=True)
                        raise SourceUnavailableError(
                            f"{url}: more than {self.settings.max_bytes:,} bytes; refused"
                        )
                    if progress:
                        progress(done, total)
            if total is not None and done < total:
                raise _Retry(f"transfer cut short ({done:,} of {total:,} bytes)")
            return got

    def _check_status(self, url: str, response: httpx.Response) -> None:
        status = response.status_code
        if status < 400:
            return
        if status in RETRYABLE:
            raise _Retry(f"HTTP {status}", _retry_after(response.headers.get("Retry-After")))
        raise SourceUnavailableError(f"{url}: HTTP {status}; {AIR_GAP_HINT}")

    def _wait_or_give_up(self, url: str, attempt: int, error: Exception) -> None:
        if attempt > self.settings.retries:
            raise SourceUnavailableError(
                f"could not download {url} after {attempt} attempts: {error or type(error).__name__}; "
                f"{AIR_GAP_HINT}"
            ) from None
        wait = self.settings.backoff * 2 ** (attempt - 1)
        if isinstance(error, _Retry) and error.wait is not None:
            wait = max(wait, error.wait)
        wait = min(wait, self.settings.max_wait)
        if self.on_retry is not None:
            self.on_retry(url, attempt + 1, wait, str(error) or type(error).__name__)
        self.sleep(wait)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _etag_file(part: Path) -> Path:
    return part.with_name(part.name + ".etag")


def _read_etag(part: Path) -> str | None:
    marker = _etag_file(part)
    return marker.read_text(encoding="utf-8").strip() or None if marker.exists() else None


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
