from medsec.engines.threats.rules._fixtures import (
    element,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md20_object_authorization import RULE


def test_api_without_object_checks_fires() -> None:
    p = make_project(elements=[element("api", boundary="cloud", object_level_authorization=False)])
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == ["elements[api].object_level_authorization = false"]


def test_api_with_object_checks_is_quiet() -> None:
    p = make_project(elements=[element("api", boundary="cloud", object_level_authorization=True)])
    assert list(RULE.check(p)) == []


def test_unknown_asked_for_cloud_or_internet_facing_processes() -> None:
    p = make_project(
        elements=[
            element("api", boundary="cloud"),
            element("portal", internet_facing=True),
            element("fw"),
        ]
    )
    assert matches(RULE, p) == []
    assert [u.target.id for u in unknowns(RULE, p)] == ["api", "portal"]
