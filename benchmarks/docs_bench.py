"""``medsec docs build --all`` as users run it: whole process, every document written.

    python benchmarks/docs_bench.py [-n 1000] [--formats md,json,html,pdf,docx] [--repeat 1]

Two projects: a copy of the bundled example (target < 10 s for --all) and a synthetic model of
N elements and N flows (``synthetic_model.py``; its threat register written first by
``medsec threats``, as a user's project has one; target < 60 s and < 1 GB). Each row is a
fresh ``python -m medsec docs build PROJECT --all --format F -o DIR`` process: the best wall
time of --repeat rounds and its peak RSS (from wait4), with what it wrote. A first build
records revision 1 under records/documents/; the row then times a rebuild too (unchanged
inputs: the same revision, the files rewritten).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic_model import model  # noqa: E402

EXAMPLE = HERE.parent / "examples" / "infusion-pump"


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (MiB) of one run; a failing run stops the benchmark."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        took = time.perf_counter() - start
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0 or "Traceback" in text:
        raise SystemExit(f"{' '.join(cmd[:6])} failed ({code}): {text[-2000:]}")
    return took, usage.ru_maxrss // 1024


def _medsec(*args: str) -> list[str]:
    """A medsec command line run with this interpreter."""
    return [sys.executable, "-m", "medsec", *args]


def synthetic(folder: Path, n: int) -> Path:
    """A synthetic project of ``n`` elements with its threat register written."""
    folder.mkdir(parents=True)
    (folder / "medsec.yaml").write_text(model(n), encoding="utf-8")
    subprocess.run(_medsec("threats", str(folder)), check=True, stdout=subprocess.DEVNULL)
    return folder


def measure(project: Path, fmt: str, repeat: int) -> str:
    """First build and unchanged rebuild of --all in ``fmt``: times, memory, output size."""
    out = project.parent / f"out-{project.name}-{fmt}"
    cmd = _medsec("docs", "build", str(project), "--all", "--format", fmt, "-o", str(out))
    best_first = best_again = float("inf")
    peak = 0
    for _ in range(repeat):
        shutil.rmtree(project / "records" / "documents", ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        first, mem1 = timed(cmd)
        again, mem2 = timed(cmd)
        best_first, best_again = min(best_first, first), min(best_again, again)
        peak = max(peak, mem1, mem2)
    size = sum(p.stat().st_size for p in out.iterdir()) // 1024
    files = len(list(out.iterdir()))
    return (
        f"{project.name:<14} {fmt:<5} first {best_first:6.2f} s  rebuild {best_again:6.2f} s  "
        f"peak {peak:5d} MiB  {files} files, {size} KiB"
    )


def main() -> None:
    """Measure the example and the synthetic model in each format."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--formats", default="md,json,html,pdf,docx")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        example = base / "example"
        shutil.copytree(EXAMPLE, example)
        big = synthetic(base / f"synthetic-{args.n}", args.n)
        for project in (example, big):
            for fmt in args.formats.split(","):
                print(measure(project, fmt, args.repeat), flush=True)


if __name__ == "__main__":
    main()
