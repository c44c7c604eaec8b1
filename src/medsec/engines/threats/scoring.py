"""CVSS 3.1 and 4.0 scores through the ``cvss`` library (no CVSS arithmetic of our own).

The default vectors of generated threats come from 16,000 base vectors (every CVSS 3.1 base
vector and the 4.0 vectors :func:`medsec.engines.threats.vectors.agree` weighs for them).
``cvss_scores.json`` holds the library's scores of exactly those, made by
``scripts/gen_cvss_scores.py`` with the library version it names. A run reads them from there
(2 ms, and the library is not imported) and asks the library for any other vector: a ``cvss``
object takes 35-80 microseconds to build, and the 950 vectors a 1,000-element model scores took
30-40 ms of ``medsec threats`` (measured). With another version of the library installed the
file is not used; tests/engines/threats/test_cvss_scores.py checks it against the library.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import orjson

from medsec.domain.threat import CvssScore
from medsec.domain.vocabulary import Severity

V3_PREFIXES = ("CVSS:3.1/", "CVSS:3.0/")
V4_PREFIX = "CVSS:4.0/"
SCORES_FILE = Path(__file__).with_name("cvss_scores.json")
# the metrics of a base vector in the order the table's keys list their values
BASE_ORDER = {
    "3.1": ("AV", "AC", "PR", "UI", "S", "C", "I", "A"),
    "4.0": ("AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA"),
}
# v3 impact metric names and their v4 counterparts on the vulnerable system
_V3_TO_V4 = {"C": "VC", "I": "VI", "A": "VA"}


class CvssVectorError(ValueError):
    """A vector the ``cvss`` library refuses; the message says which metric is wrong."""


def score(vector: str) -> CvssScore:
    """Score a CVSS 3.x or 4.0 base (or fuller) vector."""
    return _score(vector.strip())


@lru_cache(maxsize=4096)
def _score(text: str) -> CvssScore:
    """Models reuse few distinct vectors: each is parsed and scored once per process."""
    return _known(text) or by_library(text)


def by_library(text: str) -> CvssScore:
    """Score a stripped vector with the ``cvss`` library (imported on first use)."""
    from cvss import CVSS3, CVSS4
    from cvss.exceptions import CVSSError

    try:
        if text.startswith(V3_PREFIXES):
            v3 = CVSS3(text)
            base = float(v3.scores()[0])
            return CvssScore("3.1", v3.clean_vector(), base, Severity(v3.severities()[0].lower()))
        if text.startswith(V4_PREFIX):
            v4 = CVSS4(text)
            return CvssScore(
                "4.0", v4.clean_vector(), float(v4.base_score), Severity(v4.severity.lower())
            )
    except CVSSError as exc:
        raise CvssVectorError(f"invalid CVSS vector '{text}': {exc}") from None
    raise CvssVectorError(
        f"not a CVSS 3.1 or 4.0 vector: '{text}' (it must start with CVSS:3.1/ or CVSS:4.0/)"
    )


def base_key(text: str) -> tuple[str, str] | None:
    """``(version, values)`` of a 3.1 or 4.0 base vector in canonical order (the table's key:
    ``CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`` is ``("3.1", "NLNNUHHH")``), else None."""
    head, _, rest = text.partition("/")
    order = BASE_ORDER.get(head.removeprefix("CVSS:")) if head.startswith("CVSS:") else None
    if order is None:
        return None
    parts = rest.split("/")
    if len(parts) != len(order):
        return None
    values = []
    for part, name in zip(parts, order, strict=True):
        metric, _, value = part.partition(":")
        if metric != name or len(value) != 1:
            return None
        values.append(value)
    return head.removeprefix("CVSS:"), "".join(values)


def _known(text: str) -> CvssScore | None:
    """The library's score of a vector from ``cvss_scores.json``; None when it is not there."""
    key = base_key(text)
    found = _table().get(key[0], {}).get(key[1]) if key is not None else None
    if key is None or not isinstance(found, str):
        return None
    value, _, severity = found.partition(" ")  # "7.6 high"
    try:
        return CvssScore(key[0], text, float(value), Severity(severity))
    except ValueError:
        return None


@cache
def _table() -> dict[str, dict[str, Any]]:
    """The table of ``cvss_scores.json``, or nothing: no file, or another library version."""
    from importlib import metadata

    try:
        doc = orjson.loads(SCORES_FILE.read_bytes())
        installed = metadata.version("cvss")
    except (OSError, orjson.JSONDecodeError, metadata.PackageNotFoundError):
        return {}
    if not isinstance(doc, dict) or doc.get("cvss") != installed:
        return {}
    scores = doc.get("scores")
    return scores if isinstance(scores, dict) else {}


def metrics(vector: str) -> dict[str, str]:
    """A vector's metrics (``AV`` -> ``N``), in vector order, without the prefix."""
    _head, _, rest = vector.partition("/")
    return dict(part.split(":", 1) for part in rest.split("/") if ":" in part)


def build(prefix: str, values: Iterable[tuple[str, str]]) -> str:
    """A vector from a prefix and (metric, value) pairs."""
    return prefix + "/".join(f"{k}:{v}" for k, v in values)


def v4_metric(name: str) -> str:
    """The CVSS 4.0 name of a metric: v3 C/I/A are VC/VI/VA on the vulnerable system."""
    return _V3_TO_V4.get(name, name)


def max_severity(a: Severity, b: Severity) -> Severity:
    """The more severe of two severities."""
    return a if a.rank >= b.rank else b
