"""The CSAF product tree of a device VEX: vendor -> product name -> product version branches
for the device and for each component, and one ``default_component_of`` relationship per
component; statements refer to the relationship's product id ("component X in device Y").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from packageurl import PackageURL

from medsec.domain.vex import ProductInfo
from medsec.domain.vulnerability import ComponentRef

_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class TreeProduct:
    """A component's product ids in the tree: its own, and "component in device" for statements."""

    component: ComponentRef
    product_id: str  # the component's own product id
    relationship_id: str  # "component in device": what statements refer to


def _slug(text: str) -> str:
    """Text reduced to the characters a product id may hold; never empty."""
    return _SLUG.sub("-", text).strip("-") or "x"


def device_id(product: ProductInfo) -> str:
    """The device's product id: its id and version, slugged."""
    return f"{_slug(product.id)}-{_slug(product.version)}"


def _vendor(c: ComponentRef) -> str:
    """Who makes a component: the CPE vendor, else the purl namespace, else its own name."""
    if c.cpe and c.cpe.startswith("cpe:2.3:"):
        parts = c.cpe.split(":")
        if len(parts) > 3 and parts[3] not in ("*", "-", ""):
            return parts[3]
    if c.purl:
        try:
            namespace = PackageURL.from_string(c.purl).namespace
        except ValueError:
            namespace = None
        if namespace:
            return str(namespace)
    return c.name


def _helper(c: ComponentRef) -> dict[str, str]:
    """The CPE and purl that identify a component to CSAF tools."""
    out: dict[str, str] = {}
    if c.cpe:
        out["cpe"] = c.cpe
    if c.purl:
        out["purl"] = c.purl
    return out


def _leaf(name: str, product_id: str, helper: dict[str, str]) -> dict[str, Any]:
    """A full product name, with its identification helper when there is one."""
    leaf: dict[str, Any] = {"name": name, "product_id": product_id}
    if helper:
        leaf["product_identification_helper"] = helper
    return leaf


def _branch(vendor: str, name: str, version: str | None, leaf: dict[str, Any]) -> dict[str, Any]:
    """vendor -> product name -> version (or version range) branches ending in ``leaf``."""
    # imported on use, like csaf.py's CWE names: keeps the CLI's --help quick
    from medsec.engines.csaf_checks.products import is_range  # CSAF 6.1.31

    if version:
        inner: dict[str, Any] = {
            "category": "product_version_range" if is_range(version) else "product_version",
            "name": version,
            "product": leaf,
        }
        name_branch: dict[str, Any] = {
            "category": "product_name",
            "name": name,
            "branches": [inner],
        }
    else:
        name_branch = {"category": "product_name", "name": name, "product": leaf}
    return {"category": "vendor", "name": vendor, "branches": [name_branch]}


def _merge(branches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Branches with the same category and name and children become one; sorted."""
    merged: list[dict[str, Any]] = []
    index: dict[tuple[str, str], dict[str, Any]] = {}
    for b in branches:
        key = (b["category"], b["name"])
        if "branches" in b and key in index:
            index[key]["branches"] = _merge(index[key]["branches"] + b["branches"])
            continue
        item = dict(b)
        merged.append(item)
        if "branches" in item:
            index[key] = item
    return sorted(
        merged,
        key=lambda b: (b["category"], b["name"], b.get("product", {}).get("product_id", "")),
    )


def product_tree(
    product: ProductInfo, components: Iterable[ComponentRef]
) -> tuple[dict[str, Any], dict[ComponentRef, TreeProduct]]:
    """The tree and, for each component, its product ids."""
    device = device_id(product)
    device_name = f"{product.name} {product.version}"
    branches = [
        _branch(product.manufacturer, product.name, product.version, _leaf(device_name, device, {}))
    ]
    relationships: list[dict[str, Any]] = []
    mapping: dict[ComponentRef, TreeProduct] = {}
    used: set[str] = {device}
    ordered = sorted(set(components), key=lambda c: (c.purl or "", c.name, c.version or ""))
    for c in ordered:
        base = _slug(f"{c.name}-{c.version}" if c.version else c.name)
        pid = base
        n = 2
        while pid in used:
            pid, n = f"{base}-{n}", n + 1
        used.add(pid)
        label = f"{c.name} {c.version}" if c.version else c.name
        branches.append(_branch(_vendor(c), c.name, c.version, _leaf(label, pid, _helper(c))))
        rel = f"{device}:{pid}"
        relationships.append(
            {
                "category": "default_component_of",
                "full_product_name": {"name": f"{label} in {device_name}", "product_id": rel},
                "product_reference": pid,
                "relates_to_product_reference": device,
            }
        )
        mapping[c] = TreeProduct(c, pid, rel)
    tree: dict[str, Any] = {"branches": _merge(branches)}
    if relationships:
        tree["relationships"] = relationships
    return tree, mapping
