"""The shared judgements, and proof that every consumer gives the same answer on the example.

Rules, the ``security-concept`` checklist item, the attack-surface score and the diagram all
ask "is this a debug port?", "is this link authenticated / encrypted?": they must agree on every
interface and flow of the bundled example.
"""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE

from medsec.domain.model import Project
from medsec.domain.vocabulary import (
    Authentication,
    Encryption,
    Exposure,
    InterfaceKind,
    Production,
    Protocol,
)
from medsec.engines import judgements as j
from medsec.engines.surface.score import surface
from medsec.engines.threats.engine import generate
from medsec.engines.threats.rules._protection import cleartext_triggers, weak_link_triggers
from medsec.outputs.diagram import exposed_debug, is_weak
from medsec.project.loader import load_project
from medsec.services.check import CheckOptions, run

# Interfaces on which the four consumers once gave three different answers: a serial console,
# JTAG over a USB connector, a debug port whose production state is not stated, Just Works BLE.
EDGE_INTERFACES = """
  - {id: serial-console, element: pump-fw, kind: serial, protocol: uart, exposure: physical,
     authentication: none, production: enabled, needed_for: [preventive-maintenance]}
  - {id: usb-jtag, element: pump-fw, kind: usb, protocol: jtag, exposure: physical,
     authentication: none, production: enabled}
  - {id: swd-unknown, element: safety-cpu, kind: debug, protocol: swd, exposure: physical}
  - {id: ble-jw, element: pump-fw, kind: wireless, protocol: ble, exposure: adjacent,
     authentication: ble-just-works, encryption: ble-legacy, production: enabled}
"""


@pytest.fixture(scope="module", params=["example", "edge-cases"])
def project_root(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == "example":
        return EXAMPLE
    root = tmp_path_factory.mktemp("edge") / "infusion-pump"
    shutil.copytree(EXAMPLE, root)
    text = (root / "medsec.yaml").read_text(encoding="utf-8")
    text = text.replace("\ninterfaces:\n", "\ninterfaces:" + EDGE_INTERFACES, 1)
    (root / "medsec.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def example(project_root: Path) -> Project:
    return load_project(project_root)


# --- the judgements themselves -----------------------------------------------------------------


def _interface(example: Project, **changes: object):  # type: ignore[no-untyped-def]
    return dataclasses.replace(example.interfaces[0], **changes)


def test_debug_port_is_kind_debug_or_a_debug_only_protocol(example: Project) -> None:
    assert j.is_debug_interface(_interface(example, kind=InterfaceKind.DEBUG, protocol=None))
    assert j.is_debug_interface(_interface(example, kind=InterfaceKind.USB, protocol=Protocol.JTAG))
    # a serial console is a serial interface (MD-14), not a debug port, unless declared so
    assert not j.is_debug_interface(
        _interface(example, kind=InterfaceKind.SERIAL, protocol=Protocol.UART)
    )


def test_unknown_is_never_insecure(example: Project) -> None:
    itf = _interface(example, production=None, exposure=None, authentication=None)
    assert j.enabled_in_production(itf) is None and not j.switched_off(itf)
    assert j.network_reachable(itf) is None
    assert j.authenticated(None) is None
    assert j.authentication_strength(None) is j.Strength.UNKNOWN
    assert j.encrypted(None, None) is None and j.encrypted(None, Protocol.OTHER) is None


def test_strengths() -> None:
    assert j.authentication_strength(Authentication.MUTUAL_TLS) is j.Strength.STRONG
    assert j.authentication_strength(Authentication.PASSWORD) is j.Strength.WEAK
    assert j.authentication_strength(Authentication.BLE_JUST_WORKS) is j.Strength.NONE
    assert j.authenticated(Authentication.PASSWORD) is True
    assert j.authenticated(Authentication.NONE) is False
    assert j.encryption_strength(Encryption.TLS1_3) is j.Strength.STRONG
    assert j.encryption_strength(Encryption.TLS1_0) is j.Strength.WEAK
    assert j.encryption_strength(Encryption.NONE) is j.Strength.NONE


def test_encryption_implied_by_protocol() -> None:
    assert j.encrypted(None, Protocol.HTTPS) is True
    assert j.encrypted(None, Protocol.HTTP) is False
    assert j.encrypted(Encryption.NONE, Protocol.HTTPS) is False
    assert j.encrypted(Encryption.AES_CCM, Protocol.PROPRIETARY_RF) is True


def test_production_and_exposure(example: Project) -> None:
    assert j.switched_off(_interface(example, production=Production.REMOVED))
    assert j.enabled_in_production(_interface(example, production=Production.ENABLED))
    assert j.network_reachable(_interface(example, exposure=Exposure.INTERNET)) is True
    assert j.network_reachable(_interface(example, exposure=Exposure.ADJACENT)) is False


def test_trust_boundary_crossing(example: Project) -> None:
    by_id = {f.id: f for f in example.flows}
    crossing = {f.id for f in example.flows if j.crosses_trust_boundary(example, f)}
    for f in example.flows:
        source, target = example.find_element(f.source), example.find_element(f.target)
        assert source is not None and target is not None
        assert (f.id in crossing) == (source.boundary != target.boundary)
    assert crossing and crossing != set(by_id)  # the example has both kinds
    dangling = dataclasses.replace(example.flows[0], source="no-such-element")
    assert j.crosses_trust_boundary(example, dangling) is None


# --- every consumer agrees on the example ------------------------------------------------------


def test_debug_ports_agree_everywhere(example: Project, project_root: Path) -> None:
    md13 = {t.target.id for t in generate(example).threats if t.rule == "MD-13"}
    scored = {e.interface: e.debug for e in surface(example).entries}
    checklist = run(CheckOptions(project_root, date(2026, 12, 1))).checklist
    concept = next(i for i in checklist.items if i.id.value == "security-concept")
    flagged = {f.subject for f in concept.findings if f.rule.endswith("/debug-open")}
    debug_ports = [i for i in example.interfaces if j.is_debug_interface(i)]
    assert debug_ports, "the example has debug ports (JTAG, UART console)"
    for i in example.interfaces:
        debug = j.is_debug_interface(i)
        enabled = j.enabled_in_production(i) is True
        assert scored[i.id] is debug, i.id
        assert exposed_debug(i) is (debug and not j.switched_off(i)), i.id
        assert (i.id in md13) is (debug and enabled), i.id
        assert (f"interface:{i.id}" in flagged) is (debug and enabled), i.id


def test_link_protection_agrees_everywhere(example: Project) -> None:
    entries = {e.interface: e for e in surface(example).entries}
    for i in example.interfaces:
        entry = dict(entries[i.id].factors)
        strength = j.authentication_strength(i.authentication)
        assert entry["authentication"] == {"strong": 0.0, "weak": 0.5}.get(strength, 1.0), i.id
    for f in example.flows:
        assert is_weak(f) is j.weakly_protected(f.authentication, f.encryption), f.id
        auth_trigger = any(
            t.attribute.endswith(".authentication") for t in weak_link_triggers(example, f)
        )
        if auth_trigger:
            assert j.authenticated(f.authentication) is False, f.id
        assert bool(cleartext_triggers(f)) is (j.flow_encrypted(f) is False), f.id
