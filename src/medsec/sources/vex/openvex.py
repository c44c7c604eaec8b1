"""OpenVEX 0.2.0, and the older 0.0.x shapes (vulnerability and products as plain strings),
in JSON or YAML.

One statement per product, or per subcomponent when a product lists them (the subcomponent is
the component, the product its context). OpenVEX's codes are kept as originals; a
``medsec-cyclonedx:`` line in ``status_notes`` (written by medsec) gives the CycloneDX codes
back when it agrees with the statement's status.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from medsec.domain.finding_id import finding_id
from medsec.domain.vex import Original, Statement, VexDocument, VexFormat
from medsec.domain.vulnerability import ComponentRef, Justification
from medsec.engines.vex_codes import (
    GENERATED_TEXTS,
    JUSTIFICATION_TO_LABEL,
    LABEL_TO_JUSTIFICATION,
    OPENVEX,
    OPENVEX_TO_STATE,
    STATE_TO_OPENVEX,
    action_text,
    normal_originals,
)
from medsec.engines.vex_tag import Tag, split
from medsec.sources.vex.codes import code
from medsec.sources.vex.jsondoc import MAX_BYTES, items, listed, load, moment, obj, problem, text
from medsec.sources.vex.refs import from_purl, from_reference
from medsec.untrusted.yamltext import load_yaml

CONTEXT = "https://openvex.dev/ns"


def _yaml(data: bytes, source: str) -> Any:
    """The YAML value of an OpenVEX file (safe loader); malformed YAML raises InputError."""
    if len(data) > MAX_BYTES:
        raise problem(source, "", "file is too large for a VEX document")
    return load_yaml(data, source=source)


def _component(p: Any, where: str, source: str) -> ComponentRef:
    """The component a product or subcomponent names: purl, then @id, then CPE."""
    if isinstance(p, str):
        return from_reference(p)
    if not isinstance(p, dict):
        raise problem(source, where, "a product must be a string or an object")
    ids = obj(p.get("identifiers"))
    purl, cpe = text(ids.get("purl")), text(ids.get("cpe23")) or text(ids.get("cpe22"))
    ref = text(p.get("@id"))
    if purl:
        return from_purl(purl, cpe=cpe)
    if ref:
        found = from_reference(ref)
        return ComponentRef(found.name, found.version, found.purl, found.cpe or cpe)
    if cpe:
        return ComponentRef(name=cpe, version=None, cpe=cpe)
    raise problem(source, where, "a product needs an @id or identifiers")


def _subjects(
    s: dict[str, Any], where: str, source: str
) -> Iterator[tuple[ComponentRef | None, str | None, str | None, str]]:
    """(component, product, reference, pointer) for every product or subcomponent."""
    products = listed(
        s.get("products"), source=source, pointer=f"{where}/products", what="products"
    )
    if not products:
        yield None, None, None, where
    legacy_subs = items(s.get("subcomponents"))
    for j, p in enumerate(products):
        here = f"{where}/products/{j}"
        product = _component(p, here, source)
        subs = items(p.get("subcomponents") if isinstance(p, dict) else None) or legacy_subs
        ref = text(p.get("@id")) if isinstance(p, dict) else text(p)
        if not subs:
            yield product, None, ref, here
        for k, sub in enumerate(subs):
            sub_ref = text(sub.get("@id")) if isinstance(sub, dict) else text(sub)
            component = _component(sub, f"{here}/subcomponents/{k}", source)
            yield component, product.purl or product.name, sub_ref, f"{here}/subcomponents/{k}"


def _vulnerability(s: dict[str, Any], where: str, source: str) -> tuple[str, tuple[str, ...]]:
    """The statement's vulnerability name and aliases, from either shape."""
    v = s.get("vulnerability")
    if isinstance(v, str) and v.strip():
        return v.strip(), ()
    if isinstance(v, dict) and text(v.get("name")):
        aliases = tuple(str(a) for a in items(v.get("aliases")) if isinstance(a, str))
        return str(v["name"]).strip(), aliases
    raise problem(source, f"{where}/vulnerability", "a statement needs a vulnerability name")


