from medsec.domain.vocabulary import Credentials
from medsec.engines.threats.rules._fixtures import (
    element,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md12_hardcoded_credentials import RULE


def test_hardcoded_credentials_fire() -> None:
    p = make_project(elements=[element("app", credentials=Credentials.HARDCODED)])
    (m,) = matches(RULE, p)
    assert m.target.id == "app"
    assert trigger_texts(m) == ["elements[app].credentials = hardcoded"]


def test_unique_credentials_are_quiet() -> None:
    p = make_project(elements=[element(credentials=Credentials.UNIQUE_PER_DEVICE)])
    assert list(RULE.check(p)) == []


def test_unknown_credentials_are_asked() -> None:
    p = make_project(elements=[element()])
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["credentials"]
