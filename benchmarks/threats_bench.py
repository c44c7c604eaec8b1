"""Threat generation + scoring for a synthetic model, as a whole process, against pytm 1.4.

    python benchmarks/threats_bench.py [-n 1000] [--repeat 3]

Prints a table: wall time (best of --repeat), peak RSS, threats produced; pytm on the same model
size when pytm is importable (pip install pytm==1.4.0), and the ratio.
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic_model import model  # noqa: E402


def timed(cmd: list[str]) -> tuple[float, int, str]:
    """Best wall time of one run, the child's peak RSS (MiB) and its stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[:3]} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) // 1024
    return took, peak, proc.stderr + proc.stdout[-200:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "model"
        folder.mkdir()
        (folder / "medsec.yaml").write_text(model(args.n), encoding="utf-8")
        cmd = [
            sys.executable,
            "-m",
            "medsec",
            "threats",
            str(folder),
            "--format",
            "json",
            "--dry-run",
            "--output",
            str(Path(tmp) / "threats.json"),
        ]
        runs = [timed(cmd) for _ in range(args.repeat)]
        best = min(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        import json

        count = len(json.loads((Path(tmp) / "threats.json").read_text())["threats"])
        rows = [("medsec threats (whole process)", best, peak, count)]
        try:
            import pytm  # noqa: F401

            pruns = [
                timed([sys.executable, str(HERE / "pytm_model.py"), str(args.n)])
                for _ in range(args.repeat)
            ]
            pbest = min(r[0] for r in pruns)
            found = re.search(r"findings=(\d+)", pruns[-1][2])
            rows.append(
                (
                    "pytm 1.4 resolve (whole process)",
                    pbest,
                    max(r[1] for r in pruns),
                    int(found.group(1)) if found else -1,
                )
            )
        except ImportError:
            print("pytm not installed: pip install pytm==1.4.0 to compare", file=sys.stderr)
    print(f"model: {args.n} elements, {args.n} flows; best of {args.repeat}")
    print(f"{'run':<36} {'seconds':>8} {'peak MiB':>9} {'threats':>8}")
    for name, secs, mib, n in rows:
        print(f"{name:<36} {secs:>8.2f} {mib:>9} {n:>8}")
    if len(rows) == 2:
        print(f"medsec / pytm time ratio: {rows[0][1] / rows[1][1]:.2f}")


if __name__ == "__main__":
    main()
