"""The requirement catalogues documents are built against, one module per framework.

``FRAMEWORKS`` maps a framework key to its requirement rows in document order; no row appears
under two keys. ``requirement(id)`` finds any catalogue row by its id, the CRA's one-row summary
of Annex I Part II included. The manual answers the rows need are keyed in ``ANSWERS``.
All of it is data: importing it reads no file.
"""

from __future__ import annotations

from medsec.domain.framework import Requirement
from medsec.engines.frameworks import cra, fda, gdpr, iec81001, mdcg, mdr, nis2
from medsec.engines.frameworks.answers import ANSWERS

FRAMEWORKS: dict[str, tuple[Requirement, ...]] = {
    "iec-81001-5-1": iec81001.REQUIREMENTS,
    "fda-premarket": fda.PREMARKET,
    "fda-524b": fda.SECTION_524B,
    "fda-postmarket": fda.POSTMARKET,
    "mdr": mdr.GSPR + mdr.POSTMARKET,
    "mdcg-2019-16": mdcg.MDCG2019_16,
    "cra": cra.REQUIREMENTS,
    "nis2": nis2.REQUIREMENTS,
    "gdpr": gdpr.REQUIREMENTS,
}

_INDEX: dict[str, Requirement] = {
    row.id: row for rows in (*FRAMEWORKS.values(), (cra.VULNERABILITY_HANDLING,)) for row in rows
}


def requirement(rid: str) -> Requirement:
    """The catalogue row with id ``rid`` (``IEC81001-5-1:5.7.4``); an unknown id is a bug."""
    try:
        return _INDEX[rid]
    except KeyError:
        raise KeyError(f"no requirement '{rid}' in the catalogues") from None


def all_requirements() -> tuple[Requirement, ...]:
    """Every catalogue row once, framework by framework, the CRA Part II summary last."""
    return tuple(_INDEX.values())


__all__ = ["ANSWERS", "FRAMEWORKS", "all_requirements", "requirement"]
