"""What every VEX renderer needs besides the format: advisory sources, refs, what to carry along."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

from medsec.domain.finding_id import finding_id
from medsec.domain.vex import Statement
from medsec.domain.vulnerability import ComponentRef, VexState
from medsec.engines.vex_codes import lossy
from medsec.engines.vex_tag import Tag

CVE = re.compile(r"^CVE-[0-9]{4}-[0-9]{4,}$")
COMPONENT_URN = "urn:medsec:component:"


def timestamp(moment: dt.datetime) -> str:
    """ISO 8601 in UTC with a ``Z``, seconds precision (stable and schema-valid)."""
    utc = moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return utc.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def source(advisory: str) -> dict[str, str]:
    """Where an advisory id is published."""
    if advisory.startswith("CVE-"):
        return {"name": "NVD", "url": f"https://nvd.nist.gov/vuln/detail/{advisory}"}
    if advisory.startswith("GHSA-"):
        return {"name": "GitHub", "url": f"https://github.com/advisories/{advisory}"}
    return {"name": "OSV", "url": f"https://osv.dev/vulnerability/{quote(advisory)}"}


def component_ref(c: ComponentRef) -> str:
    """A document-wide reference for a component: its purl, else ``urn:medsec:component:``."""
    if c.purl:
        return c.purl
    name = quote(c.name, safe="")
    return COMPONENT_URN + name + (f"@{quote(c.version, safe='')}" if c.version else "")


def carried_finding(s: Statement) -> str | None:
    """The finding id, when a reader would not derive it from the vulnerability and component."""
    derived = finding_id(s.vulnerability, s.component)
    return s.finding if s.finding != derived else None


def tag_for(
    fmt: str, s: Statement, *, adds_remediation: bool = False, carry_finding: bool = False
) -> Tag | None:
    """The tag a format needs to carry what its own codes cannot say (None: nothing to carry).

    ``carry_finding``: the format names a product the statement does not (CSAF names the
    device when there is no component), so the finding id must travel.
    """
    others = tuple(o for o in s.original if o[0] != fmt)
    finding = s.finding if carry_finding else carried_finding(s)
    needed = (
        lossy(fmt, s.state, s.justification, s.responses, s.original)
        or adds_remediation
        or bool(others)
        or finding is not None
        or s.safety is not None
        or bool(s.hazards)
    )
    if not needed:
        return None
    return Tag(s.state, s.justification, s.responses, others, finding, s.safety, s.hazards)


def is_affected(s: Statement) -> bool:
    """True when the statement says the product is exploitable."""
    return s.state is VexState.EXPLOITABLE
