"""The checklist item interface: metadata plus ``evaluate(ctx)``.

An item judges one activity of DESIGN.md §1 from the evidence gathered in a
:class:`CheckContext` and returns an :class:`ItemResult`: ``pass``, ``gap`` or ``fail`` with the
findings that say what is missing, where, and what to do. Its ``evaluate`` is a short sequence
of named sub-checks, one per finding rule code, each recording into an :class:`ItemBuilder`.
Unknown is never a failure: an attribute the project does not state is a gap asking for it.
"""

from __future__ import annotations

from typing import Protocol

from medsec.domain.checklist import ItemMeta, ItemResult
from medsec.engines.compliance.context import CheckContext


class ChecklistItem(Protocol):
    """One checklist item: what it is (``meta``) and how it is judged (``evaluate``)."""

    meta: ItemMeta

    def evaluate(self, ctx: CheckContext) -> ItemResult:
        """Judge the item from the evidence in ``ctx``."""
        ...
