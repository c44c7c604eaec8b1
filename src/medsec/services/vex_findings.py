"""The findings a VEX document speaks about: those of the latest scan record.

The latest record (by ``scan.date``, then file name) is read strictly through
:mod:`medsec.project.scan_records`: a malformed one is an error that names the field, never a
silent fall-back to an older scan.
"""

from __future__ import annotations

from pathlib import Path

from medsec.project import scan_records
from medsec.project.scan_records import ScanRecord

__all__ = ["ScanRecord", "latest_scan"]


def latest_scan(root: Path) -> ScanRecord | None:
    """The latest scan record of the project at ``root``; None when it has none."""
    return scan_records.latest(root)
