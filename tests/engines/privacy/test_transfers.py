"""Where elements are, which flows take personal data out of the EU/EEA, what covers them."""

from __future__ import annotations

from dataclasses import replace

from medsec.domain.model import Boundary, Party, Project, TransferMechanism
from medsec.domain.vocabulary import BoundaryKind, DataCategory, PartyKind
from medsec.engines.privacy.transfers import location, transfers, warnings
from medsec.engines.threats.rules._fixtures import data_item, element, flow, make_project, store

MRN = data_item("mrn", DataCategory.HEALTH)
WORLD = (
    Boundary("box", "Box", BoundaryKind.DEVICE),
    Boundary("cloud", "EU cloud", BoundaryKind.CLOUD, region="eu-central-1"),
    Boundary("us", "US analytics", BoundaryKind.CLOUD, parent="cloud", region="us-east-1"),
)


def _model(*flows_: object, db: bool = True, **kw: object) -> Project:
    elements = (
        element("fw"),
        element("svc", boundary="cloud"),
        element("stats", boundary="us"),
        *([store("db", boundary=None, host="stats", stores=("mrn",))] if db else []),
    )
    base = make_project(elements=elements, flows=flows_, data=(MRN,), boundaries=WORLD)  # type: ignore[arg-type]
    return replace(base, **kw)  # type: ignore[arg-type]


def test_location_own_host_then_boundary_chain() -> None:
    p = _model()
    found = location(p, "svc")
    assert found is not None and (found.place.code, found.stated_by) == (
        "eu-central-1",
        "boundaries[cloud].region",
    )
    nested = location(p, "db")  # hosted on stats, which sits in the nested US boundary
    assert nested is not None and nested.place.country == "US"
    assert location(p, "fw") is None  # the device: unknown, never "outside"
    own = location(
        replace(
            p, elements=tuple(replace(e, region="JP") if e.id == "db" else e for e in p.elements)
        ),
        "db",
    )
    assert own is not None and (own.place.code, own.stated_by) == ("JP", "elements[db].region")


def test_a_flow_out_of_the_eea_is_a_transfer_covered_by_its_mechanism() -> None:
    out = flow("export", "svc", "stats", data=("mrn", "t"))
    [t] = transfers(_model(out))
    assert (t.kind, t.subject, t.data, t.country) == ("flow", "export", ("mrn",), "United States")
    assert t.problem == "no transfer mechanism for personal data going to United States"
    [t] = transfers(_model(replace(out, transfer=TransferMechanism.BCR)))
    assert t.covered and t.mechanism_by == "flows[export].transfer"


def test_no_transfer_inside_the_eea_from_abroad_or_without_personal_data() -> None:
    assert transfers(_model(flow("up", "fw", "svc", data=("mrn",)), db=False)) == ()
    assert transfers(_model(flow("back", "stats", "svc", data=("mrn",)), db=False)) == ()
    assert transfers(_model(flow("x", "svc", "stats", data=("t",)), db=False)) == ()


def test_a_store_abroad_no_flow_reaches_is_covered_by_its_operator() -> None:
    p = _model()
    [t] = transfers(p)
    assert (t.kind, t.subject) == ("store", "db") and not t.covered
    vendor = Party("vendor", "Analytics Inc.", PartyKind.SUPPLIER, transfer=TransferMechanism.SCC)
    boundaries = tuple(replace(b, operated_by="vendor") if b.id == "us" else b for b in WORLD)
    [t] = transfers(replace(p, parties=(vendor,), boundaries=boundaries))
    assert t.covered and t.mechanism_by == "parties[vendor].transfer"


def test_warnings_for_mechanisms_where_nothing_is_transferred() -> None:
    inside = flow("up", "fw", "svc", data=("mrn",), transfer=TransferMechanism.SCC)
    nothing = flow("x", "svc", "stats", data=(), transfer=TransferMechanism.SCC)
    found = [w.message for w in warnings(_model(inside, nothing))]
    assert found[0].startswith("'scc' is stated, but 'svc' is in eu-central-1 (AWS Frankfurt")
    assert (
        found[1] == "'scc' is stated, but the flow carries no personal data: nothing is transferred"
    )
    assert list(warnings(_model(replace(inside, transfer=None)))) == []
