from medsec.domain.vocabulary import ElementType
from medsec.engines.threats.rules._fixtures import (
    element,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md07_secure_boot import RULE


def test_no_secure_boot_fires() -> None:
    p = make_project(elements=[element(secure_boot=False)])
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == ["elements[fw].secure_boot = false"]


def test_secure_boot_is_quiet() -> None:
    p = make_project(elements=[element(secure_boot=True)])
    assert list(RULE.check(p)) == []


def test_unknown_asked_for_processes_inside_the_device_only() -> None:
    p = make_project(
        elements=[
            element("fw"),
            element("api", boundary="cloud"),
            element("app", boundary="phone"),
            element("server", boundary="lan"),
            element("db", type=ElementType.DATA_STORE),
        ]
    )
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [("fw", "secure_boot")]
