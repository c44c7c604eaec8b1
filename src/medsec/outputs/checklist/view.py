"""What every checklist format reads: the nine items, the device they judge and the date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from medsec.domain.checklist import Checklist
from medsec.domain.model import Device


@dataclass(frozen=True)
class ChecklistView:
    """The result of ``medsec check`` as the renderers see it."""

    checklist: Checklist
    device: Device
    today: date


def where(path: str | None, line: int | None) -> str:
    """`` [path:line]`` after a finding, `` [path]`` without a line, nothing without a path."""
    if not path:
        return ""
    return f" [{path}:{line}]" if line else f" [{path}]"
