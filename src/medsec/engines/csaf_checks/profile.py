"""CSAF 2.0 mandatory profile tests 6.1.27.1-6.1.27.11 (each for the categories it names)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from medsec.engines.csaf_checks.model import (
    Failure,
    groups,
    items,
    obj,
    products_of,
    vulnerabilities,
)

INFORMATIONAL = "csaf_informational_advisory"
INCIDENT = "csaf_security_incident_response"
ADVISORY = "csaf_security_advisory"
VEX = "csaf_vex"
VEX_STATUS = ("fixed", "known_affected", "known_not_affected", "under_investigation")


def _category(doc: Any) -> str:
    """``/document/category``, the profile the document claims (``""`` if absent)."""
    return str(obj(obj(doc).get("document")).get("category", ""))


def document_notes(doc: Any) -> Iterator[Failure]:
    """6.1.27.1 Document Notes."""
    if _category(doc) not in (INFORMATIONAL, INCIDENT):
        return
    notes = items(obj(obj(doc).get("document")).get("notes"))
    if not any(
        obj(n).get("category") in ("description", "details", "general", "summary") for n in notes
    ):
        yield Failure(
            "6.1.27.1", "/document/notes", "no description, details, general or summary note"
        )


def document_references(doc: Any) -> Iterator[Failure]:
    """6.1.27.2 Document References."""
    if _category(doc) not in (INFORMATIONAL, INCIDENT):
        return
    refs = items(obj(obj(doc).get("document")).get("references"))
    if not any(obj(r).get("category") == "external" for r in refs):
        yield Failure("6.1.27.2", "/document/references", "no external reference")


def no_vulnerabilities(doc: Any) -> Iterator[Failure]:
    """6.1.27.3 Vulnerabilities (an informational advisory has none)."""
    if _category(doc) == INFORMATIONAL and "vulnerabilities" in obj(doc):
        yield Failure(
            "6.1.27.3", "/vulnerabilities", "an informational advisory lists vulnerabilities"
        )


def product_tree(doc: Any) -> Iterator[Failure]:
    """6.1.27.4 Product Tree."""
    if _category(doc) in (ADVISORY, VEX) and "product_tree" not in obj(doc):
        yield Failure("6.1.27.4", "/product_tree", "no product tree")


def vulnerability_notes(doc: Any) -> Iterator[Failure]:
    """6.1.27.5 Vulnerability Notes."""
    if _category(doc) not in (ADVISORY, VEX):
        return
    for path, v in vulnerabilities(doc):
        if "notes" not in v:
            yield Failure("6.1.27.5", f"{path}/notes", "the vulnerability has no notes")


def product_status(doc: Any) -> Iterator[Failure]:
    """6.1.27.6 Product Status."""
    if _category(doc) != ADVISORY:
        return
    for path, v in vulnerabilities(doc):
        if "product_status" not in v:
            yield Failure("6.1.27.6", f"{path}/product_status", "no product status")


def vex_product_status(doc: Any) -> Iterator[Failure]:
    """6.1.27.7 VEX Product Status."""
    if _category(doc) != VEX:
        return
    for path, v in vulnerabilities(doc):
        status = obj(v.get("product_status"))
        if not any(k in status for k in VEX_STATUS):
            yield Failure(
                "6.1.27.7",
                f"{path}/product_status",
                "none of fixed, known_affected, known_not_affected, under_investigation",
            )


def vulnerability_id(doc: Any) -> Iterator[Failure]:
    """6.1.27.8 Vulnerability ID."""
    if _category(doc) != VEX:
        return
    for path, v in vulnerabilities(doc):
        if "cve" not in v and "ids" not in v:
            yield Failure("6.1.27.8", path, "neither cve nor ids")


def _covered(
    v: dict[str, Any], key: str, group_map: dict[str, set[str]], want: str | None
) -> set[str]:
    """Products named, directly or by group, by the items of one list (of one category)."""
    out: set[str] = set()
    for item in items(v.get(key)):
        if want is None or obj(item).get("category") == want:
            out |= products_of(obj(item), group_map)
    return out


def impact_statement(doc: Any) -> Iterator[Failure]:
    """6.1.27.9 Impact Statement: every known_not_affected product has a flag or impact threat."""
    if _category(doc) != VEX:
        return
    group_map = groups(doc)
    for path, v in vulnerabilities(doc):
        covered = _covered(v, "flags", group_map, None) | _covered(
            v, "threats", group_map, "impact"
        )
        for i, pid in enumerate(items(obj(v.get("product_status")).get("known_not_affected"))):
            if pid not in covered:
                yield Failure(
                    "6.1.27.9",
                    f"{path}/product_status/known_not_affected/{i}",
                    f"no impact statement for {pid!r}",
                )


def action_statement(doc: Any) -> Iterator[Failure]:
    """6.1.27.10 Action Statement: every known_affected product has a remediation."""
    if _category(doc) != VEX:
        return
    group_map = groups(doc)
    for path, v in vulnerabilities(doc):
        covered = _covered(v, "remediations", group_map, None)
        for i, pid in enumerate(items(obj(v.get("product_status")).get("known_affected"))):
            if pid not in covered:
                yield Failure(
                    "6.1.27.10",
                    f"{path}/product_status/known_affected/{i}",
                    f"no action statement for {pid!r}",
                )


def has_vulnerabilities(doc: Any) -> Iterator[Failure]:
    """6.1.27.11 Vulnerabilities."""
    if _category(doc) in (ADVISORY, VEX) and "vulnerabilities" not in obj(doc):
        yield Failure("6.1.27.11", "/vulnerabilities", "no vulnerabilities")
