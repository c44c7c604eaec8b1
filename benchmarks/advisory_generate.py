"""Write a synthetic OSV dump: N realistic OSV JSON records in one zip (like ``all.zip``).

    python benchmarks/advisory_generate.py 100000 /tmp/osv-100k.zip

Records look like osv.dev's: GHSA/PYSEC/RUSTSEC/DSA-style ids, CVE aliases, a summary and a
few hundred characters of details, CVSS v3 severity, 3-6 references, ``database_specific``
with CWE ids, and one or two affected packages with ECOSYSTEM/SEMVER ranges of one or two
intervals; a third carry an explicit ``versions`` list of 5-60 versions (as osv.dev's PyPI
records do). Packages follow a long-tailed popularity: a few have hundreds of advisories,
most have one or two. Spread over PyPI, npm, Maven, Go, crates.io, RubyGems, NuGet, Debian
and Alpine. Deterministic for a given N and seed.
"""

from __future__ import annotations

import random
import sys
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

ECOSYSTEMS = (  # (OSV ecosystem, weight, id prefix, range type)
    ("PyPI", 20, "PYSEC", "ECOSYSTEM"),
    ("npm", 25, "GHSA", "SEMVER"),
    ("Maven", 15, "GHSA", "ECOSYSTEM"),
    ("Go", 10, "GO", "SEMVER"),
    ("crates.io", 5, "RUSTSEC", "SEMVER"),
    ("RubyGems", 5, "GHSA", "ECOSYSTEM"),
    ("NuGet", 5, "GHSA", "ECOSYSTEM"),
    ("Debian:12", 6, "DSA", "ECOSYSTEM"),
    ("Debian:11", 4, "DSA", "ECOSYSTEM"),
    ("Alpine:v3.18", 5, "ALPINE", "ECOSYSTEM"),
)
WORDS = [
    "buffer",
    "overflow",
    "in",
    "the",
    "parser",
    "allows",
    "remote",
    "attackers",
    "to",
    "execute",
    "arbitrary",
    "code",
    "via",
    "a",
    "crafted",
    "request",
    "header",
    "when",
    "the",
    "server",
    "is",
    "configured",
    "with",
    "an",
    "untrusted",
    "proxy",
    "and",
    "the",
    "length",
    "check",
    "is",
    "skipped",
    "for",
    "chunked",
    "transfer",
    "encoding",
    "which",
    "leads",
    "to",
    "memory",
    "corruption",
    "denial",
    "of",
    "service",
    "information",
    "disclosure",
    "cross",
    "site",
    "scripting",
    "path",
    "traversal",
]
VECTORS = (
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N",
    "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H",
)


def package_name(ecosystem: str, n: int) -> str:
    if ecosystem == "Maven":
        return f"org.example{n % 300}:lib-{n}"
    if ecosystem == "Go":
        return f"github.com/example{n % 500}/mod{n}"
    if ecosystem == "npm" and n % 4 == 0:
        return f"@scope{n % 50}/pkg-{n}"
    return f"pkg-{n}" if ecosystem not in {"PyPI"} else f"Py_Pkg.{n}"


def packages(count: int, rnd: random.Random) -> list[tuple[str, str, str, str]]:
    """``count`` distinct packages, each with its ecosystem's id prefix and range type."""
    weights = [w for _, w, _, _ in ECOSYSTEMS]
    chosen = rnd.choices(ECOSYSTEMS, weights, k=count)
    return [
        (eco, package_name(eco, i), prefix, kind) for i, (eco, _, prefix, kind) in enumerate(chosen)
    ]


def popular(pool: list[tuple[str, str, str, str]], rnd: random.Random) -> tuple[str, str, str, str]:
    """A package by long-tailed popularity: with 100,000 records the hottest package collects
    about 600 advisories (the Linux kernel or TensorFlow league), most packages one or two."""
    return pool[int(len(pool) * rnd.random() ** 2)]


