"""DPIA screening: the nine criteria of the EDPB-endorsed WP248 rev.01 guidelines, from the model.

Only collected personal data about people counts (credentials are the security analysis'; a
retired item is no longer processed). Each criterion is met or not, with the model facts that
met it (``Fact``: what, and the key of
``medsec.yaml`` that says so). Two or more met mean a DPIA is required (WP248: "in most cases");
so does large-scale processing of special-category data (Art. 35(3)(b): an element serving
:data:`LARGE_SCALE_PATIENTS` or more patients handles health, genetic or biometric data).

What each criterion reads (docs/format.md "DPIA screening"):

1. evaluation or scoring: an element with ``function: diagnosis`` that handles personal data;
2. automated decision with legal or similar significant effect: a ``therapy`` element that
   receives special-category data on a flow (the device acts on the patient's data);
3. systematic monitoring: a ``monitoring`` element with personal data, or a personal data item
   with the trait ``location`` or ``usage``;
4. sensitive data: a collected health, genetic or biometric item (Art. 9);
5. large scale: an element handling personal data that serves at least
   :data:`LARGE_SCALE_PATIENTS` patients (``patients``);
6. matching or combining data sets: an element receiving personal data from elements operated
   by different parties (different controllers' data sets joined);
7. vulnerable data subjects: a personal data item whose ``subjects`` names patients, children,
   the elderly or employees (WP248's examples);
8. innovative technology: genetic or biometric data (new identification techniques); nothing
   else in the model can show it, so the DPIA states it where it applies;
9. preventing the exercise of a right: health data no use case with ``access`` and
   ``rectification`` needs (the judgement of rule MP-05), once the model states rights.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from medsec.domain.model import DataItem, DataTrait, Element, Project
from medsec.domain.vocabulary import DataCategory, ElementType, Function
from medsec.engines.threats.rules.mp05_data_subject_rights import NEEDED, health_data, served

LARGE_SCALE_PATIENTS = 1000  # medsec's threshold for "large scale" (WP248 names no number)
REQUIRED_AT = 2  # criteria met from which a DPIA is required (WP248)
_VULNERABLE = re.compile(
    r"patient|child|minor|paediatric|pediatric|neonat|elderly|employee|staff|worker", re.I
)


@dataclass(frozen=True)
class Fact:
    """A model fact that met a criterion: what it says, and the key of medsec.yaml."""

    text: str
    record: str  # "elements[cloud-service].patients"
    line: int | None = None


@dataclass(frozen=True)
class Criterion:
    """One WP248 criterion: met or not, the facts that met it, and what medsec read."""

    number: int
    title: str
    met: bool
    facts: tuple[Fact, ...]
    reads: str  # what medsec looked for in the model


@dataclass(frozen=True)
class Screening:
    """The nine criteria and the conclusion."""

    criteria: tuple[Criterion, ...]
    # Art. 35(3)(b): an element serving many patients handles special-category data
    art35_3b: bool = False

    @property
    def met(self) -> tuple[Criterion, ...]:
        """The criteria met, in order."""
        return tuple(c for c in self.criteria if c.met)

    @property
    def required(self) -> bool:
        """A DPIA is required: two or more criteria met, or Art. 35(3)(b)."""
        return len(self.met) >= REQUIRED_AT or self.art35_3b

    @property
    def conclusion(self) -> str:
        """One sentence: how many criteria are met, and whether a DPIA is required."""
        numbers = ", ".join(str(c.number) for c in self.met) or "none"
        verdict = "a DPIA is required" if self.required else "no DPIA is required"
        return f"{len(self.met)} of 9 WP248 criteria met ({numbers}): {verdict}."


class _Facts:
    """The personal data of the model and of each element, indexed once."""

    def __init__(self, project: Project) -> None:
        """Index the personal data items and what each element holds or receives."""
        self.project = project
        self.personal = {d.id: d for d in project.data if _about_people(d)}
        self.received: dict[str, list[tuple[str, str]]] = {}  # element -> (flow, data id)
        for f in project.flows:
            for d in dict.fromkeys(f.data):
                if d in self.personal:
                    self.received.setdefault(f.target, []).append((f.id, d))

    def handled(self, e: Element) -> list[str]:
        """The personal data items an element stores or exchanges on its flows."""
        found = [d for d in e.stores if d in self.personal]
        for f in self.project.flows_touching(e.id):
            found += [d for d in f.data if d in self.personal]
        return list(dict.fromkeys(found))


def _about_people(d: DataItem) -> bool:
    """Collected personal data about people (credentials are the security analysis')."""
    return d.category.personal and d.category is not DataCategory.CREDENTIAL and not d.retired


def _element_fact(e: Element, what: str, key: str) -> Fact:
    """A fact about an element attribute."""
    return Fact(f"{e.id}: {what}", f"elements[{e.id}].{key}", e.line)


def _function(facts: _Facts, function: Function) -> list[Fact]:
    """Elements of ``function`` that handle personal data."""
    out = []
    for e in facts.project.elements:
        held = facts.handled(e) if e.function is function else []
        if held:
            text = f"function {function.value}, handles {', '.join(held)}"
            out.append(_element_fact(e, text, "function"))
    return out


def _evaluation(facts: _Facts) -> list[Fact]:
    """1: health is evaluated (diagnosis) from personal data."""
    return _function(facts, Function.DIAGNOSIS)


def _automated_decision(facts: _Facts) -> list[Fact]:
    """2: a therapy element acts on health data it receives."""
    out = []
    for e in facts.project.elements:
        got = facts.received.get(e.id, []) if e.function is Function.THERAPY else []
        health = [d for _, d in got if facts.personal[d].category.special]
        if health and e.type is not ElementType.ACTOR:
            items = ", ".join(dict.fromkeys(health))
            out.append(_element_fact(e, f"therapy acts on {items} it receives", "function"))
    return out


def _monitoring(facts: _Facts) -> list[Fact]:
    """3: a monitoring element, or location or usage data about people."""
    out = _function(facts, Function.MONITORING)
    traits = (DataTrait.LOCATION, DataTrait.USAGE)
    for d in facts.personal.values():
        shown = [t.value for t in d.traits if t in traits]
        if shown:
            out.append(Fact(f"{d.id}: {', '.join(shown)} data", f"data[{d.id}].traits", d.line))
    return out


def _sensitive(facts: _Facts) -> list[Fact]:
    """4: special-category data (Art. 9)."""
    return [
        Fact(f"{d.id}: {d.category.value} data (Art. 9)", f"data[{d.id}].category", d.line)
        for d in facts.personal.values()
        if d.category.special
    ]


def _large_scale(facts: _Facts) -> list[Fact]:
    """5: an element handling personal data serves many patients."""
    out = []
    for e in facts.project.elements:
        if (e.patients or 0) >= LARGE_SCALE_PATIENTS and facts.handled(e):
            text = f"serves {e.patients} patients, handles {', '.join(facts.handled(e))}"
            out.append(_element_fact(e, text, "patients"))
    return out


def _combining(facts: _Facts) -> list[Fact]:
    """6: personal data from elements of different operators is joined in one element."""
    p = facts.project
    out = []
    for e in p.elements:
        sources: dict[str, set[str]] = {}
        for f in p.flows_into(e.id):
            sender = f.source if f.target == e.id else f.target
            if any(d in facts.personal for d in f.data):
                sources.setdefault(p.operator(sender) or "the manufacturer", set()).add(sender)
        if len(sources) >= 2:
            shown = "; ".join(f"{k}: {', '.join(sorted(v))}" for k, v in sorted(sources.items()))
            out.append(Fact(f"{e.id}: joins personal data from {shown}", "flows", e.line))
    return out


def _vulnerable(facts: _Facts) -> list[Fact]:
    """7: the data subjects include patients, children, the elderly or employees."""
    return [
        Fact(f"{d.id}: subjects {d.subjects}", f"data[{d.id}].subjects", d.line)
        for d in facts.personal.values()
        if d.subjects and _VULNERABLE.search(d.subjects)
    ]


def _innovative(facts: _Facts) -> list[Fact]:
    """8: genetic or biometric data (new identification techniques)."""
    kinds = (DataCategory.GENETIC, DataCategory.BIOMETRIC)
    return [
        Fact(f"{d.id}: {d.category.value} data", f"data[{d.id}].category", d.line)
        for d in facts.personal.values()
        if d.category in kinds
    ]


def _rights(facts: _Facts) -> list[Fact]:
    """9: health data its patients cannot see or correct (once the model states rights)."""
    p = facts.project
    if all(u.rights is None for u in p.use_cases):
        return []
    rights = served(p)
    out = []
    for d in health_data(p):
        missing = [r.value for r in NEEDED if r not in rights.get(d.id, set())]
        if missing:
            text = f"{d.id}: no use case needing it serves {' or '.join(missing)}"
            out.append(Fact(text, "use_cases[].rights", d.line))
    return out


_CRITERIA: tuple[tuple[str, Callable[[_Facts], list[Fact]], str], ...] = (
    ("Evaluation or scoring", _evaluation, "elements with function diagnosis and personal data"),
    (
        "Automated decision-making with legal or similar significant effect",
        _automated_decision,
        "therapy elements that receive health data",
    ),
    (
        "Systematic monitoring",
        _monitoring,
        "monitoring elements with personal data; data with trait location or usage",
    ),
    ("Sensitive or highly personal data", _sensitive, "health, genetic or biometric data"),
    (
        "Data processed on a large scale",
        _large_scale,
        f"elements with personal data serving {LARGE_SCALE_PATIENTS} or more patients",
    ),
    (
        "Matching or combining data sets",
        _combining,
        "elements receiving personal data from elements of different operators",
    ),
    (
        "Data concerning vulnerable data subjects",
        _vulnerable,
        "data subjects: patients, children, the elderly, employees",
    ),
    (
        "Innovative use or new technological or organisational solutions",
        _innovative,
        "genetic or biometric data (nothing else in the model shows it)",
    ),
    (
        "Processing that prevents exercising a right or using a service or contract",
        _rights,
        "health data no use case with access and rectification needs (use_cases[].rights)",
    ),
)


def _large_scale_special(facts: _Facts) -> bool:
    """Art. 35(3)(b): an element serving many patients handles special-category data."""
    return any(
        (e.patients or 0) >= LARGE_SCALE_PATIENTS
        and any(facts.personal[d].category.special for d in facts.handled(e))
        for e in facts.project.elements
    )


def screen(project: Project) -> Screening:
    """The nine WP248 criteria judged from the model's facts."""
    facts = _Facts(project)
    criteria = []
    for n, (title, find, reads) in enumerate(_CRITERIA, 1):
        found = tuple(find(facts)) if facts.personal else ()
        criteria.append(Criterion(n, title, bool(found), found, reads))
    return Screening(tuple(criteria), bool(facts.personal) and _large_scale_special(facts))


def personal_data(project: Project) -> list[DataItem]:
    """The personal data items the screening is about, in inventory order."""
    return [d for d in project.data if _about_people(d)]
