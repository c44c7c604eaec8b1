"""The mandatory tests of CSAF 2.0 (§6.1) as code, over a document as plain JSON data (pure).

``mandatory(doc)`` runs them all and returns every failure, each naming its test and the JSON
pointer of the offending value. Limits: 6.1.11 checks names only for the CWE ids medsec knows
(cwe_names.py); 6.1.12 checks two-letter languages against ISO 639-1 and accepts any
well-formed three-letter one; 6.1.8 applies the FIRST CVSS schemas as rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from medsec.engines.csaf_checks import document, products, profile, scores, tracking
from medsec.engines.csaf_checks.model import Failure

Test = Callable[[Any], Iterable[Failure]]

MANDATORY: Final[Mapping[str, Test]] = {
    "6.1.1": products.missing_product_id,
    "6.1.2": products.multiple_product_id,
    "6.1.3": products.circular_product_id,
    "6.1.4": products.missing_group_id,
    "6.1.5": products.multiple_group_id,
    "6.1.6": products.contradicting_status,
    "6.1.7": scores.multiple_scores,
    "6.1.8": scores.invalid_cvss,
    "6.1.9": scores.invalid_computation,
    "6.1.10": scores.inconsistent_cvss,
    "6.1.11": document.cwe,
    "6.1.12": document.language,
    "6.1.13": products.purl,
    "6.1.14": tracking.sorted_history,
    "6.1.15": document.translator,
    "6.1.16": tracking.latest_version,
    "6.1.17": tracking.status_draft,
    "6.1.18": tracking.released_history,
    "6.1.19": tracking.prerelease_history,
    "6.1.20": tracking.nondraft_version,
    "6.1.21": tracking.missing_history_item,
    "6.1.22": tracking.duplicate_history,
    "6.1.23": document.same_cve,
    "6.1.24": document.involvements,
    "6.1.25": products.hash_algorithm,
    "6.1.26": document.category_name,
    "6.1.27.1": profile.document_notes,
    "6.1.27.2": profile.document_references,
    "6.1.27.3": profile.no_vulnerabilities,
    "6.1.27.4": profile.product_tree,
    "6.1.27.5": profile.vulnerability_notes,
    "6.1.27.6": profile.product_status,
    "6.1.27.7": profile.vex_product_status,
    "6.1.27.8": profile.vulnerability_id,
    "6.1.27.9": profile.impact_statement,
    "6.1.27.10": profile.action_statement,
    "6.1.27.11": profile.has_vulnerabilities,
    "6.1.28": document.translation,
    "6.1.29": document.remediation_products,
    "6.1.30": tracking.mixed_versioning,
    "6.1.31": products.version_range,
    "6.1.32": document.flag_products,
    "6.1.33": document.multiple_flags,
}


def mandatory(doc: Any, only: Iterable[str] | None = None) -> tuple[Failure, ...]:
    """Every failure of the mandatory tests (or of the ``only`` ones), in test order."""
    wanted = set(only) if only is not None else None
    return tuple(
        failure
        for test_id, test in MANDATORY.items()
        if wanted is None or test_id in wanted
        for failure in test(doc)
    )


__all__ = ["MANDATORY", "Failure", "mandatory"]
