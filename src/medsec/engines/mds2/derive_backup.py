"""DTBK-2 … DTBK-6: factory reset, backup to removable media or remote storage, restore.

Derived from the elements' ``backup`` (``targets``, ``configuration``, ``integrity_check``,
``factory_reset``), asked of the device's software outside the cloud
(:func:`tally.machines`): the device has a capability when one of its parts has it; "No"
needs every part to state it has not. DTBK-1 (long-term primary storage) stays open.
"""

from __future__ import annotations

from collections.abc import Sequence

from medsec.domain.model import Backup, BackupTarget, Element
from medsec.engines.mds2.facts import NA, Answers, View, answer
from medsec.engines.mds2.model import Fact
from medsec.engines.mds2.tally import Tally, machines, sub

Stated = Sequence[tuple[Element, Backup | None]]


def _facts(stated: Stated, attr: str) -> list[Fact]:
    """The facts citing ``backup.attr`` where it is stated."""
    return [
        sub(e, f"backup.{attr}", getattr(b, attr))
        for e, b in stated
        if b is not None and getattr(b, attr) is not None
    ]


def _to(stated: Stated, target: BackupTarget) -> Tally:
    """Split the parts by whether they back up to ``target`` (unstated targets: unknown)."""
    return Tally.of(
        (e, None if b is None or b.targets is None else target in b.targets) for e, b in stated
    )


def _flag(stated: Stated, attr: str) -> Tally:
    """Split the parts by a boolean ``backup.attr``."""
    return Tally.of((e, getattr(b, attr) if b else None) for e, b in stated)


def derive_dtbk(v: View) -> Answers:
    """DTBK-2 (factory reset), 3 (removable media), 4 (remote), 5 (configuration), 6 (integrity)."""
    stated: Stated = [(e, e.backup) for e in machines(v)]
    targets = _facts(stated, "targets")
    rows = (
        (
            "DTBK-2",
            _flag(stated, "factory_reset"),
            "Factory reset",
            _facts(stated, "factory_reset"),
        ),
        ("DTBK-3", _to(stated, BackupTarget.REMOVABLE_MEDIA), "Backup to removable media", targets),
        ("DTBK-4", _to(stated, BackupTarget.REMOTE), "Backup to remote storage", targets),
        (
            "DTBK-5",
            _flag(stated, "configuration"),
            "Backup and restore of configuration and software",
            _facts(stated, "configuration"),
        ),
    )
    out: Answers = {}
    for qid, tally, what, facts in rows:
        found = tally.any_of(f"{what} on", f"No {what[0].lower()}{what[1:]} on", facts)
        if found is not None:
            out[qid] = found
    return out | _integrity(stated)


def _integrity(stated: Stated) -> Answers:
    """DTBK-6: a backup's integrity and authenticity checked (N/A when nothing backs up)."""
    backing = [(e, b) for e, b in stated if b and (b.targets or b.configuration)]
    idle = [(e, b) for e, b in stated if b and b.targets == () and b.configuration is False]
    if not backing:
        if stated and len(idle) == len(stated):
            note = "No part backs up data or configuration (DTBK-3 … 5)."
            return {"DTBK-6": answer(NA, note, _facts(idle, "targets"))}
        return {}
    found = _flag(backing, "integrity_check").any_of(
        "Backups are checked for integrity and authenticity on",
        "Backups are not checked on",
        _facts(backing, "integrity_check"),
    )
    return {} if found is None else {"DTBK-6": found}
