"""OSV import of unknown and variant ecosystems: kept, warned once per base, bounded."""

from __future__ import annotations

import orjson

from medsec.domain.advisory import SourceKind
from medsec.sources.advisories import osv_import
from medsec.sources.advisories.source import Collection


def _record(ident: str, ecosystem: str) -> bytes:
    return orjson.dumps(
        {
            "id": ident,
            "modified": "2026-01-01T00:00:00Z",
            "affected": [
                {
                    "package": {"ecosystem": ecosystem, "name": "pkg"},
                    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}],
                }
            ],
        }
    )


def _import(files: list[tuple[str, bytes]]) -> tuple[int, list[str]]:
    collection = Collection(SourceKind.OSV, "directory", "feed", "0" * 64, iter(()))
    loaded = osv_import.load(files, collection, skip_invalid=False)
    kept = len(list(loaded.records))
    return kept, [str(w) for w in collection.warnings]


def test_unknown_ecosystems_are_kept_and_warned_once_per_base_within_a_bound() -> None:
    # 10,000 records over 1,000 releases of 100 unknown ecosystems
    files = [
        (f"r{i}.json", _record(f"X-{i}", f"Unknown{i % 100}:{i % 1000}")) for i in range(10_000)
    ]
    kept, warnings = _import(files)
    assert kept == 10_000  # stored: nothing lost
    named = [w for w in warnings if "is not one medsec maps" in w]
    assert len(named) == osv_import.MAX_UNKNOWN
    assert any(
        "80 more ecosystems medsec does not map to package URLs (100 in all)" in w for w in warnings
    )
    assert len(warnings) <= osv_import.MAX_UNKNOWN + osv_import.MAX_NOTES + 2


def test_variant_forms_of_known_ecosystems_are_not_unknown() -> None:
    names = [
        "Root:Debian:12",
        "Root:Alpine:3.18",
        "Root:PyPI",
        "Ubuntu:Pro:18.04:LTS",
        "Red Hat:enterprise_linux:8::baseos",
        "SUSE:Linux Enterprise Server 15 SP5",
        "CRAN",
        "Hackage",
        "Bioconductor",
        "Photon OS:3.0",
    ]
    kept, warnings = _import([(f"r{i}.json", _record(f"R-{i}", n)) for i, n in enumerate(names)])
    assert kept == len(names)
    assert warnings == []
