"""``security-guide``: the customer security guide a hospital's IT and clinical engineering need.

What IEC 80001-1 and NIS-2 (Art. 21) leave a hospital to manage for every connected device,
and what the FDA premarket guidance (VI.A labeling) and MDR Annex I 23.4 ask the manufacturer
to tell it, from the model: the network environment and who operates what, the ports and
services, the data leaving the device, the firewall rules and segmentation, secure
configuration, accounts, logging, backup, updates, malware protection, end of support,
decommissioning, incident reporting and where the SBOM and VEX are. It opens with the
checklist as ``medsec check`` judged it; chapters that restate a checklist item take its
status, the others are descriptive; what the model cannot say is asked in ``documents/*.yaml``.
The machine-readable half (firewall rules, flow matrix, SBOM, VEX, MDS2) is ``medsec docs
pack``.
"""

from __future__ import annotations

from medsec.domain.document import Section
from medsec.outputs.documents.common import status_section
from medsec.outputs.documents.spec import DocumentInputs, DocumentMeta, Spec
from medsec.outputs.documents.specs.security_guide.lifecycle import (
    decommissioning,
    end_of_support,
    incident,
    sbom_vex,
    updates,
)
from medsec.outputs.documents.specs.security_guide.network import (
    environment,
    ports,
    responsibilities,
)
from medsec.outputs.documents.specs.security_guide.operation import (
    accounts,
    backup,
    configuration,
    logging,
    malware,
)
from medsec.outputs.documents.specs.security_guide.questions import QUESTIONS
from medsec.outputs.documents.specs.security_guide.traffic import firewall, flows_out, segmentation

META = DocumentMeta(
    "security-guide",
    "Customer security guide",
    (
        "IEC 80001-1:2021",
        "NIS-2 Art. 21",
        "FDA premarket VI.A (labeling)",
        "MDR Annex I 23.4",
        "IEC 81001-5-1 7.2 (accompanying documentation)",
    ),
    "for hospital IT: environment, shared responsibility, ports and services, data leaving "
    "the device, firewall rules, segmentation, configuration, accounts, logging, backup, "
    "updates, malware, end of support, decommissioning, incidents, SBOM and VEX",
)


def build(inputs: DocumentInputs) -> tuple[Section, ...]:
    """The checklist status, then the guide's chapters in order."""
    return (
        status_section(inputs),
        environment(inputs),
        responsibilities(inputs),
        ports(inputs),
        flows_out(inputs),
        firewall(inputs),
        segmentation(inputs),
        configuration(inputs),
        accounts(inputs),
        logging(inputs),
        backup(inputs),
        updates(inputs),
        malware(inputs),
        end_of_support(inputs),
        decommissioning(inputs),
        incident(inputs),
        sbom_vex(inputs),
    )


SPEC = Spec(META, QUESTIONS, build)
