"""``dpia``: the data protection impact assessment (GDPR Art. 35), drafted from the model.

After the checklist as ``medsec check`` judged it: the screening against the nine WP248
criteria with the facts that met each; the systematic description of the processing and its
purposes (Art. 35(7)(a)); necessity and proportionality from the data-minimisation item
(35(7)(b)); the risks to data subjects from the register's privacy (LINDDUN) threats with
likelihood and severity before and after the controls (35(7)(c)); the measures, the controls
that answer them (35(7)(d)); transfers outside the EU/EEA; the DPO's advice, the data subjects'
views and Art. 36; and whether the DPIA was signed off on today's model. Rebuilt after a model
or register change, the risk table follows it, and ``gdpr-readiness`` reports the DPIA as
outdated until it is signed off again (``medsec review --item gdpr-readiness``).
"""

from __future__ import annotations

from medsec.domain.document import Section
from medsec.engines.privacy.ropa import ropa
from medsec.engines.privacy.screening import screen
from medsec.outputs.documents.common import APPROVALS, status_section
from medsec.outputs.documents.spec import DocumentInputs, DocumentMeta, Spec
from medsec.outputs.documents.specs.dpia.assessment import (
    DPO_ADVICE,
    SUBJECT_VIEWS,
    consultation_section,
    measures_section,
    necessity_section,
    rated_risks,
    risks_section,
    signoff_section,
)
from medsec.outputs.documents.specs.dpia.description import (
    description_section,
    screening_section,
)
from medsec.outputs.documents.specs.privacy_parts import applicable, transfers_section

META = DocumentMeta(
    "dpia",
    "Data protection impact assessment (GDPR Art. 35)",
    ("GDPR 2016/679 Art. 35, 36", "EDPB WP248 rev.01"),
    "WP248 screening with its facts, description, necessity and proportionality, risks to "
    "data subjects from the register's LINDDUN threats, measures, transfers, consultation",
)


def build(inputs: DocumentInputs) -> tuple[Section, ...]:
    """The DPIA's sections in order."""
    project = inputs.ctx.project
    record = ropa(project)
    rated = rated_risks(inputs)
    return (
        status_section(inputs),
        screening_section(screen(project)),
        description_section(inputs, record),
        necessity_section(inputs, record),
        risks_section(inputs, rated),
        measures_section(inputs, rated),
        transfers_section(inputs, record, "transfers"),
        consultation_section(inputs, rated),
        signoff_section(inputs),
    )


SPEC = Spec(META, (DPO_ADVICE, SUBJECT_VIEWS, APPROVALS), build, applicable)
