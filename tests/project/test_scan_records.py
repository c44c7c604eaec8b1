"""project/scan_records: one owner of records/scans/DATE.json; what is written is read back."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from medsec.domain.errors import InputError
from medsec.domain.vulnerability import ComponentRef, Confidence, Finding, MatchDetail, Matcher
from medsec.project import scan_records
from medsec.project.scan_records import RecordedFinding, RecordedSnapshot, ScanRecord

DAY = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)

FULL = Finding(
    id="CVE-2024-2511@pkg:generic/openssl",
    advisory="CVE-2024-2511",
    aliases=("GHSA-xxxx-yyyy-zzzz", "OSV-2024-1"),
    component=ComponentRef(
        name="openssl",
        version="3.0.13",
        purl="pkg:generic/openssl@3.0.13",
        cpe="cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*",
        element="pump-fw, safety-cpu",
        sbom="sbom/pump-fw.spdx.json",
    ),
    summary="unbounded memory growth with session handling",
    fixed_versions=("3.0.14", "3.1.6"),
    severity="medium",
    cvss_vector="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L",
    cvss_score=5.3,
    kev=True,
    epss=0.00123,
    details=(
        MatchDetail(
            Matcher.PURL_OSV,
            Confidence.HIGH,
            "OSV-2024-1",
            "Generic/openssl introduced 3.0.0, fixed 3.0.14",
            "osv:37ba249c9d940e15",
        ),
        MatchDetail(
            Matcher.CPE_NVD,
            Confidence.LOW,
            "CVE-2024-2511",
            "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:* [versionEndExcluding 3.0.14]",
            "nvd:c987883941703456",
        ),
    ),
    cwes=("CWE-1325",),
)

RECORD = ScanRecord(
    date=DAY,
    entries=(
        RecordedFinding(
            FULL,
            state="exploitable",
            first_seen=dt.date(2026, 10, 1),
            triage_due=dt.date(2026, 10, 15),
            remediation_due=dt.date(2026, 12, 30),
            overdue=True,
            rereview="version changed: re-review",
        ),
    ),
    device="acme-infusion",
    elements=("pump-fw", "safety-cpu"),
    components=60,
    snapshots=(
        RecordedSnapshot("nvd:c987883941703456", "nvd", "2026-11-20T08:00:00+00:00", 7, 7),
        RecordedSnapshot("osv:37ba249c9d940e15", "osv", "2026-11-20T08:00:01+00:00", 7, 8),
    ),
    warnings=("sbom/pump-fw.spdx.json: openssl: CPE ignored: bad",),
    notes=("nvd data is 400 days old (limit 365): run 'medsec db update'",),
)


def test_everything_written_is_read_back() -> None:
    text = scan_records.dumps(RECORD)
    back = scan_records.parse(text.encode(), source="records/scans/2026-11-27.json")
    assert back == RECORD
    assert back.findings[0].details == FULL.details  # matched range, snapshot, confidence
    assert back.path == "records/scans/2026-11-27.json"
    assert scan_records.dumps(back) == text  # and written again byte for byte


def test_confidence_is_written_only_where_it_differs_from_the_findings() -> None:
    doc = json.loads(scan_records.dumps(RECORD))
    finding = doc["findings"][0]
    assert (finding["matcher"], finding["confidence"]) == ("purl-osv", "high")
    first, second = finding["provenance"]
    assert "confidence" not in first  # the output of single-matcher scans keeps its shape
    assert second["confidence"] == "low"


def test_a_timestamped_record_keeps_its_time() -> None:
    when = dt.datetime(2026, 11, 20, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    record = ScanRecord(date=when, entries=())
    back = scan_records.parse(scan_records.dumps(record).encode(), source="r.json")
    assert back.date == when and back.date.utcoffset() == dt.timedelta(hours=2)
    assert json.loads(scan_records.dumps(RECORD))["scan"]["date"] == "2026-11-27"


OLD = {
    "scan": {
        "date": "2026-11-20T08:00:00Z",
        "snapshots": [{"id": "osv-2026-11-20", "source": "osv", "age_days": 3}],
        "elements": ["pump-fw"],
    },
    "findings": [
        {
            "id": "CVE-1@pkg:generic/a",
            "advisory": "CVE-1",
            "component": {"name": "a", "version": "1.0"},
            "matcher": "cpe-nvd",
            "state": None,
        }
    ],
}


def test_an_older_record_without_the_newer_keys_still_reads() -> None:
    record = scan_records.parse(json.dumps(OLD).encode(), source="old.json")
    assert record.date == dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC)
    assert record.snapshots == (RecordedSnapshot("osv-2026-11-20", "osv", None, 3, None),)
    assert record.data_age_days == 3
    (entry,) = record.entries
    assert entry.state == "" and entry.first_seen is None and not entry.overdue
    f = entry.finding
    assert (f.severity, f.summary, f.kev, f.epss, f.aliases) == ("unknown", "", False, None, ())
    # no provenance yet: one match of the recorded matcher, with that matcher's confidence
    assert f.details == (MatchDetail(Matcher.CPE_NVD, Confidence.LOW, "CVE-1", ""),)


def _broken(**changes: Any) -> bytes:
    doc = json.loads(scan_records.dumps(RECORD))
    for where, value in changes.items():
        *parents, key = where.split("__")
        node = doc
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[key] = value
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"findings__0__kev": "yes"}, "findings[0].kev", "must be true or false"),
        ({"findings__0__aliases": ["ok", 3]}, "findings[0].aliases", "list of strings"),
        ({"findings__0__cvss": {"score": "high"}}, "findings[0].cvss.score", "must be a number"),
        ({"findings__0__epss": True}, "findings[0].epss", "must be a number"),
        ({"findings__0__matcher": "magic"}, "findings[0].matcher", "unknown matcher 'magic'"),
        ({"findings__0__first_seen": "soon"}, "findings[0].first_seen", "not a date"),
        ({"findings__0__component": {"version": "1"}}, "findings[0].component", "component"),
        ({"findings__0__provenance": [{"advisory": "X"}]}, "provenance[0].matcher", "matcher"),
        ({"findings__0__provenance": ["x"]}, "findings[0].provenance", "list of objects"),
        ({"findings__0__id": ""}, "findings[0]", "a finding needs an id and an advisory"),
        ({"scan__snapshots": [{"source": "osv"}]}, "scan.snapshots[0].id", "needs an id"),
        ({"scan__elements": "pump-fw"}, "scan.elements", "list of strings"),
        ({"scan__components": False}, "scan.components", "must be a number"),
        ({"scan__date": "yesterday"}, "scan.date", "not a scan record"),
        ({"findings": {}}, "findings", "findings must be a list"),
    ],
)
def test_a_broken_record_is_an_error_naming_file_and_field(
    change: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        scan_records.parse(_broken(**change), source="records/scans/x.json")
    (problem,) = caught.value.problems
    assert problem.path == "records/scans/x.json"
    assert problem.field is not None and problem.field.endswith(field)
    assert message in problem.message


def test_malformed_json_names_the_file_and_line() -> None:
    with pytest.raises(InputError) as caught:
        scan_records.parse(b'{"scan":\n  oops}', source="records/scans/x.json")
    (problem,) = caught.value.problems
    assert "malformed JSON" in problem.message and problem.line == 2


def _write(root: Path, name: str, date: str, *ids: str) -> None:
    findings = [{"id": i, "advisory": i.split("@")[0], "component": {"name": "a"}} for i in ids]
    folder = root / "records" / "scans"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps({"scan": {"date": date}, "findings": findings}))


def test_the_records_of_a_project(tmp_path: Path) -> None:
    assert scan_records.latest(tmp_path) is None and scan_records.history(tmp_path) == []
    path = scan_records.write(tmp_path, RECORD)
    assert path == tmp_path / "records/scans/2026-11-27.json"
    assert scan_records.read(path, "records/scans/2026-11-27.json") == RECORD
    _write(tmp_path, "b.json", "2026-01-01", "CVE-1@a", "CVE-2@a")
    _write(tmp_path, "a.json", "2026-06-01", "CVE-2@a")
    latest = scan_records.latest(tmp_path)
    assert latest is not None and latest.path == "records/scans/2026-11-27.json"
    assert [r.path for r in scan_records.read_all(tmp_path)] == [
        "records/scans/2026-11-27.json",
        "records/scans/a.json",
        "records/scans/b.json",
    ]
    assert [day for day, _ in scan_records.history(tmp_path)] == [
        dt.date(2026, 1, 1),
        dt.date(2026, 6, 1),
        dt.date(2026, 11, 27),
    ]
    seen = scan_records.first_seen(tmp_path)
    assert seen["CVE-1@a"] == dt.date(2026, 1, 1) and seen[FULL.id] == dt.date(2026, 11, 27)


def test_a_broken_record_among_many_is_an_error_not_skipped(tmp_path: Path) -> None:
    _write(tmp_path, "a.json", "2026-06-01", "CVE-2@a")
    (tmp_path / "records/scans/b.json").write_text("{broken")
    with pytest.raises(InputError, match=r"records/scans/b\.json"):
        scan_records.history(tmp_path)
    with pytest.raises(InputError, match=r"records/scans/b\.json.*malformed JSON"):
        scan_records.latest(tmp_path)  # unreadable sorts last, then is read strictly


UNDETERMINED = Finding(
    id="GHSA-1@pkg:npm/pkg",
    advisory="GHSA-1",
    aliases=(),
    component=ComponentRef("pkg", "latest", "pkg:npm/pkg@latest", sbom="sbom/app.cdx.json"),
    summary="could not be evaluated",
    fixed_versions=("2.0.0",),
    severity="high",
    cvss_vector=None,
    cvss_score=None,
    kev=False,
    epss=None,
    details=(
        MatchDetail(
            Matcher.PURL_OSV,
            Confidence.UNDETERMINED,
            "GHSA-1",
            "not evaluated: 'latest' is not a valid SemVer version: ECOSYSTEM: introduced 0, "
            "fixed 2.0.0 not evaluated",
            "osv:1",
        ),
    ),
)


def test_a_could_not_evaluate_finding_is_kept_and_read_back() -> None:
    record = ScanRecord(date=DAY, entries=(RecordedFinding(UNDETERMINED, state="in_triage"),))
    text = scan_records.dumps(record)
    doc = json.loads(text)["findings"][0]
    assert doc["confidence"] == "undetermined"
    assert doc["provenance"][0]["matched"].startswith("not evaluated: 'latest'")
    back = scan_records.parse(text.encode(), source="r.json")
    assert back == record
    (finding,) = back.findings
    assert finding.undetermined
    assert finding.evaluation == UNDETERMINED.details[0].matched


def test_a_finding_that_also_matched_keeps_the_matchs_confidence() -> None:
    mixed = replace(
        UNDETERMINED,
        details=(
            MatchDetail(Matcher.PURL_OSV, Confidence.HIGH, "GHSA-2", "npm/pkg ECOSYSTEM: …", "o"),
            UNDETERMINED.details[0],
        ),
    )
    record = ScanRecord(date=DAY, entries=(RecordedFinding(mixed),))
    text = scan_records.dumps(record)
    doc = json.loads(text)["findings"][0]
    assert doc["confidence"] == "high"
    assert doc["provenance"][1]["confidence"] == "undetermined"
    back = scan_records.parse(text.encode(), source="r.json")
    assert back.findings[0].details == mixed.details
    assert not back.findings[0].undetermined
