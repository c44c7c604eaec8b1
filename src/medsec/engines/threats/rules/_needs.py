"""What the use cases of a project need: interfaces and data items."""

from __future__ import annotations

from medsec.domain.model import Project
from medsec.domain.threat import Target, TargetKind, Unknown


def needed_interfaces(project: Project) -> frozenset[str]:
    """Interface ids some use case needs."""
    return frozenset(i for uc in project.use_cases for i in uc.needs_interfaces)


def needed_data(project: Project) -> frozenset[str]:
    """Data item ids some use case needs."""
    return frozenset(d for uc in project.use_cases for d in uc.needs_data)


def unknown_use_cases(project: Project) -> Unknown:
    """The project states no use case at all: needs cannot be judged."""
    return Unknown(Target(TargetKind.DEVICE, project.device.id), "use_cases")
