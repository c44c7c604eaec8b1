"""The VEX codes of CycloneDX, OpenVEX and CSAF, and how they map (shared/reference/VEX.md).

medsec's canonical codes are CycloneDX's. Each table maps canonical -> format and format ->
canonical. Where a format has fewer codes the mapping loses information; the code a document
really used is kept as an *original* ``(format, field, value)`` and preferred on the way back
whenever it still means the same canonical value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from medsec.domain.vex import Original, VexFormat
from medsec.domain.vulnerability import Justification, Response, VexState

CDX = VexFormat.CYCLONEDX.value
OPENVEX = VexFormat.OPENVEX.value
CSAF = VexFormat.CSAF.value

# ---- state / status ---------------------------------------------------------------------------
STATE_TO_OPENVEX: Final[Mapping[VexState, str]] = {
    VexState.RESOLVED: "fixed",
    VexState.RESOLVED_WITH_PEDIGREE: "fixed",
    VexState.EXPLOITABLE: "affected",
    VexState.IN_TRIAGE: "under_investigation",
    VexState.FALSE_POSITIVE: "not_affected",
    VexState.NOT_AFFECTED: "not_affected",
}
OPENVEX_TO_STATE: Final[Mapping[str, VexState]] = {
    "fixed": VexState.RESOLVED,
    "affected": VexState.EXPLOITABLE,
    "under_investigation": VexState.IN_TRIAGE,
    "not_affected": VexState.NOT_AFFECTED,
}
STATE_TO_CSAF: Final[Mapping[VexState, str]] = {
    VexState.RESOLVED: "fixed",
    VexState.RESOLVED_WITH_PEDIGREE: "fixed",
    VexState.EXPLOITABLE: "known_affected",
    VexState.IN_TRIAGE: "under_investigation",
    VexState.FALSE_POSITIVE: "known_not_affected",
    VexState.NOT_AFFECTED: "known_not_affected",
}
# ``recommended`` names a recommended version, it is not a VEX status (grype's quirk not copied)
CSAF_TO_STATE: Final[Mapping[str, VexState]] = {
    "first_affected": VexState.EXPLOITABLE,
    "known_affected": VexState.EXPLOITABLE,
    "last_affected": VexState.EXPLOITABLE,
    "known_not_affected": VexState.NOT_AFFECTED,
    "first_fixed": VexState.RESOLVED,
    "fixed": VexState.RESOLVED,
    "under_investigation": VexState.IN_TRIAGE,
}

NOT_AFFECTED_STATES: Final = frozenset({VexState.NOT_AFFECTED, VexState.FALSE_POSITIVE})

# ---- justification ----------------------------------------------------------------------------
# the five OpenVEX justifications are also the CSAF flag labels (and SPDX 3's, in camelCase)
LABELS: Final = (
    "component_not_present",
    "vulnerable_code_not_present",
    "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "inline_mitigations_already_exist",
)
JUSTIFICATION_TO_LABEL: Final[Mapping[Justification, str]] = {
    Justification.CODE_NOT_PRESENT: "vulnerable_code_not_present",
    Justification.CODE_NOT_REACHABLE: "vulnerable_code_not_in_execute_path",
    Justification.REQUIRES_CONFIGURATION: "vulnerable_code_cannot_be_controlled_by_adversary",
    Justification.REQUIRES_DEPENDENCY: "component_not_present",
    Justification.REQUIRES_ENVIRONMENT: "vulnerable_code_cannot_be_controlled_by_adversary",
    Justification.PROTECTED_BY_COMPILER: "inline_mitigations_already_exist",
    Justification.PROTECTED_AT_RUNTIME: "inline_mitigations_already_exist",
    Justification.PROTECTED_AT_PERIMETER: "vulnerable_code_cannot_be_controlled_by_adversary",
    Justification.PROTECTED_BY_MITIGATING_CONTROL: "inline_mitigations_already_exist",
}
LABEL_TO_JUSTIFICATION: Final[Mapping[str, Justification]] = {
    "component_not_present": Justification.CODE_NOT_PRESENT,  # VEX.md: back with a note
    "vulnerable_code_not_present": Justification.CODE_NOT_PRESENT,
    "vulnerable_code_not_in_execute_path": Justification.CODE_NOT_REACHABLE,
    "vulnerable_code_cannot_be_controlled_by_adversary": Justification.REQUIRES_ENVIRONMENT,
    "inline_mitigations_already_exist": Justification.PROTECTED_BY_MITIGATING_CONTROL,
}

# ---- response / remediation -------------------------------------------------------------------
RESPONSE_TO_REMEDIATION: Final[Mapping[Response, str]] = {
    Response.UPDATE: "vendor_fix",
    Response.ROLLBACK: "vendor_fix",
    Response.WORKAROUND_AVAILABLE: "workaround",
    Response.WILL_NOT_FIX: "no_fix_planned",
    Response.CAN_NOT_FIX: "none_available",
}
REMEDIATION_TO_RESPONSE: Final[Mapping[str, Response]] = {
    "vendor_fix": Response.UPDATE,
    "workaround": Response.WORKAROUND_AVAILABLE,
    "mitigation": Response.WORKAROUND_AVAILABLE,
    "no_fix_planned": Response.WILL_NOT_FIX,
    "none_available": Response.CAN_NOT_FIX,
}
RESPONSE_TEXT: Final[Mapping[Response, str]] = {
    Response.UPDATE: "Update to a version that fixes the vulnerability.",
    Response.ROLLBACK: "Roll back to a version that is not affected.",
    Response.WORKAROUND_AVAILABLE: "A workaround is available.",
    Response.WILL_NOT_FIX: "The manufacturer will not fix this vulnerability.",
    Response.CAN_NOT_FIX: "The vulnerability cannot be fixed.",
}

# field names used in ``original`` triples
STATE_FIELD = {CDX: "state", OPENVEX: "status", CSAF: "product_status"}
JUSTIFICATION_FIELD = {CDX: "justification", OPENVEX: "justification", CSAF: "flag"}
RESPONSE_FIELD = {CDX: "response", OPENVEX: "action", CSAF: "remediation"}

_STATE_IN: Final[Mapping[str, Mapping[str, VexState]]] = {
    CDX: {s.value: s for s in VexState},
    OPENVEX: OPENVEX_TO_STATE,
    CSAF: CSAF_TO_STATE,
}
_JUSTIFICATION_IN: Final[Mapping[str, Mapping[str, Justification]]] = {
    CDX: {j.value: j for j in Justification},
    OPENVEX: LABEL_TO_JUSTIFICATION,
    CSAF: LABEL_TO_JUSTIFICATION,
}
_RESPONSE_IN: Final[Mapping[str, Mapping[str, Response]]] = {
    CDX: {r.value: r for r in Response},
    CSAF: REMEDIATION_TO_RESPONSE,
}


def state_of(fmt: str, code: str) -> VexState | None:
    """The canonical state a format's state code stands for, or ``None``."""
    return _STATE_IN.get(fmt, {}).get(code)


