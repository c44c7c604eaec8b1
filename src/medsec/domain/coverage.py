"""Which package ecosystems of the scanned SBOMs the vulnerability database held data for.

A CVE analysis against no data is no analysis: a scan records, per ecosystem, how many
components it had, how many advisories the database held for it, and which components no data
could reach (the evidence ``cve-analysis`` judges).
"""

from __future__ import annotations

from dataclasses import dataclass

# the ecosystem of components matched by CPE against NVD (no purl ecosystem of their own)
CPE_ECOSYSTEM = "NVD (CPE)"


@dataclass(frozen=True)
class Uncovered:
    """A third-party component no vulnerability data reached, and the SBOM that lists it."""

    component: str  # name@version
    sbom: str | None = None


@dataclass(frozen=True)
class EcosystemCoverage:
    """One ecosystem of the scanned SBOMs and the data the database held for it that day.

    ``ecosystem`` is the OSV ecosystem of the components' purls (``PyPI``, ``Maven``,
    ``Debian``), :data:`CPE_ECOSYSTEM` for components known only by CPE, or the purl type
    (``generic``) for those with neither. ``by_cpe``: components of an ecosystem without data
    that were matched by their CPEs against NVD instead; ``own``: the manufacturer's own
    components, which no public database covers (not counted as uncovered).
    """

    ecosystem: str
    components: int
    advisories: int
    by_cpe: int = 0
    own: int = 0
    uncovered: tuple[Uncovered, ...] = ()

    @property
    def covered(self) -> bool:
        """Every third-party component of the ecosystem was matched against some data."""
        return not self.uncovered
