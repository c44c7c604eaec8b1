from medsec.domain.vocabulary import Authentication, Encryption, Protocol
from medsec.engines.threats.rules._fixtures import (
    element,
    flow,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md27_multi_patient import RULE

WEAK = flow(
    "bed-to-station",
    "bed",
    "station",
    protocol=Protocol.ETHERNET,
    authentication=Authentication.NONE,
    encryption=Encryption.TLS1_2,
)


def test_central_station_on_weak_link_fires() -> None:
    p = make_project(
        elements=[element("station", boundary="lan", patients=16, safety_critical=True)],
        flows=[WEAK],
    )
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "elements[station].patients = 16",
        "elements[station].safety_critical = true",
        "flows[bed-to-station].authentication = none",
    ]


def test_single_patient_or_strong_links_are_quiet() -> None:
    strong = flow(
        "s",
        "bed",
        "station",
        protocol=Protocol.ETHERNET,
        authentication=Authentication.MUTUAL_TLS,
        encryption=Encryption.TLS1_3,
    )
    assert (
        list(RULE.check(make_project(elements=[element("station", patients=1)], flows=[WEAK])))
        == []
    )
    assert (
        list(RULE.check(make_project(elements=[element("station", patients=9)], flows=[strong])))
        == []
    )


def test_unknown_patient_count_is_asked_only_behind_a_weak_link() -> None:
    p = make_project(elements=[element("station")], flows=[WEAK])
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["patients"]
    quiet = make_project(elements=[element("station")], flows=[flow("x", "bed", "station")])
    assert list(RULE.check(quiet)) == []