def _version(rnd: random.Random) -> str:
    return f"{rnd.randint(0, 6)}.{rnd.randint(0, 25)}.{rnd.randint(0, 40)}"


def _affected(package: tuple[str, str, str, str], rnd: random.Random) -> dict[str, Any]:
    ecosystem, name, _, kind = package
    points = sorted(
        {_version(rnd) for _ in range(rnd.choice((1, 2, 2, 3, 4)))},
        key=lambda v: tuple(int(p) for p in v.split(".")),
    )
    events: list[dict[str, str]] = [{"introduced": "0"}]
    for i, point in enumerate(points):
        events.append({"fixed" if i % 2 == 0 else "introduced": point})
    affected: dict[str, Any] = {
        "package": {"ecosystem": ecosystem, "name": name},
        "ranges": [{"type": kind, "events": events}],
        "database_specific": {"source": "https://example.org/advisories"},
    }
    if ecosystem in {"PyPI", "npm"}:
        affected["package"]["purl"] = f"pkg:{ecosystem.lower()}/{name}"
    if rnd.random() < 0.33:
        affected["versions"] = sorted({_version(rnd) for _ in range(rnd.randint(5, 60))})
    return affected


def record(n: int, pool: list[tuple[str, str, str, str]], rnd: random.Random) -> dict[str, Any]:
    first = popular(pool, rnd)
    prefix = first[2]
    ident = (
        f"GHSA-{n:04x}-{rnd.randrange(16**4):04x}-{rnd.randrange(16**4):04x}"
        if prefix == "GHSA"
        else f"{prefix}-{2015 + n % 11}-{n}"
    )
    published = datetime(2015, 1, 1, tzinfo=UTC) + timedelta(minutes=rnd.randrange(5_000_000))
    affected = [_affected(first, rnd)]
    if rnd.random() < 0.08:
        affected.append(
            _affected(rnd.choice([p for p in pool[:200] if p[0] == first[0]] or [first]), rnd)
        )
    words = rnd.choices(WORDS, k=rnd.randint(40, 120))
    return {
        "schema_version": "1.6.0",
        "id": ident,
        "modified": (published + timedelta(days=rnd.randrange(400))).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "published": published.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "aliases": [f"CVE-{published.year}-{10000 + n}"],
        "summary": " ".join(words[:10]).capitalize(),
        "details": " ".join(words).capitalize() + ".",
        "severity": [{"type": "CVSS_V3", "score": rnd.choice(VECTORS)}],
        "affected": affected,
        "references": [
            {
                "type": "ADVISORY",
                "url": f"https://nvd.nist.gov/vuln/detail/CVE-{published.year}-{10000 + n}",
            },
            *(
                {"type": "WEB", "url": f"https://example.org/{ident}/{i}"}
                for i in range(rnd.randint(2, 5))
            ),
        ],
        "database_specific": {
            "cwe_ids": [f"CWE-{rnd.choice((20, 22, 79, 89, 120, 287, 400, 787))}"],
            "github_reviewed": True,
            "severity": rnd.choice(("LOW", "MODERATE", "HIGH", "CRITICAL")),
        },
    }


def records(count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    rnd = random.Random(seed)
    pool = packages(max(count // 4, 10), rnd)
    for n in range(count):
        yield record(n, pool, rnd)


def package_pool(count: int, seed: int = 7) -> list[tuple[str, str, str, str]]:
    """The packages ``records(count, seed)`` draws from (for choosing scan components)."""
    return packages(max(count // 4, 10), random.Random(seed))


def write(count: int, path: Path, seed: int = 7) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for item in records(count, seed):
            archive.writestr(f"{item['id']}.json", orjson.dumps(item, option=orjson.OPT_INDENT_2))
    return path


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    path = write(int(argv[0]), Path(argv[1]))
    print(f"wrote {argv[0]} OSV records to {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
