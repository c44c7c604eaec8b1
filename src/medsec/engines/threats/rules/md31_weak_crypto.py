"""MD-31: Weak or legacy cryptography (TLS 1.0/1.1, BLE legacy pairing, proprietary ciphers).

BLE flows with legacy pairing are MD-01 and clinical protocols MD-08.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Flow, Interface, Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.domain.vocabulary import (
    CLEARTEXT_PROTOCOLS,
    CLINICAL_PROTOCOLS,
    WEAK_ENCRYPTION,
    Encryption,
    InterfaceKind,
    Protocol,
)
from medsec.engines.judgements import switched_off
from medsec.engines.threats.rule import (
    Outcome,
    flow_target,
    flow_trig,
    interface_trig,
    unknown_flow,
    unknown_interface,
)
from medsec.engines.threats.rules._protection import (
    LINK_PROTOCOLS,
    on_exposed_link,
    surface_outcome,
)
from medsec.engines.threats.titles import link_title

LINK_KINDS = frozenset({InterfaceKind.NETWORK, InterfaceKind.WIRELESS, InterfaceKind.API})


def _weak(protocol: Protocol | None, encryption: Encryption | None) -> bool:
    """Weak encryption, except BLE legacy pairing on BLE (MD-01 and MD-02 report that)."""
    if encryption not in WEAK_ENCRYPTION:
        return False
    # BLE legacy pairing on a BLE link is MD-01 (flow) and MD-02 (interface)
    return not (protocol is Protocol.BLE and encryption is Encryption.BLE_LEGACY)


def _asks(protocol: Protocol | None, encryption: Encryption | None) -> bool:
    """Encryption unstated on a protocol that is not cleartext by definition."""
    return encryption is None and protocol not in CLEARTEXT_PROTOCOLS


class Md31WeakCrypto:
    """Legacy or home-made cryptography is broken and the protected traffic read or altered."""

    meta = RuleMeta(
        id="MD-31",
        title="Weak or legacy cryptography on a link",
        stride=(Stride.INFORMATION_DISCLOSURE, Stride.TAMPERING),
        cwe=("CWE-327", "CWE-326"),
        capec=("CAPEC-620", "CAPEC-97"),
        cvss_v3_1="CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N",
        mitigation=(
            "Use TLS 1.2 or 1.3 with AEAD cipher suites only, BLE LE Secure Connections, "
            "and standard published algorithms (AES-GCM/CCM, ECDH, SHA-256+) instead of "
            "proprietary schemes; disable protocol downgrade and plan crypto agility."
        ),
        description=(
            "The link uses deprecated or home-grown cryptography that an attacker can "
            "downgrade, break or bypass, exposing and altering what it carries."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Link flows and enabled link interfaces with weak encryption (BLE legacy: MD-01/02)."""
        for f in project.flows:
            yield from self._flow(project, f)
        for i in project.interfaces:
            yield from self._interface(i)

    def _flow(self, project: Project, f: Flow) -> Iterator[Outcome]:
        """Weak encryption on an exposed, non-clinical flow."""
        if not on_exposed_link(project, f) or f.protocol in CLINICAL_PROTOCOLS:
            return
        if _weak(f.protocol, f.encryption):
            title = link_title(project, f, "{what}{via} to {receiver} under weak cryptography")
            yield Match(flow_target(f), (flow_trig(f, "encryption", f.encryption),), title=title)
        elif _asks(f.protocol, f.encryption):
            yield unknown_flow(f, "encryption")

    def _interface(self, i: Interface) -> Iterator[Outcome]:
        """Weak encryption on an enabled, non-clinical link interface."""
        link = i.kind in LINK_KINDS or i.protocol in LINK_PROTOCOLS
        if not link or switched_off(i) or i.protocol in CLINICAL_PROTOCOLS:
            return
        if _weak(i.protocol, i.encryption):
            yield from surface_outcome(i, (interface_trig(i, "encryption", i.encryption),))
        elif _asks(i.protocol, i.encryption):
            yield unknown_interface(i, "encryption")


RULE = Md31WeakCrypto()
