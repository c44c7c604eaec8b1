"""Threats, their scores and the human assessment kept in the threat register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from medsec.domain.vocabulary import Decision, RiskLevel, Severity


class Stride(StrEnum):
    """STRIDE categories, by the letter threat tables use."""

    SPOOFING = "S"
    TAMPERING = "T"
    REPUDIATION = "R"
    INFORMATION_DISCLOSURE = "I"
    DENIAL_OF_SERVICE = "D"
    ELEVATION_OF_PRIVILEGE = "E"

    @property
    def label(self) -> str:
        """The category's name as reports spell it out."""
        return {
            "S": "Spoofing",
            "T": "Tampering",
            "R": "Repudiation",
            "I": "Information disclosure",
            "D": "Denial of service",
            "E": "Elevation of privilege",
        }[self.value]


class Linddun(StrEnum):
    """LINDDUN privacy threat categories (KU Leuven), by name.

    Named rather than lettered: LINDDUN's letters repeat (two D, two N) and would compare
    equal to STRIDE's (both are strings): ``Stride.INFORMATION_DISCLOSURE == "I"``.
    """

    LINKING = "linking"
    IDENTIFYING = "identifying"
    NON_REPUDIATION = "non-repudiation"
    DETECTING = "detecting"
    DATA_DISCLOSURE = "data-disclosure"
    UNAWARENESS = "unawareness"
    NON_COMPLIANCE = "non-compliance"

    @property
    def letter(self) -> str:
        """The abbreviation threat ids use: ``LINDDUN-DD@pump-log``."""
        return _LINDDUN_LETTERS[self.value]

    @property
    def label(self) -> str:
        """The category's name as reports spell it out."""
        return _LINDDUN_LABELS[self.value]


_LINDDUN_LETTERS = {
    "linking": "L",
    "identifying": "I",
    "non-repudiation": "NR",
    "detecting": "D",
    "data-disclosure": "DD",
    "unawareness": "U",
    "non-compliance": "NC",
}
_LINDDUN_LABELS = {
    "linking": "Linking",
    "identifying": "Identifying",
    "non-repudiation": "Non-repudiation",
    "detecting": "Detecting",
    "data-disclosure": "Data disclosure",
    "unawareness": "Unawareness and unintervenability",
    "non-compliance": "Non-compliance",
}


class Framework(StrEnum):
    """The threat frameworks of the one register: security (STRIDE) and privacy (LINDDUN)."""

    STRIDE = "stride"
    LINDDUN = "linddun"


class TargetKind(StrEnum):
    """What a threat is about: a model entity, or the device as a whole."""

    ELEMENT = "element"
    FLOW = "flow"
    INTERFACE = "interface"
    BOUNDARY = "boundary"
    DEVICE = "device"


@dataclass(frozen=True, order=True)
class Target:
    """The model entity a threat is about; its id is half of the threat id."""

    kind: TargetKind
    id: str


@dataclass(frozen=True)
class Trigger:
    """An attribute value that made a rule fire: ``flows[tablet-to-pump].authentication = none``."""

    attribute: str
    value: str

    def __str__(self) -> str:
        """``attribute = value``, as findings show why a rule fired."""
        return f"{self.attribute} = {self.value}"


@dataclass(frozen=True)
class MetricBasis:
    """A default CVSS metric value and what set it: ``AV:A ← flows[x].protocol = ble``.

    Like a trigger for the vector: every metric of a generated vector says which model attribute
    (or which rule) decided it, so a reviewer can check the score against the model.
    """

    metric: str  # a CVSS 3.1 base metric, or a CVSS 4.0 one only 4.0 has (AT, SC, SI, SA)
    value: str
    because: str

    def __str__(self) -> str:
        """``AV:A ← flows[tablet-to-pump].protocol = ble``, as outputs show it."""
        return f"{self.metric}:{self.value} ← {self.because}"


@dataclass(frozen=True)
class RuleMeta:
    """What a threat rule is, independent of any model."""

    id: str
    title: str
    stride: tuple[Stride, ...]
    cwe: tuple[str, ...]
    capec: tuple[str, ...]
    cvss_v3_1: str  # the rule's judgement; CVSS 4.0 is derived from it (one derivation)
    mitigation: str
    description: str
    references: tuple[str, ...] = ()
    # the CVSS 3.1 base metrics the model decides (docs/format.md "CVSS derivation"); the rule's
    # own vector holds the others. C, I and A from the model can only lower the rule's value.
    cvss_from_model: tuple[str, ...] = ("AV", "C", "I", "A")
    # LINDDUN privacy categories: a privacy rule has these and no STRIDE letters
    linddun: tuple[Linddun, ...] = ()


@dataclass(frozen=True)
class Match:
    """One firing of a rule on one target, with the attribute values that triggered it."""

    target: Target
    triggers: tuple[Trigger, ...]
    detail: str = ""
    title: str = ""  # specific to the target (what travels, to whom); empty: the rule's title


@dataclass(frozen=True)
class Unknown:
    """A rule could not decide because an attribute it needs is not stated."""

    target: Target
    attribute: str


