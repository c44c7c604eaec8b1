"""``medsec threats`` as users run it, whole process, against pytm 1.4 on the same model size.

    python benchmarks/threats_bench.py [-n 1000] [--repeat 3]

Every row is a fresh ``python -m medsec threats FOLDER`` process (text output to a pipe):

- dry run: ``--dry-run``, no register on disk (generation, scoring, rendering only);
- fresh: no register yet, ``threats.yaml`` written from scratch;
- warm: re-run against the register the fresh run wrote, model unchanged;
- changed: re-run against that register after a small model change (five flows
  re-encrypted, one flow removed: changed and obsolete threats);
- commented: warm re-run against that register after a person wrote comments and
  assessments on 1% of its entries (those entries take the comment-keeping path), with the
  parse caches the last run left (its records of the other 99% still hold);
- commented, no cache: the same with an empty cache folder (another machine: every entry
  read from its text).

Dry run, fresh and "no cache" run with an empty cache folder of their own (``MEDSEC_CACHE``):
nothing parsed before; the re-runs share one cache folder, as a user's machine keeps medsec's
parse caches between runs (they live outside the project: a project never brings its own).
- pytm: ``benchmarks/pytm_model.py`` (pytm's ``resolve()`` on N elements and N flows).

Every process runs from compiled bytecode, as an installed package does (pip compiles it):
the runs share a bytecode folder in the temporary directory (PYTHONPYCACHEPREFIX), filled
by a first, unmeasured run of each command, whatever PYTHONDONTWRITEBYTECODE says (with it
set, medsec's 300 modules were compiled from source in every run, about 80 ms, while pytm,
installed by pip, ran from bytecode).

Each row is the best wall time of --repeat rounds; a round runs every scenario once, pytm too
(each from the same files on disk), so that ratios to pytm hold under the same machine load.
Beside it, the best CPU time (user + system, from wait4) and its ratio: on a shared machine
whose load comes and goes, CPU time varies far less than wall time.
--pythonpath runs medsec from another source folder (a checkout of another version: before
and after); --extra adds arguments to every medsec run (``--extra=--framework=stride``: the
STRIDE analysis alone).
pytm is a dev-time benchmark dependency: ``pip install pytm==1.4.0`` (the row is skipped,
with a note, when it is not importable). Targets (issue 9): fresh and warm at most as slow
as pytm; goal half of pytm.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic_model import model  # noqa: E402

REGISTER = "threats.yaml"


@dataclass(frozen=True)
class Row:
    """One measured scenario."""

    name: str
    seconds: float
    cpu: float
    peak_mib: int
    threats: int
    note: str


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int, str]:
    """Wall time of one run, its CPU time and peak RSS (MiB, both from wait4) and its stderr."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        took = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0 or "Traceback" in stderr:
        raise SystemExit(f"{cmd[:4]} failed ({proc.returncode}): {stderr[-2000:]}")
    return took, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a project folder (hidden ones too), to restore before each run."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def restore(folder: Path, files: dict[str, bytes]) -> None:
    """Make the folder hold exactly ``files``."""
    shutil.rmtree(folder)
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)


def entries_in(folder: Path) -> int:
    """Threat entries in the register on disk (0 when there is none)."""
    path = folder / REGISTER
    return path.read_text(encoding="utf-8").count("\n  - id: ") if path.exists() else 0


@dataclass(frozen=True)
class Scenario:
    """A run to measure: its name, the files it starts from, the command."""

    name: str
    start: dict[str, bytes]
    cmd: list[str]
    env: dict[str, str] | None = None
    cold: bool = False  # with an empty cache folder (MEDSEC_CACHE): nothing parsed before


Run = tuple[float, float, int, str, int]  # seconds, CPU seconds, peak MiB, stderr, entries


def once(scenario: Scenario, folder: Path) -> Run:
    """One run from the scenario's files: seconds, CPU, peak MiB, stderr, register entries after.

    A cold scenario runs with an empty cache folder of its own; the others share the cache
    folder every run before them used (``MEDSEC_CACHE`` of ``measure``), as a user's machine
    keeps medsec's parse caches between runs."""
    restore(folder, scenario.start)
    if not scenario.cold:
        took, cpu, peak, err = timed(scenario.cmd, scenario.env)
        return took, cpu, peak, err, entries_in(folder)
    with tempfile.TemporaryDirectory() as empty:
        env = {**(scenario.env or os.environ), "MEDSEC_CACHE": empty}
        took, cpu, peak, err = timed(scenario.cmd, env)
    return took, cpu, peak, err, entries_in(folder)


def row(name: str, runs: list[Run]) -> Row:
    """The best of a scenario's runs, with the summary medsec printed."""
    summary = re.search(r"threats: (.*?)(;|\(|$)", runs[-1][3], re.MULTILINE)
    note = summary.group(1).strip() if summary else ""
    new = re.search(r"(\d+) new", note)
    count = runs[-1][4] or (int(new.group(1)) if new else -1)
    found = re.search(r"findings=(\d+)", runs[-1][3])
    if found:
        count = int(found.group(1))
    seconds, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
    return Row(name, seconds, cpu, max(r[2] for r in runs), count, note)


