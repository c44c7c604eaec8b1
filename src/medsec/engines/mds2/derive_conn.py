"""CONN, NAUT and RMOT: the device's interfaces, its peers and its remote service.

Derived from the interfaces (``kind``, ``protocol``, ``port``, ``exposure``, ``production``:
a disabled or removed interface is not "available"), the flows between the device and other
systems (their boundaries: the hospital's network, the cloud), their ``authentication`` and
what they carry. Hardware questions (CONN-1.x) read the interfaces of device elements outside
the cloud.
"""

from __future__ import annotations

from collections.abc import Iterable

from medsec.domain.model import Flow, Interface
from medsec.domain.vocabulary import (
    Authentication,
    Carries,
    Encryption,
    InterfaceKind,
    Protocol,
)
from medsec.engines.judgements import authenticated, in_host_flow
from medsec.engines.mds2.derive_data import is_ui
from medsec.engines.mds2.facts import (
    NA,
    NO,
    YES,
    Answers,
    View,
    answer,
    fl,
    ids,
    itf,
    model_fact,
    speaks,
)
from medsec.engines.mds2.model import Derived, Fact

_RADIO = {
    "CONN-1.1.1": ((Protocol.WIFI,), "Wi-Fi"),
    "CONN-1.1.2": ((Protocol.BLE, Protocol.CLASSIC_BLUETOOTH), "Bluetooth"),
    "CONN-1.1.3": ((Protocol.CELLULAR,), "cellular or other wireless networks"),
    "CONN-1.1.4": ((Protocol.NFC, Protocol.PROPRIETARY_RF), "NFC or custom RF"),
}
_PHYSICAL = (
    InterfaceKind.NETWORK,
    InterfaceKind.USB,
    InterfaceKind.SERIAL,
    InterfaceKind.DEBUG,
    InterfaceKind.REMOVABLE_MEDIA,
)
_TLS = {"tls1.0", "tls1.1", "tls1.2", "tls1.3", "dtls"}
_TLS_PROTOCOLS = {Protocol.HTTPS, Protocol.MQTTS, Protocol.COAPS, Protocol.WSS}
_API = {
    Protocol.HTTP,
    Protocol.HTTPS,
    Protocol.GRPC,
    Protocol.FHIR,
    Protocol.WEBSOCKET,
    Protocol.WSS,
}


def _has(qid: str, found: list[Interface], what: str, pool: Iterable[Interface]) -> Derived:
    """Yes naming the interfaces found, else No citing the interfaces looked at."""
    if found:
        return answer(
            YES, f"{what[0].upper()}{what[1:]}: {ids(found)}.", [itf(i, "protocol") for i in found]
        )
    facts = [itf(i, "protocol") for i in list(pool)[:8]] or [model_fact("interfaces", "none")]
    return answer(NO, f"No {what} interface on the device.", facts)


def derive_conn(v: View) -> Answers:
    """CONN-1 … CONN-8 from the interfaces and the flows."""
    if not v.interfaces:
        return {}
    local = v.local_interfaces()
    out: Answers = {}
    radios = [i for i in local if i.kind is InterfaceKind.WIRELESS]
    for qid, (protocols, what) in _RADIO.items():
        out[qid] = _has(qid, speaks(radios, protocols), what, radios)
    out["CONN-1.1"] = _has("CONN-1.1", radios, "wireless", local)
    physical = [i for i in local if i.kind in _PHYSICAL]
    out["CONN-1.2"] = _has("CONN-1.2", physical, "physical connection", local)
    out["CONN-1.2.1"] = _has(
        "CONN-1.2.1", speaks(physical, (Protocol.ETHERNET,)), "Ethernet", physical
    )
    usb = [
        i
        for i in physical
        if i.kind is InterfaceKind.USB or i.protocol in (Protocol.USB, Protocol.USB_CDC)
    ]
    out["CONN-1.2.2"] = _has("CONN-1.2.2", usb, "USB", physical)
    media = [i for i in physical if i.kind is InterfaceKind.REMOVABLE_MEDIA]
    out["CONN-1.2.3"] = _has("CONN-1.2.3", media, "removable media", physical)
    other = [i for i in physical if i.kind in (InterfaceKind.SERIAL, InterfaceKind.DEBUG)]
    out["CONN-1.2.4"] = _has("CONN-1.2.4", other, "serial or debug", physical)
    hardware = [i for i in local if i.kind is not InterfaceKind.USER_INTERFACE]
    out["CONN-1"] = _has("CONN-1", hardware, "hardware connectivity", local)
    out |= _ports(v)
    out |= _peers(v)
    out |= _tls_and_control(v)
    return out


