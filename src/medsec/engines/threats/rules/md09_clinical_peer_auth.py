"""MD-09: Clinical peer not authenticated (DICOM accepts any AE title, HL7 any sender).

Results a diagnosis or monitoring element sends to another trust boundary are MD-36.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.domain.vocabulary import CLINICAL_PROTOCOLS, Authentication
from medsec.engines.judgements import in_host_flow
from medsec.engines.threats.rule import Outcome, flow_target, flow_trig, unknown_flow
from medsec.engines.threats.rules._results import downstream_results
from medsec.engines.threats.titles import link_title


class Md09ClinicalPeerAuth:
    """A rogue system sends or fetches clinical messages as if it were a trusted peer."""

    meta = RuleMeta(
        id="MD-09",
        title="Clinical interface accepts unauthenticated peers",
        stride=(Stride.SPOOFING, Stride.TAMPERING, Stride.INFORMATION_DISCLOSURE),
        cwe=("CWE-306", "CWE-290"),
        capec=("CAPEC-151",),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:L",
        mitigation=(
            "Authenticate the peer cryptographically (mutual TLS with per-site certificates, "
            "or OAuth/SMART for FHIR); an AE title or sending-facility field is a name, not a "
            "credential. Keep an allow-list of peers configurable by hospital IT."
        ),
        description=(
            "Any host on the network can pose as a modality, PACS or HIS and push or pull "
            "studies, results and orders, because the clinical protocol accepts peers without "
            "authenticating them."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Clinical-protocol flows stated without authentication (results sent on: MD-36)."""
        for f in project.flows:
            if (
                f.protocol not in CLINICAL_PROTOCOLS
                or in_host_flow(project, f)
                or downstream_results(project, f)
            ):
                continue
            if f.authentication is None:
                yield unknown_flow(f, "authentication")
            elif f.authentication is Authentication.NONE:
                triggers = (
                    flow_trig(f, "protocol", f.protocol),
                    flow_trig(f, "authentication", f.authentication),
                )
                title = link_title(
                    project, f, "Rogue system exchanges {what}{via} with {receiver} as {sender}"
                )
                yield Match(flow_target(f), triggers, title=title)


RULE = Md09ClinicalPeerAuth()
