"""AUTH, PAUT and AUDT: who may get in, how people authenticate, what is logged.

Derived from the interfaces' ``authentication`` and ``lockout``, the elements' ``credentials``
and ``security_logging`` (documented as "security events logged, time-synchronised,
protected"), implemented ``authorization`` controls, the data stores that hold logs
(``stores_logs``) and the flows that carry their data.
"""

from __future__ import annotations

from medsec.domain.model import Element, Flow, Interface
from medsec.domain.vocabulary import (
    Authentication,
    ControlCategory,
    ControlStatus,
    Credentials,
    DataCategory,
    ElementType,
    InterfaceKind,
    Transport,
)
from medsec.engines.judgements import authenticated, flow_encrypted, in_host_flow, machine
from medsec.engines.mds2.derive_data import is_ui
from medsec.engines.mds2.facts import (
    NA,
    NO,
    SEE,
    YES,
    Answers,
    View,
    answer,
    el,
    fl,
    ids,
    itf,
    model_fact,
    transport,
)
from medsec.engines.mds2.questions import QUESTIONS

_PEOPLE = (
    InterfaceKind.USER_INTERFACE,
    InterfaceKind.DEBUG,
    InterfaceKind.SERIAL,
    InterfaceKind.USB,
    InterfaceKind.API,
)
_WEAK_CREDENTIALS = (Credentials.SHARED_DEFAULT, Credentials.HARDCODED)


def login_interfaces(v: View) -> list[Interface]:
    """Present interfaces a person uses: screens, consoles, service ports, APIs."""
    return [i for i in v.interfaces if v.present(i) and i.kind in _PEOPLE]


def _authz_controls(v: View, targets: set[str]) -> list[tuple[str, str, int | None]]:
    """Implemented authorization controls applying to ``targets``: (id, name, line)."""
    return [
        (c.id, c.name, c.line)
        for c in v.project.controls
        if c.category is ControlCategory.AUTHORIZATION
        and c.status is ControlStatus.IMPLEMENTED
        and targets & set(c.applies_to)
    ]


def derive_auth(v: View) -> Answers:
    """AUTH-1 (login everywhere), AUTH-2 (authorization controls), AUTH-4 (APIs)."""
    out: Answers = {}
    logins = login_interfaces(v)
    state = {i.id: authenticated(i.authentication) for i in logins}
    open_ = [i for i in logins if state[i.id] is False]
    if open_:
        facts = [itf(i, "authentication") for i in open_]
        out["AUTH-1"] = answer(NO, f"Reachable without login: {ids(open_)}.", facts)
    elif logins and None not in state.values():
        facts = [itf(i, "authentication") for i in logins]
        out["AUTH-1"] = answer(YES, "Every user-facing interface requires authentication.", facts)
    targets = {e.id for e in v.ours} | {i.id for i in v.interfaces}
    controls = _authz_controls(v, targets)
    if controls:
        facts = [
            model_fact(f"controls.{cid}.category", "authorization", line)
            for cid, _, line in controls
        ]
        note = (
            "Authorization controls: "
            + "; ".join(f"{cid}: {name}" for cid, name, _ in controls)
            + "."
        )
        out["AUTH-2"] = answer(SEE, note, facts)
        out["SAHD-5.1"] = answer(SEE, note, facts)
    out |= _apis(v)
    return out


def _apis(v: View) -> Answers:
    """AUTH-4: every API authenticated and under an authorization control."""
    apis = [i for i in v.interfaces if v.present(i) and i.kind is InterfaceKind.API]
    if not apis:
        if v.interfaces:
            facts = [model_fact("interfaces", "no api interface in production")]
            return {"AUTH-4": answer(NA, "The device has no API.", facts)}
        return {}
    facts = [itf(i, "authentication") for i in apis]
    bare = [i for i in apis if authenticated(i.authentication) is False]
    if bare:
        return {"AUTH-4": answer(NO, f"APIs without authentication: {ids(bare)}.", facts)}
    ruled = [i for i in apis if _authz_controls(v, {i.id, i.element})]
    if len(ruled) == len(apis) and all(authenticated(i.authentication) for i in apis):
        controls = _authz_controls(v, {x for i in apis for x in (i.id, i.element)})
        facts += [
            model_fact(f"controls.{cid}.applies_to", "authorization", line)
            for cid, _, line in controls
        ]
        return {"AUTH-4": answer(YES, "Every API authenticates and authorizes requests.", facts)}
    return {}


