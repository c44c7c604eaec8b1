"""A register entry's values: read into the domain, written from it, refreshed on a re-run.

Values are those of ``register_text`` (str, bool, date, and flow or block collections of
them). Reading takes exact types directly and leaves anything else to pydantic (one schema,
``EntryModel``); writing gives the keys in file order; refreshing edits an entry as ruamel's
round trip edited the loaded entry. ``record``/``from_record`` give an entry as plain JSON
values for the parse cache.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from medsec.domain.threat import (
    Assessment,
    CvssSource,
    Linddun,
    RegisterEntry,
    Stride,
    Target,
    TargetKind,
    Threat,
    Trigger,
)
from medsec.domain.vocabulary import Decision
from medsec.engines.threats.register import UNASSESSED
from medsec.project.register_text import Pairs
from medsec.project.yaml_emit import BlockMap, BlockSeq, FlowMap, FlowSeq, same
from medsec.project.yamlfile import to_plain

GENERATED_KEYS = (
    "id",
    "rule",
    "title",
    "target",
    "stride",
    "linddun",
    "baseline",
    "triggers",
    "cwe",
    "capec",
    "default_cvss",
    "first_seen",
    "obsolete",
)
# people's keys medsec reads but never writes nor rewrites (kept where the person put them)
DECISION_KEYS = ("party", "expires", "benefit_risk")
ASSESSMENT_KEYS = (
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
    linddun: list[Linddun] = []
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
    # decisions with accountability (people's keys, kept as written: see DECISION_KEYS)
    party: str | None = None
    expires: dt.date | None = None
    benefit_risk: str | None = None


class RegisterModel(BaseModel):
    """The whole ``threats.yaml``."""

    model_config = ConfigDict(extra="forbid")
    format: Literal["medsec-threats/1"] = "medsec-threats/1"
    threats: list[EntryModel] = Field(default_factory=list)


# -- From the file's values to the domain -----------------------------------------------------


def _trigger(text: str) -> Trigger:
    """A trigger from its ``attribute = value`` text (a bare attribute has no value)."""
    attribute, sep, value = text.partition(" = ")
    return Trigger(attribute, value) if sep else Trigger(text, "")


NO_ASSESSMENT = UNASSESSED  # one value: an unassessed entry is known by identity


def entry_from_fields(f: Mapping[str, Any], line: int | None) -> RegisterEntry:
    """The register entry of one entry's validated fields; CVSS source inferred if unset.

    ``f`` holds the fields of ``EntryModel`` with vectors as ``(v3_1, v4_0)`` pairs and the
    target as ``(kind, id)``.
    """
    threat = Threat(
        id=f["id"],
        rule=f["rule"],
        title=f["title"],
        stride=tuple(f["stride"]),
        linddun=tuple(f["linddun"]),
        target=Target(*f["target"]),
        baseline=f["baseline"],
        description="",
        mitigation="",
        cwe=tuple(f["cwe"]),
        capec=tuple(f["capec"]),
        triggers=tuple(_trigger(t) for t in f["triggers"]),
        default_v3_1=f["default_cvss"][0],
        default_v4_0=f["default_cvss"][1],
    )
    cvss, residual, rubric = f["cvss"], f["residual"], f["rubric"]
    source = f["cvss_source"] or (CvssSource.MANUAL if (cvss[0] or cvss[1]) else CvssSource.RULE)
    if rubric:
        source = CvssSource.RUBRIC
    assessment = Assessment(
        decision=f["decision"],
        controls=tuple(f["controls"]),
        rationale=f["rationale"],
        approver=f["approver"],
        date=f["date"],
        rubric=tuple(sorted(rubric.items())),
        cvss_v3_1=cvss[0],
        cvss_v4_0=cvss[1],
        cvss_source=source,
        residual_v3_1=residual[0],
        residual_v4_0=residual[1],
        hazards=tuple(f["hazards"]),
        party=f["party"],
        expires=f["expires"],
        benefit_risk=f["benefit_risk"],
    )
    if assessment == NO_ASSESSMENT:
        assessment = NO_ASSESSMENT  # one shared instance: most entries are not assessed yet
    return RegisterEntry(
        threat, assessment, obsolete=f["obsolete"], first_seen=f["first_seen"], line=line
    )


def model_fields(m: EntryModel) -> dict[str, Any]:
    """The fields ``_entry`` takes, from a pydantic-validated entry."""
    fields = dict(m)
    fields["target"] = (m.target.kind, m.target.id)
    for key in ("default_cvss", "cvss", "residual"):
        vectors: _Vectors = fields[key]
        fields[key] = (vectors.v3_1, vectors.v4_0)
    return fields


class _Unsure(Exception):
    """A value the fast conversion does not take as it stands: pydantic decides instead."""


def _text(value: Any) -> str:
    """A string, exactly."""
    if type(value) is not str:
        raise _Unsure
    return value


def _texts(value: Any) -> tuple[str, ...]:
    """A sequence of strings."""
    if not isinstance(value, FlowSeq | BlockSeq):
        raise _Unsure
    return tuple(_text(v) for v in value)


def _flag(value: Any) -> bool:
    """A boolean, exactly."""
    if type(value) is not bool:
        raise _Unsure
    return value


def _day(value: Any) -> dt.date:
    """A date, exactly."""
    if type(value) is not dt.date:
        raise _Unsure
    return value


def _member(kind: type[enum.Enum]) -> Callable[[Any], Any]:
    """A member of ``kind`` by its value."""

    def convert(value: Any) -> Any:
        """The member whose value is ``value``."""
        try:
            return kind(_text(value))
        except ValueError:
            raise _Unsure from None

    return convert


def _members(kind: type[enum.Enum]) -> Callable[[Any], tuple[Any, ...]]:
    """A sequence of members of ``kind``."""
    one = _member(kind)
    return lambda value: tuple(one(v) for v in _texts(value))


def _mapping(value: Any, keys: frozenset[str] | None = None) -> dict[str, str]:
    """A mapping of strings (keys from ``keys`` when given)."""
    if not isinstance(value, FlowMap | BlockMap):
        raise _Unsure
    out = {_text(k): _text(v) for k, v in value}
    if keys is not None and not keys.issuperset(out):
        raise _Unsure
    return out


def _vectors(value: Any) -> tuple[str | None, str | None]:
    """``{v3_1: .., v4_0: ..}`` as a pair."""
    found = _mapping(value, frozenset({"v3_1", "v4_0"}))
    return found.get("v3_1"), found.get("v4_0")


def _rubric(value: Any) -> dict[str, str]:
    """Rubric answers (yes, no or unknown)."""
    found = _mapping(value)
    if not {"yes", "no", "unknown"}.issuperset(found.values()):
        raise _Unsure
    return found


def _target(value: Any) -> tuple[TargetKind, str]:
    """``{kind: .., id: ..}``, both present."""
    found = _mapping(value, frozenset({"kind", "id"}))
    if len(found) != 2:
        raise _Unsure
    return _member(TargetKind)(found["kind"]), found["id"]


_CONVERT: dict[str, Callable[[Any], Any]] = {
    "id": _text,
    "rule": _text,
    "title": _text,
    "target": _target,
    "stride": _members(Stride),
    "linddun": _members(Linddun),
    "baseline": _flag,
    "triggers": _texts,
    "cwe": _texts,
    "capec": _texts,
    "default_cvss": _vectors,
    "first_seen": _day,
    "obsolete": _flag,
    "decision": _member(Decision),
    "controls": _texts,
    "rationale": _text,
    "approver": _text,
    "date": _day,
    "hazards": _texts,
    "rubric": _rubric,
    "cvss": _vectors,
    "cvss_source": _member(CvssSource),
    "residual": _vectors,
    "party": _text,
    "expires": _day,
    "benefit_risk": _text,
}
_DEFAULTS: dict[str, Any] = {
    "title": "",
    "stride": (),
    "linddun": (),
    "baseline": False,
    "triggers": (),
    "cwe": (),
    "capec": (),
    "default_cvss": (None, None),
    "first_seen": None,
    "obsolete": False,
    "decision": None,
    "controls": (),
    "rationale": None,
    "approver": None,
    "date": None,
    "hazards": (),
    "rubric": {},
    "cvss": (None, None),
    "cvss_source": None,
    "residual": (None, None),
    "party": None,
    "expires": None,
    "benefit_risk": None,
}


def _fields(pairs: Pairs) -> dict[str, Any]:
    """The fields of an entry's values, as pydantic would validate them.

    Only exact types are taken (a string where a string belongs, a real date); anything
    else, or a missing required key, is left to pydantic (``_Unsure``), which then decides
    or reports the located error.
    """
    fields = dict(_DEFAULTS)
    for key, value in pairs:
        convert = _CONVERT.get(key)
        if convert is None:
            raise _Unsure
        fields[key] = convert(value)
    if not {"id", "rule", "target"}.issubset(fields):
        raise _Unsure
    return fields


def entry_of(pairs: Pairs, line: int) -> RegisterEntry:
    """The register entry of verified pairs: converted directly, else validated by pydantic."""
    try:
        return entry_from_fields(_fields(pairs), line)
    except _Unsure:
        model = EntryModel.model_validate(plain(pairs))  # raises: the full read locates it
        return entry_from_fields(model_fields(model), line)


# -- From the domain to the file's values ---------------------------------------------------


def _vector_map(v3_1: str | None, v4_0: str | None) -> BlockMap:
    """The vectors that are set, by version."""
    if v3_1 and v4_0:
        return BlockMap((("v3_1", v3_1), ("v4_0", v4_0)))
    return BlockMap((k, v) for k, v in (("v3_1", v3_1), ("v4_0", v4_0)) if v)


_STRIDE_LETTERS: dict[tuple[Stride, ...], FlowSeq] = {}


def _letters(stride: tuple[Stride, ...]) -> FlowSeq:
    """STRIDE members as their letters (a handful of combinations: remembered)."""
    letters = _STRIDE_LETTERS.get(stride)
    if letters is None:
        letters = _STRIDE_LETTERS[stride] = FlowSeq([s.value for s in stride])
    return letters


_LINDDUN_NAMES: dict[tuple[Linddun, ...], FlowSeq] = {}


def _names(linddun: tuple[Linddun, ...]) -> FlowSeq:
    """LINDDUN members as their names (a handful of combinations: remembered)."""
    names = _LINDDUN_NAMES.get(linddun)
    if names is None:
        names = _LINDDUN_NAMES[linddun] = FlowSeq([c.value for c in linddun])
    return names


def generated(entry: RegisterEntry) -> Pairs:
    """The keys medsec owns of an entry, in file order (optional ones only when set)."""
    t = entry.threat
    pairs: Pairs = [
        ("id", t.id),
        ("rule", t.rule),
        ("title", t.title),
        ("target", FlowMap((("kind", t.target.kind.value), ("id", t.target.id)))),
        ("stride", _letters(t.stride)),
    ]
    if t.linddun:  # a privacy threat's LINDDUN categories (written only when it has some)
        pairs.append(("linddun", _names(t.linddun)))
    pairs += [
        ("baseline", t.baseline),
        ("triggers", BlockSeq([str(x) for x in t.triggers])),
    ]
    if t.cwe:
        pairs.append(("cwe", FlowSeq(t.cwe)))
    if t.capec:
        pairs.append(("capec", FlowSeq(t.capec)))
    pairs.append(("default_cvss", _vector_map(t.default_v3_1, t.default_v4_0)))
    if entry.first_seen:
        pairs.append(("first_seen", entry.first_seen))
    if entry.obsolete:
        pairs.append(("obsolete", True))
    return pairs


def assessment_pairs(a: Assessment) -> Pairs:
    """People's keys of an entry, in file order (empty ones left out)."""
    if a is NO_ASSESSMENT:
        return []
    pairs: Pairs = []
    if a.decision:
        pairs.append(("decision", a.decision.value))
    if a.controls:
        pairs.append(("controls", FlowSeq(a.controls)))
    for key, value in (("rationale", a.rationale), ("approver", a.approver), ("date", a.date)):
        if value:
            pairs.append((key, value))
    if a.hazards:
        pairs.append(("hazards", FlowSeq(a.hazards)))
    if a.rubric:
        pairs.append(("rubric", BlockMap(a.rubric)))
    if a.cvss_source is not CvssSource.RULE and (a.cvss_v3_1 or a.cvss_v4_0):
        pairs.append(("cvss", _vector_map(a.cvss_v3_1, a.cvss_v4_0)))
        pairs.append(("cvss_source", a.cvss_source.value))
    if a.residual_v3_1 or a.residual_v4_0:
        pairs.append(("residual", _vector_map(a.residual_v3_1, a.residual_v4_0)))
    return pairs


