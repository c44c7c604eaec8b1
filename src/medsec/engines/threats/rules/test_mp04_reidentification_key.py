from dataclasses import replace

from medsec.domain.model import Boundary, DataItem, DataTrait, Project
from medsec.domain.vocabulary import BoundaryKind, DataCategory
from medsec.engines.threats.rules._fixtures import (
    BOUNDARIES,
    data_item,
    element,
    flow,
    make_project,
    matches,
    store,
    trigger_texts,
)
from medsec.engines.threats.rules.mp04_reidentification_key import RULE

KEY = replace(data_item("map", DataCategory.PERSONAL), traits=(DataTrait.PSEUDONYM_KEY,))
HISTORY = replace(data_item("history", DataCategory.HEALTH), pseudonymised=True)
REGION = Boundary(id="region", name="EU region", kind=BoundaryKind.NETWORK, parent="cloud")


def project(key_boundary: str, *extra_data: DataItem) -> Project:
    return make_project(
        elements=[
            element("pump"),
            element("api", boundary="region"),
            store("history-db", boundary="region", stores=("history",)),
            store("key-db", boundary=key_boundary, stores=("map",)),
        ],
        flows=[flow("up", "pump", "api", data=("history",))],
        data=[KEY, HISTORY, *extra_data],
        boundaries=[
            *BOUNDARIES,
            REGION,
            Boundary(id="kms", name="Key service", kind=BoundaryKind.CLOUD),
        ],
    )


def test_key_in_the_same_cloud_fires_on_its_holder() -> None:
    (m,) = matches(RULE, project("cloud"))  # cloud holds the region: one cloud boundary
    assert m.target.id == "key-db"
    assert sorted(trigger_texts(m)) == [
        "boundaries[cloud].kind = cloud",
        "elements[history-db].stores = history (health, pseudonymised)",
        "elements[key-db].stores = map (personal; pseudonym-key)",
    ]


def test_key_received_by_flow_counts() -> None:
    p = make_project(
        elements=[element("pump"), element("api", boundary="cloud")],
        flows=[flow("up", "pump", "api", data=("history", "map"))],
        data=[KEY, replace(data_item("history", DataCategory.PSEUDONYMISED))],
    )
    (m,) = matches(RULE, p)
    assert "flows[up].data = map (personal; pseudonym-key)" in trigger_texts(m)
    assert "flows[up].data = history (pseudonymised)" in trigger_texts(m)


def test_privacy_secured_twin_is_quiet() -> None:
    # the key kept in another operator's cloud boundary, or in the hospital
    assert list(RULE.check(project("kms"))) == []
    assert list(RULE.check(project("lan"))) == []


def test_identified_data_beside_the_key_is_not_this_rule() -> None:
    plain = replace(HISTORY, pseudonymised=False)
    p = make_project(
        elements=[store("db", boundary="cloud", stores=("history", "map"))],
        data=[KEY, plain],
    )
    assert list(RULE.check(p)) == []
