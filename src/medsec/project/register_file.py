"""``threats.yaml``: the threat register on disk.

medsec owns the generated keys; the assessment keys belong to people and are never rewritten.
Updating edits the loaded round-trip document in place, so comments and key order survive.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from medsec.domain.errors import InputError
from medsec.domain.paths import REGISTER_FILE
from medsec.domain.threat import (
    Assessment,
    CvssSource,
    RegisterEntry,
    Stride,
    Target,
    TargetKind,
    Threat,
    Trigger,
)
from medsec.domain.vocabulary import Decision
from medsec.project.atomic import write_atomic
from medsec.project.validation import diagnostics_from
from medsec.project.yamlfile import line_of, load_yaml, round_trip_yaml, to_plain

HEADER = (
    "medsec threat register (format medsec-threats/1).\n"
    "medsec keeps the generated keys (rule .. first_seen) up to date on every run.\n"
    "Yours: decision (mitigate|accept|transfer|avoid), controls, rationale, approver, date,\n"
    "hazards, rubric (answers of 'medsec threats score ID'), cvss and residual vectors.\n"
    "Threats that no longer apply are marked obsolete: true and kept."
)
GENERATED_KEYS = (
    "id",
    "rule",
    "title",
    "target",
    "stride",
    "baseline",
    "triggers",
    "cwe",
    "capec",
    "default_cvss",
    "first_seen",
    "obsolete",
)


class _Vectors(BaseModel):
    """CVSS vectors by version (``v3_1``, ``v4_0``)."""

    model_config = ConfigDict(extra="forbid")
    v3_1: str | None = None
    v4_0: str | None = None


class _TargetModel(BaseModel):
    """What a threat is about: the kind of model object and its id."""

    model_config = ConfigDict(extra="forbid")
    kind: TargetKind
    id: str


class EntryModel(BaseModel):
    """One threat entry: medsec's generated keys, then people's assessment keys."""

    model_config = ConfigDict(extra="forbid")
    id: str
    rule: str
    title: str = ""
    target: _TargetModel
    stride: list[Stride] = []
    baseline: bool = False
    triggers: list[str] = []
    cwe: list[str] = []
    capec: list[str] = []
    default_cvss: _Vectors = _Vectors()
    first_seen: dt.date | None = None
    obsolete: bool = False
    decision: Decision | None = None
    controls: list[str] = []
    rationale: str | None = None
    approver: str | None = None
    date: dt.date | None = None
    hazards: list[str] = []
    rubric: dict[str, Literal["yes", "no", "unknown"]] = {}
    cvss: _Vectors = _Vectors()
    cvss_source: CvssSource | None = None
    residual: _Vectors = _Vectors()


class RegisterModel(BaseModel):
    """The whole ``threats.yaml``."""

    model_config = ConfigDict(extra="forbid")
    format: Literal["medsec-threats/1"] = "medsec-threats/1"
    threats: list[EntryModel] = Field(default_factory=list)


def _trigger(text: str) -> Trigger:
    """A trigger from its ``attribute = value`` text (a bare attribute has no value)."""
    attribute, sep, value = text.partition(" = ")
    return Trigger(attribute, value) if sep else Trigger(text, "")


def _entry(m: EntryModel, line: int | None) -> RegisterEntry:
    """The domain register entry of one validated entry; CVSS source inferred if unset."""
    threat = Threat(
        id=m.id,
        rule=m.rule,
        title=m.title,
        stride=tuple(m.stride),
        target=Target(m.target.kind, m.target.id),
        baseline=m.baseline,
        description="",
        mitigation="",
        cwe=tuple(m.cwe),
        capec=tuple(m.capec),
        triggers=tuple(_trigger(t) for t in m.triggers),
        default_v3_1=m.default_cvss.v3_1,
        default_v4_0=m.default_cvss.v4_0,
    )
    source = m.cvss_source or (
        CvssSource.MANUAL if (m.cvss.v3_1 or m.cvss.v4_0) else CvssSource.RULE
    )
    if m.rubric:
        source = CvssSource.RUBRIC
    assessment = Assessment(
        decision=m.decision,
        controls=tuple(m.controls),
        rationale=m.rationale,
        approver=m.approver,
        date=m.date,
        rubric=tuple(sorted(m.rubric.items())),
        cvss_v3_1=m.cvss.v3_1,
        cvss_v4_0=m.cvss.v4_0,
        cvss_source=source,
        residual_v3_1=m.residual.v3_1,
        residual_v4_0=m.residual.v4_0,
        hazards=tuple(m.hazards),
    )
    return RegisterEntry(
        threat, assessment, obsolete=m.obsolete, first_seen=m.first_seen, line=line
    )


def register_path(root: Path) -> Path:
    """Where ``threats.yaml`` lives; ``root`` may be the folder or ``medsec.yaml``."""
    return (root.parent if root.is_file() else root) / REGISTER_FILE


def load_register(root: Path) -> tuple[tuple[RegisterEntry, ...], Any]:
    """Entries and the round-trip document (``None`` when there is no register yet)."""
    path = register_path(root)
    if not path.exists():
        return (), None
    doc = load_yaml(path, str(path), round_trip=True)
    if doc.data is None:
        return (), None
    try:
        model = RegisterModel.model_validate(to_plain(doc.data))
    except ValidationError as exc:
        raise InputError(
            diagnostics_from(exc, doc.lines, str(path), RegisterModel, to_plain(doc.data))
        ) from None
    seen: set[str] = set()
    problems = []
    for i, m in enumerate(model.threats):
        if m.id in seen:
            problems.append(
                InputError.single(
                    str(path),
                    f"duplicate threat id '{m.id}'",
                    line=line_of(doc.lines, ("threats", i)),
                    field=f"threats[{i}].id",
                ).problems[0]
            )
        seen.add(m.id)
    if problems:
        raise InputError(problems)
    entries = tuple(
        _entry(m, line_of(doc.lines, ("threats", i))) for i, m in enumerate(model.threats)
    )
    return entries, doc.data


def _flow_seq(values: Sequence[str]) -> CommentedSeq:
    """A list written in flow style (``[a, b]``)."""
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def _flow_map(pairs: Sequence[tuple[str, Any]]) -> CommentedMap:
    """A mapping written in flow style (``{kind: element, id: x}``)."""
    m = CommentedMap(pairs)
    m.fa.set_flow_style()
    return m


def _generated(entry: RegisterEntry) -> list[tuple[str, Any]]:
    """The keys medsec owns of an entry, in file order (optional ones only when set)."""
    t = entry.threat
    pairs: list[tuple[str, Any]] = [
        ("id", t.id),
        ("rule", t.rule),
        ("title", t.title),
        ("target", _flow_map([("kind", t.target.kind.value), ("id", t.target.id)])),
        ("stride", _flow_seq([s.value for s in t.stride])),
        ("baseline", t.baseline),
        ("triggers", CommentedSeq([str(x) for x in t.triggers])),
    ]
    if t.cwe:
        pairs.append(("cwe", _flow_seq(list(t.cwe))))
    if t.capec:
        pairs.append(("capec", _flow_seq(list(t.capec))))
    vectors = [(k, v) for k, v in (("v3_1", t.default_v3_1), ("v4_0", t.default_v4_0)) if v]
    pairs.append(("default_cvss", CommentedMap(vectors)))
    if entry.first_seen:
        pairs.append(("first_seen", entry.first_seen))
    if entry.obsolete:
        pairs.append(("obsolete", True))
    return pairs


def _assessment(a: Assessment) -> list[tuple[str, Any]]:
    """People's keys of an entry, in file order (empty ones left out)."""
    pairs: list[tuple[str, Any]] = []
    if a.decision:
        pairs.append(("decision", a.decision.value))
    if a.controls:
        pairs.append(("controls", _flow_seq(list(a.controls))))
    for key, value in (("rationale", a.rationale), ("approver", a.approver), ("date", a.date)):
        if value:
            pairs.append((key, value))
    if a.hazards:
        pairs.append(("hazards", _flow_seq(list(a.hazards))))
    if a.rubric:
        pairs.append(("rubric", CommentedMap(a.rubric)))
    if a.cvss_source is not CvssSource.RULE and (a.cvss_v3_1 or a.cvss_v4_0):
        pairs.append(
            (
                "cvss",
                CommentedMap(
                    [(k, v) for k, v in (("v3_1", a.cvss_v3_1), ("v4_0", a.cvss_v4_0)) if v]
                ),
            )
        )
        pairs.append(("cvss_source", a.cvss_source.value))
    if a.residual_v3_1 or a.residual_v4_0:
        pairs.append(
            (
                "residual",
                CommentedMap(
                    [(k, v) for k, v in (("v3_1", a.residual_v3_1), ("v4_0", a.residual_v4_0)) if v]
                ),
            )
        )
    return pairs


