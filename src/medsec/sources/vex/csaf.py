"""CSAF 2.0 (profile csaf_vex, or any profile with ``product_status``): one statement per
vulnerability and product id.

``first_affected``/``last_affected`` read as exploitable, ``first_fixed`` as resolved, and every
CSAF code used (status, flag label, remediation categories) is kept as an original.
``recommended`` names a recommended version, not a status: it is reported, not read.
Flags give the justification; ``impact`` threats and remediation texts give the detail.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from medsec.domain.finding_id import finding_id, split_finding_id
from medsec.domain.vex import Original, Statement, VexDocument, VexFormat
from medsec.domain.vulnerability import ComponentRef, Justification, Response, VexState
from medsec.engines.vex_codes import (
    CSAF,
    CSAF_TO_STATE,
    GENERATED_TEXTS,
    LABEL_TO_JUSTIFICATION,
    REMEDIATION_TO_RESPONSE,
    STATE_TO_CSAF,
    normal_originals,
)
from medsec.engines.vex_tag import Tag, decode
from medsec.sources.vex.codes import code
from medsec.sources.vex.csaf_products import Product, groups, index
from medsec.sources.vex.jsondoc import items, listed, load, moment, obj, problem, text
from medsec.sources.vex.refs import from_reference

TAG_TITLE = "medsec-cyclonedx "
STATUS_ORDER = tuple(CSAF_TO_STATE)


def _per_product(
    listed: Any, group_map: dict[str, list[str]], everyone: list[str]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(product id, item) for each product an item names; an item naming none applies to all."""
    for item in items(listed):
        if not isinstance(item, dict):
            continue
        pids = [str(p) for p in items(item.get("product_ids"))]
        for gid in items(item.get("group_ids")):
            pids.extend(group_map.get(str(gid), []))
        if not item.get("product_ids") and not item.get("group_ids"):
            pids = everyone
        for pid in dict.fromkeys(pids):
            yield pid, item


def _names(v: dict[str, Any], where: str, source: str) -> tuple[str, tuple[str, ...]]:
    """The CVE (else the first id) as the vulnerability's name, the other ids as aliases."""
    ids = [
        str(i["text"]) for i in items(v.get("ids")) if isinstance(i, dict) and text(i.get("text"))
    ]
    cve = text(v.get("cve"))
    names = list(dict.fromkeys(([cve] if cve else []) + ids))
    if not names:
        raise problem(source, f"{where}/cve", "a vulnerability needs a cve or ids")
    return names[0], tuple(names[1:])


def _vector(v: dict[str, Any], pid: str) -> str | None:
    """The CVSS vector scored for the product, a v3 vector preferred over a v2 one."""
    found: str | None = None
    for s in items(v.get("scores")):
        if not isinstance(s, dict) or pid not in (items(s.get("products"))):
            continue
        for key in ("cvss_v3", "cvss_v2"):
            vector = (
                text((s.get(key) or {}).get("vectorString"))
                if isinstance(s.get(key), dict)
                else None
            )
            if vector and (found is None or key == "cvss_v3"):
                found = vector
    return found


def _tags(v: dict[str, Any]) -> dict[str, Tag]:
    """medsec's own tags, by product id, from the notes medsec wrote into the vulnerability."""
    out: dict[str, Tag] = {}
    for n in items(v.get("notes")):
        title = text(n.get("title")) if isinstance(n, dict) else None
        tag = decode(str(n.get("text", ""))) if title and title.startswith(TAG_TITLE) else None
        if title and tag:
            out[title[len(TAG_TITLE) :]] = tag
    return out


@dataclass(frozen=True)
class _Item:
    """One vulnerability item, indexed by product id."""

    name: str
    aliases: tuple[str, ...]
    raw: dict[str, Any]
    flags: dict[str, str]
    impacts: dict[str, list[str]]
    remedies: dict[str, list[tuple[str, str | None]]]
    tags: dict[str, Tag]
    summary: str | None
    cwes: tuple[str, ...]


def _item(v: dict[str, Any], where: str, doc: dict[str, Any], source: str) -> _Item:
    """Everything of one vulnerability that statements need, indexed by product id once."""
    name, aliases = _names(v, where, source)
    group_map = groups(doc)
    status = obj(v.get("product_status"))
    everyone = [str(p) for key in STATUS_ORDER for p in items(status.get(key))]
    flags: dict[str, str] = {}
    for pid, flag in _per_product(v.get("flags"), group_map, everyone):
        flags.setdefault(pid, str(flag.get("label", "")))
    impacts: dict[str, list[str]] = {}
    for pid, threat in _per_product(v.get("threats"), group_map, everyone):
        details = text(threat.get("details"))
        if threat.get("category") == "impact" and details and details not in GENERATED_TEXTS:
            impacts.setdefault(pid, []).append(details)
    remedies: dict[str, list[tuple[str, str | None]]] = {}
    for pid, r in _per_product(v.get("remediations"), group_map, everyone):
        remedies.setdefault(pid, []).append((str(r.get("category", "")), text(r.get("details"))))
    summary = next(
        (
            text(n.get("text"))
            for n in items(v.get("notes"))
            if isinstance(n, dict) and n.get("category") == "description"
        ),
        None,
    )
    cwe = obj(v.get("cwe"))
    return _Item(
        name,
        aliases,
        v,
        flags,
        impacts,
        remedies,
        _tags(v),
        summary,
        (str(cwe["id"]),) if text(cwe.get("id")) else (),
    )


