"""``vulnerabilities.yaml``: people's assessments of vulnerability findings, keyed by finding id.

An entry may be keyed to one product of the device instead: ``<finding id>@<element>``
(``CVE-2024-2511@pkg:generic/openssl@pump-fw``); the scan looks a finding's product key up
first, then its finding id, so one component in two products can carry two decisions.

Format ``medsec-vulnerabilities/1``. Problems of form (unknown keys, values, dates, hazard ids)
are errors with file, line and a suggestion. Incomplete decisions (``not_affected`` without a
justification or detail, ``exploitable`` without a response) are reported as *problems* but
still load: an imported third-party VEX document often lacks them, and medsec never invents a
justification. Saving edits the loaded round-trip document in place: comments, key order and
entries medsec does not know about survive.

``medsec scan`` adds a *stub* for every finding without an entry: ``state: in_triage`` and the
keys a person fills in, all empty. A stub is no assessment (its finding stays unassessed and
in triage until someone sets the state); :func:`add_stubs` appends them and never touches an
entry that exists.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from medsec.domain.errors import Diagnostic, InputError
from medsec.domain.finding_id import split_product
from medsec.domain.paths import PROJECT_FILE, VULNERABILITIES_FILE
from medsec.domain.vex import Original
from medsec.domain.vulnerability import (
    CraReports,
    Justification,
    Response,
    SafetyRisk,
    VexState,
    VulnAssessment,
)
from medsec.project.atomic import write_atomic
from medsec.project.suggest import did_you_mean
from medsec.project.validation import diagnostics_from
from medsec.project.yamlfile import (
    LineMap,
    line_of,
    parse_yaml,
    read_bytes,
    round_trip_yaml,
    to_plain,
)
from medsec.untrusted.depth import check_depth

FORMAT = "medsec-vulnerabilities/1"
HEADER = (
    "medsec vulnerability assessments (format medsec-vulnerabilities/1), keyed by finding id\n"
    "(advisory@purl-without-version), or by finding id@element for one product of the device.\n"
    "Keys: state (CycloneDX analysis state), justification,\n"
    "responses, detail, safety (controlled|uncontrolled), hazards, author, date, next_review,\n"
    "component_version; original keeps the codes of an imported VEX document.\n"
    "CRA Art. 14 (actively exploited): actively_exploited, aware_since, fix_available,\n"
    "cra_reports: {early_warning, notification, final_report} (the days each was sent).\n"
    "'medsec vex import FILE' adds and updates entries; nothing here is ever deleted by medsec."
)
KEY_ORDER = (
    "state",
    "justification",
    "responses",
    "detail",
    "safety",
    "hazards",
    "author",
    "date",
    "next_review",
    "component_version",
    "original",
)
NEEDS_REASON = frozenset({VexState.NOT_AFFECTED})
_HINT_COLUMN = 30  # where the hints of a stub's keys start (past 'component_version: null')
# the keys of a stub, in order, with what goes there (the end-of-line comment in the file)
STUB_KEYS: tuple[tuple[str, str | None], ...] = (
    ("state", "assessed: not_affected | exploitable | resolved | false_positive"),
    ("justification", "not_affected: code_not_present | code_not_reachable | ..."),
    ("responses", "exploitable: [update, workaround_available, ...]"),
    ("detail", "what you found, and the evidence"),
    ("safety", "exploitable: controlled | uncontrolled"),
    ("author", None),
    ("date", "the day of the assessment"),
    ("component_version", "the version assessed, quoted"),
)


class CraReportsModel(BaseModel):
    """The CRA Art. 14 reports sent on an actively exploited vulnerability: the day of each."""

    model_config = ConfigDict(extra="forbid")
    early_warning: dt.date | None = None
    notification: dt.date | None = None
    final_report: dt.date | None = None


class EntryModel(BaseModel):
    """One assessment, keyed by finding id in the file."""

    model_config = ConfigDict(extra="forbid")
    state: VexState
    justification: Justification | None = None
    responses: list[Response] = []
    detail: str | None = None
    safety: SafetyRisk | None = None
    hazards: list[str] = []
    author: str | None = None
    date: dt.date | None = None
    next_review: dt.date | None = None
    component_version: str | None = None
    original: dict[str, dict[str, str | list[str]]] = {}
    # CRA Art. 14; medsec's writers never touch these keys (they are not in KEY_ORDER)
    actively_exploited: bool | None = None
    aware_since: dt.date | None = None
    fix_available: dt.date | None = None
    cra_reports: CraReportsModel | None = None

    @field_validator("component_version", mode="before")
    @classmethod
    def _quoted(cls, value: Any) -> Any:
        """Refuse an unquoted numeric version: YAML would have changed ``1.10`` to ``1.1``."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError(f"write the version as quoted text, e.g. '{value}'")
        return value


