"""Monitoring at portfolio scale: 1,000 released SBOM versions against 100,000 advisories.

    python benchmarks/monitor_bench.py [--repos 200] [--tags 5] [--components 150]
                                       [--records 100000] [--db PATH] [--work DIR]

Builds ``--repos`` git repositories, each a small device project whose one SBOM (CycloneDX,
``--components`` components) is released ``--tags`` times (tags v1.0 … v1.4; about 5% of the
components change version between releases, as patch releases do). The components are real
package names and versions: the purls of the CycloneDX and SPDX SBOMs in ../shared/fixtures
(Trivy, bom-shelter, CycloneDX examples), mixed with scan_speed's typical composition over the
generated advisories (so a share of them are affected, most are not). The database is
scan_speed's: ``--records`` generated OSV records and 10,000 generated NVD records (kept at
``--db``, reused when it holds them).

Then ``medsec monitor --offline --no-notify`` runs as users run it, in a fresh process: every
version materialised from git, scanned, its record committed (one commit per repository),
indexed, the dashboard summaries refreshed. Reported: wall seconds, CPU seconds of the
process (user + system), versions per second, commits made, findings. Target: < 10 minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import db_import_bench
import scan_speed

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "fixtures" / "sbom"
MEDSEC = str(Path(sys.executable).with_name("medsec"))
TARGET = 600.0  # seconds
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Release Manager",
    "GIT_AUTHOR_EMAIL": "rm@example.com",
    "GIT_COMMITTER_NAME": "Release Manager",
    "GIT_COMMITTER_EMAIL": "rm@example.com",
}
PROJECT = """\
format: medsec/1
device:
  id: dev-{n}
  name: Device {n}
  version: 1.0.0
  manufacturer: ACME Medical GmbH
  security_contact: psirt@acme.example
  disclosure_policy: https://acme.example/cvd
boundaries:
  - {{id: box, name: Enclosure, kind: device}}
elements:
  - id: fw
    name: Firmware
    type: process
    boundary: box
    function: therapy
    sbom: [sbom/fw.cdx.json]