def _tag_applies(tag: Tag | None, status: str, label: str | None) -> Tag | None:
    """medsec's tag when it still agrees with the statement's status and justification."""
    if tag is None or STATE_TO_OPENVEX[tag.state] != status:
        return None
    if label and tag.justification and JUSTIFICATION_TO_LABEL[tag.justification] != label:
        return None
    return tag


def _detail(s: dict[str, Any], human_notes: str | None, tag: Tag | None) -> str | None:
    """Impact and action texts plus human notes, without texts medsec generated itself."""
    parts = []
    for key in ("impact_statement", "action_statement"):
        value = text(s.get(key))
        if (
            value
            and value not in GENERATED_TEXTS
            and value != action_text(tag.responses if tag else ())
        ):
            parts.append(value)
    if human_notes:
        parts.append(human_notes)
    return "\n".join(dict.fromkeys(parts)) or None


def _statement(s: Any, where: str, doc: dict[str, Any], source: str) -> Iterator[Statement]:
    """One statement per product or subcomponent of an OpenVEX statement."""
    if not isinstance(s, dict):
        raise problem(source, where, "a statement must be an object")
    name, aliases = _vulnerability(s, where, source)
    status = str(s.get("status", ""))
    state = code(status, OPENVEX_TO_STATE, source=source, pointer=f"{where}/status", what="status")
    label = text(s.get("justification"))
    justification: Justification | None = None
    if label:
        justification = code(
            label,
            LABEL_TO_JUSTIFICATION,
            source=source,
            pointer=f"{where}/justification",
            what="justification",
        )
    human, raw_tag = split(text(s.get("status_notes")))
    tag = _tag_applies(raw_tag, status, label)
    originals: list[Original] = [(OPENVEX, "status", status)]
    if label:
        originals.append((OPENVEX, "justification", label))
    when = moment(s.get("last_updated")) or moment(s.get("timestamp"))
    for component, product, ref, here in _subjects(s, where, source):
        yield Statement(
            finding=(tag.finding if tag and tag.finding else None) or finding_id(name, component),
            vulnerability=name,
            state=tag.state if tag else state,
            component=component,
            aliases=aliases,
            product=product,
            ref=ref,
            justification=(tag.justification if tag else None) or justification,
            responses=tag.responses if tag else (),
            detail=_detail(s, human, tag),
            original=normal_originals(originals, tag.original if tag else ()),
            first_issued=moment(s.get("timestamp")) or moment(doc.get("timestamp")),
            last_updated=when or moment(doc.get("last_updated")) or moment(doc.get("timestamp")),
            safety=tag.safety if tag else None,
            hazards=tag.hazards if tag else (),
            author=text(s.get("supplier")) or text(doc.get("author")),
            location=here,
        )


def document(doc: Any, *, source: str) -> VexDocument:
    """Statements of an OpenVEX document already parsed into JSON-like data."""
    if not isinstance(doc, dict):
        raise problem(source, "", "an OpenVEX document must be an object")
    context = str(doc.get("@context") or "")
    if not context.startswith(CONTEXT) and doc.get("format") != "vex_attestation":
        raise problem(source, "/@context", "not an OpenVEX document (no openvex.dev @context)")
    version = context.rsplit("/v", 1)[1] if "/v" in context[len(CONTEXT) :] else "0.0.1"
    statements = doc.get("statements")
    if not isinstance(statements, list):
        raise problem(source, "/statements", "statements must be a list")
    out = [
        st
        for i, s in enumerate(statements)
        for st in _statement(s, f"/statements/{i}", doc, source)
    ]
    return VexDocument(
        format=VexFormat.OPENVEX,
        spec_version=version,
        statements=tuple(out),
        id=text(doc.get("@id")) or text(doc.get("id")),
        author=text(doc.get("author")),
        timestamp=moment(doc.get("timestamp")),
        warnings=() if out else ("the document has no statements: nothing to import",),
    )


def parse(data: bytes, *, source: str) -> VexDocument:
    """Read an OpenVEX file, JSON or YAML; a malformed one raises InputError with its place."""
    head = data.lstrip()[:1]
    parsed = load(data, source=source) if head in (b"{", b"[") else _yaml(data, source)
    return document(parsed, source=source)
