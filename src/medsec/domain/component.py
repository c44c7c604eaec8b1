"""Software components as read from SBOMs: one normalised shape for every SBOM format.

A component records where it came from (:class:`Origin`) and the FDA support data
(level of support, end of support) with the place that data was stated (``support_source``).
``None`` means "not stated"; it is reported as missing, never read as "supported".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from medsec.domain.errors import Diagnostic

# The ``medsec:`` namespace: CycloneDX component properties, and ``key=value`` lines in SPDX 2
# package annotations, that carry the FDA support data (read and written by medsec):
#   medsec:support_level     an SPDX 3 SupportType value (support, limitedSupport, endOfSupport...)
#   medsec:end_of_support    YYYY-MM-DD
#   medsec:component_class   maintained | supported | required (IEC 81001-5-1)
#   medsec:support_rationale free text: why a component past end of support is still shipped
# medsec also writes medsec:cpe (extra CPEs), medsec:purl (a purl the schema would reject) and
# medsec:hash:ALG (hashes CycloneDX has no algorithm for) so that nothing is lost on export.
PROPERTY_SUPPORT_LEVEL = "medsec:support_level"
PROPERTY_END_OF_SUPPORT = "medsec:end_of_support"
PROPERTY_CLASS = "medsec:component_class"
PROPERTY_RATIONALE = "medsec:support_rationale"


class SupportLevel(StrEnum):
    """SPDX 3 ``software_SupportType`` values (the FDA's "level of support")."""

    DEPLOYED = "deployed"
    DEVELOPMENT = "development"
    END_OF_SUPPORT = "endOfSupport"
    LIMITED_SUPPORT = "limitedSupport"
    NO_ASSERTION = "noAssertion"
    NO_SUPPORT = "noSupport"
    SUPPORT = "support"

    @classmethod
    def parse(cls, text: str) -> SupportLevel | None:
        """Lenient: ``end-of-support``, ``END_OF_SUPPORT``, ``endOfSupport`` are one value."""
        key = text.strip().replace("-", "").replace("_", "").replace(" ", "").lower()
        return _LEVEL_KEYS.get(key)


_LEVEL_KEYS = {level.value.lower(): level for level in SupportLevel}
_LEVEL_KEYS.update({"supported": SupportLevel.SUPPORT, "eol": SupportLevel.END_OF_SUPPORT})


class ComponentClass(StrEnum):
    """IEC 81001-5-1 (3.x): who keeps the component secure over the product's life."""

    MAINTAINED = "maintained"  # the manufacturer itself provides security updates
    SUPPORTED = "supported"  # a supplier provides updates the manufacturer integrates
    REQUIRED = "required"  # needed to run, neither maintained nor supported by anyone we rely on

    @classmethod
    def parse(cls, text: str) -> ComponentClass | None:
        """Lenient about case and spaces; ``None`` for text that names no class."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            return None


class SupportStatus(StrEnum):
    """A component's support situation on a given day (computed, see engines/sbom/support)."""

    SUPPORTED = "supported"
    ENDING = "ending"  # end of support within the warning window
    ENDED = "ended"  # past end of support, or level endOfSupport
    UNSUPPORTED = "unsupported"  # level noSupport
    UNKNOWN = "unknown"  # neither level nor end date stated


class SbomFormat(StrEnum):
    """Every SBOM format medsec reads, by the name the sniffer and ``--format`` use."""

    CYCLONEDX_JSON = "cyclonedx-json"
    CYCLONEDX_XML = "cyclonedx-xml"
    SPDX2_JSON = "spdx2-json"
    SPDX2_YAML = "spdx2-yaml"
    SPDX2_TAGVALUE = "spdx2-tv"
    SPDX2_RDF = "spdx2-rdf"
    SPDX3_JSONLD = "spdx3-json"
    YOCTO_INDEX = "yocto-spdx-index"
    YOCTO_ARCHIVE = "yocto-spdx-archive"
    BUILDROOT_MANIFEST = "buildroot-manifest"
    MANUAL_CSV = "manual-csv"
    MANUAL_YAML = "manual-yaml"


@dataclass(frozen=True)
class Hash:
    """A component hash, normalised so hashes from different SBOM formats compare equal."""

    algorithm: str  # normalised upper case without dashes: SHA256, SHA1, MD5, SHA3512, BLAKE2B256
    value: str  # lower-case hex


@dataclass(frozen=True)
class Origin:
    """Where a component was read: file, its id in that file, and the element it belongs to."""

    source: str
    ref: str
    location: str | None = None  # field path (``components[3]``) or ``line 42``
    element: str | None = None


@dataclass(frozen=True)
class Component:
    """One component in the shape every SBOM reader produces, with its origin and support data."""

    ref: str  # document-local id: bom-ref, SPDXID, spdxId, or a derived one
    name: str
    version: str | None = None
    group: str | None = None  # CycloneDX group / maven groupId
    supplier: str | None = None
    author: str | None = None
    purl: str | None = None
    cpes: tuple[str, ...] = ()
    hashes: tuple[Hash, ...] = ()
    licenses: tuple[str, ...] = ()
    type: str | None = None  # library, application, firmware, operating-system, ...
    description: str | None = None
    depends_on: tuple[str, ...] = ()  # refs of components this one depends on
    parent: str | None = None  # ref of the component that contains this one
    origin: Origin = field(default_factory=lambda: Origin(source="", ref=""))
    support_level: SupportLevel | None = None
    end_of_support: date | None = None
    component_class: ComponentClass | None = None
    support_source: str | None = None  # "sbom", "support.yaml:12", ...
    support_rationale: str | None = None
    # past end of support: who accepted shipping it, and the controls that compensate
    support_approver: str | None = None
    compensating_controls: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        """``group/name`` when there is a group (Maven, CycloneDX), else the name."""
        return f"{self.group}/{self.name}" if self.group else self.name

    @property
    def label(self) -> str:
        """``group/name@version``: how a component is named in findings and messages."""
        return f"{self.display_name}@{self.version}" if self.version else self.display_name

    @property
    def unique_ids(self) -> tuple[str, ...]:
        """The purl and CPEs: the identifiers advisories can be looked up by (NTIA)."""
        return ((self.purl,) if self.purl else ()) + self.cpes


@dataclass(frozen=True)
class SupportRule:
    """One entry of a project's ``support.yaml``: which components, and their support data.

    ``purl``: a purl (without version it matches every version) or a ``*`` glob;
    ``name`` / ``version``: globs, case-insensitive; ``element``: restrict to one element.
    """

    location: str  # "support.yaml:12"
    purl: str | None = None
    name: str | None = None
    version: str | None = None
    element: str | None = None
    level: SupportLevel | None = None
    end_of_support: date | None = None
    component_class: ComponentClass | None = None
    rationale: str | None = None
    approver: str | None = None  # who accepted shipping it past end of support
    compensating_controls: tuple[str, ...] = ()  # control ids of medsec.yaml that compensate

    @property
    def blanket(self) -> bool:
        """Whether the rule claims support for many packages at once: a ``*``/``?`` glob in the
        package part of its purl or in its name (a glob over versions of one package is not)."""
        package = self.purl.split("@", 1)[0] if self.purl else None
        return any(x is not None and ("*" in x or "?" in x) for x in (package, self.name))

    @property
    def selector(self) -> str:
        """How the rule selects its components, as a person reads it (``pkg:pypi/*``)."""
        return self.purl or self.name or ""


@dataclass(frozen=True)
class SbomDocument:
    """One SBOM as read: metadata, the thing it describes (``subject``) and its components."""

    source: str
    format: SbomFormat
    spec_version: str | None
    components: tuple[Component, ...]
    name: str | None = None
    serial: str | None = None  # CycloneDX serialNumber / SPDX documentNamespace
    created: datetime | None = None
    authors: tuple[str, ...] = ()  # who made the SBOM data (people, organisations)
    tools: tuple[str, ...] = ()
    subject: Component | None = None  # metadata.component / the described package
    has_dependency_data: bool = False  # the document states relationships at all

    def by_ref(self) -> dict[str, Component]:
        """Components by ref (the subject included): what ``depends_on`` and ``parent`` point at."""
        refs = {c.ref: c for c in self.components}
        if self.subject is not None:
            refs.setdefault(self.subject.ref, self.subject)
        return refs


@dataclass(frozen=True)
class SbomResult:
    """What a parser returns: the document and every problem met, each with its location."""

    document: SbomDocument
    warnings: tuple[Diagnostic, ...] = ()
