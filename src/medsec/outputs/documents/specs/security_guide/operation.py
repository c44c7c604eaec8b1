"""The operating chapters of ``security-guide``: secure configuration and risky settings, user roles and
accounts, logging and SIEM forwarding, backup and restore, malware protection.

Each restates what the model says about the device as shipped (debug ports, interfaces no use
case needs, credentials, secure boot, security logging, log stores and logging controls, data
stores, signed and atomic updates) and asks what only the manufacturer can tell the hospital:
the configuration procedure, the roles, how logs reach a SIEM, how to back up and restore, how
malware is kept out.
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId
from medsec.domain.document import Section, Statement, Status, Table, TableRow
from medsec.domain.model import Element, Project
from medsec.domain.vocabulary import (
    ControlCategory,
    Credentials,
    ElementType,
    InterfaceKind,
)
from medsec.engines.judgements import switched_off
from medsec.outputs.documents.common import project_ref
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.security_guide import questions as q
from medsec.outputs.documents.specs.security_guide.parts import (
    by_state,
    chapter,
    element_ref,
    flow_ref,
    grouped,
    interface_ref,
    judged,
    listed,
    rules,
    shown,
    yes,
)

_CREDENTIALS = {
    Credentials.NONE: "no accounts or credentials",
    Credentials.UNIQUE_PER_DEVICE: "unique per device, set at production",
    Credentials.SHARED_DEFAULT: "a default shared by every installation: change it before use",
    Credentials.HARDCODED: "hard-coded: it cannot be changed; restrict who can reach it",
}


def _software(p: Project) -> list[Element]:
    """The software elements (processes and data stores unless stated otherwise), not actors."""
    return [e for e in p.elements if e.is_software and e.type is not ElementType.ACTOR]


def _risky(p: Project) -> Table:
    """Settings as shipped that raise risk (facts of the model), one row per kind of setting.

    Debug ports left open and interfaces no use case needs are the check's findings, quoted
    below the table; the table holds what the model states and no item judges.
    """
    rows: dict[tuple[str, str, str, str], list[str]] = {}
    for i in p.interfaces:
        if i.always_on is True and i.kind is InterfaceKind.WIRELESS and not switched_off(i):
            key = (
                "radio always on",
                "always_on: true",
                "place the device where the radio's range is controlled",
                "interfaces[].always_on",
            )
            rows.setdefault(key, []).append(i.id)
    for e in p.elements:
        if e.credentials in (Credentials.SHARED_DEFAULT, Credentials.HARDCODED):
            key = (
                "credentials",
                f"credentials: {e.credentials.value}",
                _CREDENTIALS[e.credentials],
                "elements[].credentials",
            )
            rows.setdefault(key, []).append(e.id)
        if e.secure_boot is False and e.is_software:
            key = (
                "verified boot",
                "secure_boot: false",
                "protect the host it runs on: the boot chain is not verified",
                "elements[].secure_boot",
            )
            rows.setdefault(key, []).append(e.id)
    return Table(
        "Risky settings as shipped (from the model)",
        ("Setting", "Where", "As shipped", "What it means for the hospital"),
        tuple(
            TableRow((what, listed(ids), shipped, meaning), (project_ref(record),))
            for (what, shipped, meaning, record), ids in rows.items()
        ),
        empty="The model states no shared or hard-coded credentials, no always-on radio and no "
        "software without a verified boot chain.",
    )


def configuration(inputs: DocumentInputs) -> Section:
    """The secure configuration as shipped and the settings that raise risk."""
    p = inputs.ctx.project
    base = judged(
        inputs, (ItemId.SECURITY_CONCEPT,), rules("debug-open", "unneeded", "undeclared-port")
    )
    return chapter(
        inputs,
        ("configuration", "Secure configuration and risky settings", base.status),
        base.statements,
        (_risky(p),),
        ((q.SECURE_CONFIGURATION, "The secure configuration procedure: {value}."),),
    )


def _credential_rows(p: Project) -> tuple[TableRow, ...]:
    """The credentials the software elements ship with, one row per kind."""
    return grouped(
        _software(p),
        lambda e: (
            shown(e.credentials),
            _CREDENTIALS[e.credentials] if e.credentials else "not stated",
        ),
        "credentials",
    )


def _logins(p: Project) -> tuple[TableRow, ...]:
    """Who logs in where: flows from actors (people, external systems) and their authentication."""
    actors = {e.id for e in p.elements if e.type is ElementType.ACTOR}
    rows = []
    for f in p.flows:
        if f.source not in actors:
            continue
        guards = [i for i in p.interfaces_of(f.target) if i.protocol is f.protocol]
        lockout = listed(f"{i.id}: {yes(i.lockout)}" for i in guards) if guards else "not stated"
        rows.append(
            TableRow(
                (f.source, f.target, f.id, shown(f.authentication), lockout),
                (flow_ref(f),),
            )
        )
    return tuple(rows)


def accounts(inputs: DocumentInputs) -> Section:
    """User roles and accounts: credentials shipped, who logs in where, authorisation controls."""
    p = inputs.ctx.project
    authz = [c for c in p.controls if c.category is ControlCategory.AUTHORIZATION]
    said = [
        Statement(
            f"Access control: {c.name} ({c.id}, {c.status.value}).",
            (project_ref(f"controls.{c.id}"),),
        )
        for c in authz
    ]
    tables = (
        Table(
            "Credentials shipped",
            ("Elements", "Credentials", "What it means for the hospital"),
            _credential_rows(p),
            empty="The model declares no software elements.",
        ),
        Table(
            "Who logs in where (flows from people and external systems)",
            ("Who", "To", "Flow", "Authentication", "Lockout on the target"),
            _logins(p),
            empty="No flow starts at an actor.",
        ),
    )
    return chapter(
        inputs,
        ("accounts", "User roles and accounts", Status.INFO),
        said,
        tables,
        ((q.USER_ROLES, "User roles and account management: {value}."),),
    )


def logging(inputs: DocumentInputs) -> Section:
    """Security logging: which elements log, where logs are kept, the logging controls."""
    p = inputs.ctx.project
    software = [e for e in _software(p) if e.type is ElementType.PROCESS]
    stores = [e for e in p.elements if e.stores_logs]
    events = by_state(
        software,
        lambda e: e.security_logging,
        ("logged by", "not logged by", "not stated for"),
    )
    said = [
        Statement(
            f"Security events: {events}.",
            (project_ref("elements[].security_logging"),),
        ),
        Statement(
            f"Logs are kept in {listed(f'{e.id} ({e.name})' for e in stores)}.",
            tuple(element_ref(e, "stores_logs") for e in stores)
            or (project_ref("elements[].stores_logs"),),
        ),
    ]
    said += [
        Statement(
            f"Logging control {c.id}: {c.name} ({c.status.value}; verified by "
            f"{listed(c.verified_by)}).",
            (project_ref(f"controls.{c.id}"),),
        )
        for c in p.controls
        if c.category is ControlCategory.LOGGING
    ]
    return chapter(
        inputs,
        ("logging", "Logging and forwarding to a SIEM", Status.INFO),
        said,
        (),
        ((q.LOG_FORWARDING, "Forwarding to a SIEM: {value}."),),
    )


def backup(inputs: DocumentInputs) -> Section:
    """Backup and restore: the data stores and what they hold, fallback images after updates."""
    p = inputs.ctx.project
    rows = tuple(
        TableRow(
            (e.id, e.boundary or "-", listed(e.stores), yes(e.encryption_at_rest)),
            (element_ref(e, "stores"),),
        )
        for e in p.elements
        if e.type is ElementType.DATA_STORE
    )
    atomic = [e.id for e in _software(p) if e.update and e.update.atomic]
    said = (
        Statement(
            f"A failed or interrupted update leaves a working image on {listed(atomic)} "
            "(update.atomic).",
            (project_ref("elements[].update.atomic"),),
        ),
    )
    table = Table(
        "Data stores to back up",
        ("Store", "Zone", "Holds", "Encrypted at rest"),
        rows,
        empty="The model declares no data stores.",
    )
    return chapter(
        inputs,
        ("backup", "Backup and restore", Status.INFO),
        said,
        (table,),
        ((q.BACKUP_RESTORE, "Backup and restore: {value}."),),
    )


_BOOT = ("verified boot chain on", "no verified boot chain on", "not stated for")
_SIGNED = ("only signed software installed on", "unsigned software accepted on", "not stated for")


def malware(inputs: DocumentInputs) -> Section:
    """Malware protection: verified boot, signed updates, untrusted input, removable media."""
    p = inputs.ctx.project
    software = _software(p)
    media = [
        i for i in p.interfaces if i.kind in (InterfaceKind.USB, InterfaceKind.REMOVABLE_MEDIA)
    ]
    boot = by_state(software, lambda e: e.secure_boot, _BOOT)
    signed = by_state(software, lambda e: e.update.signed if e.update else None, _SIGNED)
    parsing = listed(e.id for e in software if e.parses_untrusted_input)
    said = [
        Statement(f"Boot: {boot}.", (project_ref("elements[].secure_boot"),)),
        Statement(f"Updates: {signed}.", (project_ref("elements[].update.signed"),)),
        Statement(
            f"Elements that parse input from outside: {parsing}.",
            (project_ref("elements[].parses_untrusted_input"),),
        ),
        Statement(
            "USB and removable-media interfaces: "
            + listed(
                f"{i.id} ({shown(i.production)}, authentication {shown(i.authentication)})"
                for i in media
            )
            + ".",
            tuple(interface_ref(i) for i in media) or (project_ref("interfaces"),),
        ),
    ]
    return chapter(
        inputs,
        ("malware", "Malware protection", Status.INFO),
        said,
        (),
        ((q.MALWARE_PROTECTION, "Malware protection: {value}."),),
    )
