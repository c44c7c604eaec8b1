from medsec.engines.threats.rules._fixtures import (
    actor,
    element,
    make_project,
    matches,
    store,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md28_security_logging import RULE


def test_no_logging_fires() -> None:
    p = make_project(elements=[store("audit", security_logging=False)])
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == ["elements[audit].security_logging = false"]


def test_logging_is_quiet() -> None:
    p = make_project(elements=[element(security_logging=True)])
    assert list(RULE.check(p)) == []


def test_unknown_logging_is_asked_for_software_not_actors() -> None:
    p = make_project(elements=[element("fw"), element("hw", software=False), actor("nurse")])
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [("fw", "security_logging")]