def _vulnerability(
    v: Any,
    where: str,
    doc: dict[str, Any],
    products: dict[str, Product],
    source: str,
    warnings: list[str],
) -> Iterator[Statement]:
    """One statement per product status of a vulnerability; unknown product ids warn."""
    if not isinstance(v, dict):
        raise problem(source, where, "a vulnerability must be an object")
    item = _item(v, where, doc, source)
    status = obj(v.get("product_status"))
    if status.get("recommended"):
        warnings.append(f"{where}: 'recommended' names versions, it is not a VEX status; not read")
    for key in STATUS_ORDER:
        for j, raw_pid in enumerate(items(status.get(key))):
            here = f"{where}/product_status/{key}/{j}"
            pid = str(raw_pid)
            product = products.get(pid)
            if product is None:
                warnings.append(f"{here}: product id {pid!r} is not defined in the product tree")
                product = Product(from_reference(pid))
            yield _statement(item, key, pid, product, doc, source, here)


def _fresh_tag(item: _Item, pid: str, state: VexState) -> Tag | None:
    """medsec's tag for the product, dropped when a later edit of the status made it stale."""
    tag = item.tags.get(pid)
    if tag is not None and STATE_TO_CSAF[tag.state] != STATE_TO_CSAF[state]:
        return None
    return tag


def _flag(
    item: _Item, key: str, pid: str, source: str, here: str
) -> tuple[Justification | None, list[Original]]:
    """The justification a not-affected product's flag label gives, with the label as original."""
    label = item.flags.get(pid) if key == "known_not_affected" else None
    if not label:
        return None, []
    justification = code(
        label, LABEL_TO_JUSTIFICATION, source=source, pointer=here, what="flag label"
    )
    return justification, [(CSAF, "flag", label)]


def _remedies(item: _Item, pid: str) -> tuple[list[tuple[Response, str]], list[str]]:
    """The responses a product's remediations name (with their category), and its detail texts."""
    found: list[tuple[Response, str]] = []
    texts = list(item.impacts.get(pid, []))
    for category, details in item.remedies.get(pid, []):
        response = REMEDIATION_TO_RESPONSE.get(category)
        if response is not None:
            found.append((response, category))
        if details and details not in GENERATED_TEXTS:
            texts.append(details)
    return found, texts


def _component(product: Product, carried: str | None) -> ComponentRef | None:
    """The product's component, or None when medsec's tag carries a finding about no component."""
    if carried and split_finding_id(carried).subject is None:
        return None  # medsec wrote a statement about no component against the device
    return product.component


def _statement(
    item: _Item, key: str, pid: str, product: Product, doc: dict[str, Any], source: str, here: str
) -> Statement:
    """The statement of one product status, medsec's tag (when fresh) overriding the CSAF codes."""
    state = CSAF_TO_STATE[key]
    tag = _fresh_tag(item, pid, state)
    justification, flagged = _flag(item, key, pid, source, here)
    originals: list[Original] = [(CSAF, "product_status", key), *flagged]
    found, texts = _remedies(item, pid)
    responses = tag.responses if tag else tuple(dict.fromkeys(r for r, _ in found))
    originals.extend((CSAF, "remediation", c) for r, c in found if r in responses)
    carried = tag.finding if tag else None
    component = _component(product, carried)
    meta = obj(doc.get("document"))
    tracking = obj(meta.get("tracking"))
    return Statement(
        finding=carried or finding_id(item.name, component),
        vulnerability=item.name,
        state=tag.state if tag else state,
        component=component,
        aliases=item.aliases,
        product=product.part_of,
        ref=pid,
        justification=(tag.justification if tag else None) or justification,
        responses=responses,
        detail="\n".join(dict.fromkeys(texts)) or None,
        original=normal_originals(originals, tag.original if tag else ()),
        first_issued=moment(tracking.get("initial_release_date")),
        last_updated=moment(tracking.get("current_release_date")),
        summary=item.summary,
        cvss_vector=_vector(item.raw, pid),
        cwes=item.cwes,
        safety=tag.safety if tag else None,
        hazards=tag.hazards if tag else (),
        author=text(obj(meta.get("publisher")).get("name")),
        location=here,
    )


def document(doc: Any, *, source: str) -> VexDocument:
    """Statements of a CSAF document already parsed into JSON-like data."""
    if not isinstance(doc, dict) or not isinstance(doc.get("document"), dict):
        raise problem(source, "/document", "not a CSAF document (no document object)")
    meta = doc["document"]
    version = str(meta.get("csaf_version", ""))
    if version not in ("2.0", "2.1"):
        raise problem(
            source,
            "/document/csaf_version",
            f"unsupported csaf_version {version!r}",
            "expected 2.0",
        )
    warnings: list[str] = []
    if meta.get("category") != "csaf_vex":
        warnings.append(
            f"category is {meta.get('category')!r}, not csaf_vex: product statuses read"
        )
    products = index(doc)
    vulns = listed(
        doc.get("vulnerabilities"),
        source=source,
        pointer="/vulnerabilities",
        what="vulnerabilities",
    )
    statements = [
        s
        for i, v in enumerate(vulns)
        for s in _vulnerability(v, f"/vulnerabilities/{i}", doc, products, source, warnings)
    ]
    if not statements:
        warnings.append("the document has no product statuses: nothing to import")
    tracking = obj(meta.get("tracking"))
    return VexDocument(
        format=VexFormat.CSAF,
        spec_version=version,
        statements=tuple(statements),
        id=text(tracking.get("id")),
        author=text(obj(meta.get("publisher")).get("name")),
        timestamp=moment(tracking.get("current_release_date")),
        warnings=tuple(warnings),
    )


def parse(data: bytes, *, source: str) -> VexDocument:
    """Read a CSAF VEX JSON file; a malformed one raises InputError with its place."""
    return document(load(data, source=source), source=source)
