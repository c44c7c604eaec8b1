"""ALOF and EMRG: how a logged-in session ends, and whether there is a break-glass login.

Derived from the elements' ``session`` (``auto_logoff_minutes``, ``configurable``) and
``emergency_access``. Asked of the device elements a person logs in to (an authenticated
screen, console, service port or API in production, or an authenticated user-interface flow)
and of every element that states the fact.
"""

from __future__ import annotations

from medsec.domain.model import Element
from medsec.engines.judgements import authenticated
from medsec.engines.mds2.derive_access import login_interfaces
from medsec.engines.mds2.derive_data import is_ui
from medsec.engines.mds2.facts import NA, Answers, View, answer
from medsec.engines.mds2.tally import Tally, sub


def login_elements(v: View) -> list[Element]:
    """Device elements a person logs in to (see the module docstring), in model order."""
    targets = {i.element for i in login_interfaces(v) if authenticated(i.authentication)}
    targets |= {
        f.target
        for f in v.project.flows
        if is_ui(f) and authenticated(f.authentication) and v.ours_id(f.target)
    }
    return [e for e in v.ours if e.id in targets]


def _minutes(e: Element) -> int | str | None:
    """The stated inactivity timeout: minutes, "none", or None when unstated."""
    return e.session.auto_logoff_minutes if e.session else None


def _asked(v: View, attr: str) -> list[Element]:
    """The login elements and the device elements that state ``attr``, in model order."""
    logins = {e.id for e in login_elements(v)}
    return [e for e in v.ours if e.id in logins or getattr(e, attr) is not None]


def derive_alof(v: View) -> Answers:
    """ALOF-1 (sessions lock after inactivity) and ALOF-2 (the timeout is configurable)."""
    pairs = [
        (e, None if _minutes(e) is None else _minutes(e) != "none") for e in _asked(v, "session")
    ]
    facts = [sub(e, "session.auto_logoff_minutes", _minutes(e)) for e, x in pairs if x is not None]
    tally = Tally.of(pairs)
    timeouts = {e.id: f"{_minutes(e)} min" for e in tally.yes}
    lock = tally.any_of(
        "Sessions lock after inactivity on", "Sessions never lock on", facts, timeouts
    )
    if lock is None:
        return {}
    if tally.yes:
        return {"ALOF-1": lock} | _configurable(tally.yes)
    return {"ALOF-1": lock, "ALOF-2": answer(NA, "No session locks by itself (ALOF-1).", facts)}


def _configurable(timed: tuple[Element, ...]) -> Answers:
    """ALOF-2: whether the owner/operator can change the timeouts."""
    pairs = [(e, e.session.configurable if e.session else None) for e in timed]
    facts = [sub(e, "session.configurable", x) for e, x in pairs if x is not None]
    found = Tally.of(pairs).every(
        "The owner/operator sets the timeout on", "The timeout is fixed on", facts
    )
    return {} if found is None else {"ALOF-2": found}


def derive_emrg(v: View) -> Answers:
    """EMRG-1: a break-glass login, asked of login elements and of those that state it."""
    pairs = [(e, e.emergency_access) for e in _asked(v, "emergency_access")]
    facts = [sub(e, "emergency_access", x) for e, x in pairs if x is not None]
    found = Tally.of(pairs).any_of(
        "Emergency (break-glass) access on", "No emergency access on", facts
    )
    return {} if found is None else {"EMRG-1": found}
