"""CVSS 3.1 and 4.0 scores through the ``cvss`` library (no CVSS arithmetic of our own)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from cvss import CVSS3, CVSS4
from cvss.exceptions import CVSSError

from medsec.domain.threat import CvssScore
from medsec.domain.vocabulary import Severity

V3_PREFIXES = ("CVSS:3.1/", "CVSS:3.0/")
V4_PREFIX = "CVSS:4.0/"
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
