"""CycloneDX VEX (JSON, spec 1.4-1.7): ``vulnerabilities[]`` of a VEX document or a full BOM.

One statement per vulnerability and ``affects[]`` entry (a vulnerability that affects nothing
named gives one statement without a component). Codes are CycloneDX's own, so they are the
canonical ones; upper-case codes (Dependency-Track) are read case-blind and kept as originals.
medsec's ``medsec:`` properties give back what medsec wrote (finding id, other formats' codes,
patient safety). The CycloneDX XML reader builds the same JSON shape and calls ``document``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from medsec.domain.finding_id import finding_id
from medsec.domain.vex import Original, Statement, VexDocument, VexFormat
from medsec.domain.vulnerability import ComponentRef, Justification, Response, SafetyRisk, VexState
from medsec.engines.vex_codes import CDX, normal_originals
from medsec.sources.vex.codes import code
from medsec.sources.vex.jsondoc import items, listed, load, moment, obj, problem, text
from medsec.sources.vex.refs import from_purl, from_reference

VERSIONS = ("1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7")
_METHOD_PREFIX = {"CVSSv3": "CVSS:3.0/", "CVSSv31": "CVSS:3.1/", "CVSSv4": "CVSS:4.0/"}
_STATES = {s.value: s for s in VexState}
_JUSTIFICATIONS = {j.value: j for j in Justification}
_RESPONSES = {r.value: r for r in Response}


def _components(bom: dict[str, Any]) -> dict[str, ComponentRef]:
    """bom-ref -> component, for the metadata component and every (nested) component."""
    index: dict[str, ComponentRef] = {}

    def visit(c: Any) -> None:
        """Index one component under its bom-ref, then its nested components."""
        if not isinstance(c, dict):
            return
        name = text(c.get("name")) or text(c.get("bom-ref")) or "?"
        purl, cpe = text(c.get("purl")), text(c.get("cpe"))
        ref = from_purl(purl, name=name, cpe=cpe) if purl else None
        if ref is None or ref.version is None:
            ref = ComponentRef(name=name, version=text(c.get("version")), purl=purl, cpe=cpe)
        if text(c.get("bom-ref")):
            index[str(c["bom-ref"])] = ref
        for child in items(c.get("components")):
            visit(child)

    metadata = bom.get("metadata")
    if isinstance(metadata, dict):
        visit(metadata.get("component"))
    for c in items(bom.get("components")):
        visit(c)
    return index


def _vector(v: dict[str, Any]) -> str | None:
    """The first rating's vector, prefixed ``CVSS:x.y/`` when only its method names the version."""
    for r in items(v.get("ratings")):
        if not isinstance(r, dict) or not text(r.get("vector")):
            continue
        vector, method = str(r["vector"]).strip(), str(r.get("method", ""))
        if method in _METHOD_PREFIX and not vector.startswith("CVSS:"):
            vector = _METHOD_PREFIX[method] + vector
        return vector
    return None


def _severity(v: dict[str, Any]) -> str | None:
    """The severity of the first rating that gives one, lower-cased."""
    for r in items(v.get("ratings")):
        if isinstance(r, dict) and text(r.get("severity")):
            return str(r["severity"]).lower()
    return None


def _properties(v: dict[str, Any]) -> dict[str, list[str]]:
    """Property name -> values, keeping repeated names."""
    out: dict[str, list[str]] = {}
    for p in items(v.get("properties")):
        if isinstance(p, dict) and text(p.get("name")) and isinstance(p.get("value"), str):
            out.setdefault(str(p["name"]), []).append(str(p["value"]))
    return out


def _originals(props: dict[str, list[str]]) -> list[Original]:
    """The other formats' codes medsec kept in ``medsec:original`` properties."""
    out: list[Original] = []
    for value in props.get("medsec:original", []):
        parts = value.split(":", 2)
        if len(parts) == 3 and all(parts):
            out.append((parts[0], parts[1], parts[2]))
    return out


def _analysis(
    v: dict[str, Any], where: str, source: str
) -> tuple[VexState, Justification | None, tuple[Response, ...], list[Original], bool]:
    """State, justification, responses and originals of the analysis; in_triage if absent."""
    analysis = v.get("analysis")
    if analysis is None or (isinstance(analysis, dict) and "state" not in analysis):
        return VexState.IN_TRIAGE, None, (), [], False
    if not isinstance(analysis, dict):
        raise problem(source, f"{where}/analysis", "analysis must be an object")
    originals: list[Original] = []
    raw = analysis["state"]
    state = code(raw, _STATES, source=source, pointer=f"{where}/analysis/state", what="state")
    if raw != state.value:
        originals.append((CDX, "state", str(raw)))
    justification = None
    if analysis.get("justification") is not None:
        raw = analysis["justification"]
        justification = code(
            raw,
            _JUSTIFICATIONS,
            source=source,
            pointer=f"{where}/analysis/justification",
            what="justification",
        )
        if raw != justification.value:
            originals.append((CDX, "justification", str(raw)))
    responses: list[Response] = []
    pointer = f"{where}/analysis/response"
    for j, raw in enumerate(
        listed(analysis.get("response"), source=source, pointer=pointer, what="response")
    ):
        r = code(
            raw,
            _RESPONSES,
            source=source,
            pointer=f"{where}/analysis/response/{j}",
            what="response",
        )
        responses.append(r)
        if raw != r.value:
            originals.append((CDX, "response", str(raw)))
    return state, justification, tuple(responses), originals, True


