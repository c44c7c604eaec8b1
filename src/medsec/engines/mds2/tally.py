"""How per-element facts become one answer for the device: who states yes, no, or nothing.

The form asks about "the device"; the model states facts per element. Two readings:

* **capability** (:meth:`Tally.any_of`): the device has it when one of its parts has it
  ("Does the device incorporate an emergency access feature?"). Yes names the parts that do
  (and those that do not, or do not say); No needs every part to say it does not.
* **every part** (:meth:`Tally.every`): Yes when every part has it, No when none has,
  See note when some have; a part that does not say leaves the question open.

Unstated is never read as yes or no. The platform questions (operating system, malware,
backup) are asked of :func:`machines`: the device's software outside the cloud, what runs on
the hospital's side; a hosted element's platform facts may be stated on its host
(:func:`on_platform`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from medsec.domain.model import Element
from medsec.domain.vocabulary import ElementType
from medsec.engines.judgements import host_chain
from medsec.engines.mds2.facts import NO, SEE, YES, View, answer, ids, model_fact
from medsec.engines.mds2.model import Derived, Fact


def sub(e: Element, key: str, value: object) -> Fact:
    """A nested attribute of an element (``session.auto_logoff_minutes``) as a fact."""
    return model_fact(f"elements.{e.id}.{key}", value, e.line)


def machines(v: View) -> list[Element]:
    """The device's software processes outside the cloud: what runs on the hospital's side."""
    return [
        e
        for e in v.ours
        if e.is_software and e.type is ElementType.PROCESS and not v.in_cloud(e.id)
    ]


def on_platform(v: View, elements: Iterable[Element], attr: str) -> list[tuple[Element, object]]:
    """Each element's ``attr``, else its nearest host's: (who states it, value), once per holder.

    An element and its host chain share one machine: an operating system stated on the host
    holds for what it runs. Unstated along the whole chain: (the element, None).
    """
    out: dict[str, tuple[Element, object]] = {}
    for e in elements:
        chain = (e, *host_chain(v.project, e)) if e.host else (e,)
        holder = next((h for h in chain if getattr(h, attr) is not None), None)
        if holder is None:
            out.setdefault(e.id, (e, None))
        else:
            out.setdefault(holder.id, (holder, getattr(holder, attr)))
    return list(out.values())


@dataclass(frozen=True)
class Tally:
    """The elements asked, split by what they state: yes, no, nothing."""

    yes: tuple[Element, ...]
    no: tuple[Element, ...]
    unknown: tuple[Element, ...]

    @classmethod
    def of(cls, pairs: Iterable[tuple[Element, bool | None]]) -> Tally:
        """Split (element, stated value) pairs."""
        items = list(pairs)
        return cls(
            tuple(e for e, x in items if x is True),
            tuple(e for e, x in items if x is False),
            tuple(e for e, x in items if x is None),
        )

    def any_of(
        self,
        has: str,
        lacks: str,
        facts: Iterable[Fact],
        detail: Mapping[str, str] | None = None,
    ) -> Derived | None:
        """Yes when one part has it; No when every part states it has not; else None.

        ``has``/``lacks`` begin the note: "Emergency access on" / "No emergency access on";
        ``detail`` adds to an element's id in the note ("pump-fw (2 min)").
        """
        if self.yes:
            named = ", ".join(f"{e.id} ({detail[e.id]})" if detail else e.id for e in self.yes)
            note = f"{has}: {named}"
            if self.no:
                note += f"; {_midway(lacks)}: {ids(self.no)}"
            if self.unknown:
                note += f"; not stated: {ids(self.unknown)}"
            return answer(YES, note + ".", facts)
        if self.no and not self.unknown:
            return answer(NO, f"{lacks}: {ids(self.no)}.", facts)
        return None

    def every(self, has: str, lacks: str, facts: Iterable[Fact]) -> Derived | None:
        """Yes when every part has it, No when none has, See note when some have; else None."""
        if self.unknown or not (self.yes or self.no):
            return None
        if not self.no:
            return answer(YES, f"{has}: {ids(self.yes)}.", facts)
        if not self.yes:
            return answer(NO, f"{lacks}: {ids(self.no)}.", facts)
        note = f"{has}: {ids(self.yes)}; {_midway(lacks)}: {ids(self.no)}."
        return answer(SEE, note, facts)


def _midway(text: str) -> str:
    """A note's phrase continued mid-sentence: first letter lowered unless it opens an acronym."""
    return text if text[:2].isupper() else text[:1].lower() + text[1:]