def plain(value: Any) -> Any:
    """Pairs and values as plain dicts and lists (for pydantic)."""
    if isinstance(value, FlowMap | BlockMap):
        return {k: plain(v) for k, v in value}
    if isinstance(value, FlowSeq | BlockSeq):
        return [plain(v) for v in value]
    if isinstance(value, list):
        return {k: plain(v) for k, v in value}
    return value


def to_ruamel(value: Any) -> Any:
    """A value as ruamel's round trip writes it (flow or block collections)."""
    if isinstance(value, FlowMap | BlockMap):
        node: Any = CommentedMap((k, to_ruamel(v)) for k, v in value)
    elif isinstance(value, FlowSeq | BlockSeq):
        node = CommentedSeq(to_ruamel(v) for v in value)
    else:
        return value
    if isinstance(value, FlowMap | FlowSeq):
        node.fa.set_flow_style()
    return node


def refreshed(pairs: Pairs, entry: RegisterEntry, rewrite: bool) -> Pairs | None:
    """The pairs after refreshing the generated keys (and the assessment if asked); None: same.

    The same edit ruamel's round trip made on the loaded entry (``_update_in_place``): a key
    whose value is unchanged keeps its old value and place, a changed one its place, a new
    one goes last, a key no longer written is removed.
    """
    current = dict(pairs)
    order = [k for k, _ in pairs]
    changed = False
    wanted: list[tuple[Pairs, tuple[str, ...]]] = [(generated(entry), GENERATED_KEYS)]
    if rewrite:
        wanted.append((assessment_pairs(entry.assessment), ASSESSMENT_KEYS))
    for fresh_pairs, keys in wanted:
        fresh = dict(fresh_pairs)
        for key in keys:
            if key in fresh:
                if key not in current:
                    order.append(key)
                elif same(current[key], fresh[key]):
                    continue
                current[key] = fresh[key]
                changed = True
            elif key in current:
                del current[key]
                order.remove(key)
                changed = True
    return [(k, current[k]) for k in order] if changed else None


