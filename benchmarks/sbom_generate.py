"""Write a synthetic CycloneDX 1.6 JSON SBOM with N components (realistic shape, deterministic).

    python benchmarks/sbom_generate.py 50000 /tmp/bom-50k.cdx.json

Each component has a bom-ref, group, name, version, purl, a CPE on every tenth, a SHA-256, a
licence, a supplier on most, medsec support properties on some, nested components on every
hundredth, and 1-3 dependencies on earlier components.
"""

from __future__ import annotations

import hashlib
import random
import sys
from pathlib import Path
from typing import Any

import orjson

ECOSYSTEMS = ("npm", "maven", "pypi", "golang", "cargo")
LICENCES = ("MIT", "Apache-2.0", "BSD-3-Clause", "ISC", "GPL-2.0-only")


def component(n: int, rng: random.Random) -> dict[str, Any]:
    eco = ECOSYSTEMS[n % len(ECOSYSTEMS)]
    group = f"org.example{n % 97}"
    name = f"lib{n}"
    version = f"{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 99)}"
    purl = (
        f"pkg:{eco}/{group}/{name}@{version}"
        if eco in ("maven", "golang")
        else f"pkg:{eco}/{name}@{version}"
    )
    item: dict[str, Any] = {
        "type": "library",
        "bom-ref": f"{purl}#{n}",
        "group": group,
        "name": name,
        "version": version,
        "purl": purl,
        "hashes": [{"alg": "SHA-256", "content": hashlib.sha256(purl.encode()).hexdigest()}],
        "licenses": [{"license": {"id": LICENCES[n % len(LICENCES)]}}],
    }
    if n % 7:
        item["supplier"] = {"name": f"Supplier {n % 211}"}
    if n % 10 == 0:
        item["cpe"] = f"cpe:2.3:a:example{n % 97}:{name}:{version}:*:*:*:*:*:*:*"
    if n % 5 == 0:
        item["properties"] = [
            {"name": "medsec:support_level", "value": "support"},
            {"name": "medsec:end_of_support", "value": f"20{27 + n % 5}-12-31"},
        ]
    return item


def generate(count: int, seed: int = 1) -> dict[str, Any]:
    rng = random.Random(seed)
    components: list[dict[str, Any]] = []
    dependencies = []
    made = 0
    while made < count:
        item = component(made, rng)
        made += 1
        if made % 100 == 0 and made < count:  # a nested child, counted as a component
            item["components"] = [component(made, rng)]
            made += 1
        components.append(item)
    refs = [c["bom-ref"] for c in components]
    for index, ref in enumerate(refs[1:], start=1):
        targets = sorted({refs[rng.randrange(index)] for _ in range(rng.randint(1, 3))})
        dependencies.append({"ref": ref, "dependsOn": targets})
    return {
        "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        "version": 1,
        "metadata": {
            "timestamp": "2026-09-01T12:00:00Z",
            "authors": [{"name": "medsec benchmark"}],
            "component": {
                "type": "application",
                "bom-ref": "root",
                "name": "bench-app",
                "version": "1.0.0",
            },
        },
        "components": components,
        "dependencies": [{"ref": "root", "dependsOn": refs[:10]}, *dependencies],
    }


def main(argv: list[str]) -> None:
    count = int(argv[1]) if len(argv) > 1 else 50_000
    out = Path(argv[2]) if len(argv) > 2 else Path(f"bom-{count}.cdx.json")
    out.write_bytes(orjson.dumps(generate(count)))
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB, {count} components)")


if __name__ == "__main__":
    main(sys.argv)
