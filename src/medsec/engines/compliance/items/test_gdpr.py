from dataclasses import replace

from medsec.domain.checklist import ItemStatus
from medsec.domain.model import DataItem
from medsec.domain.vocabulary import ControlCategory, ControlStatus, DataCategory, Encryption
from medsec.engines.compliance.items._fixtures import builder, context, project, rules
from medsec.engines.compliance.items.gdpr import (
    ITEM,
    art32_rest,
    art32_transit,
    dpia_recorded,
    dpia_screened,
    inventory_complete,
    inventory_declared,
    missing_fields,
)
from medsec.engines.privacy.screening import screen
from medsec.engines.threats.rules._fixtures import control, data_item, flow, store

MRN = replace(
    data_item("mrn", DataCategory.HEALTH),
    subjects="patients",
    purpose="identify the patient",
    legal_basis=("art6-1c", "art9-2h"),
    retention="P30D",
    recipients=("hospital",),
)
DOCS = frozenset({"gdpr/screening.md", "gdpr/dpia.md"})


def test_inventory_declared() -> None:
    b = builder(ITEM)
    assert not inventory_declared(b, project())
    assert b.rules() == ["no-inventory"]
    b = builder(ITEM)
    assert inventory_declared(b, project(data=(MRN,))) and b.rules() == []


def test_missing_fields_name_each_art30_gap() -> None:
    assert missing_fields(MRN) == []
    no_art9 = replace(MRN, legal_basis=("art6-1c",))
    assert missing_fields(no_art9) == ["an Art. 9(2) condition in legal_basis"]
    no_art6 = replace(MRN, legal_basis=("art9-2h",))
    assert missing_fields(no_art6) == ["an Art. 6 basis in legal_basis"]
    bare = data_item("weight", DataCategory.PERSONAL)
    assert missing_fields(bare) == ["subjects", "purpose", "legal_basis", "retention", "recipients"]


def test_inventory_complete() -> None:
    b = builder(ITEM)
    assert not inventory_complete(b, replace(MRN, purpose=None))
    assert b.rules() == ["inventory-incomplete"]
    assert b.findings[0].message == "data 'mrn': missing purpose"
    b = builder(ITEM)
    assert inventory_complete(b, MRN) and b.rules() == []


def test_dpia_screened_from_the_model_a_named_file_must_exist() -> None:
    screening = screen(project(data=(MRN,)))
    b = builder(ITEM)
    dpia_screened(b, project(dpia_screening="gdpr/screening.md"), screening)  # named, missing
    assert b.rules() == ["no-dpia-screening"]
    b = builder(ITEM)
    dpia_screened(b, project(), screening)  # medsec's own screening: no file needed
    dpia_screened(b, project(dpia_screening="gdpr/screening.md", existing_files=DOCS), screening)
    assert b.rules() == []
    assert b.evidence[0].message == (
        "DPIA screening (WP248, from the model): 2 of 9 WP248 criteria met (4, 7): a DPIA is "
        "required."
    )


def test_dpia_recorded_when_the_screening_requires_one() -> None:
    required = screen(project(data=(MRN,)))  # health data of patients: criteria 4 and 7
    b = builder(ITEM)
    dpia_recorded(b, project(), required)
    dpia_recorded(b, project(dpia="gdpr/dpia.md"), required)  # named, but not in the project
    assert b.rules() == ["no-dpia", "no-dpia"]
    assert "WP248 criteria 4, 7 met" in b.findings[0].message
    b = builder(ITEM)
    dpia_recorded(b, project(dpia="gdpr/dpia.md", existing_files=DOCS), required)
    staff = replace(MRN, category=DataCategory.PERSONAL, subjects="visitors")
    dpia_recorded(b, project(), screen(project(data=(staff,))))  # no criterion met: no DPIA
    assert b.rules() == []


