"""A derived, content-addressed copy of the data of a big file medsec keeps (findings files).

ruamel needs seconds to parse a findings file of 10,000 findings; orjson needs milliseconds.
When medsec writes such a file it also writes a cache of it: the same data as JSON plus the
line of each finding, keyed by the SHA-256 of the file's bytes. The YAML stays the truth: a
cache whose hash does not match (someone edited the file) or that cannot be read is ignored,
and the file is parsed as YAML.

Caches live in the user's cache folder (``MEDSEC_CACHE``, else the platform's), named by the
file's absolute path, never in the project: a project copied or received from someone else
(an auditor's copy, a clone, an archive) could otherwise bring a cache whose data is not what
its files say, with the hash of those files, and medsec would judge the cache instead of the
files. A cache that cannot be written (a read-only cache folder) is simply not written.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson

from medsec.domain.errors import InputError
from medsec.project.atomic import write_atomic
from medsec.project.settings import cache_home
from medsec.untrusted.files import read_input

FORMAT = "medsec-parse-cache/1"


def cache_path(path: Path) -> Path:
    """The cache of ``path``: ``CACHE/parse/<digest of its absolute path>-NAME.json``."""
    where = hashlib.sha256(str(path.absolute()).encode("utf-8", "surrogateescape")).hexdigest()
    return cache_home() / "parse" / f"{where[:32]}-{path.name}.json"


def digest(raw: bytes) -> str:
    """The SHA-256 that ties a cache to the exact bytes it was made from."""
    return hashlib.sha256(raw).hexdigest()


def read_cache(path: Path, raw: bytes) -> tuple[Any, list[int | None]] | None:
    """``(data, lines)`` when the cache belongs to exactly these bytes, else None."""
    found = read_any_cache(path, raw)
    if found is None or not found[2]:
        return None
    return found[0], found[1]


def read_any_cache(path: Path, raw: bytes) -> tuple[Any, list[int | None], bool] | None:
    """``(data, lines, exact)`` of the cache of ``path``, whatever bytes it was made from.

    ``exact``: made from exactly ``raw``. A cache of other bytes (the file was edited since)
    is for callers that check each part they take against the text (the threat register
    keys its entries by their own digest); None when there is no readable cache.
    """
    cache = cache_path(path)
    if not cache.is_file():
        return None
    # bounded by the file it caches (JSON of the same data, plus a line per finding)
    limit = max(1024 * 1024, 8 * len(raw))
    try:
        doc = orjson.loads(read_input(cache, max_bytes=limit, what="parse caches"))
    except (InputError, orjson.JSONDecodeError):
        return None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return None
    lines = doc.get("lines")
    if not isinstance(lines, list):
        return None
    return doc.get("data"), lines, doc.get("sha256") == digest(raw)


def write_cache(path: Path, raw: bytes, data: Any, lines: list[int | None]) -> None:
    """Write the cache of these bytes: their data as JSON and each finding's line."""
    body = {"format": FORMAT, "sha256": digest(raw), "lines": lines, "data": data}
    target = cache_path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # not flushed to disk: a cache a crash spoils is refused when read and rebuilt
        write_atomic(target, orjson.dumps(body), durable=False)
    except OSError:  # no cache folder to write to: the next run parses the YAML again
        return
