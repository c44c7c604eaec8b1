"""MD-08: HL7, DICOM or FHIR messages sent without (strong) TLS."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.domain.vocabulary import CLINICAL_PROTOCOLS, WEAK_ENCRYPTION, Encryption
from medsec.engines.judgements import in_host_flow
from medsec.engines.threats.rule import Outcome, flow_target, flow_trig, unknown_flow
from medsec.engines.threats.titles import link_title


class Md08ClinicalCleartext:
    """Patient data and orders in HL7, DICOM or FHIR are read or altered on the network."""

    meta = RuleMeta(
        id="MD-08",
        title="Clinical messages (HL7, DICOM, FHIR) without strong TLS",
        stride=(Stride.INFORMATION_DISCLOSURE, Stride.TAMPERING),
        cwe=("CWE-319", "CWE-326"),
        capec=("CAPEC-157", "CAPEC-94"),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N",
        mitigation=(
            "Carry HL7 v2 over MLLP/TLS, DICOM over the TLS secure transport profile (port "
            "2762) and FHIR over HTTPS, with TLS 1.2+; where the hospital engine cannot do TLS, "
            "document a VPN/IPsec tunnel as the compensating control."
        ),
        description=(
            "Anyone on the hospital network can read patient identities, results and orders "
            "and can alter them in transit (wrong patient, wrong value), because the clinical "
            "protocol runs without strong TLS."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Clinical-protocol flows stated unencrypted or weakly encrypted."""
        for f in project.flows:
            if f.protocol not in CLINICAL_PROTOCOLS or in_host_flow(project, f):
                continue
            if f.encryption is None:
                yield unknown_flow(f, "encryption")
            elif f.encryption is Encryption.NONE or f.encryption in WEAK_ENCRYPTION:
                triggers = (
                    flow_trig(f, "protocol", f.protocol),
                    flow_trig(f, "encryption", f.encryption),
                )
                title = link_title(
                    project, f, "{what}{via} to {receiver} read or altered on the network"
                )
                yield Match(flow_target(f), triggers, title=title)


RULE = Md08ClinicalCleartext()
