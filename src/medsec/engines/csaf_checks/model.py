"""A failed CSAF test, and walking a CSAF document (plain JSON data) with JSON pointers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Failure:
    """One failed CSAF test: which test, the JSON pointer it failed at, and why."""

    test: str  # "6.1.1", "6.1.27.9"
    path: str  # JSON pointer of the offending value
    message: str

    def __str__(self) -> str:
        """``6.1.1 /path: message``, as the CLI lists failures."""
        return f"{self.test} {self.path}: {self.message}"


def items(value: Any) -> list[Any]:
    """The value if it is a list, else ``[]``: tests walk malformed documents safely."""
    return value if isinstance(value, list) else []


def obj(value: Any) -> dict[str, Any]:
    """The value if it is an object, else ``{}``: tests walk malformed documents safely."""
    return value if isinstance(value, dict) else {}


def vulnerabilities(doc: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every vulnerability object, with its JSON pointer."""
    for i, v in enumerate(items(obj(doc).get("vulnerabilities"))):
        if isinstance(v, dict):
            yield f"/vulnerabilities/{i}", v


def branch_products(doc: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every ``product`` inside ``/product_tree/branches`` (any depth), with its path."""

    def walk(branches: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """Products of these branches and of their sub-branches, depth first."""
        for i, b in enumerate(items(branches)):
            here = f"{path}/{i}"
            b = obj(b)
            if isinstance(b.get("product"), dict):
                yield f"{here}/product", b["product"]
            yield from walk(b.get("branches"), f"{here}/branches")

    yield from walk(obj(obj(doc).get("product_tree")).get("branches"), "/product_tree/branches")


def branches(doc: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every branch of the product tree (any depth), with its path."""

    def walk(value: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """These branches and their sub-branches, depth first."""
        for i, b in enumerate(items(value)):
            if isinstance(b, dict):
                yield f"{path}/{i}", b
                yield from walk(b.get("branches"), f"{path}/{i}/branches")

    yield from walk(obj(obj(doc).get("product_tree")).get("branches"), "/product_tree/branches")


def full_product_names(doc: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every full_product_name_t: in branches, full_product_names and relationships."""
    tree = obj(obj(doc).get("product_tree"))
    yield from branch_products(doc)
    for i, p in enumerate(items(tree.get("full_product_names"))):
        if isinstance(p, dict):
            yield f"/product_tree/full_product_names/{i}", p
    for i, r in enumerate(items(tree.get("relationships"))):
        fpn = obj(r).get("full_product_name")
        if isinstance(fpn, dict):
            yield f"/product_tree/relationships/{i}/full_product_name", fpn


STATUS_KEYS = (
    "first_affected",
    "first_fixed",
    "fixed",
    "known_affected",
    "known_not_affected",
    "last_affected",
    "recommended",
    "under_investigation",
)


def product_refs(doc: Any) -> Iterator[tuple[str, str]]:
    """Every product id used as a reference (CSAF 6.1.1), with its path."""
    tree = obj(obj(doc).get("product_tree"))
    for i, g in enumerate(items(tree.get("product_groups"))):
        for j, pid in enumerate(items(obj(g).get("product_ids"))):
            yield f"/product_tree/product_groups/{i}/product_ids/{j}", pid
    for i, r in enumerate(items(tree.get("relationships"))):
        for key in ("product_reference", "relates_to_product_reference"):
            if key in obj(r):
                yield f"/product_tree/relationships/{i}/{key}", r[key]
    for path, v in vulnerabilities(doc):
        status = obj(v.get("product_status"))
        for key in STATUS_KEYS:
            for j, pid in enumerate(items(status.get(key))):
                yield f"{path}/product_status/{key}/{j}", pid
        for list_key, ids_key in (
            ("remediations", "product_ids"),
            ("scores", "products"),
            ("threats", "product_ids"),
            ("flags", "product_ids"),
        ):
            for k, item in enumerate(items(v.get(list_key))):
                for j, pid in enumerate(items(obj(item).get(ids_key))):
                    yield f"{path}/{list_key}/{k}/{ids_key}/{j}", pid


def groups(doc: Any) -> dict[str, set[str]]:
    """Product group id -> the product ids it names."""
    out: dict[str, set[str]] = {}
    for g in items(obj(obj(doc).get("product_tree")).get("product_groups")):
        gid = obj(g).get("group_id")
        if isinstance(gid, str):
            out.setdefault(gid, set()).update(p for p in items(g.get("product_ids")) if p)
    return out


def products_of(item: dict[str, Any], group_map: dict[str, set[str]]) -> set[str]:
    """Product ids an item (flag, threat, remediation) names directly or through groups."""
    out = {p for p in items(item.get("product_ids")) if isinstance(p, str)}
    for gid in items(item.get("group_ids")):
        out |= group_map.get(gid, set())
    return out
