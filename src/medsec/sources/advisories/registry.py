"""Every advisory source ``medsec db import`` reads, in one table; detection asks them in order.

To add a source: write its module (a parser, a sniffer, a loader and ``SOURCE``), add its
:class:`SourceKind` member and put ``module.SOURCE`` in :data:`SOURCES`.
"""

from __future__ import annotations

from medsec.domain.advisory import SourceKind
from medsec.sources.advisories import epss, kev, nvd, osv_import
from medsec.sources.advisories.source import AdvisorySource

BOM_AND_BLANKS = b"\xef\xbb\xbf \t\r\n"

# One entry per SourceKind (a test checks). Detection takes the first source whose sniffer
# recognises a file, so OSV, which takes any other JSON object, comes last.
SOURCES: tuple[AdvisorySource, ...] = (
    epss.SOURCE,
    kev.SOURCE,
    nvd.SOURCE,
    osv_import.SOURCE,
)

BY_KIND: dict[SourceKind, AdvisorySource] = {s.kind: s for s in SOURCES}
BUNDLED = tuple(k for k in SourceKind if BY_KIND[k].bundled)  # what a directory or zip can hold
WALKED = tuple(dict.fromkeys(x for k in BUNDLED for x in BY_KIND[k].suffixes))


def detect(head: bytes, name: str = "") -> AdvisorySource | None:
    """The first source that recognises a file's first bytes (and name), or None."""
    text = head.lstrip(BOM_AND_BLANKS)
    return next((s for s in SOURCES if s.sniff(text, name)), None)
