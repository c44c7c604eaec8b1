"""Matching scale: does matching time grow linearly with the SBOM, even when everything warns?

    python benchmarks/matching_scale.py [--sizes 5000 10000 20000 40000] [--advisories 100000]

Two generated SBOMs per size, matched in-process (match_component per component, the notes
in a MatchNotes as the scan service keeps them, then merge_findings) against a generated
advisory set (benchmarks/matching_speed.py's generator: OSV ranges over PyPI, npm, Maven, Go,
Debian, Alpine and RPM packages, and NVD CPE configurations):

* realistic: components drawn from a universe five times larger than the packages with
  advisories, so most components are unaffected (as in a real device SBOM);
* adversarial: every component is affected (two advisories whose ranges hold its version)
  and warns (a third advisory whose range cannot be evaluated, and a CPE that does not parse),
  so every component adds matches, a could-not-evaluate outcome and notes.

Each size runs in a fresh process: ``--repeat`` cold-cache runs of the matching loop (every
version, compiled range and purl cache emptied before each), timed in CPU seconds (steady on a
shared machine, where wall time swings with other work) with the garbage collector paused as
the scan service runs matching (``services.scan.match_all``); the median run is reported (the
fastest and slowest too), then the peak Python memory of one more run under tracemalloc, and
the process's peak RSS. The table gives the growth of the median per doubling; the budget is
linear: 2x components -> <= 2.2x time.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from matching_speed import ECOSYSTEMS, build, reset_caches, version

from medsec.domain import finding_id as finding_ids
from medsec.domain.advisory import (
    Advisory,
    AffectedPackage,
    Event,
    EventKind,
    RangeType,
    VersionRange,
)
from medsec.domain.ecosystem import index_key
from medsec.domain.vulnerability import ComponentRef
from medsec.engines.matching import matcher
from medsec.engines.matching.matcher import (
    MatchNotes,
    MatchResult,
    match_component,
    merge_findings,
)
from medsec.storage.allocation import gc_paused

GROWTH_BUDGET = 2.2
Workload = list[tuple[ComponentRef, list[Advisory]]]


def realistic(size: int, advisories: int) -> Workload:
    """Components over a universe 5x the packages with advisories: most are unaffected."""
    packages = max(size // 2, 2_000)
    index, names = build(advisories, packages)
    rnd = random.Random(size)
    work: Workload = []
    for i in range(size):
        eco, _ = rnd.choice(names)
        name = f"pkg{rnd.randrange(packages * 5)}"
        prefix, _ = ECOSYSTEMS[eco]
        v = version(eco, rnd)
        ref = ComponentRef(name, v, f"{prefix}{name}@{v}", sbom=f"sbom-{i % 7}.json")
        work.append((ref, index.get(index_key(eco, name), [])))
    return work


def _osv(ident: str, eco: str, name: str, events: tuple[tuple[EventKind, str], ...]) -> Advisory:
    """One OSV advisory with one ECOSYSTEM range."""
    rng = VersionRange(RangeType.ECOSYSTEM, tuple(Event(k, v) for k, v in events))
    return Advisory(id=ident, source="osv", affected=(AffectedPackage(eco, name, None, (rng,)),))


def adversarial(size: int, _advisories: int) -> Workload:
    """Every component affected twice and warning (a range that cannot be evaluated, a bad CPE)."""
    intro, fixed = EventKind.INTRODUCED, EventKind.FIXED
    work: Workload = []
    for i in range(size):
        name = f"lib{i}"
        ref = ComponentRef(
            name, "1.2.3", f"pkg:npm/{name}@1.2.3", cpe="cpe:2.3:broken", sbom="sbom.json"
        )
        candidates = [
            _osv(f"GHSA-{i}-a", "npm", name, ((intro, "0"), (fixed, "2.0.0"))),
            _osv(f"GHSA-{i}-b", "npm", name, ((intro, "1.0.0"), (fixed, "1.2.4"))),
            _osv(f"GHSA-{i}-c", "npm", name, ((intro, "0"), (fixed, f"not-a-version-{i}"))),
        ]
        work.append((ref, candidates))
    return work


def run(work: Workload) -> tuple[int, int, MatchNotes]:
    """Match every component, keep the notes as the scan does; (matches, findings, notes)."""
    notes = MatchNotes()
    results: list[MatchResult] = []
    for ref, candidates in work:
        results.extend(match_component(ref, candidates, snapshot="osv:bench", notes=notes))
    return len(results), len(merge_findings(results)), notes


def cold() -> None:
    """Empty every cache the matching fills: versions, compiled ranges, parsed purls, keys."""
    reset_caches()
    for module in (matcher, finding_ids):
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def one(kind: str, size: int, advisories: int, repeat: int) -> dict[str, float]:
    """Measure one workload in this (fresh) process: ``repeat`` cold runs, CPU seconds."""
    work = (realistic if kind == "realistic" else adversarial)(size, advisories)
    times = []
    for _ in range(repeat):
        cold()
        with gc_paused():  # as the scan service matches
            start = time.process_time()
            matches, findings, notes = run(work)
            times.append(time.process_time() - start)
        del notes
    cold()
    tracemalloc.start()
    with gc_paused():
        _, _, notes = run(work)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "seconds": statistics.median(times),
        "fastest": min(times),
        "slowest": max(times),
        "matches": matches,
        "findings": findings,
        "notes": len(notes),
        "not_evaluated": len(notes.not_evaluated),
        "peak_mb": peak / 2**20,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    """Run every size of both workloads in child processes and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 10_000, 20_000, 40_000])
    parser.add_argument("--advisories", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="cold runs per size (median)")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one[0], int(args.one[1]), args.advisories, args.repeat)))
        return 0
    ok = True
    header = (
        f"{'workload':<12} {'components':>10} {'CPU s':>8} {'range':>11} {'s/1k':>7} {'growth':>7} "
        f"{'matches':>8} {'findings':>8} {'notes':>6} {'n/e':>6} {'peak MB':>8} {'RSS MB':>7}"
    )
    print(header)
    for kind in ("realistic", "adversarial"):
        previous: float | None = None
        for size in args.sizes:
            child = [sys.executable, __file__, "--one", kind, str(size)]
            child += ["--advisories", str(args.advisories), "--repeat", str(args.repeat)]
            out = subprocess.run(child, capture_output=True, text=True, check=True).stdout
            m = json.loads(out.splitlines()[-1])
            growth = m["seconds"] / previous if previous else None
            ok &= growth is None or growth <= GROWTH_BUDGET
            previous = m["seconds"]
            spread = f"{m['fastest']:.2f}-{m['slowest']:.2f}"
            print(
                f"{kind:<12} {size:>10,} {m['seconds']:>8.2f} {spread:>11} "
                f"{m['seconds'] * 1000 / size:>7.3f} "
                f"{f'{growth:.2f}x' if growth else '-':>7} {m['matches']:>8,} "
                f"{m['findings']:>8,} {m['notes']:>6,} {m['not_evaluated']:>6,} "
                f"{m['peak_mb']:>8.0f} {m['rss_mb']:>7.0f}"
            )
    print(f"\ngrowth per doubling {'within' if ok else 'OVER'} the {GROWTH_BUDGET}x budget")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
