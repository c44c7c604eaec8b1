"""Whether the vulnerability database held data for each ecosystem of the scanned SBOMs.

Per component, the way the matcher would look it up (:func:`~medsec.engines.matching.matcher.
lookup_keys`): by its purl's OSV ecosystem when the database holds advisories for that
ecosystem; otherwise by its CPEs against NVD when the database holds NVD data; otherwise no
data reaches it. Components whose supplier is the manufacturer are its own code (no public
database covers them) and are counted apart, never as uncovered. Pure: the counts of what the
database holds are given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from medsec.domain.component import Component
from medsec.domain.coverage import CPE_ECOSYSTEM, EcosystemCoverage, Uncovered
from medsec.domain.ecosystem import base_ecosystem
from medsec.engines.matching.matcher import lookup_keys
from medsec.engines.matching.purls import parse_purl
from medsec.engines.pentest.retest import same_organisation


@dataclass
class _Tally:
    """What one ecosystem row counts while the components are walked."""

    advisories: int
    components: int = 0
    by_cpe: int = 0
    own: int = 0
    uncovered: list[Uncovered] = field(default_factory=list)


def ecosystem_of(component: Component) -> tuple[str, str | None]:
    """(the ecosystem as shown, its database key): OSV ecosystem, CPE, or the purl type."""
    keys = lookup_keys(component)
    if keys.osv:
        shown = keys.osv[0][0].split(":", 1)[0]
        return shown, base_ecosystem(keys.osv[0][0])
    if keys.cpe:
        return CPE_ECOSYSTEM, None
    parsed = parse_purl(component.purl) if component.purl else None
    return (parsed.type if parsed else "no identifier"), None


def ecosystem_coverage(
    components: Sequence[Component],
    osv_advisories: Mapping[str, int],
    nvd_advisories: int,
    manufacturer: str | None = None,
) -> tuple[EcosystemCoverage, ...]:
    """One row per ecosystem, sorted by name; ``osv_advisories`` by base ecosystem key."""
    rows: dict[str, _Tally] = {}
    for c in components:
        shown, key = ecosystem_of(c)
        if key is not None:
            held = osv_advisories.get(key, 0)
        else:
            held = nvd_advisories if shown == CPE_ECOSYSTEM else 0
        row = rows.setdefault(shown, _Tally(held))
        row.components += 1
        if manufacturer and c.supplier and same_organisation(c.supplier, manufacturer):
            row.own += 1
        elif not held and lookup_keys(c).cpe and nvd_advisories:
            row.by_cpe += 1
        elif not held:
            row.uncovered.append(Uncovered(c.label, c.origin.source or None))
    return tuple(
        EcosystemCoverage(
            name, t.components, t.advisories, t.by_cpe, t.own, tuple(dict.fromkeys(t.uncovered))
        )
        for name, t in sorted(rows.items())
    )