def derive_paut(v: View) -> Answers:
    """PAUT-1, 1.1, 3, 5, 8, 14, 14.1 from credentials, logins and credential data."""
    out: Answers = {}
    weak = [e for e in v.ours if e.credentials in _WEAK_CREDENTIALS]
    if weak:
        facts = [el(e, "credentials") for e in weak]
        note = f"Shared or fixed credentials: {ids(weak)}."
        out["PAUT-1"] = answer(NO, note, facts)
        out["PAUT-1.1"] = answer(NO, note, facts)
    fixed = [e for e in v.ours if e.credentials is Credentials.HARDCODED]
    if fixed:
        out["PAUT-5"] = answer(
            NO, f"Hardcoded credentials: {ids(fixed)}.", [el(e, "credentials") for e in fixed]
        )
    out |= _lockout(v)
    out |= _mfa(v)
    out |= _credentials(v)
    return out


def _lockout(v: View) -> Answers:
    """PAUT-3: password logins that lock out after failed attempts."""
    logins = [
        i for i in v.interfaces if v.present(i) and i.authentication is Authentication.PASSWORD
    ]
    if not logins:
        return {}
    facts = [itf(i, "lockout") for i in logins]
    locking = [i for i in logins if i.lockout is True]
    if locking:
        rest = [i for i in logins if i.lockout is not True]
        tail = f"; not stated or none on: {ids(rest)}" if rest else ""
        return {"PAUT-3": answer(YES, f"Lockout on: {ids(locking)}{tail}.", facts)}
    if all(i.lockout is False for i in logins):
        return {"PAUT-3": answer(NO, "No password login locks out.", facts)}
    return {}


def _mfa(v: View) -> Answers:
    """PAUT-8: multi-factor authentication on a login or flow."""
    mfa = [i for i in v.interfaces if i.authentication is Authentication.MFA]
    flows = [
        f for f in v.project.flows if f.authentication is Authentication.MFA and v.ours_id(f.target)
    ]
    if mfa or flows:
        facts = [itf(i, "authentication") for i in mfa] + [fl(f, "authentication") for f in flows]
        return {"PAUT-8": answer(YES, f"MFA on: {ids(mfa) or ids(flows)}.", facts)}
    logins = login_interfaces(v)
    if logins and all(i.authentication is not None for i in logins):
        facts = [itf(i, "authentication") for i in logins]
        return {"PAUT-8": answer(NO, "No login uses multi-factor authentication.", facts)}
    return {}


def _credentials(v: View) -> Answers:
    """PAUT-14 and 14.1: credentials the device keeps, and whether their store is encrypted."""
    creds = {d.id for d in v.project.data if d.category is DataCategory.CREDENTIAL}
    keys = [e for e in v.ours if e.credentials not in (None, Credentials.NONE)]
    stores = [e for e in v.ours if e.type is ElementType.DATA_STORE and creds & set(e.stores)]
    carried = [f for f in v.project.flows if creds & set(f.data) and v.ours_id(f.target)]
    out: Answers = {}
    if keys or stores or carried:
        facts = (
            [el(e, "credentials") for e in keys]
            + [el(e, "stores") for e in stores]
            + [fl(f, "data") for f in carried]
        )
        held = ", ".join(x for x in (ids(keys), ids(stores), ids(carried)) if x)
        out["PAUT-14"] = answer(YES, f"Credentials are held or received by: {held}.", facts[:10])
    return out | _credential_store(stores)


def _credential_store(stores: list[Element]) -> Answers:
    """PAUT-14.1: whether stores holding credentials are encrypted."""
    out: Answers = {}
    if stores:
        facts = [el(e, "encryption_at_rest") for e in stores]
        if all(e.encryption_at_rest for e in stores):
            out["PAUT-14.1"] = answer(
                YES, "Stores holding credentials are encrypted at rest.", facts
            )
        elif any(e.encryption_at_rest is False for e in stores):
            out["PAUT-14.1"] = answer(NO, "A store holding credentials is not encrypted.", facts)
    return out


