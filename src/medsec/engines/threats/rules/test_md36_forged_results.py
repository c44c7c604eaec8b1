from medsec.domain.model import Flow
from medsec.domain.vocabulary import (
    Authentication,
    Carries,
    DataCategory,
    Encryption,
    Function,
    Protocol,
)
from medsec.engines.threats.rules import md09_clinical_peer_auth
from medsec.engines.threats.rules._fixtures import (
    data_item,
    element,
    flow,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md36_forged_results import RULE

SCANNER = element("scanner", function=Function.DIAGNOSIS)
PACS = element("pacs", boundary="lan", function=Function.PHI)


def results(**kw: object) -> Flow:
    return flow("images", "scanner", "pacs", carries=Carries.DATA, **kw)


def test_unauthenticated_dicom_to_pacs_fires_and_md09_leaves_it() -> None:
    f = results(protocol=Protocol.DICOM, authentication=Authentication.NONE)
    p = make_project(elements=[SCANNER, PACS], flows=[f])
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "elements[scanner].function = diagnosis",
        "flows[images].authentication = none",
    ]
    assert matches(md09_clinical_peer_auth.RULE, p) == []


def test_health_data_in_cleartext_over_mqtt_fires() -> None:
    monitor = element("monitor", function=Function.MONITORING)
    f = flow(
        "vitals",
        "monitor",
        "pacs",
        protocol=Protocol.MQTT,
        data=("spo2",),
        authentication=Authentication.MUTUAL_TLS,
    )
    p = make_project(elements=[monitor, PACS], flows=[f], data=[data_item("spo2")])
    (m,) = matches(RULE, p)
    assert "flows[vitals].protocol = mqtt" in trigger_texts(m)


def test_secured_twin_is_quiet() -> None:
    f = results(
        protocol=Protocol.DICOM,
        authentication=Authentication.MUTUAL_TLS,
        encryption=Encryption.TLS1_3,
    )
    assert list(RULE.check(make_project(elements=[SCANNER, PACS], flows=[f]))) == []


def test_results_that_stay_inside_or_are_not_clinical_are_quiet() -> None:
    viewer = element("viewer", function=Function.DIAGNOSIS)  # same boundary as the scanner
    therapy = element("pump", function=Function.THERAPY)
    flows = [
        flow("a", "scanner", "viewer", protocol=Protocol.DICOM, authentication=Authentication.NONE),
        flow("b", "pump", "pacs", protocol=Protocol.HL7_MLLP, authentication=Authentication.NONE),
        flow(
            "c",
            "scanner",
            "pacs",
            protocol=Protocol.HTTPS,
            data=("logs",),
            authentication=Authentication.NONE,
        ),
    ]
    data = [data_item("logs", DataCategory.TECHNICAL)]
    p = make_project(elements=[SCANNER, PACS, viewer, therapy], flows=flows, data=data)
    assert matches(RULE, p) == []


def test_unstated_protection_is_asked() -> None:
    p = make_project(elements=[SCANNER, PACS], flows=[results(protocol=Protocol.HL7_MLLP)])
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["authentication", "encryption"]


def test_unstated_protocol_is_asked_with_authentication() -> None:
    p = make_project(elements=[SCANNER, PACS], flows=[results()])
    assert [u.attribute for u in unknowns(RULE, p)] == ["protocol", "authentication"]
