"""IEC 81001-5-1:2021, the conformance matrix's rows: every requirement clause 4.1.1 to 9.5 and
Annex F, in clause order, assembled from the clause groups.
"""

from __future__ import annotations

from medsec.domain.framework import Requirement
from medsec.engines.frameworks.iec81001_annexes import ANNEX_C_METHODS, ANNEX_E_DOCUMENTS, ANNEXES
from medsec.engines.frameworks.iec81001_development import DEVELOPMENT
from medsec.engines.frameworks.iec81001_general import GENERAL
from medsec.engines.frameworks.iec81001_processes import PROCESSES

REQUIREMENTS: tuple[Requirement, ...] = GENERAL + DEVELOPMENT + PROCESSES

__all__ = ["ANNEXES", "ANNEX_C_METHODS", "ANNEX_E_DOCUMENTS", "REQUIREMENTS"]
