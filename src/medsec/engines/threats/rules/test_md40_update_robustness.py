from medsec.domain.model import Update
from medsec.domain.vocabulary import Function, Protocol
from medsec.engines.threats.rules._fixtures import (
    element,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md40_update_robustness import RULE


def test_in_place_update_of_a_therapy_controller_fires() -> None:
    fw = element(
        function=Function.THERAPY,
        safety_critical=True,
        update=Update(signed=True, channel=Protocol.INTERNAL, atomic=False),
        updatable=True,
    )
    (m,) = matches(RULE, make_project(elements=[fw]))
    assert trigger_texts(m) == [
        "elements[fw].update.atomic = false",
        "elements[fw].safety_critical = true",
        "elements[fw].function = therapy",
    ]


def test_secured_twin_and_non_updatable_are_quiet() -> None:
    p = make_project(
        elements=[
            element("a", update=Update(atomic=True), updatable=True),
            element("b", update=Update(atomic=False), updatable=False),
        ]
    )
    assert list(RULE.check(p)) == []


def test_unstated_atomicity_is_asked_of_device_software_only() -> None:
    p = make_project(
        elements=[element("fw"), element("api", boundary="cloud"), element("hw", software=False)]
    )
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [("fw", "update.atomic")]
