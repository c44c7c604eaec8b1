"""Package URLs as the matcher reads them: parsed once per distinct string (cached).

The parse is the domain's (:func:`medsec.domain.finding_id.parse_purl`), so the finding ids
made from a component's purl reuse the parse its matching made: parsing is most of what a
scan spends per purl.
"""

from __future__ import annotations

from medsec.domain.finding_id import parse_purl

__all__ = ["parse_purl"]