def changed_model(text: str) -> str:
    """A small edit of the synthetic model: five flows re-encrypted, one flow removed."""
    out = text
    for i in range(5):
        out = re.sub(
            rf"(\{{id: f{i}, [^\n]*?encryption: )[^,]+", lambda m: m.group(1) + "tls1.3", out
        )
    return re.sub(r"\n  - \{id: f7, [^\n]*", "", out)


def commented(register: str, every: int = 100) -> str:
    """The register after a person's review of every ``every``-th entry: comments, decisions."""
    parts = register.split("\n  - id: ")
    for i in range(1, len(parts), every):
        head, _, rest = parts[i].partition("\n")
        body = rest.rstrip("\n")
        parts[i] = (
            f"{head}  # reviewed\n    # discussed in the risk meeting\n{body}\n"
            "    decision: mitigate\n    rationale: see the design review\n"
            "    approver: QA lead\n    date: 2026-03-01" + rest[len(body) :]
        )
    return "\n  - id: ".join(parts)


def has_pytm() -> bool:
    """Whether pytm is importable (a dev-time benchmark dependency)."""
    try:
        import pytm  # noqa: F401
    except ImportError:
        print("pytm not installed: pip install pytm==1.4.0 to compare", file=sys.stderr)
        return False
    return True


def scenarios(
    n: int, folder: Path, env: dict[str, str] | None, extra: list[str] | None = None
) -> list[Scenario]:
    """Every scenario of the module docstring, in order (the fresh run makes the register)."""
    text = model(n)
    base = {"medsec.yaml": text.encode()}
    cmd = [sys.executable, "-m", "medsec", "threats", str(folder), *(extra or [])]
    restore(folder, base)
    timed(cmd, env)  # the register every re-run starts from
    written = snapshot(folder)
    reviewed = {**written, REGISTER: commented(written[REGISTER].decode()).encode()}
    uncached = {name: reviewed[name] for name in ("medsec.yaml", REGISTER)}
    out = [
        Scenario("dry run (no register)", base, [*cmd, "--dry-run"], env, cold=True),
        Scenario("fresh (writes threats.yaml)", base, cmd, env, cold=True),
        Scenario("warm re-run (unchanged model)", written, cmd, env),
        Scenario(
            "changed model re-run",
            {**written, "medsec.yaml": changed_model(text).encode()},
            cmd,
            env,
        ),
        Scenario("warm re-run, 1% entries commented", reviewed, cmd, env),
        Scenario("  the same, no parse cache", uncached, cmd, env, cold=True),
    ]
    if has_pytm():
        pytm = [sys.executable, str(HERE / "pytm_model.py"), str(n)]
        timed(pytm, env)  # its bytecode, as medsec's above
        out.append(Scenario("pytm 1.4 resolve()", {}, pytm, env))
    return out


def measure(
    n: int, repeat: int, tmp: Path, pythonpath: str | None = None, extra: list[str] | None = None
) -> list[Row]:
    """Best of ``repeat`` rounds; each round runs every scenario once, pytm included.

    Rounds rather than one scenario at a time: on a shared machine the load drifts, and a
    ratio to pytm only holds when both were measured under the same load.
    """
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(tmp / "bytecode")}
    env["MEDSEC_CACHE"] = str(tmp / "cache")  # the parse caches runs share, as on a user's machine
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if pythonpath:  # first, before any outer PYTHONPATH (where pytm may be)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [pythonpath, env.get("PYTHONPATH")]))
    folder = tmp / "model"
    folder.mkdir()
    plan = scenarios(n, folder, env, extra)
    runs: dict[str, list[Run]] = {s.name: [] for s in plan}
    for _ in range(repeat):
        for scenario in plan:
            runs[scenario.name].append(once(scenario, folder))
    return [row(s.name, runs[s.name]) for s in plan]


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--pythonpath",
        help="run medsec from this source folder (another version, to compare before/after)",
    )
    parser.add_argument(
        "--extra",
        action="append",
        help="an argument added to every medsec run (repeat; e.g. --extra=--framework=stride)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = measure(args.n, args.repeat, Path(tmp), args.pythonpath, args.extra)
    pytm = rows[-1] if rows[-1].name.startswith("pytm") else None
    source = f"; medsec from {args.pythonpath}" if args.pythonpath else ""
    source += f"; medsec threats ... {' '.join(args.extra)}" if args.extra else ""
    print(
        f"model: {args.n} elements, {args.n} flows; best of {args.repeat} whole processes{source}"
    )
    print(
        f"{'run':<36} {'seconds':>8} {'/ pytm':>7} {'cpu s':>6} {'/ pytm':>7} {'peak MiB':>9} "
        f"{'threats':>8}  summary"
    )
    for row in rows:
        wall = f"{row.seconds / pytm.seconds:>7.2f}" if pytm else f"{'-':>7}"
        cpu = f"{row.cpu / pytm.cpu:>7.2f}" if pytm else f"{'-':>7}"
        print(
            f"{row.name:<36} {row.seconds:>8.2f} {wall} {row.cpu:>6.2f} {cpu} {row.peak_mib:>9} "
            f"{row.threats:>8}  {row.note}"
        )


if __name__ == "__main__":
    main()
