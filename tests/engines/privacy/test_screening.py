"""The nine WP248 criteria: each fires from its model facts and stays quiet without them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from medsec.domain.model import Boundary, DataRight, DataTrait, Party, Project
from medsec.domain.vocabulary import BoundaryKind, DataCategory, Function, PartyKind
from medsec.engines.privacy.screening import screen
from medsec.engines.threats.rules._fixtures import (
    data_item,
    element,
    flow,
    make_project,
    store,
    use_case,
)

HEALTH = replace(data_item("vitals", DataCategory.HEALTH), subjects="adult visitors")
NAME = replace(data_item("name", DataCategory.PERSONAL), subjects="adult visitors")
KEY = replace(data_item("pw", DataCategory.CREDENTIAL), subjects="patients")


def quiet() -> Project:
    """Personal data (no health data) of adults who are not patients, in one small store."""
    return make_project(
        elements=(element("app", function=Function.OTHER), store("db", stores=("name",))),
        flows=(flow("save", "app", "db", data=("name",)),),
        data=(NAME, KEY),
    )


def met(p: Project) -> list[int]:
    return [c.number for c in screen(p).met]


def test_a_quiet_model_meets_no_criterion() -> None:
    s = screen(quiet())
    assert met(quiet()) == [] and not s.required
    assert s.conclusion == "0 of 9 WP248 criteria met (none): no DPIA is required."
    assert screen(make_project(data=(data_item("t", DataCategory.TECHNICAL),))).met == ()


def _with(**kw: object) -> Project:
    return replace(quiet(), **kw)  # type: ignore[arg-type]


def _elements(*changed: object) -> tuple[object, ...]:
    return (*changed, store("db", stores=("name",)))


@pytest.mark.parametrize(
    ("number", "model"),
    [
        (1, _with(elements=_elements(element("app", function=Function.DIAGNOSIS)))),
        (
            2,
            make_project(
                elements=(element("pump", function=Function.THERAPY),),
                flows=(flow("in", "tablet", "pump", data=("vitals",)),),
                data=(HEALTH,),
            ),
        ),
        (3, _with(elements=_elements(element("app", function=Function.MONITORING)))),
        (3, _with(data=(replace(NAME, traits=(DataTrait.LOCATION,)),))),
        (4, _with(data=(replace(HEALTH, id="name"),))),
        (5, _with(elements=_elements(element("app", patients=5000)))),
        (
            6,
            replace(
                make_project(
                    elements=(element("hub"), element("ehr", boundary="lan"), element("app")),
                    flows=(
                        flow("a", "ehr", "hub", data=("name",)),
                        flow("b", "app", "hub", data=("name",)),
                    ),
                    data=(NAME,),
                    boundaries=(
                        Boundary("box", "Box", BoundaryKind.DEVICE),
                        Boundary("lan", "Hospital", BoundaryKind.NETWORK, operated_by="hospital"),
                    ),
                ),
                parties=(Party("hospital", "Hospital", PartyKind.HOSPITAL),),
            ),
        ),
        (7, _with(data=(replace(NAME, subjects="children on the ward"),))),
        (8, _with(data=(replace(NAME, category=DataCategory.BIOMETRIC),))),
    ],
)
def test_each_criterion_fires_from_its_facts(number: int, model: Project) -> None:
    criterion = screen(model).criteria[number - 1]
    assert criterion.met and criterion.facts, number
    assert number in met(model)


def test_criterion_9_once_the_model_states_rights() -> None:
    base = make_project(
        elements=(store("db", stores=("vitals",)),),
        data=(HEALTH,),
        use_cases=(use_case("see", data=("vitals",)),),
    )
    assert 9 not in met(base)  # no use case states rights: unknown, not met
    access = replace(base.use_cases[0], rights=(DataRight.ACCESS,))
    weak = replace(base, use_cases=(access,))
    [fact] = screen(weak).criteria[8].facts
    assert fact.text == "vitals: no use case needing it serves rectification"
    both = replace(access, rights=(DataRight.ACCESS, DataRight.RECTIFICATION))
    assert 9 not in met(replace(base, use_cases=(both,)))


def test_two_criteria_or_art35_3b_require_a_dpia() -> None:
    patients = _with(data=(replace(HEALTH, id="name", subjects="patients"),))
    s = screen(patients)
    assert [c.number for c in s.met] == [4, 7] and s.required
    assert s.conclusion == "2 of 9 WP248 criteria met (4, 7): a DPIA is required."
    one = screen(_with(data=(replace(HEALTH, id="name"),)))
    assert not one.required and not one.art35_3b


def test_facts_name_the_key_that_met_the_criterion() -> None:
    p = _with(elements=_elements(element("app", patients=5000)))
    [fact] = screen(p).criteria[4].facts
    assert (fact.text, fact.record) == (
        "app: serves 5000 patients, handles name",
        "elements[app].patients",
    )


def test_art35_3b_large_scale_special_category_data() -> None:
    cloud = element("app", patients=5000)
    health = replace(HEALTH, id="name")
    assert screen(_with(elements=_elements(cloud), data=(health,))).art35_3b
    assert not screen(_with(elements=_elements(cloud))).art35_3b  # large scale, no Art. 9 data
    assert not screen(_with(data=(health,))).art35_3b  # Art. 9 data, small scale
