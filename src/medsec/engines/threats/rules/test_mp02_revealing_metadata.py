from dataclasses import replace

from medsec.domain.model import DataItem, DataTrait
from medsec.domain.vocabulary import DataCategory, Function
from medsec.engines.threats.rules._fixtures import (
    data_item,
    element,
    flow,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.mp02_revealing_metadata import RULE

CLOUD = element("api", boundary="cloud")


def gps(pseudonymised: bool | None) -> DataItem:
    item = data_item("gps", DataCategory.PERSONAL)
    return replace(item, traits=(DataTrait.LOCATION,), pseudonymised=pseudonymised)


def test_location_beside_health_data_fires() -> None:
    p = make_project(
        elements=[element("pump"), CLOUD],
        flows=[flow("up", "pump", "api", data=("gps", "glucose"))],
        data=[gps(False), data_item("glucose")],
    )
    (m,) = matches(RULE, p)
    assert sorted(trigger_texts(m)) == [
        "data[gps].pseudonymised = false",
        "flows[up].data = glucose (health)",
        "flows[up].data = gps (personal; location)",
    ]


def test_usage_times_of_a_therapy_device_fire_without_health_data() -> None:
    times = replace(
        data_item("sessions", DataCategory.PERSONAL),
        traits=(DataTrait.TIMING, DataTrait.USAGE),
        pseudonymised=False,
    )
    p = make_project(
        elements=[element("pump", function=Function.THERAPY), CLOUD],
        flows=[flow("up", "pump", "api", data=("sessions",))],
        data=[times],
    )
    (m,) = matches(RULE, p)
    assert "elements[pump].function = therapy" in trigger_texts(m)
    assert "flows[up].data = sessions (personal; timing, usage)" in trigger_texts(m)


def test_privacy_secured_twin_is_quiet() -> None:
    # the same upload pseudonymised; the same item with no health context; a local flow
    p = make_project(
        elements=[element("pump"), element("tracker", function=Function.OTHER), CLOUD],
        flows=[
            flow("up", "pump", "api", data=("gps-p", "glucose")),
            flow("plain", "tracker", "api", data=("gps",)),
            flow("local", "pump", "nurse", data=("gps", "glucose")),
        ],
        data=[gps(False), replace(gps(True), id="gps-p"), data_item("glucose")],
    )
    assert list(RULE.check(p)) == []


def test_unstated_pseudonymisation_is_asked() -> None:
    p = make_project(
        elements=[element("pump"), CLOUD],
        flows=[flow("up", "pump", "api", data=("gps", "glucose"))],
        data=[gps(None), data_item("glucose")],
    )
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["data[gps].pseudonymised"]