class FileModel(BaseModel):
    """The whole ``vulnerabilities.yaml``."""

    model_config = ConfigDict(extra="forbid")
    format: Literal["medsec-vulnerabilities/1"] = "medsec-vulnerabilities/1"
    vulnerabilities: dict[str, EntryModel] = Field(default_factory=dict)


@dataclass(frozen=True)
class Assessments:
    """What ``vulnerabilities.yaml`` holds: decisions by finding id, and what is incomplete."""

    path: Path
    assessments: Mapping[str, VulnAssessment]
    problems: tuple[Diagnostic, ...] = ()
    document: Any = None  # the round-trip document (None: no file yet)

    @property
    def exists(self) -> bool:
        """Whether the file exists (an empty file counts)."""
        return self.document is not None


def vulnerabilities_path(root: Path) -> Path:
    """Where ``vulnerabilities.yaml`` lives; ``root`` may be the folder or ``medsec.yaml``."""
    return (root.parent if root.is_file() else root) / VULNERABILITIES_FILE


def _originals(raw: Mapping[str, Mapping[str, str | list[str]]]) -> tuple[Original, ...]:
    """The original codes of an entry as sorted (format, field, value) triples."""
    out: list[Original] = []
    for fmt, fields in raw.items():
        for name, value in fields.items():
            for v in [value] if isinstance(value, str) else value:
                out.append((fmt, name, v))
    return tuple(sorted(set(out)))


def _assessment(fid: str, m: EntryModel, line: int | None) -> VulnAssessment:
    """The domain assessment of one validated entry."""
    return VulnAssessment(
        finding=fid,
        state=m.state,
        justification=m.justification,
        responses=tuple(m.responses),
        detail=m.detail,
        safety=m.safety,
        hazards=tuple(m.hazards),
        author=m.author,
        date=m.date,
        next_review=m.next_review,
        component_version=m.component_version,
        original=_originals(m.original),
        line=line,
        actively_exploited=m.actively_exploited,
        aware_since=m.aware_since,
        fix_available=m.fix_available,
        cra_reports=CraReports(**m.cra_reports.model_dump()) if m.cra_reports else CraReports(),
    )


def _cra_dates(m: EntryModel) -> list[tuple[str, dt.date]]:
    """The CRA Art. 14 dates an entry states, with their keys (``cra_reports.notification``)."""
    dates = [("aware_since", m.aware_since), ("fix_available", m.fix_available)]
    if m.cra_reports is not None:
        dates += [(f"cra_reports.{k}", v) for k, v in m.cra_reports.model_dump().items()]
    return [(k, v) for k, v in dates if v is not None]


def _cra_problems(m: EntryModel, today: dt.date | None) -> list[tuple[str, str]]:
    """(key, message) for CRA dates in the future, and reports sent before the awareness."""
    out: list[tuple[str, str]] = []
    for key, day in _cra_dates(m):
        if today is not None and day > today:
            out.append((key, f"{key} {day} is in the future (today is {today})"))
        elif key.startswith("cra_reports.") and m.aware_since and day < m.aware_since:
            out.append((key, f"{key} {day} is before aware_since {m.aware_since}"))
    return out


def _hard_checks(
    model: FileModel,
    lines: LineMap,
    path: str,
    hazards: Collection[str] | None,
    today: dt.date | None,
    elements: Collection[str] | None = None,
) -> list[Diagnostic]:
    """Errors that stop loading: bad finding ids, unknown hazards, impossible dates."""
    problems: list[Diagnostic] = []

    def report(fid: str, key: str, message: str, hint: str | None = None) -> None:
        """Record a problem at one key of an entry."""
        problems.append(
            Diagnostic(
                path=path,
                line=line_of(lines, ("vulnerabilities", fid, *key.split("."))),
                field=f"vulnerabilities.{fid}.{key}",
                message=message,
                hint=hint,
            )
        )

    for fid, m in model.vulnerabilities.items():
        if not fid.strip() or fid != fid.strip() or fid.startswith("@"):
            report(
                fid,
                "state",
                f"invalid finding id {fid!r}",
                "write advisory@purl, e.g. CVE-2022-37434@pkg:generic/zlib",
            )
        _, product = split_product(fid)
        if product is not None and elements is not None and product not in elements:
            report(
                fid,
                "state",
                f"'{fid}' keys the decision to product '{product}', which is no element",
                did_you_mean(product, elements) or f"elements are declared in {PROJECT_FILE}",
            )
        if hazards is not None:
            for h in m.hazards:
                if h not in hazards:
                    report(
                        fid,
                        "hazards",
                        f"unknown hazard '{h}'",
                        did_you_mean(h, hazards)
                        or f"hazards are declared in {PROJECT_FILE} hazards:",
                    )
        if m.date and m.next_review and m.next_review < m.date:
            report(fid, "next_review", f"next_review {m.next_review} is before date {m.date}")
        if today is not None and m.date and m.date > today:
            report(fid, "date", f"date {m.date} is in the future (today is {today})")
        for key, message in _cra_problems(m, today):
            report(fid, key, message)
    return problems


