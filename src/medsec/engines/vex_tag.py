"""The machine-readable note medsec adds where a format cannot say what CycloneDX says.

OpenVEX keeps it at the end of ``status_notes``, CSAF in a vulnerability note titled
``medsec-cyclonedx PRODUCT-ID``::

    medsec-cyclonedx: state=false_positive; justification=code_not_present; response=update

It is written only when the format's own codes would read back differently (or when codes of a
third format must travel along), and read back only when it agrees with the document's own
status, so a tag made stale by a later hand edit is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from medsec.domain.vex import Original
from medsec.domain.vulnerability import Justification, Response, SafetyRisk, VexState

PREFIX = "medsec-cyclonedx:"
MATCH_PREFIX = "medsec-match:"  # how the finding was matched: generated, never a person's note


@dataclass(frozen=True)
class Tag:
    """The CycloneDX codes (and medsec keys) a tag carries through OpenVEX or CSAF."""

    state: VexState
    justification: Justification | None = None
    responses: tuple[Response, ...] = ()
    original: tuple[Original, ...] = ()
    finding: str | None = None  # the finding id, when a reader could not derive it
    safety: SafetyRisk | None = None
    hazards: tuple[str, ...] = ()


def encode(tag: Tag) -> str:
    """The tag line: ``medsec-cyclonedx: state=...; justification=...; ...``."""
    parts = [f"state={tag.state.value}"]
    if tag.justification is not None:
        parts.append(f"justification={tag.justification.value}")
    if tag.responses:
        parts.append("response=" + ",".join(r.value for r in tag.responses))
    if tag.original:
        parts.append("original=" + ",".join(":".join(o) for o in tag.original))
    if tag.safety is not None:
        parts.append(f"safety={tag.safety.value}")
    if tag.hazards:
        parts.append("hazards=" + ",".join(tag.hazards))
    if tag.finding:
        parts.append(f"finding={tag.finding}")
    return f"{PREFIX} " + "; ".join(parts)


def split(text: str | None) -> tuple[str | None, Tag | None]:
    """Human text without the tag line and medsec's match lines, and the tag (None when absent
    or unreadable)."""
    if not text:
        return text, None
    kept: list[str] = []
    found: Tag | None = None
    for line in text.splitlines():
        if line.strip().startswith(PREFIX):
            found = decode(line.strip()) or found
        elif not line.strip().startswith(MATCH_PREFIX):
            kept.append(line)
    human = "\n".join(kept).strip()
    return (human or None), found


def decode(line: str) -> Tag | None:
    """The tag of one line, or ``None`` when the line is no tag or a code is unknown."""
    body = line.strip()
    if not body.startswith(PREFIX):
        return None
    fields: dict[str, str] = {}
    for part in body[len(PREFIX) :].split(";"):
        key, sep, value = part.strip().partition("=")
        if sep:
            fields[key.strip()] = value.strip()
    try:
        state = VexState(fields["state"])
        justification = (
            Justification(fields["justification"]) if "justification" in fields else None
        )
        responses = tuple(Response(r) for r in fields.get("response", "").split(",") if r)
        safety = SafetyRisk(fields["safety"]) if "safety" in fields else None
    except (KeyError, ValueError):
        return None
    originals: list[Original] = []
    for item in fields.get("original", "").split(","):
        pieces = item.split(":", 2)
        if len(pieces) == 3 and all(pieces):
            originals.append((pieces[0], pieces[1], pieces[2]))
    hazards = tuple(h for h in fields.get("hazards", "").split(",") if h)
    return Tag(
        state,
        justification,
        responses,
        tuple(originals),
        fields.get("finding") or None,
        safety,
        hazards,
    )
