"""A coarse guard against matching slowing down by an order of magnitude (the benchmark,
benchmarks/matching_speed.py, measures the real budget: 0.2 s per 1,000 components against
100,000 advisories)."""

from __future__ import annotations

import time

from benchmarks import matching_speed

from medsec.engines.matching.matcher import MatchResult, match_component, merge_findings


def test_thousand_components_match_quickly() -> None:
    index, names = matching_speed.build(advisories=10_000, packages=2_000)
    components = matching_speed.components(1_000, names, 2_000)
    candidates = [(ref, index.get(key, [])) for ref, key in components]
    matching_speed.reset_caches()
    start = time.perf_counter()
    results: list[MatchResult] = []
    for ref, found in candidates:
        results.extend(match_component(ref, found, snapshot="osv:test"))
    findings = merge_findings(results)
    elapsed = time.perf_counter() - start
    assert findings
    assert elapsed < 2.0, f"{elapsed:.2f} s for 1,000 components (budget in the benchmark: 0.2 s)"
