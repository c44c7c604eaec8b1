"""Attack-surface figures, score and recommendations of one release (pure).

Score (lower is smaller; documented in docs/cli.md):

    score = Σ weight(interface enabled in production) + Σ weight(open port seen, not declared)
    weight(interface) = E × (1 + A + C + D + U)

* E, exposure: physical 1, local 2, adjacent 4, network 6, internet 10 (not stated: 6)
* A, authentication: strong (mfa, certificate, mutual-tls, ble-numeric-comparison, ble-oob,
  ble-passkey) 0; other stated methods 0.5; none, ble-just-works or not stated 1
* C, encryption, for network, wireless and API interfaces only: strong 0, weak 0.5,
  none or not stated 1
* D, debug port (kind debug, or JTAG/SWD; the shared judgement) enabled: 2
* U, enabled but needed by no use case: 1

A disabled or removed interface weighs 0; an interface whose production state is not stated
counts as enabled. An open port a scan saw that no enabled interface declares weighs
6 × (1 + 1 + 1 + 1) = 24 (network exposure, nothing known, needed by nothing).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from medsec.domain.model import Interface, Project
from medsec.domain.pentest import Service
from medsec.domain.surface import ObservedService, Surface, SurfaceEntry, SurfaceFinding
from medsec.domain.vocabulary import (
    Authentication,
    Exposure,
)
from medsec.engines.judgements import (
    authentication_strength,
    interface_encryption,
    is_debug_interface,
    needs_link_protection,
    switched_off,
)
from medsec.engines.pentest.mapping import MappingIssue, locate, service_issues

EXPOSURE = {
    Exposure.PHYSICAL: 1.0,
    Exposure.LOCAL: 2.0,
    Exposure.ADJACENT: 4.0,
    Exposure.NETWORK: 6.0,
    Exposure.INTERNET: 10.0,
}
UNKNOWN_EXPOSURE = 6.0
UNDECLARED_SERVICE = 6.0 * 4


def auth_class(value: Authentication | None) -> str:
    """The shared judgement's strength of an authentication value, as the score names it."""
    return authentication_strength(value).value


def encryption_class(interface: Interface) -> str:
    """The shared judgement's encryption strength of an interface (not applicable: no link)."""
    return interface_encryption(interface).value


def needed_by(project: Project, i: Interface) -> tuple[str, ...]:
    """Use cases that need the interface, from both sides of the model, sorted."""
    wanting = {u.id for u in project.use_cases if i.id in u.needs_interfaces}
    return tuple(sorted(wanting | set(i.needed_for)))


_A = {"strong": 0.0, "weak": 0.5, "none": 1.0, "not stated": 1.0}
_C = {"strong": 0.0, "weak": 0.5, "none": 1.0, "not stated": 1.0, "not applicable": 0.0}


def entry(project: Project, i: Interface) -> SurfaceEntry:
    """The interface's weight: exposure × (1 + auth + encryption + debug + unneeded), 0 when off."""
    needs = needed_by(project, i)
    enabled = not switched_off(i)
    factors = (
        (
            "exposure",
            EXPOSURE.get(i.exposure, UNKNOWN_EXPOSURE) if i.exposure else UNKNOWN_EXPOSURE,
        ),
        ("authentication", _A[auth_class(i.authentication)]),
        ("encryption", _C[encryption_class(i)]),
        ("debug", 2.0 if is_debug_interface(i) else 0.0),
        ("unneeded", 0.0 if needs else 1.0),
    )
    weight = factors[0][1] * (1 + sum(v for _, v in factors[1:])) if enabled else 0.0
    return SurfaceEntry(
        interface=i.id,
        element=i.element,
        kind=i.kind.value if i.kind else "not stated",
        name=i.name,
        protocol=i.protocol.value if i.protocol else None,
        port=i.port,
        exposure=i.exposure.value if i.exposure else None,
        authentication=i.authentication.value if i.authentication else None,
        encryption=i.encryption.value if i.encryption else None,
        production=i.production.value if i.production else None,
        needed_by=needs,
        debug=is_debug_interface(i),
        weight=round(weight, 1),
        factors=factors,
    )


def observe(project: Project, services: Iterable[Service]) -> tuple[ObservedService, ...]:
    """Scanned services against the model (declared, undeclared, disabled, unmapped), weighed."""
    out = []
    for s in services:
        mapped, _ = locate(project, (s.host, *s.hostnames), s.port, None, s.name)
        itf = project.find_interface(mapped.interface) if mapped and mapped.interface else None
        if mapped is None:
            status = "unmapped"
        elif itf is None:
            status = "undeclared"
        elif switched_off(itf):
            status = "disabled"
        else:
            status = "declared"
        weight = 0.0 if status == "declared" else UNDECLARED_SERVICE
        element = mapped.element if mapped else None
        out.append(
            ObservedService(
                s.host, s.port, s.protocol, s.name, element, itf.id if itf else None, status, weight
            )
        )
    return tuple(out)


