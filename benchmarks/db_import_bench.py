"""Vulnerability database speed: import vs parse-only, peak memory, and a 1,000-component scan.

    python benchmarks/db_import_bench.py [--records 100000] [--db URL] [--zip PATH]

1. parse only: stream the zip and parse every OSV record into domain values (no storage);
2. import: ``medsec db import`` of the same zip (parse + encode + index + one transaction);
3. scan: 1,000 components (900 purls, a tenth of them popular packages, 100 CPEs against
   10,000 NVD records) — ``candidates()`` + ``by_cpe()`` + ``match_component`` on a freshly
   opened store (cold decode cache) and again (warm).

Steps 1 and 2 run in child processes so each reports its own peak RSS. Budgets: import at most
3x parse-only, peak RSS under 1 GB, scan under 0.2 s. Without ``--db`` a SQLite file in a
temporary folder is used; ``--db postgresql://...`` measures PostgreSQL (its tables are reused).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import advisory_generate

from medsec.domain.advisory import Advisory, CpeConfiguration, CpeMatch, CpeNode, SourceKind
from medsec.domain.ecosystem import purl_type_for_osv
from medsec.domain.vulnerability import ComponentRef

NVD_RECORDS = 10_000
PRODUCTS = 2_000


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_parse(zip_path: Path) -> dict[str, Any]:
    from medsec.sources.advisories import osv
    from medsec.sources.advisories.archive import SafeZip

    start = time.perf_counter()
    count = 0
    with SafeZip(zip_path, source=str(zip_path)) as archive:
        for name, data in archive.entries((".json",)):
            osv.parse(data, source=name)
            count += 1
    return {"seconds": time.perf_counter() - start, "records": count, "peak_mb": peak_mb()}


def child_import(zip_path: Path, db: str) -> dict[str, Any]:
    from medsec.services import db as service

    start = time.perf_counter()
    outcome = service.import_path(service.ImportOptions(zip_path, db))
    return {
        "seconds": time.perf_counter() - start,
        "records": outcome.snapshot.records,
        "peak_mb": peak_mb(),
    }


def run_child(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def nvd_records(rnd: random.Random) -> list[Advisory]:
    out = []
    for n in range(NVD_RECORDS):
        product = f"clib{rnd.randrange(PRODUCTS)}"
        end = f"{rnd.randint(1, 5)}.{rnd.randint(0, 20)}.{rnd.randint(0, 30)}"
        match = CpeMatch(
            f"cpe:2.3:a:{product}:{product}:*:*:*:*:*:*:*:*", True, version_end_excluding=end
        )
        out.append(
            Advisory(
                id=f"CVE-2025-{n}",
                source="nvd",
                configurations=(CpeConfiguration((CpeNode("OR", (match,)),)),),
            )
        )
    return out


def components(records: int, rnd: random.Random, *, heavy: bool) -> list[ComponentRef]:
    """1,000 components: every tenth a CPE-only C library, the rest purls.

    ``heavy``: every purl names a package with advisories (a tenth of them the popular ones).
    Otherwise a typical SBOM: 70% of the purls name packages without any advisory, 20% a
    random package with advisories, 10% a popular one.
    """
    pool = advisory_generate.package_pool(records)
    refs = []
    for i in range(1000):
        version = f"{rnd.randint(0, 6)}.{rnd.randint(0, 25)}.{rnd.randint(0, 40)}"
        if i % 10 == 0:
            product = f"clib{rnd.randrange(PRODUCTS)}"
            refs.append(
                ComponentRef(
                    product, version, None, f"cpe:2.3:a:{product}:{product}:{version}:*:*:*:*:*:*:*"
                )
            )
            continue
        ecosystem, name, _, _ = (
            advisory_generate.popular(pool, rnd) if i % 10 == 1 else rnd.choice(pool)
        )
        if not heavy and i % 10 >= 4:
            name = f"clean-{i}" if ecosystem != "Maven" else f"org.clean:clean-{i}"
        refs.append(ComponentRef(name, version, purl(ecosystem, name, version)))
    return refs


def purl(ecosystem: str, name: str, version: str) -> str:
    kind = purl_type_for_osv(ecosystem)
    qualifier = ""
    if kind == "deb":
        qualifier = f"?distro=debian-{ecosystem.split(':')[1]}"
    elif kind == "apk":
        qualifier = "?distro=3.18.2"
    namespace = "debian/" if kind == "deb" else "alpine/" if kind == "apk" else ""
    if kind == "maven":
        group, artifact = name.split(":")
        path = f"{group}/{artifact}"
    else:
        path = name.replace("@", "%40") if kind == "npm" else name
    return f"pkg:{kind}/{namespace}{path}@{version}{qualifier}"


def scan(db: str, records: int, *, heavy: bool) -> dict[str, float | int]:
    from medsec.engines.matching.matcher import match_component
    from medsec.storage.importer import ImportMeta
    from medsec.storage.store import AdvisoryStore

    rnd = random.Random(3)
    with AdvisoryStore.open(db) as store:
        if not store.status().counts.get("nvd"):
            store.import_snapshot(SourceKind.NVD, nvd_records(rnd), ImportMeta("generated NVD"))
    refs = components(records, rnd, heavy=heavy)
    from medsec.engines.matching.matcher import lookup_keys

    def key(ref: ComponentRef) -> tuple[str, str] | None:
        """The scan service's own look-up (purls parsed once, shared with the matcher)."""
        osv = lookup_keys(ref).osv
        return osv[0] if osv else None

    queries: list[float] = []

    def one_scan(store: AdvisoryStore) -> tuple[int, int]:
        start = time.perf_counter()
        keys = {ref: key(ref) for ref in refs}
        by_key = store.candidates(k for k in keys.values() if k)
        cpes = {ref: tuple(ref.cpe.split(":")[3:5]) for ref in refs if ref.cpe}
        by_cpe = store.by_cpe(cpes.values())  # type: ignore[arg-type]
        queries.append(time.perf_counter() - start)
        matches = candidates = 0
        for ref in refs:
            found = by_key[keys[ref]] if keys[ref] else by_cpe[cpes[ref]]  # type: ignore[index]
            candidates += len(found)
            matches += len(match_component(ref, found, snapshot="bench"))
        return candidates, matches

    with AdvisoryStore.open(db) as store:
        start = time.perf_counter()
        candidates, matches = one_scan(store)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        one_scan(store)
        warm = time.perf_counter() - start
    return {
        "cold": cold,
        "warm": warm,
        "store_cold": queries[0],
        "store_warm": queries[1],
        "candidates": candidates,
        "matches": matches,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--db", default=None)
    parser.add_argument("--zip", type=Path, default=None)
    parser.add_argument("--child", choices=("parse", "import"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "parse":
        print(json.dumps(child_parse(args.zip)))
        return 0
    if args.child == "import":
        print(json.dumps(child_import(args.zip, args.db)))
        return 0
    work = Path(tempfile.mkdtemp(prefix="medsec-bench-"))
    try:
        return run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    zip_path = args.zip or work / f"osv-{args.records}.zip"
    if not zip_path.exists():
        start = time.perf_counter()
        advisory_generate.write(args.records, zip_path)
        print(
            f"generated {zip_path} ({zip_path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - start:.0f} s"
        )
    db = args.db or str(work / "vulns.sqlite")
    parsed = run_child("--child", "parse", "--zip", str(zip_path))
    imported = run_child("--child", "import", "--zip", str(zip_path), "--db", db)
    scans = {
        label: scan(db, args.records, heavy=label == "heavy") for label in ("typical", "heavy")
    }
    ratio = imported["seconds"] / parsed["seconds"]
    rows = (
        (
            "parse only",
            f"{parsed['seconds']:.1f} s",
            f"{parsed['records'] / parsed['seconds']:,.0f}",
            f"{parsed['peak_mb']:.0f} MB",
        ),
        (
            "import",
            f"{imported['seconds']:.1f} s",
            f"{imported['records'] / imported['seconds']:,.0f}",
            f"{imported['peak_mb']:.0f} MB",
        ),
    )
    print(f"\n{args.records:,} OSV records, database {db.split('@')[-1]}\n")
    print(f"{'step':<12} {'time':>9} {'records/s':>11} {'peak RSS':>9}")
    for row in rows:
        print(f"{row[0]:<12} {row[1]:>9} {row[2]:>11} {row[3]:>9}")
    print(f"\nimport / parse-only: {ratio:.2f}x (budget 3x)")
    print(f"peak RSS of the import: {imported['peak_mb']:.0f} MB (budget 1024 MB)")
    print("\nscan of 1,000 components (900 purl, 100 CPE), store queries + matching:")
    print(f"{'SBOM':<9} {'candidates':>11} {'matches':>8} {'cold':>8} {'warm':>8}")
    for label, found in scans.items():
        print(
            f"{label:<9} {found['candidates']:>11,} {found['matches']:>8,} {found['cold']:>7.3f}s {found['warm']:>7.3f}s"
        )
    print("budget: 0.2 s")
    scanned = scans["typical"]
    ok = ratio <= 3 and imported["peak_mb"] < 1024 and scanned["cold"] < 0.2
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
