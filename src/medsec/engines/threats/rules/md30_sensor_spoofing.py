"""MD-30: Clinical readings accepted from an unauthenticated source (sensor spoofing)."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Element, Project
from medsec.domain.threat import Match, RuleMeta, Stride, Trigger
from medsec.domain.vocabulary import Carries, ElementType, Function
from medsec.engines.judgements import authenticated
from medsec.engines.threats.rule import (
    Outcome,
    element_target,
    element_trig,
    flow_trig,
    unknown_flow,
)
from medsec.engines.threats.rules._protection import on_exposed_link
from medsec.engines.threats.rules._topology import inbound
from medsec.engines.threats.titles import element_rule_title

CLINICAL_FUNCTIONS = frozenset({Function.DIAGNOSIS, Function.MONITORING, Function.THERAPY})


class Md30SensorSpoofing:
    """Forged readings make the device diagnose, monitor or treat on false data."""

    meta = RuleMeta(
        id="MD-30",
        title="Clinical readings accepted from an unauthenticated source",
        stride=(Stride.SPOOFING, Stride.TAMPERING),
        cwe=("CWE-345", "CWE-290"),
        capec=("CAPEC-151", "CAPEC-148"),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N",
        mitigation=(
            "Authenticate the sensor (bonded, MITM-protected pairing or a per-sensor key with "
            "a MAC on each reading), bind readings to the patient's sensor serial, and apply "
            "plausibility checks before readings drive alarms, diagnoses or closed-loop therapy."
        ),
        description=(
            "An attacker in range injects falsified physiological readings (glucose, ECG, "
            "SpO2) that the element uses for diagnosis, alarms or therapy, because it accepts "
            "readings from senders it does not authenticate."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Clinical elements receiving data over unauthenticated link flows."""
        for e in project.elements:
            if e.type is ElementType.ACTOR or e.function not in CLINICAL_FUNCTIONS:
                continue
            yield from self._element(project, e)

    def _element(self, project: Project, e: Element) -> Iterator[Outcome]:
        """Unauthenticated data flows into one clinical element, as one match."""
        weak: list[Trigger] = []
        for f in inbound(project, e.id):
            if not on_exposed_link(project, f) or f.carries in (Carries.COMMANDS, Carries.CODE):
                continue
            if f.authentication is None:
                yield unknown_flow(f, "authentication")
            elif authenticated(f.authentication) is False:
                if f.carries is None:
                    yield unknown_flow(f, "carries")
                    continue
                weak.append(flow_trig(f, "carries", f.carries))
                weak.append(flow_trig(f, "authentication", f.authentication))
        if weak:
            title = element_rule_title(
                e, "Forged readings from an unauthenticated source reach {name}{harm}"
            )
            yield Match(
                element_target(e), (element_trig(e, "function", e.function), *weak), title=title
            )


RULE = Md30SensorSpoofing()