def _affects(
    v: dict[str, Any], where: str, index: dict[str, ComponentRef], source: str
) -> Iterator[tuple[str | None, ComponentRef | None, tuple[tuple[str, str], ...], str]]:
    """(ref, component, versions, pointer) per affects entry, or one empty entry if none."""
    affects = listed(v.get("affects"), source=source, pointer=f"{where}/affects", what="affects")
    if not affects:
        yield None, None, (), where
    for k, a in enumerate(affects):
        here = f"{where}/affects/{k}"
        ref = text(a.get("ref")) if isinstance(a, dict) else None
        if ref is None:
            raise problem(source, f"{here}/ref", "each affects entry needs a ref")
        fragment = ref.split("#", 1)[1] if ref.startswith("urn:cdx:") and "#" in ref else ref
        component = index.get(ref) or index.get(fragment) or from_reference(ref)
        versions = tuple(
            (str(x.get("version") or x.get("range")), str(x.get("status", "affected")))
            for x in items(a.get("versions"))
            if isinstance(x, dict) and (x.get("version") or x.get("range"))
        )
        yield ref, component, versions, here


def _statements(
    v: dict[str, Any], where: str, index: dict[str, ComponentRef], source: str, warnings: list[str]
) -> Iterator[Statement]:
    """One statement per affected component of a vulnerability."""
    vid = text(v.get("id"))
    if vid is None:
        raise problem(source, f"{where}/id", "a vulnerability needs an id")
    state, justification, responses, originals, stated = _analysis(v, where, source)
    if not stated:
        warnings.append(f"{where}: {vid} has no analysis; read as in_triage")
    props = _properties(v)
    analysis = obj(v.get("analysis"))
    safety = props.get("medsec:safety", [None])[0]
    hazards = ",".join(props.get("medsec:hazards", [])).split(",")
    aliases = tuple(
        dict.fromkeys(
            str(r["id"])
            for r in items(v.get("references"))
            if isinstance(r, dict) and text(r.get("id")) and r["id"] != vid
        )
    )
    cwes = tuple(f"CWE-{c}" for c in items(v.get("cwes")) if isinstance(c, int))
    for ref, component, versions, here in _affects(v, where, index, source):
        carried = props.get("medsec:finding", [None])[0]
        yield Statement(
            finding=carried or finding_id(vid, component),
            vulnerability=vid,
            state=state,
            component=component,
            aliases=aliases,
            ref=ref,
            justification=justification,
            responses=responses,
            detail=text(analysis.get("detail")),
            original=normal_originals(originals, _originals(props)),
            first_issued=moment(analysis.get("firstIssued")),
            last_updated=moment(analysis.get("lastUpdated")),
            versions=versions,
            summary=text(v.get("description")),
            severity=_severity(v),
            cvss_vector=_vector(v),
            cwes=cwes,
            safety=SafetyRisk(safety) if safety in ("controlled", "uncontrolled") else None,
            hazards=tuple(h for h in hazards if h),
            author=props.get("medsec:author", [None])[0],
            location=here,
        )


def document(bom: Any, *, source: str) -> VexDocument:
    """Statements of a CycloneDX document already parsed into JSON-like data."""
    if not isinstance(bom, dict) or bom.get("bomFormat") != "CycloneDX":
        raise problem(
            source, "/bomFormat", "not a CycloneDX document (bomFormat is not 'CycloneDX')"
        )
    version = str(bom.get("specVersion", ""))
    if version not in VERSIONS:
        raise problem(
            source, "/specVersion", f"unsupported specVersion {version!r}", "expected 1.4 to 1.7"
        )
    vulns = listed(
        bom.get("vulnerabilities"),
        source=source,
        pointer="/vulnerabilities",
        what="vulnerabilities",
    )
    index = _components(bom)
    warnings: list[str] = []
    statements: list[Statement] = []
    for i, v in enumerate(vulns):
        if not isinstance(v, dict):
            raise problem(source, f"/vulnerabilities/{i}", "a vulnerability must be an object")
        statements.extend(_statements(v, f"/vulnerabilities/{i}", index, source, warnings))
    if not statements:
        warnings.append("the document has no vulnerabilities: nothing to import")
    metadata = obj(bom.get("metadata"))
    authors = [a.get("name") for a in items(metadata.get("authors")) if isinstance(a, dict)]
    return VexDocument(
        format=VexFormat.CYCLONEDX,
        spec_version=version,
        statements=tuple(statements),
        id=text(bom.get("serialNumber")),
        author=next((str(a) for a in authors if a), None),
        timestamp=moment(metadata.get("timestamp")),
        warnings=tuple(warnings),
    )


def parse(data: bytes, *, source: str) -> VexDocument:
    """Read a CycloneDX VEX JSON file; a malformed one raises InputError with its place."""
    return document(load(data, source=source), source=source)
