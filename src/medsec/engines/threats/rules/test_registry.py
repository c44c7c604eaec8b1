import re
import sys

import pytest
from cvss import CVSS3, CVSS4

from medsec.domain.model import ActivityRecord, Element, Flow, Interface, Project, Update
from medsec.domain.threat import Match, Unknown
from medsec.domain.vocabulary import (
    Activity,
    Authentication,
    Carries,
    ControlCategory,
    Credentials,
    DataCategory,
    ElementType,
    Encryption,
    Exposure,
    Function,
    InterfaceKind,
    Production,
    Protocol,
)
from medsec.engines.threats.rule import Rule
from medsec.engines.threats.rules import RULES
from medsec.engines.threats.rules._fixtures import (
    control,
    data_item,
    element,
    flow,
    interface,
    make_project,
    store,
    use_case,
)
from medsec.engines.threats.vectors import v4_from_v3

IDS = [r.meta.id for r in RULES]


def test_library_has_at_least_40_rules_sorted_and_unique() -> None:
    assert len(RULES) >= 40
    assert sorted(IDS) == IDS
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_id_matches_module_name(rule: Rule) -> None:
    module = type(rule).__module__.rsplit(".", 1)[-1]
    number = re.fullmatch(r"md(\d\d)_[a-z0-9_]+", module)
    assert number is not None, module
    assert rule.meta.id == f"MD-{number.group(1)}"
    assert sys.modules[type(rule).__module__].RULE is rule


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_vectors_parse_and_agree_in_exploitability(rule: Rule) -> None:
    """The rule's judgement scores; in CVSS 4.0 (the one derivation, as its threats get it) it
    keeps its exploitability and impacts."""
    v3 = rule.meta.cvss_v3_1
    v4 = v4_from_v3(v3)[0]
    assert v3.startswith("CVSS:3.1/")
    assert CVSS3(v3).scores()[0] > 0
    assert CVSS4(v4).scores()[0] > 0
    m3 = dict(part.split(":") for part in v3.split("/")[1:])
    m4 = dict(part.split(":") for part in v4.split("/")[1:])
    for metric in ("AV", "AC", "PR"):
        assert m3[metric] == m4[metric], metric
    assert (m3["UI"] == "N") == (m4["UI"] == "N")
    for old, new in (("C", "VC"), ("I", "VI"), ("A", "VA")):
        assert m3[old] == m4[new], new


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_metadata_is_complete(rule: Rule) -> None:
    meta = rule.meta
    assert meta.title
    assert meta.stride
    assert meta.cwe and all(re.fullmatch(r"CWE-\d+", c) for c in meta.cwe)
    assert meta.capec and all(re.fullmatch(r"CAPEC-\d+", c) for c in meta.capec)
    assert len(meta.mitigation) > 40
    assert len(meta.description) > 40


