"""Everything ``medsec sbom check`` says about one SBOM of one element, as pure values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from medsec.domain.component import Component, SbomDocument, SupportStatus
from medsec.domain.errors import Diagnostic
from medsec.engines.sbom import duplicates, ntia, support
from medsec.engines.sbom.duplicates import VersionConflict
from medsec.engines.sbom.identity import version_key


@dataclass(frozen=True)
class DeviceRelease:
    """The device release the SBOMs must describe."""

    name: str
    version: str
    released: date | None = None  # release date of the current (major) version


@dataclass(frozen=True)
class SbomCheck:
    """One element's SBOM checked: completeness, support status per component, conflicts, age."""

    element: str | None
    document: SbomDocument
    completeness: ntia.Completeness
    statuses: tuple[tuple[str, SupportStatus], ...]  # ref -> status, in component order
    conflicts: tuple[VersionConflict, ...]
    stale: str | None  # why the SBOM predates the device release, if it does

    def with_status(self, wanted: SupportStatus) -> tuple[Component, ...]:
        """The document's components in that support status, in document order."""
        refs = {ref for ref, s in self.statuses if s is wanted}
        return tuple(c for c in self.document.components if c.ref in refs)

    @property
    def ended_without_rationale(self) -> tuple[Component, ...]:
        """Components past end of support whose shipping is no accepted risk (rationale,
        approver and compensating controls, ``support.risk_accepted``)."""
        ended = self.with_status(SupportStatus.ENDED)
        return tuple(c for c in ended if not support.risk_accepted(c))


def staleness(document: SbomDocument, device: DeviceRelease | None) -> str | None:
    """Why the SBOM predates the device release (by its date or its subject's version), if so."""
    if device is None:
        return None
    created = document.created.date() if document.created else None
    if device.released and created and created < device.released:
        return (
            f"SBOM created {created}, before device version {device.version} "
            f"was released ({device.released})"
        )
    subject = document.subject
    if (
        subject is not None
        and subject.version
        and subject.name.lower() == device.name.lower()
        and version_key(subject.version) < version_key(device.version)
    ):
        return f"SBOM describes {subject.name} {subject.version}, the device is at {device.version}"
    return None


def check_document(
    document: SbomDocument,
    *,
    element: str | None,
    today: date,
    device: DeviceRelease | None = None,
) -> SbomCheck:
    """Run every SBOM check on one document, as of ``today``."""
    return SbomCheck(
        element=element,
        document=document,
        completeness=ntia.assess(document),
        statuses=tuple((c.ref, support.status(c, today)) for c in document.components),
        conflicts=duplicates.find(document.components),
        stale=staleness(document, device),
    )


@dataclass(frozen=True)
class ProjectCheck:
    """All SBOMs of a project (or one file) checked, plus what could not be checked."""

    checks: tuple[SbomCheck, ...]
    unreadable: tuple[tuple[str, str, str], ...] = ()  # (element, path, problem)
    without_sbom: tuple[str, ...] = ()  # software elements listing no SBOM
    conflicts: tuple[VersionConflict, ...] = ()  # one software in several versions, device-wide
    warnings: tuple[Diagnostic, ...] = ()
