"""One shape for every document of ``medsec docs``: a :class:`DocumentSpec` and its inputs.

A spec is metadata (the id users pass to ``--doc``, a title, the frameworks it serves, one line
for ``docs list``), the manual questions it may ask, whether it applies to a project, and one
function from the evidence to the document's sections. The evidence is what ``medsec check``
judged (the checklist and its :class:`CheckContext`): a document restates those judgements
with their evidence and never judges a second time. Specs are listed in
``medsec.outputs.documents.registry.DOCUMENTS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from medsec.domain.checklist import Checklist
from medsec.domain.document import Answers, Question, Section
from medsec.engines.compliance.context import CheckContext
from medsec.outputs.report.figure import SvgDrawer


@dataclass(frozen=True)
class DocumentMeta:
    """What a document is: its stable id, its title and the frameworks it serves."""

    id: str  # the --doc value; ids are a contract (scripts, revision records)
    title: str
    frameworks: tuple[str, ...]
    summary: str  # one line for 'medsec docs list'


@dataclass(frozen=True)
class DocumentInputs:
    """Everything a spec reads: the checklist as judged, its context, the answers, a drawer."""

    checklist: Checklist
    ctx: CheckContext
    answers: Answers
    draw: SvgDrawer  # DOT source -> inline SVG (None when no layout engine is available)


class DocumentSpec(Protocol):
    """A document of ``medsec docs``: metadata, its questions and how its sections are built."""

    @property
    def meta(self) -> DocumentMeta:
        """Id, title, frameworks and summary."""
        ...

    @property
    def questions(self) -> tuple[Question, ...]:
        """The manual answers this document may ask for (keys shared across documents)."""
        ...

    def applies(self, ctx: CheckContext) -> str | None:
        """None when the document applies to the project; else why not (``--all`` skips it)."""
        ...

    def sections(self, inputs: DocumentInputs) -> tuple[Section, ...]:
        """The document's sections, in order, built from the evidence."""
        ...


@dataclass(frozen=True)
class Spec:
    """A spec made of metadata and two functions: what a document module declares."""

    meta: DocumentMeta
    questions: tuple[Question, ...]
    build: Callable[[DocumentInputs], tuple[Section, ...]]
    applicable: Callable[[CheckContext], str | None] = lambda ctx: None

    def applies(self, ctx: CheckContext) -> str | None:
        """None when the document applies to the project; else why not."""
        return self.applicable(ctx)

    def sections(self, inputs: DocumentInputs) -> tuple[Section, ...]:
        """The document's sections, built from the evidence."""
        return self.build(inputs)