def _soft_checks(model: FileModel, lines: LineMap, path: str) -> list[Diagnostic]:
    """Incomplete decisions: reported, but the file still loads."""
    problems: list[Diagnostic] = []
    for fid, m in model.vulnerabilities.items():
        line = line_of(lines, ("vulnerabilities", fid))
        if m.state in NEEDS_REASON and m.justification is None and not m.detail:
            problems.append(
                Diagnostic(
                    path,
                    f"{m.state.value} needs a justification (or a detail as impact statement)",
                    line=line,
                    field=f"vulnerabilities.{fid}",
                    hint="e.g. justification: code_not_reachable",
                )
            )
        if m.state is VexState.EXPLOITABLE and not m.responses:
            problems.append(
                Diagnostic(
                    path,
                    "exploitable needs a response",
                    line=line,
                    field=f"vulnerabilities.{fid}",
                    hint="responses: [update] (or rollback, workaround_available, "
                    "will_not_fix, can_not_fix)",
                )
            )
    return problems


def _suggest_keys(problems: list[Diagnostic]) -> list[Diagnostic]:
    """Entries are keyed by finding id, which the generic suggester cannot follow."""
    keys = list(EntryModel.model_fields)
    return [
        replace(p, hint=did_you_mean(p.message.split("'")[1], keys) or p.hint)
        if p.message.startswith("unknown key '")
        and p.hint is None
        and p.field
        and p.field.startswith("vulnerabilities.")
        else p
        for p in problems
    ]


def load_assessments(
    root: Path,
    *,
    hazards: Collection[str] | None = None,
    today: dt.date | None = None,
    elements: Collection[str] | None = None,
) -> Assessments:
    """The assessments of a project (none when the file does not exist yet).

    ``hazards``: the hazard ids of medsec.yaml (checked when given); ``today``: dates after it
    are refused; ``elements``: the element ids a product key (``<finding id>@<element>``) may
    name (checked when given).
    """
    path = vulnerabilities_path(root)
    if not path.exists():
        return Assessments(path, {})
    raw = read_bytes(path, str(path))
    check_depth(raw, source=str(path))  # deep nesting: a located error, not RecursionError
    doc = parse_yaml(raw, str(path), round_trip=True)
    if doc.data is None:
        return Assessments(path, {}, (), CommentedMap())
    plain = to_plain(doc.data)
    if not isinstance(plain, dict):
        raise InputError.single(
            str(path),
            "the file must be a YAML mapping",
            line=1,
            hint=f"start with format: {FORMAT}",
        )
    try:
        model = FileModel.model_validate(plain)
    except ValidationError as exc:
        found = diagnostics_from(exc, doc.lines, str(path), FileModel, plain)
        raise InputError(_suggest_keys(found)) from None
    hard = _hard_checks(model, doc.lines, str(path), hazards, today, elements)
    if hard:
        raise InputError(hard)
    assessments = {
        fid: _assessment(fid, m, line_of(doc.lines, ("vulnerabilities", fid)))
        for fid, m in model.vulnerabilities.items()
    }
    return Assessments(
        path, assessments, tuple(_soft_checks(model, doc.lines, str(path))), doc.data
    )


def _flow_seq(values: list[str]) -> CommentedSeq:
    """A list written in flow style (``[a, b]``)."""
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def _original_map(original: tuple[Original, ...]) -> CommentedMap:
    """The original codes grouped by format and field (one value, or a list)."""
    grouped: dict[str, dict[str, list[str]]] = {}
    for fmt, name, value in sorted(set(original)):
        grouped.setdefault(fmt, {}).setdefault(name, []).append(value)
    out = CommentedMap()
    for fmt, fields in grouped.items():
        inner = CommentedMap()
        for name, values in fields.items():
            inner[name] = values[0] if len(values) == 1 else _flow_seq(values)
        out[fmt] = inner
    return out


