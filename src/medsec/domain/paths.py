"""Where things live inside a device security project: one name per file and folder.

Every module that reads, writes or points a user at a project file takes its name from here,
so a finding's ``path``, a fix hint and the file medsec writes can never disagree.
Paths are POSIX-style and relative to the folder that holds ``medsec.yaml``.
"""

from __future__ import annotations

import re

PROJECT_FILE = "medsec.yaml"
REGISTER_FILE = "threats.yaml"
VULNERABILITIES_FILE = "vulnerabilities.yaml"
SUPPORT_FILE = "support.yaml"

RECORDS_DIR = "records"
SCANS_DIR = "records/scans"
SURFACE_DIR = "records/surface"
RELEASES_DIR = "records/releases"  # post-market evidence of released versions (medsec monitor)
VEX_DIR = "records/vex"
PENTESTS_DIR = "pentests"
SBOM_DIR = "sbom"
PUBLISHED_VEX_DIR = "vex"  # VEX documents published by hand; medsec writes records/vex/

# folders whose files count as present when medsec.yaml references them (sbom:, evidence:, ...)
REFERENCED_DIRS = (
    SBOM_DIR,
    PENTESTS_DIR,
    RECORDS_DIR,
    "evidence",
    "docs",
    "ci",
    PUBLISHED_VEX_DIR,
    "advisories",
)


def findings_file(engagement: str) -> str:
    """The workflow file of one pentest engagement: ``pentests/ID/findings.yaml``."""
    return f"{PENTESTS_DIR}/{engagement}/findings.yaml"


_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]")


def release_scans_dir(version: str) -> str:
    """Where ``medsec monitor`` keeps the scan records of a released version (a tag name, its
    characters outside ``A-Za-z0-9._+-`` replaced by ``_``): ``records/releases/V/scans``."""
    return f"{RELEASES_DIR}/{_UNSAFE.sub('_', version)}/scans"
