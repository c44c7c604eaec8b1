"""The checklist registry: one item per id, in checklist order, metadata taken from the items."""

from __future__ import annotations

from medsec.domain.checklist import ItemId
from medsec.engines.compliance.checklist import ITEMS, MANDATORY, evaluate
from medsec.engines.compliance.items._fixtures import context


def test_registry_is_exhaustive_over_item_ids_in_checklist_order() -> None:
    assert [item.meta.id for item in ITEMS] == list(ItemId)


def test_the_five_baseline_items_are_mandatory() -> None:
    assert (
        frozenset(
            {
                ItemId.THREAT_RISK_ANALYSIS,
                ItemId.SECURITY_BY_DESIGN,
                ItemId.SBOM,
                ItemId.CVE_ANALYSIS,
                ItemId.INDEPENDENT_PENTEST,
            }
        )
        == MANDATORY
    )


def test_every_item_states_a_title_and_its_clauses() -> None:
    for item in ITEMS:
        assert item.meta.title, item.meta.id
        assert item.meta.clauses and all(item.meta.clauses), item.meta.id
    assert len({item.meta.title for item in ITEMS}) == len(ITEMS)


def test_results_carry_the_metadata_of_their_item() -> None:
    checklist = evaluate(context())
    assert [r.id for r in checklist.items] == [item.meta.id for item in ITEMS]
    for result, item in zip(checklist.items, ITEMS, strict=True):
        assert (result.title, result.clauses, result.mandatory) == (
            item.meta.title,
            item.meta.clauses,
            item.meta.mandatory,
        )
        assert all(f.rule.startswith(f"{item.meta.id.value}/") for f in result.findings)
