"""Issue 10 end to end: import the new ecosystems' OSV records, scan an SBOM, read the record.

This goes through the storage index (the canonical ecosystem keys of both sides) and the scan
service: a release-scoped distribution record reaches its release only, and a range that cannot
be evaluated is a finding of confidence "undetermined" in the result and in the scan record.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from medsec.services import db
from medsec.services.scan import ScanOptions, run

RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "osv-ecosystems"
TODAY = date(2026, 11, 27)

COMPONENTS = [
    ("sudo", "1.8.21p2-3ubuntu1.3", "pkg:deb/ubuntu/sudo@1.8.21p2-3ubuntu1.3?distro=ubuntu-18.04"),
    ("sudo", "1.8.31-1ubuntu1.1", "pkg:deb/ubuntu/sudo@1.8.31-1ubuntu1.1?distro=ubuntu-22.04"),
    ("sudo", "1.8.27-1+deb10u2", "pkg:deb/debian/sudo@1.8.27-1+deb10u2?distro=debian-10"),
    ("sudo", "1.8.29-6.el8", "pkg:rpm/redhat/sudo@1.8.29-6.el8?distro=rhel-8.3"),
    ("aeson", "1.5.6.0", "pkg:hackage/aeson@1.5.6.0"),
    ("readxl", "1.0.0", "pkg:cran/readxl@1.0.0"),
    ("gdata", "3.0.0", "pkg:cran/gdata@3.0.0"),
    ("http", "0.13.2", "pkg:pub/http@0.13.2"),
    ("http", "latest", "pkg:pub/http@latest"),  # no Pub version: could not evaluate
]


def _sbom(path: Path) -> Path:
    doc = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "version": 1,
        "components": [
            {"type": "library", "name": n, "version": v, "purl": p, "bom-ref": f"c{i}"}
            for i, (n, v, p) in enumerate(COMPONENTS)
        ],
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_new_ecosystems_and_variants_through_the_database(tmp_path: Path) -> None:
    folder = tmp_path / "advisories"
    shutil.copytree(RECORDS, folder, ignore=shutil.ignore_patterns("*.md"))
    url = str(tmp_path / "vulns.sqlite")
    outcome = db.import_path(db.ImportOptions(folder, url))
    assert not [w for w in outcome.warnings if "not one medsec maps" in str(w)]
    result = run(ScanOptions(None, _sbom(tmp_path / "app.cdx.json"), TODAY, db=url))
    found = {(f.advisory, f.component.purl, f.undetermined) for f in result.findings}
    assert found == {
        ("CVE-2021-3156", COMPONENTS[0][2], False),  # Ubuntu:18.04:LTS entry; not 22.04
        ("CVE-2021-3156", COMPONENTS[2][2], False),  # Debian:10
        ("CVE-2021-3156", COMPONENTS[3][2], False),  # Red Hat:enterprise_linux:8::baseos
        ("CVE-2022-3433", COMPONENTS[4][2], False),  # Hackage
        ("CVE-2017-2896", COMPONENTS[5][2], False),  # CRAN (the lowest CVE of the aliases)
        ("CVE-2020-35669", COMPONENTS[7][2], False),  # Pub
        ("CVE-2020-35669", COMPONENTS[8][2], True),  # could not evaluate: a finding all the same
    }
    undetermined = next(f for f in result.findings if f.undetermined)
    assert "'latest' is not a valid Pub version" in (undetermined.evaluation or "")
    assert next(s for s in result.statuses if s.finding is undetermined).state.value == "in_triage"
    assert any("could not evaluate GHSA-4rgh-jx4f-qfcq" in str(w) for w in result.warnings)


def test_a_database_indexed_before_release_keys_is_reindexed_for_the_scan(tmp_path: Path) -> None:
    """Data imported by a medsec before the ``Name:Variant`` keys (Ubuntu records stored under
    ``ubuntu:18.04:lts``, no match data, no index version) is found all the same: opening the
    database re-indexes it from the stored records, once."""
    from sqlalchemy import text

    from medsec.storage.store import AdvisoryStore

    folder = tmp_path / "advisories"
    folder.mkdir()
    shutil.copy(RECORDS / "USN-4705-1.json", folder)
    url = str(tmp_path / "vulns.sqlite")
    db.import_path(db.ImportOptions(folder, url))
    with AdvisoryStore.open(url) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE snapshots SET index_version = NULL"))
        old = text("UPDATE affected_index SET ecosystem = ecosystem || :suffix, entry = NULL")
        conn.execute(old, {"suffix": ":lts"})
        keys = conn.execute(text("SELECT ecosystem FROM affected_index")).scalars().all()
    assert sorted(keys) == ["ubuntu:18.04:lts", "ubuntu:20.04:lts"]  # the old keys
    result = run(ScanOptions(None, _sbom(tmp_path / "app.cdx.json"), TODAY, db=url))
    found = {(f.advisory, f.component.purl) for f in result.findings}
    assert ("CVE-2021-3156", COMPONENTS[0][2]) in found
