from medsec.domain.vocabulary import Authentication, Protocol
from medsec.engines.threats.rules._fixtures import (
    flow,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md09_clinical_peer_auth import RULE


def test_dicom_any_ae_title_fires() -> None:
    p = make_project(flows=[flow(protocol=Protocol.DICOM, authentication=Authentication.NONE)])
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == ["flows[f].protocol = dicom", "flows[f].authentication = none"]


def test_mutual_tls_is_quiet() -> None:
    p = make_project(
        flows=[flow(protocol=Protocol.HL7_MLLP, authentication=Authentication.MUTUAL_TLS)]
    )
    assert list(RULE.check(p)) == []


def test_unknown_authentication_is_asked() -> None:
    p = make_project(flows=[flow(protocol=Protocol.FHIR)])
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["authentication"]
