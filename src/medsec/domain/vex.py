"""VEX statements: the one shape that every VEX format is read into and written from.

A :class:`Statement` says what one vulnerability means for one component (optionally inside a
product). Its codes are medsec's canonical ones (CycloneDX ``analysis`` values); the codes a
document actually used are kept in ``original`` as ``(format, field, value)`` triples, so that a
conversion that would lose information (CycloneDX has nine justifications, OpenVEX and CSAF
five) can be undone on the way back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from medsec.domain.vulnerability import (
    ComponentRef,
    Justification,
    MatchDetail,
    Response,
    SafetyRisk,
    VexState,
)


class VexFormat(StrEnum):
    """The VEX formats medsec reads and writes."""

    CYCLONEDX = "cyclonedx"
    OPENVEX = "openvex"
    CSAF = "csaf"


Original = tuple[str, str, str]  # (format, field, value) as written in a VEX document


@dataclass(frozen=True)
class ProductInfo:
    """The product a VEX document speaks for: the device and its manufacturer."""

    id: str
    name: str
    version: str
    manufacturer: str
    contact: str | None = None  # security contact (e-mail or URL)
    namespace: str | None = None  # the manufacturer's URL (CSAF publisher namespace)


@dataclass(frozen=True)
class Statement:
    """One VEX statement: a vulnerability, one component, its state and why."""

    finding: str  # the finding id assessments are keyed by (``advisory@purl-without-version``)
    vulnerability: str
    state: VexState
    component: ComponentRef | None = None  # None: the document names no product
    aliases: tuple[str, ...] = ()
    product: str | None = None  # the product the component is part of, when a document says
    ref: str | None = None  # the document's own reference (bom-ref, product_id, @id)
    justification: Justification | None = None
    responses: tuple[Response, ...] = ()
    detail: str | None = None
    original: tuple[Original, ...] = ()
    first_issued: dt.datetime | None = None
    last_updated: dt.datetime | None = None
    versions: tuple[
        tuple[str, str], ...
    ] = ()  # CycloneDX affects versions: (version|range, status)
    # what medsec knows besides the decision (filled on export, read back from medsec's own files)
    summary: str | None = None
    severity: str | None = None
    cvss_vector: str | None = None
    cwes: tuple[str, ...] = ()
    fixed_versions: tuple[str, ...] = ()
    safety: SafetyRisk | None = None
    hazards: tuple[str, ...] = ()
    author: str | None = None
    location: str | None = None  # where in the document (JSON pointer), for messages
    # how the finding was matched (matcher, confidence, snapshot, range): exported, not read back
    provenance: tuple[MatchDetail, ...] = ()


@dataclass(frozen=True)
class VexDocument:
    """A VEX document as read: its statements in document order, and what was odd about it."""

    format: VexFormat
    spec_version: str
    statements: tuple[Statement, ...]
    id: str | None = None
    author: str | None = None
    timestamp: dt.datetime | None = None
    warnings: tuple[str, ...] = ()


class ReviewReason(StrEnum):
    """Why an assessment is due for review again."""

    YEARLY = "yearly"  # a not_affected decision older than a year
    VERSION_CHANGED = "version-changed"  # the component now has another version
    DUE = "due"  # the assessment's own next_review date has passed


@dataclass(frozen=True)
class ReviewDue:
    """An assessment that must be looked at again, and why."""

    finding: str
    reason: ReviewReason
    message: str
    line: int | None = None
