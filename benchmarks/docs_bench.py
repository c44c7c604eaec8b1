"""``medsec docs build --all`` as users run it: whole process, every document written.

    python benchmarks/docs_bench.py [-n 1000] [--formats md,json,html,pdf,docx] [--repeat 1]
                                    [--projects example,synthetic]

Two projects: a copy of the bundled example (target < 10 s for --all) and a synthetic model of
N elements and N flows (``synthetic_model.py``; its threat register written first by
``medsec threats``, as a user's project has one; target < 60 s and < 1 GB). Each row is a
fresh ``python -m medsec docs build PROJECT --all --format F -o DIR`` process: the best wall
time of --repeat rounds, its CPU time (user + sys of the process and its PDF workers, from
wait4: on a shared machine the figure to compare), and its peak memory: the largest single
process (wait4's maxrss) and the whole process tree summed (PSS sampled from /proc every 0.1 s:
forked workers share pages with the parent, so their RSS would count them twice), with what it
wrote. A first build into an empty folder records revision 1 under records/documents/; the
row then times what a user's next builds into the same folder cost: a rebuild of unchanged
inputs (the same revisions; PDFs laid out from an unchanged source are kept, the other formats
rewritten) and a rebuild after one input changed (an answer added to documents/answers.yaml:
every document's revision covers every project file, so each gets a new one and every PDF is
laid out again). ``--jobs`` is passed on to ``docs build`` (PDF worker processes; default: one
per core).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic_model import model  # noqa: E402

EXAMPLE = HERE.parent / "examples" / "infusion-pump"


@dataclass
class Run:
    """One run: wall and CPU seconds, the largest process's and the tree's peak memory (MiB)."""

    wall: float
    cpu: float
    maxrss: int
    tree: int = 0


def _tree_kib(root: int) -> int:
    """The summed PSS (KiB) of ``root`` and its descendants now (0 for those gone meanwhile)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next((int(x.split()[1]) for x in rollup.splitlines() if x.startswith("Pss:")), 0)
    return total


def _sample(pid: int, peak: list[int], done: threading.Event) -> None:
    """Keep the largest summed PSS of the tree under ``pid`` in ``peak[0]`` until ``done``."""
    while not done.wait(0.1):
        peak[0] = max(peak[0], _tree_kib(pid))


def timed(cmd: list[str]) -> Run:
    """Times and peak memory of one run; a failing run stops the benchmark."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        peak, done = [0], threading.Event()
        sampler = threading.Thread(target=_sample, args=(proc.pid, peak, done), daemon=True)
        if Path("/proc/self/smaps_rollup").exists():
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        took = time.perf_counter() - start
        done.set()
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0 or "Traceback" in text:
        raise SystemExit(f"{' '.join(cmd[:6])} failed ({code}): {text[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(took, cpu, usage.ru_maxrss // 1024, peak[0] // 1024)


def _medsec(*args: str) -> list[str]:
    """A medsec command line run with this interpreter."""
    return [sys.executable, "-m", "medsec", *args]


def synthetic(folder: Path, n: int) -> Path:
    """A synthetic project of ``n`` elements with its threat register written."""
    folder.mkdir(parents=True)
    (folder / "medsec.yaml").write_text(model(n), encoding="utf-8")
    subprocess.run(_medsec("threats", str(folder)), check=True, stdout=subprocess.DEVNULL)
    return folder


# One answer, in the answers file the example does not have yet: "one input changed".
ANSWER = "benefit_risk: The benefits of the therapy outweigh the residual security risk.\n"


def _best(runs: list[Run]) -> Run:
    """The run with the best wall time."""
    return min(runs, key=lambda r: r.wall)


def _rounds(project: Path, cmd: list[str], out: Path, repeat: int) -> list[list[Run]]:
    """``repeat`` rounds of: first build, unchanged rebuild, rebuild after one changed input."""
    answers = project / "documents" / "answers.yaml"
    rounds: list[list[Run]] = [[], [], []]
    for _ in range(repeat):
        shutil.rmtree(project / "records" / "documents", ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        answers.unlink(missing_ok=True)
        rounds[0].append(timed(cmd))
        rounds[1].append(timed(cmd))
        answers.parent.mkdir(exist_ok=True)
        answers.write_text(ANSWER, encoding="utf-8")
        rounds[2].append(timed(cmd))
    answers.unlink()
    return rounds


def measure(project: Path, fmt: str, repeat: int, jobs: int) -> str:
    """First build, unchanged rebuild and changed-input rebuild of --all in ``fmt`` into one
    folder: times, memory, output size."""
    out = project.parent / f"out-{project.name}-{fmt}"
    cmd = _medsec("docs", "build", str(project), "--all", "--format", fmt, "-o", str(out))
    cmd += ["--jobs", str(jobs)]
    rounds = _rounds(project, cmd, out, repeat)
    first, again, changed = (_best(runs) for runs in rounds)
    every = [r for runs in rounds for r in runs]
    maxrss = max(r.maxrss for r in every)
    tree = max(r.tree for r in every)
    size = sum(p.stat().st_size for p in out.iterdir()) // 1024
    files = len(list(out.iterdir()))
    return (
        f"{project.name:<14} {fmt:<5} first {first.wall:6.2f} s (cpu {first.cpu:6.2f} s)  "
        f"rebuild {again.wall:6.2f} s (cpu {again.cpu:6.2f} s)  "
        f"one input changed {changed.wall:6.2f} s (cpu {changed.cpu:6.2f} s)  "
        f"peak {maxrss:5d} MiB (tree {tree:5d} MiB)  {files} files, {size} KiB"
    )


def main() -> None:
    """Measure the example and the synthetic model in each format."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--formats", default="md,json,html,pdf,docx")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=0, help="PDF workers (0: one per core)")
    parser.add_argument("--projects", default="example,synthetic", help="which to measure")
    args = parser.parse_args()
    chosen = args.projects.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        projects = []
        if "example" in chosen:
            projects.append(base / "example")
            shutil.copytree(EXAMPLE, projects[-1])
        if "synthetic" in chosen:
            projects.append(synthetic(base / f"synthetic-{args.n}", args.n))
        for project in projects:
            for fmt in args.formats.split(","):
                print(measure(project, fmt, args.repeat, args.jobs), flush=True)


if __name__ == "__main__":
    main()
