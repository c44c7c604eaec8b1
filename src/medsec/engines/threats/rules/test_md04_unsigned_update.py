from medsec.domain.model import Update
from medsec.domain.vocabulary import ElementType
from medsec.engines.threats.rules._fixtures import (
    element,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md04_unsigned_update import RULE


def test_unsigned_update_fires() -> None:
    p = make_project(elements=[element(update=Update(signed=False))])
    (m,) = matches(RULE, p)
    assert m.target.id == "fw"
    assert trigger_texts(m) == ["elements[fw].update.signed = false"]


def test_signed_update_is_quiet() -> None:
    p = make_project(elements=[element(update=Update(signed=True))])
    assert list(RULE.check(p)) == []


def test_not_updatable_is_quiet() -> None:
    p = make_project(elements=[element(updatable=False, update=Update(signed=False))])
    assert list(RULE.check(p)) == []


def test_unknown_update_asked_for_device_software_only() -> None:
    p = make_project(
        elements=[
            element("fw"),
            element("api", boundary="cloud"),
            element("db", type=ElementType.DATA_STORE),
            element("hw", software=False),
        ]
    )
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [("fw", "update.signed")]