def justification_of(fmt: str, code: str) -> Justification | None:
    """The canonical justification a format's code stands for, or ``None``."""
    return _JUSTIFICATION_IN.get(fmt, {}).get(code)


def response_of(fmt: str, code: str) -> Response | None:
    """The canonical response a format's code stands for (OpenVEX has none), or ``None``."""
    return _RESPONSE_IN.get(fmt, {}).get(code)


def _originals(originals: Iterable[Original], fmt: str, field: str) -> list[str]:
    """Values of one field of one format among a statement's original codes."""
    return [value for f, name, value in originals if f == fmt and name == field]


def state_code(fmt: str, state: VexState, originals: Iterable[Original] = ()) -> str:
    """The state as ``fmt`` writes it: the original code when it still means ``state``."""
    for value in _originals(originals, fmt, STATE_FIELD[fmt]):
        if state_of(fmt, value) is state:
            return value
    if fmt == OPENVEX:
        return STATE_TO_OPENVEX[state]
    if fmt == CSAF:
        return STATE_TO_CSAF[state]
    return state.value


def justification_code(
    fmt: str, justification: Justification | None, originals: Iterable[Original] = ()
) -> str | None:
    """The justification as ``fmt`` writes it (original first when consistent)."""
    if justification is None:
        return None
    for value in _originals(originals, fmt, JUSTIFICATION_FIELD[fmt]):
        if justification_of(fmt, value) is justification:
            return value
    return justification.value if fmt == CDX else JUSTIFICATION_TO_LABEL[justification]


def remediation_codes(
    responses: Iterable[Response], originals: Iterable[Original] = ()
) -> list[tuple[Response, str]]:
    """CSAF remediation categories for the responses, preferring the original categories."""
    unused = _originals(originals, CSAF, RESPONSE_FIELD[CSAF])
    out: list[tuple[Response, str]] = []
    for response in responses:
        code = next((v for v in unused if response_of(CSAF, v) is response), None)
        if code is None:
            code = RESPONSE_TO_REMEDIATION[response]
        else:
            unused.remove(code)
        out.append((response, code))
    return out


def lossy(
    fmt: str,
    state: VexState,
    justification: Justification | None,
    responses: tuple[Response, ...],
    originals: Iterable[Original] = (),
) -> bool:
    """Would reading the codes ``fmt`` writes give other canonical codes back?"""
    originals = tuple(originals)
    if fmt == CDX:
        return False
    if state_of(fmt, state_code(fmt, state, originals)) is not state:
        return True
    code = justification_code(fmt, justification, originals)
    if justification is not None and (
        state not in NOT_AFFECTED_STATES or justification_of(fmt, code or "") is not justification
    ):
        return True  # OpenVEX and CSAF justify only "not affected"
    if fmt == OPENVEX:
        return bool(responses)  # OpenVEX has only free text for them
    back = tuple(response_of(CSAF, c) for _, c in remediation_codes(responses, originals))
    return back != responses


def normal_originals(*groups: Iterable[Original]) -> tuple[Original, ...]:
    """Originals deduplicated and sorted, so that equal decisions compare equal."""
    return tuple(sorted({o for group in groups for o in group}))


# Texts medsec writes where a format demands a statement that nobody made; read back as "none".
NO_JUSTIFICATION_TEXT = "Not affected; no justification was recorded."
FALSE_POSITIVE_TEXT = "Not affected: the match is a false positive."
NO_REMEDIATION_TEXT = "No remediation is available yet."
GENERATED_TEXTS = frozenset(
    {NO_JUSTIFICATION_TEXT, FALSE_POSITIVE_TEXT, NO_REMEDIATION_TEXT, *RESPONSE_TEXT.values()}
)


def action_text(responses: Iterable[Response]) -> str:
    """The action statement medsec writes for responses without a detail text."""
    texts = [RESPONSE_TEXT[r] for r in responses]
    return " ".join(texts) if texts else NO_REMEDIATION_TEXT


def impact_text(state: VexState) -> str:
    """The impact statement medsec writes for a not-affected decision without detail."""
    return FALSE_POSITIVE_TEXT if state is VexState.FALSE_POSITIVE else NO_JUSTIFICATION_TEXT
