"""Builders for tests: small projects written to a folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

MINIMAL = """\
format: medsec/1
device:
  id: pump
  name: Test Pump
  version: 1.0.0
  manufacturer: ACME Medical GmbH
  security_contact: psirt@acme.example
  disclosure_policy: https://acme.example/cvd
boundaries:
  - {id: box, name: Enclosure, kind: device}
  - {id: ward, name: Ward network, kind: network}
elements:
  - id: pump-fw
    name: Pump firmware
    type: process
    boundary: box
    function: therapy
    safety_critical: true
    patients: 1
    credentials: unique-per-device
    secure_boot: true
    update: {signed: true, rollback_protection: true, channel: https}
    security_logging: true
    hazards: [HAZ-1]
  - id: tablet
    name: Clinician tablet
    type: process
    boundary: ward
    function: clinical-workflow
    credentials: unique-per-device
    security_logging: true
flows:
  - id: tablet-to-pump
    from: tablet
    to: pump-fw
    protocol: ble
    carries: commands
    data: [dose]
    authentication: ble-numeric-comparison
    encryption: ble-lesc
    replay_protection: true
interfaces:
  - id: ble-gatt
    element: pump-fw
    kind: wireless
    protocol: ble
    exposure: adjacent
    authentication: ble-numeric-comparison
    encryption: ble-lesc
    production: enabled
    needed_for: [program]
data:
  - id: dose
    name: Dose
    category: technical
    retention: P30D
use_cases:
  - {id: program, name: Program an infusion, needs_data: [dose], needs_interfaces: [ble-gatt]}
controls:
  - id: ble-lesc
    name: BLE LESC with numeric comparison
    category: authentication
    applies_to: [tablet-to-pump]
    requirement: SR-1
    verified_by: [TC-1]
hazards:
  - {id: HAZ-1, harm: Overdose, severity: critical}
"""


def write_project(folder: Path, text: str = MINIMAL, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "medsec.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    for name, body in files.items():
        target = folder / name.replace("__", "/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    return folder