"""


def real_purls() -> list[tuple[str, str, str]]:
    """(name, version, purl) of every versioned purl in the shared SBOM fixtures."""
    found: dict[str, tuple[str, str, str]] = {}
    for path in sorted(SHARED.rglob("*.json")):
        try:
            doc = json.loads(path.read_bytes())
        except (ValueError, UnicodeDecodeError):
            continue
        for purl in _purls(doc):
            if purl.startswith("pkg:") and "@" in purl and len(purl) < 200:
                name = purl.split("@")[0].rsplit("/", 1)[-1]
                found.setdefault(purl, (name, purl.split("@")[1].split("?")[0], purl))
    return list(found.values())


def _purls(doc: Any) -> list[str]:
    """Purls of a CycloneDX (components[].purl) or SPDX (externalRefs purl) document."""
    out: list[str] = []
    if isinstance(doc, dict):
        for item in doc.get("components", []) or []:
            if isinstance(item, dict) and isinstance(item.get("purl"), str):
                out.append(item["purl"])
        for pkg in doc.get("packages", []) or []:
            for ref in pkg.get("externalRefs", []) if isinstance(pkg, dict) else []:
                if isinstance(ref, dict) and ref.get("referenceType") == "purl":
                    out.append(str(ref.get("referenceLocator")))
    return out


def sbom(components: list[dict[str, str]]) -> str:
    """A CycloneDX 1.6 document of ``components``."""
    doc = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": components}
    return json.dumps(doc, indent=1)


def base_components(
    rnd: random.Random, real: list[tuple[str, str, str]], size: int, records: int
) -> list[dict[str, str]]:
    """70% real fixture purls, 30% scan_speed's typical mix over the generated advisories."""
    chosen = [rnd.choice(real) for _ in range(size * 7 // 10)]
    generated = db_import_bench.components(records, rnd, heavy=False)[: size - len(chosen)]
    out = [{"type": "library", "name": n, "version": v, "purl": p} for n, v, p in chosen]
    for ref in generated:
        item = {"type": "library", "name": ref.name, "version": ref.version or ""}
        if ref.purl:
            item["purl"] = ref.purl
        if ref.cpe:
            item["cpe"] = ref.cpe
        out.append(item)
    for i, item in enumerate(out):
        item["bom-ref"] = f"c{i}"
    return out


def git(repo: Path, *args: str) -> None:
    """Run git in ``repo`` as the release manager."""
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True)


def build_repos(work: Path, repos: int, tags: int, size: int, records: int) -> list[Path]:
    """The repositories, each with ``tags`` released versions of its SBOM."""
    real = real_purls()
    made = []
    for n in range(repos):
        repo = work / "repos" / f"dev-{n:03d}"
        made.append(repo)
        if (repo / ".git").is_dir():
            continue
        (repo / "sbom").mkdir(parents=True)
        (repo / "medsec.yaml").write_text(PROJECT.format(n=n))
        rnd = random.Random(n)
        comps = base_components(rnd, real, size, records)
        git(repo, "init", "-q", "-b", "main")
        for t in range(tags):
            for item in rnd.sample(comps, max(1, len(comps) // 20)):  # a patch release
                if "@" in item.get("purl", "") and item["version"]:
                    item["version"] = item["version"] + f".{t}"
                    item["purl"] = item["purl"].split("@")[0] + "@" + item["version"]
            (repo / "sbom" / "fw.cdx.json").write_text(sbom(comps))
            git(repo, "add", "-A")
            git(repo, "commit", "-qm", f"release 1.{t}")
            git(repo, "tag", f"v1.{t}")
    return made


def register(db: Path, repos: list[Path]) -> None:
    """Register every repository (``medsec repo add``, in-process)."""
    from medsec.services.repositories import add_repository, list_repositories
    from medsec.storage.store import AdvisoryStore

    with AdvisoryStore.open(str(db)) as store:
        known = {r.name for r in list_repositories(store.engine)}
        for repo in repos:
            if repo.name not in known:
                add_repository(store.engine, repo)


def monitor(db: Path, work: Path) -> dict[str, Any]:
    """``medsec monitor --offline --no-notify --format json`` in a fresh process, timed."""
    (work / ".medsec.toml").write_text('[server]\nstate_dir = "state"\n')
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [MEDSEC, "monitor", "--offline", "--no-notify", "--format", "json", "--db", str(db)],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"medsec monitor exited {done.returncode}")
    report = json.loads(done.stdout)
    versions = report["versions"]
    return {
        "exit": done.returncode,
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "versions": len(versions),
        "not_scanned": sum(1 for v in versions if v["error"]),
        "commits": len(report["commits"]),
        "findings": sum(v["findings"] for v in versions),
        "versions_per_s": round(len(versions) / wall, 2),
        "errors": report["errors"][:3],
    }


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the workload, run the monitor twice (first run, then a re-run)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repos", type=int, default=200)
    parser.add_argument("--tags", type=int, default=5)
    parser.add_argument("--components", type=int, default=150)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--work", type=Path, default=Path("/tmp/medsec-monitor-bench"))
    parser.add_argument("--runs", type=int, default=1, help="monitoring runs (later: re-runs)")
    args = parser.parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    db = (args.db or work / "bench.sqlite").resolve()
    t0 = time.perf_counter()
    scan_speed.build_database(db, args.records, None, work)
    repos = build_repos(work, args.repos, args.tags, args.components, args.records)
    register(db, repos)
    print(f"set-up: {time.perf_counter() - t0:.0f} s ({len(repos)} repositories)", flush=True)
    for run in range(args.runs):
        result = monitor(db, work)
        verdict = "within" if result["wall_s"] < TARGET else "OVER"
        print(
            json.dumps({"run": run + 1, **result, "target_s": TARGET, "verdict": verdict}),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
