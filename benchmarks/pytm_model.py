"""The same synthetic size as a pytm model: N elements and N flows, then pytm's resolve()."""

from __future__ import annotations

import random
import sys
import time


def main(n: int) -> None:
    from pytm import TM, Actor, Boundary, Dataflow, Datastore, Process

    rnd = random.Random(7)
    tm = TM("synthetic")
    tm.description = "benchmark"
    bounds = [Boundary(f"b{i}") for i in range(3)]
    elements = []
    for i in range(n):
        cls = rnd.choice([Process, Process, Process, Datastore, Actor])
        el = cls(f"e{i}")
        el.inBoundary = rnd.choice(bounds)
        elements.append(el)
    for i in range(n):
        a, b = rnd.sample(elements, 2)
        flow = Dataflow(a, b, f"f{i}")
        flow.protocol = rnd.choice(["HTTP", "HTTPS", "BLE"])
    start = time.perf_counter()
    tm.resolve()
    took = time.perf_counter() - start
    print(f"pytm findings={len(tm.findings)} resolve_s={took:.2f}", file=sys.stderr)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
