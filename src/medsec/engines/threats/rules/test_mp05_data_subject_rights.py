from dataclasses import replace

from medsec.domain.model import DataRight, DataStatus
from medsec.domain.vocabulary import DataCategory
from medsec.engines.threats.rules._fixtures import (
    data_item,
    make_project,
    matches,
    trigger_texts,
    unknowns,
    use_case,
)
from medsec.engines.threats.rules.mp05_data_subject_rights import RULE

DATA = [data_item("dose"), data_item("weight"), data_item("name", DataCategory.PERSONAL)]
ACCESS, RECTIFY = DataRight.ACCESS, DataRight.RECTIFICATION


def test_health_data_without_access_and_rectification_fires_on_the_device() -> None:
    p = make_project(
        data=DATA,
        use_cases=[
            replace(use_case("therapy", data=("dose", "weight")), rights=()),
            replace(use_case("export", data=("dose",)), rights=(ACCESS,)),
        ],
    )
    (m,) = matches(RULE, p)
    assert (m.target.kind.value, m.target.id) == ("device", "dev")
    assert trigger_texts(m) == [
        "data[dose].category = health; no use case needing it has rectification",
        "data[weight].category = health; no use case needing it has access or rectification",
    ]


def test_privacy_secured_twin_is_quiet() -> None:
    retired = replace(data_item("dob"), status=DataStatus.RETIRED)
    p = make_project(
        data=[*DATA, retired],
        use_cases=[
            use_case("therapy", data=("dose", "weight")),
            replace(use_case("requests", data=("dose", "weight")), rights=(ACCESS, RECTIFY)),
        ],
    )
    assert list(RULE.check(p)) == []


def test_rights_stated_nowhere_are_asked() -> None:
    p = make_project(data=DATA, use_cases=[use_case("therapy", data=("dose",))])
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["use_cases[].rights"]


def test_a_model_without_health_data_is_quiet() -> None:
    p = make_project(data=[data_item("name", DataCategory.PERSONAL)])
    assert list(RULE.check(p)) == []
