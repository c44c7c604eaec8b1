from medsec.domain.model import ActivityRecord
from medsec.domain.vocabulary import Activity, ElementType
from medsec.engines.threats.rules._fixtures import (
    element,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md10_untrusted_parser import RULE


def test_parser_without_fuzzing_fires() -> None:
    p = make_project(elements=[element("viewer", parses_untrusted_input=True)])
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "elements[viewer].parses_untrusted_input = true",
        "activities = no fuzzing recorded",
    ]


def test_fuzzed_parser_is_quiet() -> None:
    p = make_project(
        elements=[element("viewer", parses_untrusted_input=True)],
        activities=[ActivityRecord(activity=Activity.FUZZING, evidence="ci/fuzz.json")],
    )
    assert list(RULE.check(p)) == []


def test_no_untrusted_input_is_quiet() -> None:
    p = make_project(elements=[element(parses_untrusted_input=False)])
    assert list(RULE.check(p)) == []


def test_unknown_asked_for_processes_only() -> None:
    p = make_project(elements=[element("fw"), element("db", type=ElementType.DATA_STORE)])
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [
        ("fw", "parses_untrusted_input")
    ]
