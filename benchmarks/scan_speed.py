"""Scan speed as users meet it: SBOMs against 100,000 advisories, cold, and whole processes.

    python benchmarks/scan_speed.py [--records 100000] [--components 1000 10000] [--runs 5]
                                    [--db PATH] [--zip PATH]

The database: ``--records`` generated OSV records (benchmarks/advisory_generate.py, imported
as ``medsec db import`` does) and 10,000 generated NVD records (benchmarks/db_import_bench.py);
kept at ``--db`` when given, so later runs skip building it.

The SBOMs: generated CycloneDX files of ``--components`` components, composed as
db_import_bench's "typical" SBOM (the workload the issue measured 0.24-0.28 s on): every tenth
component a CPE-only C library, 60% purls of packages without any advisory, 20% of a random
package with advisories, 10% of a popular one; most components have no finding.

Rows, each the best of ``--runs`` fresh processes:

* match path: what ``medsec scan`` runs after reading the SBOM — open the database, then
  ``services.scan.match_all`` (queries, match data, matching, findings, KEV/EPSS), cold: a new
  process, nothing cached. CPU seconds (user + system: steady on a shared machine) and wall;
  "whole rec." is the same path as it was before match data (whole records decoded, the
  garbage collector running), CPU per 1,000 components, with the same findings;
* ``medsec scan --sbom FILE --format json``: the whole process as users run it (start-up,
  imports, reading the SBOM, the scan, writing the JSON), wall seconds; ``medsec --version``
  gives the start-up floor of any command;
* the bundled example (``examples/infusion-pump``, 60 components) scanned against its own
  advisories, whole process.

Budget: the match path <= 0.1 s per 1,000 components (cold).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import advisory_generate
import db_import_bench

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "infusion-pump"
BUDGET = 0.1  # seconds per 1,000 components, cold
MEDSEC = [str(Path(sys.executable).with_name("medsec"))]  # the console script users run


def build_database(db: Path, records: int, zip_path: Path | None, work: Path) -> None:
    """The generated OSV records and the NVD records, imported (skipped when already there)."""
    from medsec.domain.advisory import SourceKind
    from medsec.services import db as service
    from medsec.storage.importer import ImportMeta
    from medsec.storage.store import AdvisoryStore

    with AdvisoryStore.open(str(db)) as store:
        counts = store.status().counts
        if counts.get("osv") and counts.get("nvd"):
            return
    source = zip_path or work / f"osv-{records}.zip"
    if not source.exists():
        advisory_generate.write(records, source)
    service.import_path(service.ImportOptions(source, str(db)))
    with AdvisoryStore.open(str(db)) as store:
        nvd = db_import_bench.nvd_records(random.Random(3))
        store.import_snapshot(SourceKind.NVD, nvd, ImportMeta("generated NVD"))


def write_sbom(path: Path, records: int, count: int, seed: int) -> None:
    """A CycloneDX SBOM of ``count`` components, db_import_bench's typical composition."""
    rnd = random.Random(seed)
    refs = []
    while len(refs) < count:  # the generator makes 1,000 at a time
        refs += db_import_bench.components(records, rnd, heavy=False)
    components = []
    for n, ref in enumerate(refs[:count]):
        item: dict[str, Any] = {"type": "library", "bom-ref": f"c{n}", "name": ref.name}
        if ref.version:
            item["version"] = ref.version
        if ref.purl:
            item["purl"] = ref.purl
        if ref.cpe:
            item["cpe"] = ref.cpe
        components.append(item)
    doc = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": components}
    path.write_text(json.dumps(doc), encoding="utf-8")


def whole_records_match_all(store: Any, components: list[Any], notes: Any) -> list[Any]:
    """The match path before match data: whole records decoded, the collector running (the
    scan service's loop as it was, for the comparison row)."""
    from dataclasses import replace

    from medsec.engines.matching.matcher import (
        lookup_keys,
        match_component,
        merge_findings,
        undetermined_results,
    )

    keys = {id(c): lookup_keys(c) for c in components}
    osv = store.candidates({k for lk in keys.values() for k in lk.osv})
    cpe = store.by_cpe({k for lk in keys.values() for k in lk.cpe})
    results = []
    for c in components:
        lk = keys[id(c)]
        found = {a.id + "/" + a.source: a for k in lk.osv for a in osv.get(k, [])}
        found.update({a.id + "/" + a.source: a for k in lk.cpe for a in cpe.get(k, [])})
        for r in match_component(c, list(found.values()), notes=notes) if found else []:
            results.append(
                replace(r, detail=replace(r.detail, snapshot=store.snapshot_of(r.advisory)))
            )
    results += undetermined_results(notes)
    ids = {r.advisory.id for r in results} | {a for r in results for a in r.advisory.aliases}
    cves = sorted(x for x in ids if x.startswith("CVE-"))
    epss = {cve: score.epss for cve, score in store.epss(cves).items()}
    return merge_findings(results, kev=set(store.kev(cves)), epss=epss)


