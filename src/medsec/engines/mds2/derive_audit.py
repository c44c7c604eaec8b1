"""AUDT-2.x, 3, 5, 5.2 and 6: which events the audit log records and how the owner gets it.

Derived from the elements' ``audit`` (``events``, ``export``, ``configurable``), asked of the
device's processes that log security events (``security_logging: true``; what
``derive_access.derive_audt`` answers from it comes first). An event is recorded when one of
them lists it; "No" needs every one of them to state its events.
"""

from __future__ import annotations

from collections.abc import Callable

from medsec.domain.model import AuditEvent, AuditExport, Element
from medsec.domain.vocabulary import ElementType
from medsec.engines.mds2.facts import YES, Answers, View, answer, ids
from medsec.engines.mds2.model import Fact
from medsec.engines.mds2.tally import Tally, sub

E = AuditEvent
# question -> (the events that answer it, what they are, as the note says)
EVENTS: dict[str, tuple[tuple[AuditEvent, ...], str]] = {
    "AUDT-2.1": ((E.LOGIN, E.LOGOUT), "Logins and logouts"),
    "AUDT-2.2": ((E.FAILED_LOGIN,), "Failed logins"),
    "AUDT-2.3": ((E.PRIVILEGE_CHANGE,), "Changes of user privileges"),
    "AUDT-2.4": ((E.USER_CHANGE,), "Users created, changed or deleted"),
    "AUDT-2.5": ((E.DATA_ACCESS,), "Clinical or personal data presented"),
    "AUDT-2.6": ((E.DATA_CHANGE,), "Data created, changed or deleted"),
    "AUDT-2.7": ((E.MEDIA_IMPORT_EXPORT,), "Import/export over removable media"),
    "AUDT-2.8": (
        (E.DATA_TRANSFER, E.SERVICE_SESSION, E.API_ACCESS),
        "Data or commands received or sent",
    ),
    "AUDT-2.8.1": ((E.SERVICE_SESSION,), "Remote or on-site service sessions"),
    "AUDT-2.8.2": ((E.API_ACCESS,), "API access"),
    "AUDT-2.9": ((E.EMERGENCY_ACCESS,), "Emergency access"),
    "AUDT-2.10": ((E.SOFTWARE_UPDATE, E.CONFIG_CHANGE), "Software updates, configuration changes"),
}


def _loggers(v: View) -> list[Element]:
    """The device's processes that log security events."""
    return [e for e in v.ours if e.security_logging is True and e.type is ElementType.PROCESS]


def _events(e: Element) -> tuple[AuditEvent, ...] | None:
    """The events an element states it records (None: not stated)."""
    return e.audit.events if e.audit else None


def _export(e: Element) -> tuple[AuditExport, ...] | None:
    """How the owner exports the element's log (None: not stated)."""
    return e.audit.export if e.audit else None


def _ask(
    loggers: list[Element], value: Callable[[Element], tuple[object, ...] | None], key: str
) -> tuple[list[Element], list[Fact]]:
    """The loggers that state ``key`` and the facts citing it."""
    stated = [e for e in loggers if value(e) is not None]
    return stated, [sub(e, key, value(e)) for e in stated]


def derive_audit_events(v: View) -> Answers:
    """AUDT-2.1 … 2.10 from ``audit.events``, then AUDT-3, 5, 5.2 and 6."""
    loggers = _loggers(v)
    if not loggers:
        return {}
    _, facts = _ask(loggers, _events, "audit.events")
    out: Answers = {}
    for qid, (events, what) in EVENTS.items():
        pairs = [(e, _recorded(e, events)) for e in loggers]
        found = Tally.of(pairs).any_of(f"{what} recorded by", f"{what} not recorded by", facts)
        if found is not None:
            out[qid] = found
    return out | _selectable(loggers) | _exported(loggers)


def _recorded(e: Element, events: tuple[AuditEvent, ...]) -> bool | None:
    """Whether the element records one of ``events`` (None: it does not say what it records)."""
    listed = _events(e)
    return None if listed is None else bool(set(listed) & set(events))


def _selectable(loggers: list[Element]) -> Answers:
    """AUDT-3: the owner/operator selects which events are recorded."""
    pairs = [(e, e.audit.configurable if e.audit else None) for e in loggers]
    facts = [sub(e, "audit.configurable", x) for e, x in pairs if x is not None]
    found = Tally.of(pairs).any_of(
        "The owner/operator selects the recorded events on",
        "The recorded events are fixed on",
        facts,
    )
    return {} if found is None else {"AUDT-3": found}


def _exported(loggers: list[Element]) -> Answers:
    """AUDT-5 (export at all), AUDT-5.2 (IHE ATNA) and AUDT-6 (the owner can review it)."""
    stated, facts = _ask(loggers, _export, "audit.export")
    if not stated:
        return {}
    out: Answers = {}
    for qid, kinds, has, lacks in (
        (
            "AUDT-5",
            tuple(AuditExport),
            "The owner/operator exports the audit log from",
            "No export from",
        ),
        ("AUDT-5.2", (AuditExport.ATNA,), "IHE ATNA audit messages from", "No ATNA export from"),
    ):
        pairs = [(e, _exports(e, kinds)) for e in loggers]
        found = Tally.of(pairs).any_of(has, lacks, facts)
        if found is not None:
            out[qid] = found
    exporting = [e for e in loggers if _export(e)]
    if exporting:
        ways = ", ".join(sorted({x.value for e in exporting for x in _export(e) or ()}))
        note = f"The owner/operator gets the audit log ({ways}) from: {ids(exporting)}."
        out["AUDT-6"] = answer(YES, note, facts)
    return out


def _exports(e: Element, kinds: tuple[AuditExport, ...]) -> bool | None:
    """Whether the element's log leaves by one of ``kinds`` (None: export not stated)."""
    listed = _export(e)
    return None if listed is None else bool(set(listed) & set(kinds))