def secure_project() -> Project:
    """A connected infusion system in which every stated attribute has its strong value."""
    strong = {
        "credentials": Credentials.UNIQUE_PER_DEVICE,
        "secure_boot": True,
        "security_logging": True,
        "parses_untrusted_input": False,
        "object_level_authorization": True,
        "encryption_at_rest": True,
        "update": Update(
            signed=True, rollback_protection=True, channel=Protocol.HTTPS, atomic=True
        ),
    }
    elements = [
        element("pump-fw", function=Function.THERAPY, safety_critical=True, patients=1, **strong),
        element("motor", function=Function.THERAPY, safety_critical=True, patients=1, **strong),
        store("pump-log", stores=("patient-id", "dose"), **strong),
        element("app", boundary="phone", function=Function.CLINICAL_WORKFLOW, **strong),
        store("app-db", boundary="phone", stores=("patient-id", "token"), **strong),
        element("api", boundary="cloud", internet_facing=True, **strong),
        store("cloud-db", boundary="cloud", stores=("dose",), **strong),
        element("station", boundary="lan", function=Function.MONITORING, patients=8, **strong),
        element(
            "viewer",
            boundary="lan",
            function=Function.DIAGNOSIS,
            **{**strong, "parses_untrusted_input": True},
        ),
        element("service", boundary="cloud", **strong),
    ]
    tls = {
        "authentication": Authentication.MUTUAL_TLS,
        "encryption": Encryption.TLS1_3,
        "certificate_validation": True,
        "replay_protection": True,
    }
    flows = [
        flow(
            "app-to-pump",
            "app",
            "pump-fw",
            protocol=Protocol.BLE,
            carries=Carries.COMMANDS,
            data=("dose",),
            authentication=Authentication.BLE_NUMERIC_COMPARISON,
            encryption=Encryption.BLE_LESC,
            replay_protection=True,
        ),
        flow(
            "pump-to-motor",
            "pump-fw",
            "motor",
            protocol=Protocol.CAN,
            carries=Carries.COMMANDS,
            authentication=Authentication.SHARED_KEY,
            replay_protection=True,
        ),
        flow("pump-to-api", "pump-fw", "api", protocol=Protocol.HTTPS, data=("dose",), **tls),
        flow("api-to-pump", "api", "pump-fw", protocol=Protocol.HTTPS, carries=Carries.CODE, **tls),
        flow("pump-to-station", "pump-fw", "station", protocol=Protocol.HL7_MLLP, **tls),
        flow("station-to-viewer", "station", "viewer", protocol=Protocol.DICOM, **tls),
        flow(
            "service-to-pump",
            "service",
            "pump-fw",
            protocol=Protocol.VPN,
            carries=Carries.COMMANDS,
            authentication=Authentication.MFA,
            encryption=Encryption.IPSEC,
            replay_protection=True,
        ),
    ]

    def port(iid: str, owner: str, kind: InterfaceKind, **kw: object) -> Interface:
        return interface(iid, owner, kind, production=Production.ENABLED, **kw)

    interfaces = [
        port(
            "ble-gatt",
            "pump-fw",
            InterfaceKind.WIRELESS,
            protocol=Protocol.BLE,
            exposure=Exposure.ADJACENT,
            authentication=Authentication.BLE_NUMERIC_COMPARISON,
            encryption=Encryption.BLE_LESC,
            always_on=False,
        ),
        port(
            "usb-service",
            "pump-fw",
            InterfaceKind.USB,
            protocol=Protocol.USB,
            exposure=Exposure.PHYSICAL,
            authentication=Authentication.CERTIFICATE,
        ),
        port(
            "remote-service",
            "pump-fw",
            InterfaceKind.NETWORK,
            protocol=Protocol.VPN,
            exposure=Exposure.NETWORK,
            authentication=Authentication.MFA,
            encryption=Encryption.IPSEC,
            always_on=False,
        ),
        port(
            "api-https",
            "api",
            InterfaceKind.API,
            protocol=Protocol.HTTPS,
            exposure=Exposure.INTERNET,
            authentication=Authentication.MUTUAL_TLS,
            encryption=Encryption.TLS1_3,
            always_on=True,
        ),
        interface(
            "jtag",
            "pump-fw",
            InterfaceKind.DEBUG,
            protocol=Protocol.JTAG,
            production=Production.REMOVED,
        ),
        interface(
            "uart",
            "pump-fw",
            InterfaceKind.SERIAL,
            protocol=Protocol.UART,
            production=Production.DISABLED,
        ),
    ]
    data = [
        data_item("patient-id", DataCategory.HEALTH),
        data_item("dose", DataCategory.HEALTH),
        data_item("token", DataCategory.CREDENTIAL),
    ]
    use_cases = [
        use_case("infusion", data=("dose", "patient-id"), interfaces=("ble-gatt", "api-https")),
        use_case("service", interfaces=("usb-service", "remote-service")),
    ]
    controls = [
        control("link-supervision", ControlCategory.RESILIENCE, ("app-to-pump",)),
    ]
    return make_project(
        elements=elements,
        flows=flows,
        interfaces=interfaces,
        data=data,
        use_cases=use_cases,
        controls=controls,
        activities=[ActivityRecord(activity=Activity.FUZZING, evidence="ci/fuzz.txt")],
    )


def test_well_secured_model_is_quiet() -> None:
    project = secure_project()
    fired = {
        rule.meta.id: [o for o in rule.check(project) if isinstance(o, Match)] for rule in RULES
    }
    assert {k: v for k, v in fired.items() if v} == {}


def test_well_secured_model_leaves_little_unknown() -> None:
    project = secure_project()
    asked = {
        (rule.meta.id, o.target.id, o.attribute)
        for rule in RULES
        for o in rule.check(project)
        if isinstance(o, Unknown)
    }
    # the actors added for flow endpoints have nothing to tell; everything else is stated
    assert asked == set()


def vague_project() -> Project:
    """Every optional attribute left out: rules may only ask, never fire."""
    elements = [
        Element(id=x, name=x, type=ElementType.PROCESS) for x in ("fw", "api", "station")
    ] + [Element(id="db", name="db", type=ElementType.DATA_STORE, stores=("patient-id",))]
    flows = [
        Flow(id=f"f{n}", source=s, target=t)
        for n, (s, t) in enumerate([("fw", "api"), ("api", "fw"), ("station", "fw"), ("fw", "db")])
    ]
    interfaces = [Interface(id=k.value, element="fw", kind=k) for k in InterfaceKind]
    return make_project(
        elements=elements,
        flows=flows,
        interfaces=interfaces,
        data=[data_item("patient-id")],
    )


def test_vague_model_only_asks() -> None:
    project = vague_project()
    outcomes = [(rule.meta.id, o) for rule in RULES for o in rule.check(project)]
    assert [o for _, o in outcomes if isinstance(o, Match)] == []
    assert outcomes, "a vague model must produce missing-information findings"
    assert all(o.attribute for _, o in outcomes if isinstance(o, Unknown))


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_output_is_deterministic(rule: Rule) -> None:
    for project in (secure_project(), vague_project()):
        assert list(rule.check(project)) == list(rule.check(project))