def _ports(v: View) -> Answers:
    """CONN-2 (ports list) and CONN-5 (APIs)."""
    out: Answers = {}
    net = [
        i
        for i in v.interfaces
        if v.present(i) and i.kind in (InterfaceKind.NETWORK, InterfaceKind.API)
    ]
    facts = [itf(i, "port") for i in net]
    if net and all(i.protocol is not None and i.port is not None for i in net):
        note = (
            "Ports and protocols from the model: "
            + ", ".join(f"{i.id} {i.protocol}/{i.port}" for i in net)
            + "."
        )
        out["CONN-2"] = answer(YES, note, facts)
    elif not net:
        out["CONN-2"] = answer(
            NA,
            "The device has no network service.",
            [model_fact("interfaces", "no network or api interface in production")],
        )
    return out | _apis(v)


def _apis(v: View) -> Answers:
    """CONN-5: API interfaces and API calls."""
    out: Answers = {}
    apis = [
        i
        for i in v.interfaces
        if v.present(i) and (i.kind is InterfaceKind.API or i.protocol in _API)
    ]
    api_flows = [
        f
        for f in v.project.flows
        if f.protocol in _API and (v.ours_id(f.source) or v.ours_id(f.target))
    ]
    if apis or api_flows:
        note = f"APIs: {ids(apis) or '-'}; API calls on flows: {ids(api_flows) or '-'}."
        out["CONN-5"] = answer(
            YES, note, [itf(i, "kind") for i in apis] + [fl(f, "protocol") for f in api_flows[:6]]
        )
    else:
        out["CONN-5"] = answer(
            NO,
            "No API interface and no flow speaks an API protocol.",
            [model_fact("interfaces", "no api interface")],
        )
    return out


def _peers(v: View) -> Answers:
    """CONN-3 (customer systems) and CONN-4 (systems outside the customer environment)."""
    p = v.project
    flows = [f for f in p.flows if v.ours_id(f.source) != v.ours_id(f.target) and not is_ui(f)]
    others = {f.id: (f.target if v.ours_id(f.source) else f.source) for f in flows}
    site = [
        f
        for f in flows
        if not v.in_cloud(others[f.id]) and p.find_element(others[f.id]) is not None
    ]
    site = [f for f in site if p.element(others[f.id]).type.value != "actor"]
    out: Answers = {}
    if site:
        out["CONN-3"] = answer(
            YES, f"With systems on site: {ids(site)}.", [fl(f, "target") for f in site[:8]]
        )
    return out | _cloud_peers(v, flows)


def _cloud_peers(v: View, flows: list[Flow]) -> Answers:
    """CONN-4: flows between the device and the cloud."""
    p = v.project
    out: Answers = {}
    local = [e for e in v.ours if not v.in_cloud(e.id)]
    to_cloud = [
        f
        for f in p.flows
        if not in_host_flow(p, f)
        and ({f.source, f.target} & {e.id for e in local})
        and any(v.in_cloud(x) for x in (f.source, f.target))
    ]
    if to_cloud:
        out["CONN-4"] = answer(
            YES, f"With the cloud: {ids(to_cloud)}.", [fl(f, "target") for f in to_cloud]
        )
    elif flows:
        facts = [fl(f, "target") for f in flows[:8]]
        out["CONN-4"] = answer(NO, "No flow links the device to a system outside the site.", facts)
    return out


def _tls(encryption: Encryption | None, protocol: Protocol | None) -> bool:
    """TLS stated as the encryption, or implied by the protocol."""
    return (encryption is not None and encryption.value in _TLS) or protocol in _TLS_PROTOCOLS


def _tls_and_control(v: View) -> Answers:
    """CONN-7 (TLS) and CONN-8 (control from a separate device)."""
    p = v.project
    mine = [f for f in p.flows if v.ours_id(f.source) or v.ours_id(f.target)]
    tls = [f for f in mine if _tls(f.encryption, f.protocol)]
    tls_if = [i for i in v.interfaces if _tls(i.encryption, i.protocol)]
    out: Answers = {}
    if tls or tls_if:
        out["CONN-7"] = answer(
            YES,
            f"TLS on: {ids(tls) or ids(tls_if)}.",
            [fl(f, "encryption") for f in tls[:8]] + [itf(i, "encryption") for i in tls_if[:4]],
        )
    elif mine and all(f.encryption is not None for f in mine):
        out["CONN-7"] = answer(NO, "No flow uses TLS.", [fl(f, "encryption") for f in mine[:8]])
    return out | _control(v, mine)