def derive_audt(v: View) -> Answers:
    """AUDT from ``security_logging``, the log stores and the flows carrying their data."""
    on = [e for e in v.ours if e.security_logging is True]
    off = [e for e in v.ours if e.security_logging is False]
    unknown = [e for e in v.ours if e.security_logging is None and e.is_software]
    if not on:
        if off and not unknown:
            facts = [el(e, "security_logging") for e in off]
            out = {
                q.id: answer(NA, "The device keeps no audit log (AUDT-1).", facts)
                for q in QUESTIONS
                if q.section == "AUDT"
            }
            return out | {"AUDT-1": answer(NO, "No element logs security events.", facts)}
        return {}
    facts = [el(e, "security_logging") for e in on]
    note = f"Security events are logged, time-synchronised and protected (security_logging) on {ids(on)}."
    out = {
        k: answer(YES, note, facts)
        for k in ("AUDT-1", "AUDT-2", "AUDT-4.1", "AUDT-4.1.1", "AUDT-7")
    }
    out |= _log_content(v)
    out |= _log_export(v)
    return out


def _log_stores(v: View) -> list[Element]:
    """The device's data stores that hold audit or log data."""
    return [e for e in v.ours if e.type is ElementType.DATA_STORE and e.stores_logs]


def _log_content(v: View) -> Answers:
    """AUDT-1.1 (user ids) and AUDT-1.2 (other PII) from what the log stores hold."""
    stores = [s for s in _log_stores(v) if s.stores]
    if not stores:
        return {}
    held = [v.pii[d] for s in stores for d in s.stores if d in v.pii]
    facts = [el(s, "stores") for s in stores]
    users = [d for d in held if d.category is DataCategory.PERSONAL]
    health = [d for d in held if d.category.special]
    out: Answers = {}
    if users:
        out["AUDT-1.1"] = answer(
            YES, f"The log store holds person identifiers: {ids(users)}.", facts
        )
    if health:
        out["AUDT-1.2"] = answer(YES, f"The log store also holds: {ids(health)}.", facts)
    elif not held:
        out["AUDT-1.2"] = answer(NO, "The log stores hold no personal data.", facts)
    return out


def _carries_logs(v: View, f: Flow, hosts: set[str], items: set[str]) -> bool:
    """A link (not a screen) from a log store's machine carrying its log data."""
    touches = bool({f.source, f.target} & hosts) and bool(items & set(f.data))
    return touches and not in_host_flow(v.project, f) and not is_ui(f)


def _log_export(v: View) -> Answers:
    """AUDT-5, 5.1, 5.3, 5.4: flows that carry the log stores' data off their machine."""
    p = v.project
    stores = [s for s in _log_stores(v) if s.stores]
    # the logs themselves: what the log stores hold that is not personal data
    items = {d for s in stores for d in s.stores if d not in v.pii}
    hosts = {machine(p, s).id for s in stores} | {s.id for s in stores}
    flows = [f for f in p.flows if _carries_logs(v, f, hosts, items)]
    if not flows:
        return {}
    facts = [fl(f, "data") for f in flows[:10]]
    out = {"AUDT-5": answer(YES, f"Log data leaves the device on: {ids(flows)}.", facts)}
    cable = [f for f in flows if transport(f) is Transport.WIRED]
    if cable:
        out["AUDT-5.1"] = answer(
            YES, f"Over a cable: {ids(cable)}.", [fl(f, "protocol") for f in cable]
        )
    net = [f for f in flows if transport(f) in (Transport.NETWORK, Transport.WIRELESS)]
    if net:
        out["AUDT-5.3"] = answer(
            YES, f"Over networks: {ids(net)}.", [fl(f, "protocol") for f in net]
        )
    out |= _log_encryption(stores, flows)
    return out


def _log_encryption(stores: list[Element], flows: list[Flow]) -> Answers:
    """AUDT-5.4: log data encrypted in transit and at rest."""
    facts = [el(s, "encryption_at_rest") for s in stores] + [fl(f, "encryption") for f in flows]
    clear = [f for f in flows if flow_encrypted(f) is False]
    bare = [s for s in stores if s.encryption_at_rest is False]
    if clear or bare:
        note = f"Log data unencrypted: {', '.join(x for x in (ids(bare), ids(clear)) if x)}."
        return {"AUDT-5.4": answer(NO, note, facts)}
    if all(flow_encrypted(f) for f in flows) and all(s.encryption_at_rest for s in stores):
        return {"AUDT-5.4": answer(YES, "Log data is encrypted at rest and in transit.", facts)}
    return {}