def update_in_place(node: CommentedMap, entry: RegisterEntry, write_assessment: bool) -> None:
    """Refresh the generated keys of a loaded entry (the assessment keys if asked)."""
    fresh = {k: to_ruamel(v) for k, v in generated(entry)}
    for key in GENERATED_KEYS:
        if key in fresh:
            if node.get(key) != fresh[key] or key not in node:
                node[key] = fresh[key]
        elif key in node:
            del node[key]
    if write_assessment:
        wanted = {k: to_ruamel(v) for k, v in assessment_pairs(entry.assessment)}
        for key in ASSESSMENT_KEYS:
            if key in wanted:
                if to_plain(node.get(key)) != to_plain(wanted[key]):
                    node[key] = wanted[key]
            elif key in node:
                del node[key]


# -- An entry as plain JSON values (the parse cache) ----------------------------------------


def _vectors_record(v3_1: str | None, v4_0: str | None) -> list[str | None]:
    """A vector pair as the file keeps it (an empty vector is not written, so it reads None)."""
    return [v3_1 or None, v4_0 or None]


def record(entry: RegisterEntry, *, assessed: bool = True) -> list[Any]:
    """The entry as JSON values: what reading its text gives (``RecordReader`` undoes it).

    Exact for an entry read from the file; for one about to be written, exact when it has no
    assessment keys (``assessed=False``; callers read the written values back otherwise).
    """
    t, a = entry.threat, entry.assessment
    assessment = None
    if assessed and a is not NO_ASSESSMENT and a != NO_ASSESSMENT:
        assessment = [
            a.decision,
            a.controls,
            a.rationale,
            a.approver,
            a.date,
            a.rubric,
            [a.cvss_v3_1, a.cvss_v4_0],
            a.cvss_source,
            [a.residual_v3_1, a.residual_v4_0],
            a.hazards,
            a.party,
            a.expires,
            a.benefit_risk,
        ]
    return [
        t.id,
        t.rule,
        t.title,
        [t.target.kind, t.target.id],
        t.stride,
        t.baseline,
        [str(x) for x in t.triggers],
        t.cwe,
        t.capec,
        _vectors_record(t.default_v3_1, t.default_v4_0),
        entry.first_seen,
        entry.obsolete,
        assessment,
        t.linddun,
    ]


