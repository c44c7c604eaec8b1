"""CSAF 2.0 mandatory tests on products and groups: 6.1.1-6.1.6, 6.1.13, 6.1.25, 6.1.31."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from packageurl import PackageURL

from medsec.engines.csaf_checks.model import (
    Failure,
    branches,
    full_product_names,
    items,
    obj,
    product_refs,
    vulnerabilities,
)


def _defined(doc: Any) -> set[str]:
    """Product ids defined anywhere in the product tree."""
    return {p["product_id"] for _, p in full_product_names(doc) if "product_id" in p}


def missing_product_id(doc: Any) -> Iterator[Failure]:
    """6.1.1 Missing Definition of Product ID."""
    defined = _defined(doc)
    for path, pid in product_refs(doc):
        if pid not in defined:
            yield Failure("6.1.1", path, f"product id {pid!r} is not defined in the product tree")


def multiple_product_id(doc: Any) -> Iterator[Failure]:
    """6.1.2 Multiple Definition of Product ID."""
    seen: set[str] = set()
    for path, p in full_product_names(doc):
        pid = p.get("product_id")
        if pid in seen:
            yield Failure("6.1.2", f"{path}/product_id", f"product id {pid!r} is defined twice")
        if isinstance(pid, str):
            seen.add(pid)


def circular_product_id(doc: Any) -> Iterator[Failure]:
    """6.1.3 Circular Definition of Product ID (through relationships)."""
    rels = items(obj(obj(doc).get("product_tree")).get("relationships"))
    edges: dict[str, set[str]] = {}
    for r in rels:
        r = obj(r)
        pid = obj(r.get("full_product_name")).get("product_id")
        if isinstance(pid, str):
            edges.setdefault(pid, set()).update(
                x
                for x in (r.get("product_reference"), r.get("relates_to_product_reference"))
                if isinstance(x, str)
            )
    for i, r in enumerate(rels):
        start = obj(obj(r).get("full_product_name")).get("product_id")
        if not isinstance(start, str):
            continue
        stack, seen = list(edges.get(start, ())), set()
        while stack:
            node = stack.pop()
            if node == start:
                yield Failure(
                    "6.1.3",
                    f"/product_tree/relationships/{i}/full_product_name/product_id",
                    f"product id {start!r} is defined through itself",
                )
                break
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))


def _group_refs(doc: Any) -> Iterator[tuple[str, Any]]:
    """Group ids referenced by remediations, threats and flags, with their paths."""
    for path, v in vulnerabilities(doc):
        for key in ("remediations", "threats", "flags"):
            for k, item in enumerate(items(v.get(key))):
                for j, gid in enumerate(items(obj(item).get("group_ids"))):
                    yield f"{path}/{key}/{k}/group_ids/{j}", gid


def _group_ids(doc: Any) -> list[tuple[str, Any]]:
    """Group ids defined in the product tree, with their paths (duplicates kept)."""
    tree = obj(obj(doc).get("product_tree"))
    return [
        (f"/product_tree/product_groups/{i}/group_id", obj(g).get("group_id"))
        for i, g in enumerate(items(tree.get("product_groups")))
    ]


def missing_group_id(doc: Any) -> Iterator[Failure]:
    """6.1.4 Missing Definition of Product Group ID."""
    defined = {gid for _, gid in _group_ids(doc)}
    for path, gid in _group_refs(doc):
        if gid not in defined:
            yield Failure("6.1.4", path, f"product group {gid!r} is not defined")


def multiple_group_id(doc: Any) -> Iterator[Failure]:
    """6.1.5 Multiple Definition of Product Group ID."""
    seen: set[Any] = set()
    for path, gid in _group_ids(doc):
        if gid in seen:
            yield Failure("6.1.5", path, f"product group {gid!r} is defined twice")
        seen.add(gid)


CONTRADICTION_GROUPS = {
    "affected": ("first_affected", "known_affected", "last_affected"),
    "not affected": ("known_not_affected",),
    "fixed": ("first_fixed", "fixed"),
    "under investigation": ("under_investigation",),
}


def contradicting_status(doc: Any) -> Iterator[Failure]:
    """6.1.6 Contradicting Product Status."""
    for path, v in vulnerabilities(doc):
        status = obj(v.get("product_status"))
        member: dict[str, str] = {}
        for group, keys in CONTRADICTION_GROUPS.items():
            for pid in {p for k in keys for p in items(status.get(k)) if isinstance(p, str)}:
                if pid in member:
                    yield Failure(
                        "6.1.6",
                        f"{path}/product_status",
                        f"product {pid!r} is both '{member[pid]}' and '{group}'",
                    )
                else:
                    member[pid] = group


def _helpers(doc: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every product identification helper, with its path."""
    for path, p in full_product_names(doc):
        helper = p.get("product_identification_helper")
        if isinstance(helper, dict):
            yield f"{path}/product_identification_helper", helper


def purl(doc: Any) -> Iterator[Failure]:
    """6.1.13 PURL."""
    for path, helper in _helpers(doc):
        value = helper.get("purl")
        if value is None:
            continue
        try:
            parsed = PackageURL.from_string(str(value))
            if not parsed.name:
                raise ValueError("no name")
        except ValueError as exc:
            yield Failure("6.1.13", f"{path}/purl", f"invalid purl {value!r}: {exc}")


def hash_algorithm(doc: Any) -> Iterator[Failure]:
    """6.1.25 Multiple Use of Same Hash Algorithm."""
    for path, helper in _helpers(doc):
        for i, h in enumerate(items(helper.get("hashes"))):
            seen: set[str] = set()
            for fh in items(obj(h).get("file_hashes")):
                algorithm = str(obj(fh).get("algorithm", "")).lower()
                if algorithm in seen:
                    yield Failure(
                        "6.1.25",
                        f"{path}/hashes/{i}/file_hashes",
                        f"hash algorithm {algorithm!r} is used twice",
                    )
                seen.add(algorithm)


RANGE_WORDS = frozenset({"after", "all", "before", "earlier", "later", "prior", "versions"})


def is_range(version: str) -> bool:
    """A version range: a comparison operator, or one of the range words as a word."""
    return (
        "<" in version
        or ">" in version
        or any(word in RANGE_WORDS for word in version.lower().split())
    )


def version_range(doc: Any) -> Iterator[Failure]:
    """6.1.31 Version Range in Product Version."""
    for path, b in branches(doc):
        name = str(b.get("name", ""))
        if b.get("category") == "product_version" and is_range(name):
            yield Failure("6.1.31", f"{path}/name", f"product_version {name!r} is a version range")
