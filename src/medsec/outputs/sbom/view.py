"""What the ``medsec sbom ls`` and ``diff`` formats read (``check`` renders the engine's
``ProjectCheck``, ``export`` the domain's ``DeviceSbom``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from medsec.domain.component import Component, SupportStatus
from medsec.domain.errors import Diagnostic
from medsec.engines.sbom.diff import ComponentChange


@dataclass(frozen=True)
class ListingView:
    """The components listed, each with its support status as of today, and reading warnings."""

    items: Sequence[tuple[Component, SupportStatus]]
    warnings: Sequence[Diagnostic]


@dataclass(frozen=True)
class ChangesView:
    """Component changes between two SBOMs or releases, each with its element (None: a file)."""

    changes: Sequence[tuple[str | None, ComponentChange]]
