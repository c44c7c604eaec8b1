"""A scan as JSON: the scan record ``medsec scan`` keeps under ``records/scans/``.

The shape is owned by :mod:`medsec.project.scan_records` (it writes and reads the record); this
format prints the same bytes, so what a script reads and the evidence a project keeps never
differ.
"""

from __future__ import annotations

from medsec.outputs.renderer import Format
from medsec.outputs.scan.view import ScanReport
from medsec.project import scan_records


def render(view: ScanReport) -> str:
    """The scan record of ``view.scan``."""
    return scan_records.dumps(scan_records.of_scan(view.scan))


RENDERER: Format[ScanReport] = Format(
    "json", "application/json", ".json", "the scan record, for scripts", render
)
