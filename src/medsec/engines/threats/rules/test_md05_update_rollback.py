from medsec.domain.model import Update
from medsec.engines.threats.rules._fixtures import (
    element,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md05_update_rollback import RULE


def test_missing_rollback_protection_fires() -> None:
    p = make_project(elements=[element(update=Update(signed=True, rollback_protection=False))])
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == ["elements[fw].update.rollback_protection = false"]


def test_rollback_protection_is_quiet() -> None:
    p = make_project(elements=[element(update=Update(rollback_protection=True))])
    assert list(RULE.check(p)) == []


def test_unknown_rollback_protection_is_asked() -> None:
    p = make_project(elements=[element(update=Update(signed=True))])
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["update.rollback_protection"]
