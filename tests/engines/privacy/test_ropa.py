"""The records of processing from the model: activities, recipients, measures, processor record."""

from __future__ import annotations

from dataclasses import replace

from medsec.domain.model import Party, PartyRole, TransferMechanism
from medsec.domain.vocabulary import ControlCategory, ControlStatus, DataCategory, PartyKind
from medsec.engines.privacy.ropa import ropa
from medsec.engines.threats.rules._fixtures import (
    BOUNDARIES,
    control,
    data_item,
    element,
    flow,
    make_project,
    use_case,
)

MRN = replace(
    data_item("mrn", DataCategory.HEALTH), subjects="patients", legal_basis=("art6-1c", "art9-2h")
)
HOSPITAL = Party("hospital", "St. Elsewhere", PartyKind.HOSPITAL, role=PartyRole.CONTROLLER)


def _model(**kw: object):  # type: ignore[no-untyped-def]
    boundaries = tuple(
        replace(b, operated_by="hospital")
        if b.id == "lan"
        else replace(b, region="US")
        if b.id == "cloud"
        else b
        for b in BOUNDARIES
    )
    base = make_project(
        elements=(element("fw"), element("ehr", boundary="lan"), element("svc", boundary="cloud")),
        flows=(
            flow("doc", "fw", "ehr", data=("mrn",)),
            flow("up", "fw", "svc", data=("mrn", "t"), transfer=TransferMechanism.SCC),
        ),
        data=(MRN, data_item("t", DataCategory.TECHNICAL)),
        use_cases=(use_case("document", data=("mrn",)), use_case("service", data=("t",))),
        controls=(
            control("tls", ControlCategory.CRYPTOGRAPHY, ("up",)),
            replace(
                control("plan", ControlCategory.CRYPTOGRAPHY, ("doc",)),
                status=ControlStatus.PLANNED,
            ),
        ),
        boundaries=boundaries,
    )
    return replace(base, **{"parties": (HOSPITAL,), **kw})


def test_activities_recipients_transfers_and_measures() -> None:
    r = ropa(_model())
    [activity] = r.activities  # "service" needs only technical data
    assert (activity.id, activity.subjects, activity.legal_bases) == (
        "document",
        ("patients",),
        ("art6-1c", "art9-2h"),
    )
    assert [(x.party, x.role, x.elements) for x in r.recipients] == [
        ("hospital", "controller", ("ehr",)),
        (None, "manufacturer", ("svc",)),
    ]
    [item] = r.items
    assert item.recipients == ("St. Elsewhere", "ACME") and item.use_cases == ("document",)
    assert [t.subject for t in r.transfers] == ["up"]
    assert [c.id for c in r.measures] == ["tls"]  # the planned one is no measure yet


def test_the_processor_record_when_a_controllers_data_reaches_the_manufacturers_cloud() -> None:
    record = ropa(_model()).processor
    assert record is not None
    assert [p.id for p in record.controllers] == ["hospital"]
    assert [e.id for e in record.elements] == ["svc"]
    assert (record.data, record.activities) == (("mrn",), ("document",))
    assert [t.subject for t in record.transfers] == ["up"]
    assert ropa(_model(parties=(replace(HOSPITAL, role=PartyRole.THIRD_PARTY),))).processor is None
