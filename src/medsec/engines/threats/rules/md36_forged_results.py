"""MD-36: Forged clinical results sent to a downstream system (EHR, PACS, central station).

A diagnosis or monitoring element sends results (clinical protocol or health data) across a
trust boundary without authentication or in cleartext: whoever sits on the path, or poses as
the sender, puts false results into the record clinicians decide on. MD-09 leaves these
flows to this rule; MD-08 still reports their confidentiality.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Flow, Project
from medsec.domain.threat import Match, RuleMeta, Stride, Trigger
from medsec.engines.judgements import authenticated, flow_encrypted
from medsec.engines.threats.rule import Outcome, element_trig, flow_target, flow_trig, unknown_flow
from medsec.engines.threats.rules._protection import cleartext_triggers
from medsec.engines.threats.rules._results import (
    clinical_payload,
    downstream_results,
    result_senders,
)
from medsec.engines.threats.titles import link_title


def _weaknesses(f: Flow) -> tuple[Trigger, ...]:
    """Stated gaps in the flow's integrity: no authentication of the sender, cleartext."""
    found: list[Trigger] = []
    if authenticated(f.authentication) is False:
        found.append(flow_trig(f, "authentication", f.authentication))
    found.extend(cleartext_triggers(f))
    return tuple(found)


class Md36ForgedResults:
    """False results reach the EHR or PACS and clinicians decide on them."""

    meta = RuleMeta(
        id="MD-36",
        title="Forged clinical results sent to a downstream system",
        stride=(Stride.TAMPERING, Stride.SPOOFING),
        cwe=("CWE-345", "CWE-306"),
        capec=("CAPEC-148", "CAPEC-94"),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:N/I:H/A:N",
        mitigation=(
            "Authenticate the sending device to the receiving system (mutual TLS, DICOM TLS "
            "with client certificates, HL7 over TLS or IPsec), protect every message's "
            "integrity in transit, and let the receiver reject results from senders it does "
            "not know; sign reports where the standard allows (DICOM digital signatures)."
        ),
        description=(
            "Results or readings leave the device for the EHR, PACS or a central station "
            "without proof of origin or integrity, so an attacker on the path, or posing as "
            "the device, replaces or invents them and clinicians diagnose, monitor or treat "
            "on false data."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Results flows across a boundary stated unauthenticated or cleartext."""
        for f in project.flows:
            if not downstream_results(project, f):
                continue
            payload = clinical_payload(project, f)
            if payload is None:
                yield unknown_flow(f, "protocol")
                if f.authentication is None:
                    yield unknown_flow(f, "authentication")
                continue
            if not payload:
                continue
            weak = _weaknesses(f)
            if weak:
                senders = (
                    element_trig(e, "function", e.function) for e in result_senders(project, f)
                )
                title = link_title(project, f, "Forged {what} sent to {receiver}{effect}")
                yield Match(flow_target(f), (*senders, *weak), title=title)
                continue
            if f.authentication is None:
                yield unknown_flow(f, "authentication")
            if flow_encrypted(f) is None:
                yield unknown_flow(f, "encryption")


RULE = Md36ForgedResults()
