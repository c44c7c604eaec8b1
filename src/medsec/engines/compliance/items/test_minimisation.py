from dataclasses import replace
from datetime import date

from medsec.domain.checklist import ItemStatus
from medsec.domain.model import DataStatus
from medsec.domain.vocabulary import DataCategory
from medsec.engines.compliance.items._fixtures import builder, context, project, rules
from medsec.engines.compliance.items.minimisation import (
    ITEM,
    identifying,
    needed,
    needs_real,
    pseudonymised,
    retention_bounded,
    retired_gone,
    store_retention,
)
from medsec.engines.threats.rules._fixtures import data_item, element, flow, store, use_case

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
        "medsec.yaml: data[mrn].status: retired (once the device no longer collects it, with "
        "retired_on: YYYY-MM-DD and its flows no longer carrying it; or name the use case that "
        "needs it (use_cases[].needs_data: [mrn]))",
        "medsec.yaml: data[mrn].retention: P90D (an ISO 8601 duration)",
    ]


def test_a_retired_item_stays_on_record_and_satisfies_minimisation() -> None:
    dob = replace(
        data_item("dob", DataCategory.HEALTH),
        retention="P30D",
        status=DataStatus.RETIRED,
        retired_on=date(2026, 11, 30),
    )
    store = element("log", stores=("dob",))
    p = project(
        elements=(element("fw"), store), data=(MRN, dob), use_cases=(use_case("v", data=("mrn",)),)
    )
    p = replace(p, flows=(flow("f", source="fw", target="log", data=("mrn",)),))
    r = ITEM.evaluate(context(p))
    assert r.status is ItemStatus.PASS, rules(r)
    assert r.evidence[0].message.endswith("; 1 retired, on record (dob)")
    forever = replace(dob, retention="indefinite")  # still stored: its retention must end
    assert rules(ITEM.evaluate(context(replace(p, data=(MRN, forever))))) == ["retention"]


def test_a_retired_item_is_collected_and_needed_no_more() -> None:
    dob = replace(data_item("dob"), status=DataStatus.RETIRED, retired_on=date(2026, 11, 30))
    p = project(
        elements=(element("fw"), element("app")),
        flows=(flow("enter", source="app", target="fw", data=("dob",)),),
        data=(dob,),
        use_cases=(use_case("v", data=("dob",)),),
    )
    b = builder(ITEM)
    retired_gone(b, p, dob)
    assert b.rules() == ["retired-still-needed", "retired-still-collected"]
    assert b.findings[1].message == (
        "data 'dob' is retired since 2026-11-30, but a flow still carries it: enter"
    )
    assert b.findings[1].fix == (
        "medsec.yaml: flows[enter].data (remove dob once the device no longer sends or receives it)"
    )


def test_an_unneeded_item_is_retired_rather_than_deleted() -> None:
    b = builder(ITEM)
    needed(b, MRN, set())
    assert (b.findings[0].fix or "").startswith(
        "medsec.yaml: data[mrn].status: retired (once the device"
    )


def _kept(store_retention_: str | None, need: str | None, item: str = "P30D") -> list[str]:
    """The rules store_retention reports for a log keeping the MRN one use case needs."""
    log = store("log", stores=("mrn",), retention=store_retention_)
    uc = replace(use_case("doc", data=("mrn",)), retention=need)
    p = project(elements=(log,), data=(replace(MRN, retention=item),), use_cases=(uc,))
    b = builder(ITEM)
    store_retention(b, p, log, {"mrn": replace(MRN, retention=item)})
    return b.rules()


def test_store_retention_no_longer_than_any_use_case_needs() -> None:
    assert _kept("P1Y", "P30D") == ["store-retention"]  # longer than the use case needs
    assert _kept(None, "P7D") == ["store-retention"]  # the item's P30D, but only 7 days needed
    assert _kept("P60D", None) == ["store-retention"]  # longer than the item's record says
    assert _kept("indefinite", None, item="indefinite") == ["store-retention"]
    assert _kept("P30D", "P30D") == []
    assert _kept("P12M", "P1Y", item="P1Y") == []  # 360 nominal days, within 365
    assert _kept(None, None) == []  # nobody says: unknown is no finding
    assert _kept("indefinite", "indefinite", item="indefinite") == []


def test_store_retention_message_names_item_limit_and_why() -> None:
    log = store("log", stores=("mrn",), retention="P1Y")
    uc = replace(use_case("doc", data=("mrn",)), retention="P30D")
    p = project(elements=(log,), data=(MRN,), use_cases=(uc,))
    b = builder(ITEM)
    store_retention(b, p, log, {"mrn": MRN})
    assert b.findings[0].message == (
        "'log' keeps mrn for P1Y, longer than P30D (the use cases needing it: doc)"
    )
    assert b.findings[0].fix is not None
    assert b.findings[0].fix.startswith("medsec.yaml: elements[log].retention: P30D")
