from medsec.domain.model import Boundary
from medsec.domain.vocabulary import BoundaryKind, DataCategory
from medsec.engines.threats.rules._fixtures import (
    BOUNDARIES,
    data_item,
    make_project,
    matches,
    store,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md19_mobile_storage import RULE

DATA = [data_item("token", DataCategory.CREDENTIAL), data_item("serial", DataCategory.TECHNICAL)]


def test_token_in_plain_app_storage_fires() -> None:
    p = make_project(
        elements=[store("prefs", boundary="phone", stores=("token",), encryption_at_rest=False)],
        data=DATA,
    )
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "elements[prefs].stores = token (credential)",
        "elements[prefs].encryption_at_rest = false",
    ]


def test_nested_mobile_boundary_counts() -> None:
    sandbox = Boundary(id="sandbox", name="App sandbox", kind=BoundaryKind.DEVICE, parent="phone")
    p = make_project(
        elements=[store("db", boundary="sandbox", stores=("token",), encryption_at_rest=False)],
        data=DATA,
        boundaries=(*BOUNDARIES, sandbox),
    )
    assert len(matches(RULE, p)) == 1


def test_keystore_backed_storage_is_quiet() -> None:
    p = make_project(
        elements=[
            store("a", boundary="phone", stores=("token",), encryption_at_rest=True),
            store("b", boundary="phone", stores=("serial",), encryption_at_rest=False),
            store("c", stores=("token",), encryption_at_rest=False),  # not on the phone
        ],
        data=DATA,
    )
    assert list(RULE.check(p)) == []


def test_unknown_encryption_is_asked() -> None:
    p = make_project(elements=[store("db", boundary="phone", stores=("token",))], data=DATA)
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["encryption_at_rest"]
