"""How a finding was found, in one line per match: the words every output uses for provenance.

``purl-osv, confidence high, GHSA-248v-346w-9cwc in snapshot osv:37ba249c9d940e15: PyPI/h11
ECOSYSTEM: introduced 0, fixed 0.16.0`` — the matcher, its confidence, the record that matched,
the data snapshot it was read from and the range (or CPE criterion) that held the version. The
scan record keeps the same facts as fields (``provenance[]``); the report and the VEX exports
write them as these lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from medsec.domain.vulnerability import MatchDetail


def match_line(d: MatchDetail) -> str:
    """One match: matcher, confidence, record, snapshot and the matched range."""
    snapshot = d.snapshot or "not recorded"
    return (
        f"{d.matcher.value}, confidence {d.confidence.value}, {d.advisory} "
        f"in snapshot {snapshot}: {d.matched}"
    )


def match_lines(details: Sequence[MatchDetail]) -> list[str]:
    """Every match of a finding, in the finding's order (real matches before undetermined)."""
    return [match_line(d) for d in details]