def _update_in_place(node: CommentedMap, entry: RegisterEntry, write_assessment: bool) -> None:
    """Refresh the generated keys of an existing node (the assessment keys if asked)."""
    fresh = dict(_generated(entry))
    for key in GENERATED_KEYS:
        if key in fresh:
            if node.get(key) != fresh[key] or key not in node:
                node[key] = fresh[key]
        elif key in node:
            del node[key]
    if write_assessment:
        wanted = dict(_assessment(entry.assessment))
        for key in (
            "decision",
            "controls",
            "rationale",
            "approver",
            "date",
            "hazards",
            "rubric",
            "cvss",
            "cvss_source",
            "residual",
        ):
            if key in wanted:
                if to_plain(node.get(key)) != to_plain(wanted[key]):
                    node[key] = wanted[key]
            elif key in node:
                del node[key]


def dump_register(
    entries: Sequence[RegisterEntry], previous: Any, *, rewrite_assessments: Sequence[str] = ()
) -> str:
    """YAML text of the register; ``previous`` (round-trip document) keeps comments and order."""
    if isinstance(previous, CommentedMap) and isinstance(previous.get("threats"), list):
        doc = previous
        seq = doc["threats"]
    else:
        doc = CommentedMap()
        doc["format"] = "medsec-threats/1"
        doc.yaml_set_start_comment(HEADER)
        seq = CommentedSeq()
        doc["threats"] = seq
    by_id = {str(n.get("id")): n for n in seq if isinstance(n, CommentedMap)}
    rewrite = set(rewrite_assessments)
    ordered = CommentedSeq()
    for entry in entries:
        node = by_id.get(entry.threat.id)
        if node is None:
            node = CommentedMap(_generated(entry) + _assessment(entry.assessment))
        else:
            _update_in_place(node, entry, entry.threat.id in rewrite)
        ordered.append(node)
    seq.clear()
    seq.extend(ordered)
    stream = io.StringIO()
    round_trip_yaml().dump(doc, stream)
    return stream.getvalue()


def save_register(root: Path, text: str) -> Path:
    """Write ``threats.yaml`` atomically; its path."""
    path = register_path(root)
    write_atomic(path, text)
    return path
