from medsec.domain.vocabulary import Carries, DataCategory, Protocol
from medsec.engines.threats.rules._fixtures import (
    data_item,
    element,
    flow,
    make_project,
    matches,
    trigger_texts,
    unknowns,
    use_case,
)
from medsec.engines.threats.rules.md32_cloud_data_minimisation import RULE

ELEMENTS = [element("fw"), element("api", boundary="cloud"), element("db", boundary="cloud")]
DATA = [data_item("glucose"), data_item("name", DataCategory.PERSONAL)]


def test_unneeded_upload_fires() -> None:
    p = make_project(
        elements=ELEMENTS,
        flows=[flow("up", "fw", "api", protocol=Protocol.HTTPS, data=("glucose", "name"))],
        data=DATA,
        use_cases=[use_case("trend", data=("glucose",))],
    )
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "flows[up].data = name (personal)",
        "use_cases.needs_data = lists none of name",
    ]


def test_needed_uploads_and_cloud_internal_flows_are_quiet() -> None:
    p = make_project(
        elements=ELEMENTS,
        flows=[
            flow("up", "fw", "api", data=("glucose",)),
            flow("store", "api", "db", data=("glucose", "name")),
            flow("cmd", "fw", "api", carries=Carries.COMMANDS),
        ],
        data=DATA,
        use_cases=[use_case("trend", data=("glucose",))],
    )
    assert list(RULE.check(p)) == []


def test_unknown_data_and_use_cases_are_asked() -> None:
    p = make_project(
        elements=ELEMENTS,
        flows=[flow("a", "fw", "api"), flow("b", "fw", "api", data=("glucose",))],
        data=DATA,
    )
    assert matches(RULE, p) == []
    assert [(u.target.kind.value, u.target.id, u.attribute) for u in unknowns(RULE, p)] == [
        ("flow", "a", "data"),
        ("device", "dev", "use_cases"),
    ]
