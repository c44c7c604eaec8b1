"""SBOM reading speed and memory, as ratios to a bare ``orjson.loads`` measured in the same run.

    python benchmarks/sbom_read.py            # 50,000 and 5,000 components (generated)
    python benchmarks/sbom_read.py --quick    # 5,000 and 1,000

Rows: orjson.loads (baseline); medsec read (sniff + lenient read + jsonschema-rs schema
check); medsec read + NTIA/support/duplicate check; the whole ``medsec sbom check`` process
(wall time, peak RSS, in a child process); cyclonedx-python-lib ``Bom.from_json`` on the
smaller file. Budget: 50k components read, checked and normalised in < 10 s and < 1.5 GB.
"""

from __future__ import annotations

import gc
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sbom_generate import generate

from medsec.engines.sbom.check import check_document
from medsec.sources.sbom.registry import read

TODAY = date(2026, 11, 27)


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        if gc.isenabled():
            gc.collect()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def whole_process(path: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a fresh ``medsec sbom check FILE --format json``."""
    code = (
        "import sys; from medsec.cli.main import main; "
        f"sys.exit(main(['sbom', 'check', {str(path)!r}, '--format', 'json', '--output', '/dev/null', "
        "'--no-fail-on-gap']))"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def cyclonedx_lib(data: bytes) -> float | None:
    try:
        from cyclonedx.model.bom import Bom
    except ImportError:
        return None
    return best_of(1, lambda: Bom.from_json(orjson.loads(data)))  # type: ignore[attr-defined]


def main() -> None:
    quick = "--quick" in sys.argv
    big_n, small_n = (5_000, 1_000) if quick else (50_000, 5_000)
    folder = Path(tempfile.mkdtemp(prefix="medsec-bench-"))
    big, small = folder / f"bom-{big_n}.json", folder / f"bom-{small_n}.json"
    big.write_bytes(orjson.dumps(generate(big_n)))
    small.write_bytes(orjson.dumps(generate(small_n)))
    rows: list[tuple[str, str, str]] = []

    for path, n in ((big, big_n), (small, small_n)):
        data = path.read_bytes()
        base = best_of(3, lambda data=data: orjson.loads(data))  # type: ignore[misc]
        gc.disable()
        paused = best_of(3, lambda data=data: orjson.loads(data))  # type: ignore[misc]
        gc.enable()
        plain = best_of(3, lambda data=data: read(data, source="b", validate=False))  # type: ignore[misc]
        full = best_of(3, lambda data=data: read(data, source="b"))  # type: ignore[misc]

        def checked(data: bytes = data) -> None:
            check_document(read(data, source="b").document, element=None, today=TODAY)

        with_check = best_of(3, checked)
        label = f"{n:,} comp., {len(data) / 1e6:.1f} MB"
        rows.append((f"orjson.loads ({label})", f"{base:.3f} s", "1.0x"))
        rows.append(
            ("orjson.loads with the cyclic GC paused", f"{paused:.3f} s", f"{paused / base:.1f}x")
        )
        rows.append(("medsec read, no schema check", f"{plain:.3f} s", f"{plain / base:.1f}x"))
        rows.append(("medsec read + jsonschema-rs", f"{full:.3f} s", f"{full / base:.1f}x"))
        rows.append(
            (
                "medsec read + schema + NTIA/support check",
                f"{with_check:.3f} s",
                f"{with_check / base:.1f}x",
            )
        )
        if n == small_n:
            lib = cyclonedx_lib(data)
            if lib is not None:
                rows.append(
                    (
                        "cyclonedx-python-lib Bom.from_json",
                        f"{lib:.3f} s ({lib / n * 1000:.2f} ms/comp.)",
                        f"{lib / base:.1f}x; medsec {lib / with_check:.0f}x faster",
                    )
                )
        else:
            wall, peak = whole_process(path)
            rows.append(
                (
                    "whole process: medsec sbom check --format json",
                    f"{wall:.2f} s, {peak:.0f} MB peak",
                    "budget 10 s, 1.5 GB",
                )
            )

    width = max(len(r[0]) for r in rows)
    print(f"{'what':{width}}  {'time':28}  ratio to orjson.loads")
    for what, took, ratio in rows:
        print(f"{what:{width}}  {took:28}  {ratio}")


if __name__ == "__main__":
    main()
