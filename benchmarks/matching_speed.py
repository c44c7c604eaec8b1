"""Matching speed: 1,000 components against a generated 100,000-advisory database (in memory).

    python benchmarks/matching_speed.py [--advisories 100000] [--components 1000]

The "database" is a dict from ``index_key(ecosystem, name)`` (and CPE vendor/product) to the
advisories stored under it, which is what the storage hands the matcher. Advisories are spread
over PyPI, npm, Maven, Go, Debian, Alpine and RPM packages (OSV ranges with 1–3 intervals,
some with explicit version lists, a few withdrawn) and over NVD CPE configurations; 10% of the
components have only a CPE (embedded C libraries). Rows, each the best of 5 runs:

* baseline: look the candidates up and touch every affected entry (what any matcher must do);
* cold: match_component + merge_findings with empty version caches (every version parsed);
* warm: the same again (caches filled, as in a scan of many SBOMs).

Budget: < 0.2 s per 1,000 components.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from medsec.domain.advisory import (
    Advisory,
    AffectedPackage,
    CpeConfiguration,
    CpeMatch,
    CpeNode,
    Event,
    EventKind,
    RangeType,
    SeverityScore,
    VersionRange,
)
from medsec.domain.ecosystem import index_key
from medsec.domain.vulnerability import ComponentRef
from medsec.engines.matching import ranges, versions
from medsec.engines.matching.matcher import MatchResult, match_component, merge_findings

ECOSYSTEMS = {  # OSV ecosystem -> (purl prefix, version maker)
    "PyPI": ("pkg:pypi/", lambda a, b, c: f"{a}.{b}.{c}"),
    "npm": ("pkg:npm/", lambda a, b, c: f"{a}.{b}.{c}"),
    "Maven": ("pkg:maven/org.example/", lambda a, b, c: f"{a}.{b}.{c}"),
    "Go": ("pkg:golang/github.com/example/", lambda a, b, c: f"{a}.{b}.{c}"),
    "Debian:12": ("pkg:deb/debian/", lambda a, b, c: f"{a}.{b}.{c}-{c % 3 + 1}"),
    "Alpine:v3.18": ("pkg:apk/alpine/", lambda a, b, c: f"{a}.{b}.{c}-r{c % 4}"),
    "Red Hat": ("pkg:rpm/redhat/", lambda a, b, c: f"{a}.{b}.{c}-{c % 5 + 1}.el9"),
}
VECTOR = SeverityScore("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")


def version(ecosystem: str, rnd: random.Random) -> str:
    return ECOSYSTEMS[ecosystem][1](rnd.randint(0, 5), rnd.randint(0, 20), rnd.randint(0, 30))


def osv_advisory(n: int, ecosystem: str, name: str, rnd: random.Random) -> Advisory:
    points = sorted(
        {version(ecosystem, rnd) for _ in range(rnd.randint(2, 6))},
        key=versions.order_for(ecosystem).key,
    )  # type: ignore[union-attr]
    events = [Event(EventKind.INTRODUCED, "0")] if len(points) % 2 else []
    for i, point in enumerate(points):
        kind = EventKind.FIXED if (i + len(events)) % 2 else EventKind.INTRODUCED
        events.append(Event(kind, point))
    range_type = RangeType.SEMVER if ecosystem == "Go" else RangeType.ECOSYSTEM
    listed = tuple(version(ecosystem, rnd) for _ in range(rnd.randint(0, 10))) if n % 3 == 0 else ()
    return Advisory(
        id=f"OSV-2026-{n}",
        source="osv",
        aliases=(f"CVE-2026-{n % 50_000}",),
        summary=f"generated advisory {n}",
        published=datetime(2026, 1, 1, tzinfo=UTC),
        withdrawn=datetime(2026, 2, 1, tzinfo=UTC) if n % 97 == 0 else None,
        severity=(VECTOR,),
        affected=(
            AffectedPackage(
                ecosystem, name, None, (VersionRange(range_type, tuple(events)),), listed
            ),
        ),
    )


def nvd_advisory(n: int, product: str, rnd: random.Random) -> Advisory:
    end = f"{rnd.randint(1, 5)}.{rnd.randint(0, 20)}.{rnd.randint(0, 30)}"
    match = CpeMatch(
        f"cpe:2.3:a:{product}:{product}:*:*:*:*:*:*:*:*", True, version_end_excluding=end
    )
    return Advisory(
        id=f"CVE-2025-{n}",
        source="nvd",
        severity=(VECTOR,),
        configurations=(CpeConfiguration((CpeNode("OR", (match,)),)),),
    )


def build(
    advisories: int, packages: int, seed: int = 7
) -> tuple[dict[tuple[str, str], list[Advisory]], list[tuple[str, str]]]:
    rnd = random.Random(seed)
    names = [
        (eco, f"pkg{i}")
        for i, eco in zip(range(packages), list(ECOSYSTEMS) * packages, strict=False)
    ]
    cpe_products = [f"clib{i}" for i in range(packages // 10)]
    index: dict[tuple[str, str], list[Advisory]] = {}
    for n in range(advisories):
        if n % 10 == 0:
            product = rnd.choice(cpe_products)
            index.setdefault(("cpe", product), []).append(nvd_advisory(n, product, rnd))
        else:
            eco, name = rnd.choice(names)
            index.setdefault(index_key(eco, name), []).append(osv_advisory(n, eco, name, rnd))
    return index, names


def components(
    count: int, names: Sequence[tuple[str, str]], packages: int, seed: int = 11
) -> list[tuple[ComponentRef, tuple[str, str]]]:
    rnd = random.Random(seed)
    out = []
    for i in range(count):
        if i % 10 == 0:
            product = f"clib{rnd.randrange(packages // 10)}"
            v = f"{rnd.randint(1, 5)}.{rnd.randint(0, 20)}.{rnd.randint(0, 30)}"
            ref = ComponentRef(product, v, None, f"cpe:2.3:a:{product}:{product}:{v}:*:*:*:*:*:*:*")
            out.append((ref, ("cpe", product)))
            continue
        eco, name = rnd.choice(names)
        prefix, _ = ECOSYSTEMS[eco]
        v = version(eco, rnd)
        qualifier = (
            "?distro=debian-12"
            if eco.startswith("Debian")
            else "?distro=alpine-3.18"
            if eco.startswith("Alpine")
            else ""
        )
        out.append((ComponentRef(name, v, f"{prefix}{name}@{v}{qualifier}"), index_key(eco, name)))
    return out


def best_of(
    runs: int, work: Callable[[], object], reset: Callable[[], None] | None = None
) -> float:
    times = []
    for _ in range(runs):
        if reset is not None:
            reset()
        gc.collect()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def reset_caches() -> None:
    for order in (
        versions.PYPI,
        versions.SEMVER,
        versions.GO,
        versions.MAVEN,
        versions.DEBIAN,
        versions.ALPINE,
        versions.RPM,
        versions.GENERIC,
    ):
        order._cache.clear()
    ranges.forget_compiled()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--advisories", type=int, default=100_000)
    parser.add_argument("--components", type=int, default=1_000)
    parser.add_argument("--packages", type=int, default=20_000)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    index, names = build(args.advisories, args.packages)
    comps = components(args.components, names, args.packages)
    print(
        f"generated {args.advisories:,} advisories over {len(index):,} keys in {time.perf_counter() - start:.1f} s"
    )
    candidates = [(ref, index.get(key, [])) for ref, key in comps]
    print(
        f"{args.components:,} components, {sum(len(c) for _r, c in candidates):,} candidate advisories in all"
    )

    def baseline() -> int:
        touched = 0
        for _ref, cands in candidates:
            for advisory in cands:
                touched += len(advisory.affected) + len(advisory.configurations)
        return touched

    found: list[int] = []

    def scan() -> None:
        results: list[MatchResult] = []
        for ref, cands in candidates:
            results.extend(match_component(ref, cands, snapshot="osv:bench"))
        found[:] = [len(results), len(merge_findings(results))]

    base = best_of(5, baseline)
    cold = best_of(5, scan, reset_caches)
    warm = best_of(5, scan)
    per_k = 1000 / args.components
    print(f"matches: {found[0]:,}, findings: {found[1]:,}\n")
    print(f"{'run':<10} {'s / 1,000 components':>21} {'x baseline':>11}")
    for label, seconds in (("baseline", base), ("cold", cold), ("warm", warm)):
        print(f"{label:<10} {seconds * per_k:>21.4f} {seconds / base:>11.1f}")
    budget = 0.2
    verdict = "within" if cold * per_k < budget else "OVER"
    print(f"\ncold scan {verdict} the {budget} s budget per 1,000 components")
    return 0 if cold * per_k < budget else 1


if __name__ == "__main__":
    raise SystemExit(main())
