from medsec.domain.vocabulary import DataCategory
from medsec.engines.threats.rules._fixtures import (
    data_item,
    make_project,
    matches,
    store,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md18_phi_at_rest import RULE

DATA = [
    data_item("mrn", DataCategory.HEALTH),
    data_item("serial", DataCategory.TECHNICAL),
    data_item("key", DataCategory.CREDENTIAL),
]


def test_unencrypted_patient_store_fires() -> None:
    p = make_project(
        elements=[store("db", stores=("mrn", "serial"), encryption_at_rest=False)], data=DATA
    )
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "elements[db].stores = mrn (health)",
        "elements[db].encryption_at_rest = false",
    ]


def test_encrypted_or_technical_stores_are_quiet() -> None:
    p = make_project(
        elements=[
            store("a", stores=("mrn",), encryption_at_rest=True),
            store("b", stores=("serial", "key"), encryption_at_rest=False),
            store("c", boundary="phone", stores=("mrn",), encryption_at_rest=False),  # MD-19
        ],
        data=DATA,
    )
    assert list(RULE.check(p)) == []


def test_unknown_encryption_is_asked_only_for_patient_data() -> None:
    p = make_project(
        elements=[store("a", stores=("mrn",)), store("b", stores=("serial",))], data=DATA
    )
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [("a", "encryption_at_rest")]