def test_art32_transit() -> None:
    cleartext = flow("hl7", data=("mrn",), encryption=Encryption.NONE)
    b = builder(ITEM)
    art32_transit(b, project(), cleartext, {"mrn"})
    assert b.rules() == ["art32-transit"]
    b = builder(ITEM)
    vpn = control("vpn", ControlCategory.CRYPTOGRAPHY, ("hl7",), verified_by=("TC-1",))
    art32_transit(b, project(controls=(vpn,)), cleartext, {"mrn"})
    art32_transit(b, project(), replace(cleartext, encryption=Encryption.TLS1_3), {"mrn"})
    art32_transit(b, project(), cleartext, set())  # carries no personal data
    assert b.rules() == []
    assert len(b.evidence) == 2


def test_art32_rest() -> None:
    db = store("db", stores=("mrn",))
    b = builder(ITEM)
    art32_rest(b, project(), db, {"mrn"})
    assert b.rules() == ["art32-rest"]
    b = builder(ITEM)
    art32_rest(b, project(), replace(db, encryption_at_rest=True), {"mrn"})
    fde = control("fde", ControlCategory.CRYPTOGRAPHY, ("db",), verified_by=("TC-1",))
    art32_rest(b, project(controls=(fde,)), db, {"mrn"})
    assert b.rules() == []
    assert b.evidence[-1].message == "db: personal data protected at rest by fde"


def test_only_implemented_verified_fitting_controls_answer_art32() -> None:
    """Issue 13, acceptance 3: a planned, unverified or unrelated control is no Art. 32 measure."""
    db = store("db", stores=("mrn",))
    cleartext = flow("hl7", data=("mrn",), encryption=Encryption.NONE)
    fde = control("fde", ControlCategory.CRYPTOGRAPHY, ("db", "hl7"), verified_by=("TC-1",))
    cases = {
        "planned": replace(fde, status=ControlStatus.PLANNED),
        "superseded": replace(fde, status=ControlStatus.SUPERSEDED, superseded_by="CR-1"),
        "unverified": replace(fde, verified_by=()),
        "placeholder": replace(fde, verified_by=("TBD",)),
        "masking": replace(fde, category=ControlCategory.CONFIDENTIALITY),
    }
    for why, c in cases.items():
        b = builder(ITEM)
        art32_rest(b, project(controls=(c,)), db, {"mrn"})
        art32_transit(b, project(controls=(c,)), cleartext, {"mrn"})
        assert b.rules() == ["art32-rest", "art32-transit"], why
    b = builder(ITEM)
    art32_rest(b, project(controls=(cases["masking"],)), db, {"mrn"})
    assert b.findings[0].message.endswith("(fde is confidentiality, not cryptography)")
    b = builder(ITEM)  # authentication answers transit (it is the flow's peer check), not rest
    auth = replace(fde, category=ControlCategory.AUTHENTICATION)
    art32_transit(b, project(controls=(auth,)), cleartext, {"mrn"})
    art32_rest(b, project(controls=(auth,)), db, {"mrn"})
    assert b.rules() == ["art32-rest"]


def test_evaluate() -> None:
    technical: DataItem = data_item("dose", DataCategory.TECHNICAL)
    r = ITEM.evaluate(context(project(data=(technical,))))
    assert r.status is ItemStatus.PASS
    assert r.evidence[0].message == "the inventory lists no personal data"
    r = ITEM.evaluate(context(project(data=(MRN,))))
    assert rules(r) == ["no-dpia"]
    assert ITEM.evaluate(context()).status is ItemStatus.GAP


def test_art32_fixes_name_the_key_or_the_control_to_add() -> None:
    b = builder(ITEM)
    art32_rest(b, project(), store("db", stores=("mrn",)), {"mrn"})
    assert b.findings[0].fix == (
        "medsec.yaml: elements[db].encryption_at_rest: true (once encrypted; or an implemented, "
        "verified control of category cryptography whose applies_to names db)"
    )