def entry_values(a: VulnAssessment) -> dict[str, Any]:
    """The YAML values of an assessment, in the documented key order (absent keys left out)."""
    values: dict[str, Any] = {
        "state": a.state.value,
        "justification": a.justification.value if a.justification else None,
        "responses": _flow_seq([r.value for r in a.responses]) if a.responses else None,
        "detail": (LiteralScalarString(a.detail) if a.detail and "\n" in a.detail else a.detail),
        "safety": a.safety.value if a.safety else None,
        "hazards": _flow_seq(list(a.hazards)) if a.hazards else None,
        "author": a.author,
        "date": a.date,
        "next_review": a.next_review,
        "component_version": a.component_version,
        "original": _original_map(a.original) if a.original else None,
    }
    return {k: values[k] for k in KEY_ORDER if values[k] is not None}


def dump_assessments(
    assessments: Mapping[str, VulnAssessment],
    previous: Any = None,
    *,
    changed: Collection[str] | None = None,
) -> str:
    """YAML text; ``previous`` (the round-trip document) keeps comments, order and other entries.

    Only the entries in ``changed`` (all, when None) are rewritten; new ids are appended sorted.
    """
    if isinstance(previous, CommentedMap) and previous:
        doc = previous
    else:
        doc = CommentedMap()
        doc["format"] = FORMAT
        doc.yaml_set_start_comment(HEADER)
    if not isinstance(doc.get("vulnerabilities"), CommentedMap):
        doc["vulnerabilities"] = CommentedMap()
    entries: CommentedMap = doc["vulnerabilities"]
    rewrite = set(assessments) if changed is None else set(changed)
    for fid in sorted(assessments):
        if fid in entries and fid not in rewrite:
            continue
        wanted = entry_values(assessments[fid])
        node = entries.get(fid)
        if not isinstance(node, CommentedMap):
            entries[fid] = CommentedMap(wanted.items())
            continue
        for key in KEY_ORDER:
            if key in wanted:
                if key not in node or to_plain(node[key]) != to_plain(wanted[key]):
                    node[key] = wanted[key]
            elif key in node:
                del node[key]
    stream = io.StringIO()
    round_trip_yaml().dump(doc, stream)
    return stream.getvalue()


def is_stub(a: VulnAssessment) -> bool:
    """Whether an entry is still a stub: in triage, and nothing a person writes is filled in."""
    return a.state is VexState.IN_TRIAGE and not any(
        (
            a.justification,
            a.responses,
            a.detail,
            a.safety,
            a.hazards,
            a.author,
            a.date,
            a.next_review,
            a.component_version,
            a.original,
            a.actively_exploited is not None,
            a.aware_since,
            a.fix_available,
            a.cra_reports != CraReports(),
        )
    )


@dataclass(frozen=True)
class Stub:
    """An entry to fill in for a finding nobody has assessed yet, and a line about it."""

    finding: str
    about: str  # e.g. "high, openssl 3.0.13 and 3.2.1, on CISA's KEV list"


def _stub_entry() -> CommentedMap:
    """The keys of one stub: ``state: in_triage``, the others empty, each with what goes there."""
    entry = CommentedMap()
    for key, hint in STUB_KEYS:
        entry[key] = (
            VexState.IN_TRIAGE.value
            if key == "state"
            else _flow_seq([])
            if key == "responses"
            else None
        )
        if hint:
            entry.yaml_add_eol_comment(hint, key, column=_HINT_COLUMN)
    return entry


def add_stubs(previous: Any, stubs: Sequence[Stub], *, when: dt.date) -> str | None:
    """YAML text with a stub appended for each finding that has no entry; None: nothing new.

    ``previous`` is the round-trip document, kept as it is (comments, order, entries); None (no
    file yet) gives a new file with its header, even without stubs: the place to assess.
    """
    if isinstance(previous, CommentedMap) and previous:
        doc = previous
    else:
        doc = CommentedMap()
        doc["format"] = FORMAT
        doc.yaml_set_start_comment(HEADER)
    if not isinstance(doc.get("vulnerabilities"), CommentedMap):
        doc["vulnerabilities"] = CommentedMap()
    entries: CommentedMap = doc["vulnerabilities"]
    new = sorted({s.finding: s for s in stubs if s.finding not in entries}.values(), key=_id)
    for i, stub in enumerate(new):
        entries[stub.finding] = _stub_entry()
        intro = (
            f"\nadded by 'medsec scan' on {when}: assess each in_triage stub, then set its state\n"
            if i == 0
            else ""
        )
        entries.yaml_set_comment_before_after_key(
            stub.finding, before=f"{intro}\n{stub.about}", indent=2
        )
    if not new and previous is not None:
        return None
    stream = io.StringIO()
    round_trip_yaml().dump(doc, stream)
    return stream.getvalue()


def _id(stub: Stub) -> str:
    """Stubs are appended in finding id order."""
    return stub.finding


def save_assessments(root: Path, text: str) -> Path:
    """Write ``vulnerabilities.yaml`` atomically; its path."""
    path = vulnerabilities_path(root)
    write_atomic(path, text)
    return path
