"""A CVSS vector of any version (2.0, 3.0, 3.1, 4.0) as a rating, scored by the ``cvss`` library."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cvss import CVSS2, CVSS3, CVSS4
from cvss.exceptions import CVSSError


@dataclass(frozen=True)
class Rating:
    """A scored CVSS vector of any version, with the severity words that version uses."""

    version: str  # "2.0" | "3.0" | "3.1" | "4.0"
    vector: str  # as the library normalises it (v2 without prefix)
    score: float
    severity: str  # none | low | medium | high | critical (v2: low | medium | high)

    @property
    def cyclonedx_method(self) -> str:
        """The CycloneDX ``ratings[].method`` name of this CVSS version."""
        return {"2.0": "CVSSv2", "3.0": "CVSSv3", "3.1": "CVSSv31", "4.0": "CVSSv4"}[self.version]


def rating(vector: str | None) -> Rating | None:
    """The rating of a vector, or None when it is absent or the library refuses it."""
    if not vector:
        return None
    return _rating(vector.strip())


@lru_cache(maxsize=4096)
def _rating(text: str) -> Rating | None:
    """Score a stripped vector by its prefix (v2 may come bare or in parentheses); cached."""
    try:
        if text.startswith(("CVSS:3.0/", "CVSS:3.1/")):
            v3 = CVSS3(text)
            return Rating(
                text[5:8], v3.clean_vector(), float(v3.scores()[0]), v3.severities()[0].lower()
            )
        if text.startswith("CVSS:4.0/"):
            v4 = CVSS4(text)
            return Rating("4.0", v4.clean_vector(), float(v4.base_score), v4.severity.lower())
        body = text.removeprefix("CVSS:2.0/").removeprefix("(").removesuffix(")")
        if body.startswith("AV:") and "Au:" in body:
            v2 = CVSS2(body)
            return Rating(
                "2.0", v2.clean_vector(), float(v2.scores()[0]), v2.severities()[0].lower()
            )
    except (CVSSError, ValueError, KeyError, IndexError):
        return None
    return None
