"""The privacy rule library (MP-xx): ids, metadata, and one weak model against its secured twin."""

import re
import sys
from dataclasses import replace

import pytest
from cvss import CVSS3, CVSS4

from medsec.domain.model import DataRight, DataTrait, Project
from medsec.domain.threat import Match, Unknown
from medsec.domain.vocabulary import DataCategory, Exposure, InterfaceKind, Production, Protocol
from medsec.engines.threats.rule import Rule
from medsec.engines.threats.rules import PRIVACY_RULES, RULES
from medsec.engines.threats.rules._fixtures import (
    data_item,
    element,
    flow,
    interface,
    make_project,
    store,
    use_case,
)
from medsec.engines.threats.rules.test_registry import secure_project
from medsec.engines.threats.vectors import v4_from_v3

IDS = [r.meta.id for r in PRIVACY_RULES]


def test_privacy_rules_are_sorted_unique_and_apart_from_the_security_rules() -> None:
    assert len(PRIVACY_RULES) >= 5
    assert sorted(IDS) == IDS and len(set(IDS)) == len(IDS)
    assert not set(IDS) & {r.meta.id for r in RULES}


@pytest.mark.parametrize("rule", PRIVACY_RULES, ids=IDS)
def test_id_module_and_metadata(rule: Rule) -> None:
    module = type(rule).__module__.rsplit(".", 1)[-1]
    number = re.fullmatch(r"mp(\d\d)_[a-z0-9_]+", module)
    assert number is not None and rule.meta.id == f"MP-{number.group(1)}"
    assert sys.modules[type(rule).__module__].RULE is rule
    meta = rule.meta
    assert meta.linddun and not meta.stride  # a privacy threat: LINDDUN only
    assert meta.title and len(meta.mitigation) > 40 and len(meta.description) > 40
    assert all(re.fullmatch(r"CWE-\d+", c) for c in meta.cwe)
    assert all(re.fullmatch(r"CAPEC-\d+", c) for c in meta.capec)
    assert CVSS3(meta.cvss_v3_1).scores()[0] > 0
    assert CVSS4(v4_from_v3(meta.cvss_v3_1)[0]).scores()[0] > 0


def weak_project(*, secured: bool = False) -> Project:
    """A home insulin patch with an app and a cloud: every privacy rule fires unless ``secured``."""
    data = [
        replace(
            data_item("serial", DataCategory.PERSONAL),
            traits=(DataTrait.IDENTIFIER,),
            pseudonymised=secured,
        ),
        replace(data_item("bolus-times"), traits=(DataTrait.TIMING,), pseudonymised=secured),
        replace(data_item("glucose"), pseudonymised=True),
        replace(
            data_item("pseudonym-map", DataCategory.PERSONAL), traits=(DataTrait.PSEUDONYM_KEY,)
        ),
    ]
    key_home = "lan" if secured else "cloud"
    rights = (DataRight.ACCESS, DataRight.RECTIFICATION) if secured else (DataRight.ACCESS,)
    return make_project(
        elements=[
            element("patch", patients=1),
            element("api", boundary="cloud"),
            store("cloud-db", boundary="cloud", stores=("glucose", "bolus-times")),
            store("key-store", boundary=key_home, stores=("pseudonym-map",)),
        ],
        flows=[
            flow(
                "upload",
                "patch",
                "api",
                protocol=Protocol.HTTPS,
                data=("serial", "bolus-times", "glucose"),
            )
        ],
        interfaces=[
            interface(
                "ble",
                "patch",
                InterfaceKind.WIRELESS,
                protocol=Protocol.BLE,
                exposure=Exposure.ADJACENT,
                production=Production.ENABLED,
                always_on=not secured,
            )
        ],
        data=data,
        use_cases=[
            replace(use_case("therapy", data=("glucose", "bolus-times", "serial")), rights=rights),
        ],
    )


def _outcomes(project: Project) -> dict[str, list[Match | Unknown]]:
    return {r.meta.id: list(r.check(project)) for r in PRIVACY_RULES}


def test_every_privacy_rule_fires_on_the_weak_model() -> None:
    fired = {
        k: [o for o in v if isinstance(o, Match)] for k, v in _outcomes(weak_project()).items()
    }
    assert {k for k, v in fired.items() if v} == set(IDS)


def test_the_privacy_secured_twin_is_quiet_and_asks_nothing() -> None:
    assert {k: v for k, v in _outcomes(weak_project(secured=True)).items() if v} == {}


def test_the_security_secured_example_fires_no_privacy_rule() -> None:
    fired = {
        k: [o for o in v if isinstance(o, Match)] for k, v in _outcomes(secure_project()).items()
    }
    assert {k: v for k, v in fired.items() if v} == {}


@pytest.mark.parametrize("rule", PRIVACY_RULES, ids=IDS)
def test_output_is_deterministic(rule: Rule) -> None:
    for project in (weak_project(), weak_project(secured=True)):
        assert list(rule.check(project)) == list(rule.check(project))