@dataclass(frozen=True)
class CvssScore:
    """A CVSS vector with its computed base score and qualitative severity."""

    version: str  # "3.1" | "4.0"
    vector: str
    score: float
    severity: Severity


@dataclass(frozen=True)
class Threat:
    """A generated threat. Its id is derived from content: ``RULE@target``."""

    id: str
    rule: str
    title: str
    stride: tuple[Stride, ...]
    target: Target
    baseline: bool
    description: str
    mitigation: str
    cwe: tuple[str, ...] = ()
    capec: tuple[str, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    default_v3_1: str | None = None
    default_v4_0: str | None = None
    # what set each metric of the default vectors (generated, not stored in threats.yaml)
    cvss_basis: tuple[MetricBasis, ...] = field(default=(), compare=False)
    # the trust boundary a flow or interface target crosses (``pump → data-centre``), "" if none
    crossing: str = field(default="", compare=False)
    # LINDDUN privacy categories (a privacy threat has these and no STRIDE letters)
    linddun: tuple[Linddun, ...] = ()

    @property
    def framework(self) -> Framework:
        """LINDDUN for a privacy threat (LINDDUN categories, no STRIDE letter), else STRIDE."""
        return Framework.LINDDUN if self.linddun and not self.stride else Framework.STRIDE


@dataclass(frozen=True)
class MissingInformation:
    """Attributes not stated on one target that rules needed: one finding per target."""

    target: Target
    attributes: tuple[str, ...]
    rules: tuple[str, ...]


class ThreatStatus(StrEnum):
    """Where a threat stands once its register entry is assessed."""

    OPEN = "open"
    MITIGATED = "mitigated"
    ACCEPTED = "accepted"
    TRANSFERRED = "transferred"
    AVOIDED = "avoided"
    OBSOLETE = "obsolete"


class CvssSource(StrEnum):
    """Which vector scores a threat: the rule's default, rubric answers, or a manual one."""

    RULE = "rule"
    RUBRIC = "rubric"
    MANUAL = "manual"


@dataclass(frozen=True)
class Assessment:
    """The human part of a threat register entry; survives every re-run."""

    decision: Decision | None = None
    controls: tuple[str, ...] = ()
    rationale: str | None = None
    approver: str | None = None
    date: date | None = None
    rubric: tuple[tuple[str, str], ...] = ()
    cvss_v3_1: str | None = None
    cvss_v4_0: str | None = None
    cvss_source: CvssSource = CvssSource.RULE
    residual_v3_1: str | None = None
    residual_v4_0: str | None = None
    hazards: tuple[str, ...] = ()
    party: str | None = None  # transfer: the party (medsec.yaml parties) that takes the risk
    expires: dt.date | None = None  # accept: when the acceptance must be decided again
    benefit_risk: str | None = None  # accept above the threshold: the benefit-risk analysis


@dataclass(frozen=True)
class RegisterEntry:
    """A threat as stored in ``threats.yaml``: generated facts plus the assessment."""

    threat: Threat
    assessment: Assessment
    obsolete: bool = False
    first_seen: date | None = None
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class MetricChange:
    """A CVSS metric a control lowered in a residual vector, and on what ground (like a trigger).

    ``basis`` is ``effect`` for the control's stated ``effect``, or the default it applied:
    ``default: authentication on S``.
    """

    version: str  # "3.1" | "4.0"
    metric: str
    before: str
    after: str
    control: str
    basis: str

    def __str__(self) -> str:
        """``PR:N→H by ctl-x (default: authentication on S)``, as outputs show it."""
        return f"{self.metric}:{self.before}→{self.after} by {self.control} ({self.basis})"


@dataclass(frozen=True)
class ControlNote:
    """A control of a threat that lowered no metric of its residual vector, and why not."""

    control: str
    reason: str

    def __str__(self) -> str:
        """``ctl-x: planned``, as outputs show it."""
        return f"{self.control}: {self.reason}"


@dataclass(frozen=True)
class AssessedThreat:
    """A register entry with its scores, risk and residual risk computed."""

    entry: RegisterEntry
    v3_1: CvssScore | None
    v4_0: CvssScore | None
    safety: str | None  # highest linked hazard severity
    risk: RiskLevel | None
    residual_v3_1: CvssScore | None
    residual_v4_0: CvssScore | None
    residual_risk: RiskLevel | None
    status: ThreatStatus
    problems: tuple[str, ...] = ()
    controls: tuple[str, ...] = ()  # named in the register, or traced from the model
    decision: Decision | None = None  # stated, or mitigate when controls were traced
    residual_changes: tuple[MetricChange, ...] = ()  # which control set which residual metric
    residual_idle: tuple[ControlNote, ...] = ()  # controls that lowered nothing, with why

    @property
    def id(self) -> str:
        """The threat id: ``RULE@target``."""
        return self.entry.threat.id

    @property
    def threat(self) -> Threat:
        """The generated threat behind the register entry."""
        return self.entry.threat