def child_match(sbom: Path, db: str, whole: bool = False) -> dict[str, float]:
    """The scan's match path, cold: open the database, then match_all (SBOM read untimed);
    ``whole``: the path before match data (whole records, collector running)."""
    from medsec.engines.matching.matcher import MatchNotes
    from medsec.services.sbom_inputs import read_file
    from medsec.services.scan import match_all
    from medsec.storage.store import AdvisoryStore

    components = list(read_file(sbom).document.components)
    matching = whole_records_match_all if whole else match_all
    cpu, wall = time.process_time(), time.perf_counter()
    with AdvisoryStore.open(db) as store:
        findings = matching(store, components, MatchNotes())
    return {
        "cpu": time.process_time() - cpu,
        "wall": time.perf_counter() - wall,
        "findings": len(findings),
        "components": len(components),
    }


def run_child(*args: str) -> dict[str, Any]:
    """This script in a fresh process; its JSON answer."""
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def process_seconds(args: list[str], runs: int, cwd: Path | None = None) -> float:
    """Best wall time of ``runs`` runs of a command (its output discarded)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True, check=False, cwd=cwd)
        seconds = time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(args)} exited {done.returncode}:\n{done.stderr.decode()}")
        best = min(best, seconds)
    return best


def example_seconds(work: Path, runs: int) -> tuple[float, int]:
    """``medsec scan`` of a copy of the example against its own advisories; wall seconds."""
    project = work / "example"
    shutil.copytree(EXAMPLE, project)
    db = str(work / "example.sqlite")
    subprocess.run(
        [*MEDSEC, "db", "import", str(project / "advisories"), "--db", db],
        capture_output=True,
        check=True,
    )
    scan = [*MEDSEC, "scan", str(project), "--db", db, "--no-record", "--no-stubs"]
    scan += ["--today", "2026-12-01", "--format", "json", "--output", str(work / "ex.json")]
    seconds = process_seconds(scan, runs)
    findings = len(json.loads((work / "ex.json").read_text())["findings"])
    return seconds, findings


def main(argv: list[str] | None = None) -> int:
    """Build what is missing, measure, print the table; exit 1 over budget."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--components", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--zip", type=Path, default=None)
    parser.add_argument("--match", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.match:
        sbom, db, how = args.match
        print(json.dumps(child_match(Path(sbom), db, whole=how == "whole")))
        return 0
    work = Path(tempfile.mkdtemp(prefix="medsec-scan-speed-"))
    try:
        return run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    """Measure every size, then the whole processes."""
    db = args.db or work / "vulns.sqlite"
    start = time.perf_counter()
    build_database(db, args.records, args.zip, work)
    print(f"database {db}: ready in {time.perf_counter() - start:.0f} s\n")
    print(
        f"{'SBOM':<22} {'findings':>8} {'match CPU':>10} {'per 1k':>7} {'wall':>7} "
        f"{'per 1k':>7} {'whole rec.':>10} {'medsec scan':>12}"
    )
    ok = True
    for count in args.components:
        sbom = work / f"sbom-{count}.cdx.json"
        write_sbom(sbom, args.records, count, seed=count)
        found = [run_child("--match", str(sbom), str(db), "data") for _ in range(args.runs)]
        before = [run_child("--match", str(sbom), str(db), "whole") for _ in range(args.runs)]
        assert {f["findings"] for f in found + before} == {found[0]["findings"]}
        cpu = min(f["cpu"] for f in found)
        wall = min(f["wall"] for f in found)
        scan = [*MEDSEC, "scan", "--sbom", str(sbom), "--db", str(db), "--format", "json"]
        whole = process_seconds([*scan, "--output", str(work / "out.json")], args.runs)
        per_k = 1000 / count
        ok &= cpu * per_k <= BUDGET
        print(
            f"{f'typical, {count:,}':<22} {int(found[0]['findings']):>8,} {cpu:>9.3f}s "
            f"{cpu * per_k:>6.3f}s {wall:>6.3f}s {wall * per_k:>6.3f}s "
            f"{min(f['cpu'] for f in before) * per_k:>9.3f}s {whole:>11.3f}s"
        )
    example, findings = example_seconds(work, args.runs)
    version = process_seconds([*MEDSEC, "--version"], args.runs)
    print(
        f"{'example (60 comp.)':<22} {findings:>8,} {'':>10} {'':>7} {'':>7} {'':>7} {example:>11.3f}s"
    )
    print(f"\n'medsec --version' (start-up of any command): {version:.3f} s")
    print(f"match path {'within' if ok else 'OVER'} {BUDGET} s per 1,000 components (cold, CPU)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
