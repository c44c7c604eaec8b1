from medsec.domain.vocabulary import Encryption, Protocol
from medsec.engines.threats.rules._fixtures import (
    element,
    flow,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md08_clinical_cleartext import RULE


def test_hl7_in_cleartext_fires() -> None:
    p = make_project(flows=[flow(protocol=Protocol.HL7_MLLP, encryption=Encryption.NONE)])
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == ["flows[f].protocol = hl7-mllp", "flows[f].encryption = none"]


def test_dicom_over_tls_1_0_fires() -> None:
    p = make_project(flows=[flow(protocol=Protocol.DICOM, encryption=Encryption.TLS1_0)])
    (m,) = matches(RULE, p)
    assert "flows[f].encryption = tls1.0" in trigger_texts(m)


def test_fhir_over_tls_1_3_is_quiet() -> None:
    p = make_project(flows=[flow(protocol=Protocol.FHIR, encryption=Encryption.TLS1_3)])
    assert list(RULE.check(p)) == []


def test_unknown_encryption_is_asked() -> None:
    p = make_project(flows=[flow(protocol=Protocol.DICOM), flow("x", protocol=Protocol.HTTP)])
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [("f", "encryption")]


def test_hl7_between_processes_of_one_machine_is_in_host() -> None:
    engine = element("engine")
    adapter = element("adapter", host="engine")
    f = flow("loop", "adapter", "engine", protocol=Protocol.HL7_MLLP, encryption=Encryption.NONE)
    assert list(RULE.check(make_project(elements=[engine, adapter], flows=[f]))) == []
