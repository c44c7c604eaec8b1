"""A CSAF product tree as a lookup: product id -> component (and the product it is part of)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from medsec.domain.vulnerability import ComponentRef
from medsec.sources.vex.jsondoc import items, obj, text
from medsec.sources.vex.refs import from_purl


@dataclass(frozen=True)
class Product:
    """A product of the tree: the component it names, and the product it is part of."""

    component: ComponentRef
    part_of: str | None = None  # relationships: the product this one is a component of


def _named(p: dict[str, Any], version: str | None) -> ComponentRef:
    """The component a product names: its purl (versioned by the branch if need be), else name."""
    helper = obj(p.get("product_identification_helper"))
    purl, cpe = text(helper.get("purl")), text(helper.get("cpe"))
    name = text(p.get("name")) or text(p.get("product_id")) or "?"
    if purl:
        ref = from_purl(purl, name=name, cpe=cpe)
        if ref.purl is None:
            return ComponentRef(name, version, None, cpe)
        if ref.version is not None or version is None:
            return ref
        return ComponentRef(ref.name, version, purl, cpe)
    return ComponentRef(name=name, version=version, cpe=cpe)


def _branches(
    branches: Any, names: tuple[str, ...]
) -> Iterator[tuple[dict[str, Any], ComponentRef]]:
    """(product, component) for every product of the branch tree; branches give version and name."""
    for b in branches if isinstance(branches, list) else []:
        if not isinstance(b, dict):
            continue
        category, name = b.get("category"), text(b.get("name"))
        here = (*names, f"{category}={name}")
        product = b.get("product")
        if isinstance(product, dict):
            version = name if category in ("product_version", "product_version_range") else None
            product_name = next(
                (n.split("=", 1)[1] for n in reversed(here) if n.startswith("product_name=")),
                None,
            )
            ref = _named(product, version)
            if product_name and not obj(product.get("product_identification_helper")).get("purl"):
                ref = ComponentRef(product_name, ref.version, ref.purl, ref.cpe)
            yield product, ref
        yield from _branches(b.get("branches"), here)


def index(doc: dict[str, Any]) -> dict[str, Product]:
    """Product id -> product, over branches, full product names and relationships."""
    tree = obj(doc.get("product_tree"))
    out: dict[str, Product] = {}
    for product, ref in _branches(tree.get("branches"), ()):
        if text(product.get("product_id")):
            out[str(product["product_id"])] = Product(ref)
    for p in items(tree.get("full_product_names")):
        if isinstance(p, dict) and text(p.get("product_id")):
            out[str(p["product_id"])] = Product(_named(p, None))
    for r in items(tree.get("relationships")):
        if not isinstance(r, dict) or not isinstance(r.get("full_product_name"), dict):
            continue
        pid = text(r["full_product_name"].get("product_id"))
        inner = out.get(str(r.get("product_reference")))
        outer = out.get(str(r.get("relates_to_product_reference")))
        if pid is None:
            continue
        component = inner.component if inner else _named(r["full_product_name"], None)
        part_of = outer.component.purl or outer.component.name if outer else None
        out[pid] = Product(component, part_of or text(r.get("relates_to_product_reference")))
    return out


def groups(doc: dict[str, Any]) -> dict[str, list[str]]:
    """Product group id -> the product ids it gathers, so items may name groups."""
    tree = obj(doc.get("product_tree"))
    return {
        str(g["group_id"]): [str(p) for p in items(g.get("product_ids"))]
        for g in items(tree.get("product_groups"))
        if isinstance(g, dict) and text(g.get("group_id"))
    }