class RecordReader:
    """Builds entries from records, sharing the values that repeat (targets, triggers, dates).

    About 6 microseconds an entry: 10,000 entries in 60 ms (pydantic took 400 ms, the YAML
    that it validated five seconds).
    """

    def __init__(self) -> None:
        """Empty memories."""
        self._targets: dict[tuple[str, str], Target] = {}
        self._triggers: dict[str, Trigger] = {}
        self._strides: dict[tuple[str, ...], tuple[Stride, ...]] = {}
        self._linddun: dict[tuple[str, ...], tuple[Linddun, ...]] = {}
        self._days: dict[str, dt.date] = {}

    def _day(self, text: str | None) -> dt.date | None:
        """A date from its ISO text."""
        if text is None:
            return None
        day = self._days.get(text)
        if day is None:
            day = self._days[text] = dt.date.fromisoformat(text)
        return day

    def _target(self, kind: str, target_id: str) -> Target:
        """A target, shared by the threats on it."""
        target = self._targets.get((kind, target_id))
        if target is None:
            target = self._targets[kind, target_id] = Target(TargetKind(kind), str(target_id))
        return target

    def _stride(self, letters: list[str]) -> tuple[Stride, ...]:
        """STRIDE letters as members."""
        key = tuple(letters)
        stride = self._strides.get(key)
        if stride is None:
            stride = self._strides[key] = tuple(Stride(s) for s in letters)
        return stride

    def _categories(self, names: list[str]) -> tuple[Linddun, ...]:
        """LINDDUN names as members."""
        key = tuple(names)
        found = self._linddun.get(key)
        if found is None:
            found = self._linddun[key] = tuple(Linddun(n) for n in names)
        return found

    def _trigger_list(self, texts: list[str]) -> tuple[Trigger, ...]:
        """Triggers from their texts, shared where they repeat."""
        memo = self._triggers
        out = []
        for text in texts:
            trigger = memo.get(text)
            if trigger is None:
                trigger = memo[text] = _trigger(text)
            out.append(trigger)
        return tuple(out)

    def _assessment(self, rec: list[Any] | None) -> Assessment:
        """The assessment of a record (None: not assessed)."""
        if rec is None:
            return NO_ASSESSMENT
        return Assessment(
            decision=Decision(rec[0]) if rec[0] is not None else None,
            controls=tuple(rec[1]),
            rationale=rec[2],
            approver=rec[3],
            date=self._day(rec[4]),
            rubric=tuple((str(k), str(v)) for k, v in rec[5]),
            cvss_v3_1=rec[6][0],
            cvss_v4_0=rec[6][1],
            cvss_source=CvssSource(rec[7]),
            residual_v3_1=rec[8][0],
            residual_v4_0=rec[8][1],
            hazards=tuple(rec[9]),
            party=rec[10],
            expires=self._day(rec[11]),
            benefit_risk=rec[12],
        )

    def reuse(self, rec: list[Any], line: int, threat: Threat) -> RegisterEntry | None:
        """The entry of a record that holds exactly ``threat`` (which this run generated again)
        and no assessment, built around that very threat; None for any other record.

        A re-run reads back what it generates: taking its threats saves building 10,000 of
        them, and comparing stored with generated becomes an identity check. The record must
        be what ``record`` gives for the entry so built (compared as JSON): every key counts.
        """
        # ``record`` ends: ..., first seen, obsolete, assessment, LINDDUN (checked below anyway)
        first, obsolete, assessed = rec[-4:-1]
        if assessed is not None or rec[0] != threat.id:
            return None
        entry = RegisterEntry(
            threat, NO_ASSESSMENT, obsolete=obsolete is True, first_seen=self._day(first), line=line
        )
        return entry if orjson.dumps(record(entry)) == orjson.dumps(rec) else None

    def entry(self, rec: list[Any], line: int) -> RegisterEntry:
        """The entry of a record; a malformed record raises ValueError, TypeError or KeyError."""
        (
            tid,
            rule,
            title,
            target,
            stride,
            baseline,
            triggers,
            cwe,
            capec,
            vectors,
            first,
            obsolete,
            assessed,
            linddun,
        ) = rec
        if not (type(tid) is type(rule) is type(title) is str):
            raise TypeError("not a register record")
        threat = Threat(
            id=tid,
            rule=rule,
            title=title,
            stride=self._stride(stride),
            linddun=self._categories(linddun),
            target=self._target(*target),
            baseline=bool(baseline),
            description="",
            mitigation="",
            cwe=tuple(cwe),
            capec=tuple(capec),
            triggers=self._trigger_list(triggers),
            default_v3_1=vectors[0],
            default_v4_0=vectors[1],
        )
        return RegisterEntry(
            threat,
            self._assessment(assessed),
            obsolete=bool(obsolete),
            first_seen=self._day(first),
            line=line,
        )
