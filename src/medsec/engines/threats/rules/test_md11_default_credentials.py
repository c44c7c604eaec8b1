from medsec.domain.vocabulary import Credentials
from medsec.engines.threats.rules._fixtures import (
    actor,
    element,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md11_default_credentials import RULE


def test_shared_default_credentials_fire() -> None:
    p = make_project(elements=[element(credentials=Credentials.SHARED_DEFAULT)])
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == ["elements[fw].credentials = shared-default"]


def test_unique_credentials_are_quiet() -> None:
    p = make_project(
        elements=[
            element("a", credentials=Credentials.UNIQUE_PER_DEVICE),
            element("b", credentials=Credentials.HARDCODED),  # MD-12
        ]
    )
    assert list(RULE.check(p)) == []


def test_unknown_asked_for_processes_not_actors() -> None:
    p = make_project(elements=[element("fw"), actor("nurse")])
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [("fw", "credentials")]