def _control(v: View, mine: list[Flow]) -> Answers:
    """CONN-8: commands from another device."""
    out: Answers = {}
    remote = _remote_control(v)
    if remote:
        note = f"Commands from other devices: {ids(remote)}."
        out["CONN-8"] = answer(YES, note, [fl(f, "carries") for f in remote])
    elif mine and all(f.carries is not None for f in mine):
        out["CONN-8"] = answer(
            NO,
            "No other device sends commands to the device.",
            [fl(f, "carries") for f in mine[:8]],
        )
    return out


def _remote_control(v: View) -> list[Flow]:
    """Command flows into the device's hardware from another machine (not a person at it)."""
    p = v.project
    return [
        f
        for f in p.flows
        if f.carries is Carries.COMMANDS
        and v.on_hardware(f.target)
        and not in_host_flow(p, f)
        and not is_ui(f)
        and (p.find_element(f.source) is not None and p.element(f.source).type.value != "actor")
        and p.element(f.source).boundary != p.element(f.target).boundary
    ]


def derive_naut(v: View) -> Answers:
    """NAUT-1 and NAUT-3 from the authentication of machine-to-machine flows."""
    p = v.project
    m2m = [
        f
        for f in p.flows
        if (v.ours_id(f.source) or v.ours_id(f.target))
        and not in_host_flow(p, f)
        and not is_ui(f)
        and all(
            p.find_element(x) is not None and p.element(x).type.value != "actor"
            for x in (f.source, f.target)
        )
    ]
    if not m2m:
        return {}
    yes = [f for f in m2m if authenticated(f.authentication)]
    none = [f for f in m2m if authenticated(f.authentication) is False]
    out: Answers = {}
    facts = [fl(f, "authentication") for f in (yes + none)[:10]]
    if yes:
        tail = f"; unauthenticated: {ids(none)}" if none else ""
        out["NAUT-1"] = answer(YES, f"Authenticated peers on: {ids(yes)}{tail}.", facts)
    elif none and len(none) == len(m2m):
        out["NAUT-1"] = answer(NO, "No machine-to-machine flow authenticates its peer.", facts)
    return out | _certificates(m2m, facts)


def _certificates(m2m: list[Flow], facts: list[Fact]) -> Answers:
    """NAUT-3: certificate authentication."""
    out: Answers = {}
    certs = [
        f
        for f in m2m
        if f.authentication in (Authentication.CERTIFICATE, Authentication.MUTUAL_TLS)
    ]
    if certs:
        out["NAUT-3"] = answer(
            YES, f"Certificates on: {ids(certs)}.", [fl(f, "authentication") for f in certs[:10]]
        )
    elif all(f.authentication is not None for f in m2m):
        out["NAUT-3"] = answer(NO, "No flow authenticates with certificates.", facts)
    return out


def derive_rmot(v: View) -> Answers:
    """RMOT-1, 1.3 and 3: remote service from the cloud into the device's hardware."""
    p = v.project
    inbound = [
        f
        for f in p.flows
        if v.on_hardware(f.target) and v.in_cloud(f.source) and not in_host_flow(p, f)
    ]
    service = [f for f in inbound if f.carries is Carries.COMMANDS]
    code = [f for f in inbound if f.carries is Carries.CODE]
    out: Answers = {}
    if service:
        out["RMOT-1"] = answer(
            YES, f"Remote service commands: {ids(service)}.", [fl(f, "carries") for f in service]
        )
        out |= _session_pii(v, service)
    elif inbound or p.flows:
        facts = [model_fact("flows", "no command flow from the cloud into the device")]
        note = "No remote service connection into the device."
        out["RMOT-1"] = answer(NO, note, facts)
        for qid in ("RMOT-1.1", "RMOT-1.2", "RMOT-1.3"):
            out[qid] = answer(NA, "No remote service (RMOT-1).", facts)
    return out | _rmot_code(code)


def _session_pii(v: View, service: list[Flow]) -> Answers:
    """RMOT-1.3: personal data on the remote-service flows, both ways."""
    p = v.project
    back = [f for f in p.flows if v.in_cloud(f.target) and v.on_hardware(f.source)]
    session = service + back
    pii = [f for f in session if v.pii_of(f)]
    facts = [fl(f, "data") for f in session]
    if pii:
        note = f"Personal data on remote-service flows: {ids(pii)}."
        return {"RMOT-1.3": answer(YES, note, facts)}
    if all(f.data or f.carries is not Carries.DATA for f in session):
        return {"RMOT-1.3": answer(NO, "Remote-service flows carry no personal data.", facts)}
    return {}


def _rmot_code(code: list[Flow]) -> Answers:
    """RMOT-3: software updates from the cloud."""
    out: Answers = {}
    if code:
        out["RMOT-3"] = answer(
            YES, f"Software updates from the cloud: {ids(code)}.", [fl(f, "carries") for f in code]
        )
    return out
