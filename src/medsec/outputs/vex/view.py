"""What every VEX format reads: the statements, the product they are about, the document date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from medsec.domain.vex import ProductInfo, Statement


@dataclass(frozen=True)
class VexView:
    """One VEX document's content; the same view gives the same bytes in every format."""

    statements: Sequence[Statement]
    product: ProductInfo
    issued: dt.datetime
