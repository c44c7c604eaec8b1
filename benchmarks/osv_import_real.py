"""Import of real OSV data as published, against the parse floor: YAML (PyPA) and JSON (Go).

    python benchmarks/osv_import_real.py [--shared ../shared] [--scale 1 10] [--runs 3]

The data: the PyPA advisory database's YAML records and the Go vulnerability database's JSON
records in ``shared/fixtures/advisories`` (as published: one file per record), and the same set
at ``--scale`` times its size (each file copied with a new id, content otherwise unchanged).

Per set, each figure the best of ``--runs`` fresh processes, in CPU seconds (user + system:
steadier than wall time on a shared machine; the wall-time ratio is shown too):

* parse floor: read every file and parse it with libyaml (PyYAML's ``CBaseLoader``: every
  scalar a string, the values medsec reads) or orjson, in one process; ``CSafeLoader`` (which also
  resolves numbers and dates) is shown for reference, and so is medsec's own parse
  (``untrusted.plain_yaml.load_plain``: libyaml's nodes built into the same values, without
  PyYAML's constructor, about twice as fast as ``CBaseLoader``): "(plain)" is the import
  against the parse medsec does, the rest of the import's work alone;
* import: ``medsec db import FOLDER`` in-process (``services.db.import_path``) into an empty
  database whose schema was created before: read, parse, check, index and write in one
  transaction. As for the floor, the modules are loaded before the clock starts.

Budget: import <= 2x the parse floor.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BUDGET = 2.0
_YAML_ID = re.compile(rb"^id: *(\S+)", re.MULTILINE)
_JSON_ID = re.compile(rb'"id": *"([^"]+)"')


def sources(shared: Path) -> list[Path]:
    """The published files: PyPA YAML and Go JSON records."""
    advisories = shared / "fixtures" / "advisories"
    yaml_files = sorted((advisories / "pypa-advisory-database").rglob("*.yaml"))
    json_files = sorted((advisories / "golang-vulndb" / "data" / "osv").glob("*.json"))
    return yaml_files + json_files


def write_set(files: list[Path], scale: int, folder: Path) -> int:
    """``scale`` copies of every file in ``folder``, each copy with its own id; the count."""
    folder.mkdir(parents=True)
    count = 0
    for path in files:
        data = path.read_bytes()
        pattern = _YAML_ID if path.suffix == ".yaml" else _JSON_ID
        for n in range(scale):
            copy = data if n == 0 else pattern.sub(lambda m, n=n: _renamed(m, n), data, count=1)
            (folder / f"{path.stem}-{n}{path.suffix}").write_bytes(copy)
            count += 1
    return count


def _renamed(match: re.Match[bytes], n: int) -> bytes:
    """The id line with ``-R<n>`` appended to the id."""
    whole, ident = match.group(0), match.group(1)
    return whole.replace(ident, ident + f"-R{n}".encode())


def child_floor(folder: Path) -> dict[str, float]:
    """Parse every file as the floor does; seconds per loader."""
    import orjson
    import yaml

    from medsec.untrusted.plain_yaml import load_plain

    paths = sorted(folder.iterdir())
    out: dict[str, float] = {}
    loaders = (
        ("base", lambda text: yaml.load(text, Loader=yaml.CBaseLoader)),
        ("safe", lambda text: yaml.load(text, Loader=yaml.CSafeLoader)),
        ("plain", load_plain),
    )
    for label, load in loaders:
        start, wall = time.process_time(), time.perf_counter()
        for path in paths:
            data = path.read_bytes()
            if path.suffix == ".json":
                orjson.loads(data)
            else:
                load(data.decode("utf-8"))
        out[label] = time.process_time() - start
        out[f"{label}_wall"] = time.perf_counter() - wall
    return out


def child_import(folder: Path, db: str) -> dict[str, float]:
    """``medsec db import FOLDER`` in-process into the (empty, created) database; the modules
    are imported before the clock starts, as the floor's are."""
    from medsec.services import db as service
    from medsec.sources.advisories import osv  # noqa: F401 (loaded before timing: yaml)

    start, wall = time.process_time(), time.perf_counter()
    outcome = service.import_path(service.ImportOptions(folder, db))
    seconds, wall = time.process_time() - start, time.perf_counter() - wall
    records = outcome.snapshot.records + sum(o.snapshot.records for o in outcome.also)
    return {"seconds": seconds, "wall": wall, "records": records}


def run_child(*args: str) -> dict[str, Any]:
    """This script in a fresh process; its JSON answer."""
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(folder: Path, work: Path, runs: int) -> dict[str, float]:
    """Best of ``runs`` for the floors and the import (each import into a new database)."""
    floors = [run_child("--floor", str(folder)) for _ in range(runs)]
    imports = []
    for n in range(runs):
        db = work / f"import-{n}.sqlite"
        from medsec.storage.store import AdvisoryStore

        AdvisoryStore.open(str(db)).close()  # the schema exists before the timed import
        imports.append(run_child("--import", str(folder), "--db", str(db)))
        db.unlink()
    return {
        "floor": min(f["base"] for f in floors),
        "floor_safe": min(f["safe"] for f in floors),
        "floor_plain": min(f["plain"] for f in floors),
        "floor_wall": min(f["base_wall"] for f in floors),
        "import": min(i["seconds"] for i in imports),
        "import_wall": min(i["wall"] for i in imports),
        "records": imports[0]["records"],
    }


def main(argv: list[str] | None = None) -> int:
    """Build the sets, measure them, print the table; exit 1 over budget."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--import", dest="import_", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor:
        print(json.dumps(child_floor(args.floor)))
        return 0
    if args.import_:
        print(json.dumps(child_import(args.import_, args.db)))
        return 0
    files = sources(args.shared)
    if not files:
        raise SystemExit(f"no OSV fixtures under {args.shared}")
    work = Path(tempfile.mkdtemp(prefix="medsec-osv-real-"))
    ok = True
    try:
        print(
            f"{'set':<16} {'records':>8} {'floor s':>8} {'(safe)':>8} {'import s':>9} "
            f"{'ratio':>6} {'(safe)':>7} {'(plain)':>8} {'wall ratio':>10} {'records/s':>10}"
        )
        for scale in args.scale:
            folder = work / f"x{scale}"
            write_set(files, scale, folder)
            m = measure(folder, work, args.runs)
            ratio = m["import"] / m["floor"]
            ok &= ratio <= BUDGET
            print(
                f"{f'published x{scale}':<16} {int(m['records']):>8,} {m['floor']:>8.3f} "
                f"{m['floor_safe']:>8.3f} {m['import']:>9.3f} {ratio:>5.2f}x "
                f"{m['import'] / m['floor_safe']:>6.2f}x {m['import'] / m['floor_plain']:>7.2f}x "
                f"{m['import_wall'] / m['floor_wall']:>9.2f}x {m['records'] / m['import']:>10,.0f}"
            )
            shutil.rmtree(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"\nimport {'within' if ok else 'OVER'} {BUDGET}x the parse floor (libyaml base + orjson)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
