from dataclasses import replace

from medsec.domain.checklist import ItemStatus
from medsec.domain.vocabulary import DataCategory
from medsec.engines.compliance.items._fixtures import builder, context, project, rules
from medsec.engines.compliance.items.minimisation import (
    ITEM,
    identifying,
    needed,
    needs_real,
    pseudonymised,
    retention_bounded,
)
from medsec.engines.threats.rules._fixtures import data_item, element, flow, use_case

MRN = replace(data_item("mrn", DataCategory.HEALTH), retention="P30D")
TO_CLOUD = flow("upload", source="fw", target="portal", data=("mrn",))
CLOUD = project(
    elements=(element("fw"), element("portal", boundary="cloud")),
    flows=(TO_CLOUD,),
    data=(MRN,),
)


def test_needed() -> None:
    b = builder(ITEM)
    needed(b, MRN, set())
    assert b.rules() == ["unneeded"]
    b = builder(ITEM)
    needed(b, MRN, {"mrn"})
    assert b.rules() == []


def test_retention_bounded() -> None:
    b = builder(ITEM)
    retention_bounded(b, replace(MRN, retention=None))
    retention_bounded(b, replace(MRN, retention="indefinite"))
    assert b.rules() == ["retention", "retention"]
    assert b.findings[0].message == "data 'mrn' has no bounded retention (not stated)"
    b = builder(ITEM)
    retention_bounded(b, MRN)
    retention_bounded(b, data_item("dose", DataCategory.TECHNICAL))  # not personal
    assert b.rules() == []


def test_needs_real() -> None:
    uc = use_case("verify", data=("mrn", "weight"))
    b = builder(ITEM)
    needs_real(b, uc, {"mrn"})
    assert b.rules() == ["need-not-real"]
    assert "needs 'weight' but no flow carries it" in b.findings[0].message
    b = builder(ITEM)
    needs_real(b, uc, {"mrn", "weight"})
    assert b.rules() == []


def test_identifying() -> None:
    assert identifying(MRN)
    assert not identifying(None)
    assert not identifying(replace(MRN, pseudonymised=True))
    assert not identifying(data_item("token", DataCategory.PSEUDONYMISED))
    assert not identifying(data_item("dose", DataCategory.TECHNICAL))


def test_pseudonymised() -> None:
    b = builder(ITEM)
    pseudonymised(b, CLOUD, TO_CLOUD, {"mrn": MRN})
    assert b.rules() == ["not-pseudonymised"]
    b = builder(ITEM)
    pseudonymised(b, CLOUD, TO_CLOUD, {"mrn": replace(MRN, pseudonymised=True)})
    inside = flow("local", source="portal", target="fw", data=("mrn",))
    pseudonymised(b, CLOUD, inside, {"mrn": MRN})  # stays in the device
    assert b.rules() == []


def test_evaluate() -> None:
    assert rules(ITEM.evaluate(context())) == ["no-inventory"]
    r = ITEM.evaluate(context(CLOUD))
    assert rules(r) == ["unneeded", "not-pseudonymised"]
    wanted = replace(
        CLOUD,
        use_cases=(use_case("verify", data=("mrn",)),),
        data=(replace(MRN, pseudonymised=True),),
    )
    r = ITEM.evaluate(context(wanted))
    assert r.status is ItemStatus.PASS, rules(r)


def test_minimisation_fixes_name_the_data_entry() -> None:
    b = builder(ITEM)
    needed(b, MRN, set())
    retention_bounded(b, replace(MRN, retention=None))
    assert [f.fix for f in b.findings] == [
        "medsec.yaml: use_cases[].needs_data: [mrn] (the use case that needs it; or stop "
        "collecting it and remove data[mrn])",
        "medsec.yaml: data[mrn].retention: P90D (an ISO 8601 duration)",
    ]
