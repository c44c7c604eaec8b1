"""The pack's network files and archive: one schema in CSV and JSON, safe CSV cells, sums in
``sha256sum`` form, a deterministic zip with one safe folder."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from tests.conftest import EXAMPLE

from medsec.domain.model import Project
from medsec.engines.firewall import firewall_rules, flow_matrix
from medsec.outputs.pack import network
from medsec.outputs.pack.archive import (
    Missing,
    PackFile,
    PackHeader,
    folder_name,
    sha256sums,
    with_index,
    zip_bytes,
)
from medsec.project.loader import load_project


@pytest.fixture(scope="module")
def example() -> Project:
    return load_project(EXAMPLE)


def _view(p: Project) -> network.NetworkView:
    return network.NetworkView(p, firewall_rules(p), flow_matrix(p))


def test_csv_and_json_carry_the_same_rules(example: Project) -> None:
    view = _view(example)
    rows = list(csv.DictReader(io.StringIO(network.rules_csv(view))))
    records = json.loads(network.rules_json(view))["rules"]
    assert tuple(rows[0]) == network.RULE_FIELDS
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    for row, record in zip(rows, records, strict=True):
        assert row["port"] == ";".join(str(p) for p in record["port"])
        assert row["purpose"] == record["purpose"] and row["direction"] == record["direction"]


def test_flow_matrix_csv_has_every_flow_with_its_lists_joined(example: Project) -> None:
    rows = list(csv.DictReader(io.StringIO(network.flows_csv(_view(example)))))
    assert tuple(rows[0]) == network.FLOW_FIELDS
    assert len(rows) == len(example.flows)
    hl7 = next(r for r in rows if r["id"] == "pump-to-hl7")
    assert hl7["data"] == "patient-id;dose-history;clinician-id;device-logs"
    assert (hl7["leaves_device"], hl7["firewall_rule"]) == ("true", "fw-pump-to-hl7")


def test_a_cell_a_spreadsheet_would_run_is_defused(example: Project) -> None:
    flows = tuple(
        replace(f, name='=HYPERLINK("http://x")') if f.id == "pump-to-hl7" else f
        for f in example.flows
    )
    twin = replace(example, flows=flows)
    text = network.rules_csv(_view(twin))
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["flow"] == "pump-to-hl7")
    assert row["purpose"].startswith("'=HYPERLINK")
    assert network.cell("-1") == "'-1" and network.cell(2575) == "2575"


def _header(p: Project) -> PackHeader:
    return PackHeader(p.device, date(2026, 12, 4), 3, "medsec test")


def test_sums_are_sha256sum_lines_and_cover_the_manifest(example: Project) -> None:
    files = [
        PackFile("b.txt", b"two\n", "text/plain", "b"),
        PackFile("a.txt", b"one\n", "text/plain", "a"),
    ]
    missing = [Missing("vex.cdx.json", "VEX", "no scan")]
    every = {f.name: f for f in with_index(_header(example), files, missing)}
    assert list(every) == ["SHA256SUMS", "a.txt", "b.txt", "manifest.json"]
    lines = every["SHA256SUMS"].data.decode().splitlines()
    one = hashlib.sha256(b"one\n").hexdigest()
    assert lines[0] == f"{one}  a.txt"
    assert [line.split("  ")[1] for line in lines] == ["a.txt", "b.txt", "manifest.json"]
    manifest = json.loads(every["manifest.json"].data)
    assert manifest["missing"] == [{"name": "vex.cdx.json", "what": "VEX", "reason": "no scan"}]
    assert manifest["security_guide_revision"] == 3 and manifest["date"] == "2026-12-04"
    assert sha256sums(files).startswith(hashlib.sha256(b"one\n").hexdigest())


def test_the_zip_is_deterministic_sorted_and_in_one_safe_folder(example: Project) -> None:
    files = [
        PackFile("b.txt", b"two", "text/plain", "b"),
        PackFile("a.txt", b"one", "text/plain", "a"),
    ]
    moment = datetime(2026, 12, 4, tzinfo=UTC)
    first = zip_bytes("f", files, moment)
    assert first == zip_bytes("f", list(reversed(files)), moment)
    assert first != zip_bytes("f", files, datetime(2026, 12, 5, tzinfo=UTC))
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == ["f/a.txt", "f/b.txt"]
    assert {i.date_time for i in infos} == {(2026, 12, 4, 0, 0, 0)}
    odd = replace(example.device, id="../../etc", version="1.0 beta/2")
    assert folder_name(odd) == "..-..-etc-1.0-beta-2-integration-pack"
    assert "/" not in folder_name(odd)