def figures(
    entries: tuple[SurfaceEntry, ...], observed: tuple[ObservedService, ...], project: Project
) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """The counts the report shows: interfaces by production state, kind, exposure, protection."""
    on = [e for e in entries if e.production not in ("disabled", "removed")]
    by_id = {i.id: i for i in project.interfaces}

    def count(values: Iterable[str]) -> tuple[tuple[str, int], ...]:
        """(value, count) pairs sorted by value."""
        return tuple(sorted(Counter(values).items()))

    return (
        ("interfaces", count(e.production or "not stated" for e in entries)),
        ("enabled by kind", count(e.kind for e in on)),
        ("enabled by exposure", count(e.exposure or "not stated" for e in on)),
        (
            "enabled by authentication",
            count(auth_class(by_id[e.interface].authentication) for e in on),
        ),
        ("enabled by encryption", count(encryption_class(by_id[e.interface]) for e in on)),
        (
            "enabled, needed by no use case",
            (("interfaces", sum(1 for e in on if not e.needed_by)),),
        ),
        ("debug ports enabled in production", (("interfaces", sum(1 for e in on if e.debug)),)),
        ("listening services seen", count(o.status for o in observed)),
    )


def _advice(e: SurfaceEntry, i: Interface) -> list[SurfaceFinding]:
    """What to do about one enabled interface: debug port, unneeded, weak auth, weak encryption."""
    label = f"'{e.interface}'" + (f" ({e.name})" if e.name else "")
    what = " ".join(x for x in (e.kind, e.protocol, f":{e.port}" if e.port else "") if x)
    out = []
    if e.debug:
        out.append(
            SurfaceFinding(
                "debug-in-production",
                f"debug port {label} ({what}) is "
                + ("enabled" if e.production else "not stated to be disabled")
                + " in production",
                f"disable {label} in production: fuse or lock it off in firmware, or remove the "
                "header from production boards",
                e.interface,
                e.element,
                reduction=e.weight,
            )
        )
    if not e.needed_by:
        out.append(
            SurfaceFinding(
                "unneeded",
                f"interface {label} ({what}) is enabled in production but needed by no use case",
                f"disable or remove {label} in production, or name the use case that needs it",
                e.interface,
                e.element,
                reduction=e.weight,
            )
        )
    factor = dict(e.factors)
    linked = needs_link_protection(i)
    if linked and factor["authentication"] > 0:
        strong = "MFA" if i.exposure is Exposure.INTERNET else "mutual TLS or certificates"
        out.append(
            SurfaceFinding(
                "weak-authentication",
                f"{label} ({what}, {e.exposure or 'exposure not stated'}) authenticates with "
                f"{e.authentication or 'nothing stated'}",
                f"protect {label}: require strong authentication ({strong})",
                e.interface,
                e.element,
                reduction=round(factor["exposure"] * factor["authentication"], 1),
            )
        )
    if linked and factor["encryption"] > 0:
        out.append(
            SurfaceFinding(
                "weak-encryption",
                f"{label} ({what}) is encrypted with {e.encryption or 'nothing stated'}",
                f"protect {label}: encrypt the link (TLS 1.2+, DTLS, IPsec, BLE LESC or WPA3)",
                e.interface,
                e.element,
                reduction=round(factor["exposure"] * factor["encryption"], 1),
            )
        )
    return out


def _service_advice(issue: MappingIssue) -> SurfaceFinding:
    """What to do about an open port the model does not declare, or declares off."""
    port = f"{issue.port}/{issue.protocol}" if issue.port else "?"
    name = f" ({issue.service})" if issue.service else ""
    if issue.rule == "undeclared-port":
        advice = (
            f"close port {port}{name} on {issue.element} in production (stop the service), or "
            "declare it as an interface with the use case that needs it"
        )
    elif issue.rule == "disabled-port":
        advice = (
            f"close port {port}{name}: interface '{issue.interface}' is declared disabled, but the "
            "scan found it listening (fix the build or correct the model)"
        )
    else:
        advice = f"add host {issue.host} to pentest_targets, then close or declare port {port}"
    return SurfaceFinding(
        issue.rule,
        issue.message,
        advice,
        issue.interface,
        issue.element,
        issue.host,
        issue.port,
        reduction=UNDECLARED_SERVICE,
    )


def surface(project: Project, services: Iterable[Service] = ()) -> Surface:
    """Entries, observed services, figures, score and recommendations of ``project``."""
    seen = tuple(services)
    entries = tuple(entry(project, i) for i in project.interfaces)
    observed = observe(project, seen)
    findings: list[SurfaceFinding] = []
    for e, i in zip(entries, project.interfaces, strict=True):
        if i.production is None:
            findings.append(
                SurfaceFinding(
                    "production-unknown",
                    f"interface '{i.id}': production state not stated (counted as enabled)",
                    f"state whether '{i.id}' is enabled, disabled or removed in production",
                    i.id,
                    i.element,
                )
            )
        if e.weight > 0:
            findings.extend(_advice(e, i))
    findings.extend(_service_advice(x) for x in service_issues(project, seen))
    total = sum(e.weight for e in entries) + sum(o.weight for o in observed)
    return Surface(
        device=project.device.id,
        version=project.device.version,
        score=round(total, 1),
        entries=entries,
        observed=observed,
        figures=figures(entries, observed, project),
        findings=tuple(findings),
    )
