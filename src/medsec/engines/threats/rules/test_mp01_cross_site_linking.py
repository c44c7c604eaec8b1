from dataclasses import replace

from medsec.domain.model import DataItem, DataTrait, Flow
from medsec.domain.vocabulary import DataCategory, Protocol
from medsec.engines.threats.rules._fixtures import (
    data_item,
    element,
    flow,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.mp01_cross_site_linking import RULE

ELEMENTS = [element("pump"), element("api", boundary="cloud"), element("db", boundary="cloud")]


def mrn(pseudonymised: bool | None) -> DataItem:
    item = data_item("mrn", DataCategory.HEALTH)
    return replace(item, traits=(DataTrait.IDENTIFIER,), pseudonymised=pseudonymised)


def upload(*data: str) -> list[Flow]:
    return [flow("up", "pump", "api", protocol=Protocol.HTTPS, data=data)]


def test_identifier_sent_to_the_cloud_as_it_is_fires() -> None:
    p = make_project(
        elements=ELEMENTS, flows=upload("mrn", "dose"), data=[mrn(False), data_item("dose")]
    )
    (m,) = matches(RULE, p)
    assert m.target.id == "up"
    assert trigger_texts(m) == [
        "flows[up].data = mrn (health; identifier)",
        "data[mrn].pseudonymised = false",
    ]


def test_privacy_secured_twin_is_quiet() -> None:
    # pseudonymised before upload; a pseudonymised-category id; an identifier kept in-house
    token = replace(data_item("token", DataCategory.PSEUDONYMISED), traits=(DataTrait.IDENTIFIER,))
    p = make_project(
        elements=ELEMENTS,
        flows=[
            *upload("mrn", "token"),
            flow("store", "api", "db", data=("serial",)),  # inside the cloud: judged at upload
            flow("lan", "pump", "nurse", data=("serial",)),  # not to the cloud
        ],
        data=[
            mrn(True),
            token,
            replace(
                data_item("serial", DataCategory.PERSONAL),
                traits=(DataTrait.IDENTIFIER,),
                pseudonymised=False,
            ),
        ],
    )
    assert list(RULE.check(p)) == []


def test_unstated_pseudonymisation_is_asked_once() -> None:
    p = make_project(
        elements=ELEMENTS,
        flows=[*upload("mrn"), flow("up2", "pump", "db", data=("mrn",))],
        data=[mrn(None)],
    )
    assert matches(RULE, p) == []
    assert [(u.target.kind.value, u.attribute) for u in unknowns(RULE, p)] == [
        ("device", "data[mrn].pseudonymised")
    ]


def test_items_without_the_identifier_trait_are_not_judged() -> None:
    p = make_project(elements=ELEMENTS, flows=upload("dose"), data=[data_item("dose")])
    assert list(RULE.check(p)) == []
