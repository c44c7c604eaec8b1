"""``security-concept``: every interface needed or disabled, debug closed, links protected."""

from __future__ import annotations

from medsec.domain.checklist import ItemId, ItemResult
from medsec.domain.vocabulary import (
    DEBUG_PROTOCOLS,
    STRONG_ENCRYPTION,
    Authentication,
    InterfaceKind,
    Production,
)
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.result import ItemBuilder

PROJECT = "medsec.yaml"
LINKED = (InterfaceKind.NETWORK, InterfaceKind.WIRELESS, InterfaceKind.API)


def evaluate(ctx: CheckContext) -> ItemResult:
    b = ItemBuilder(ItemId.SECURITY_CONCEPT)
    p = ctx.project
    if not p.interfaces:
        b.gap(
            "no-interfaces",
            "no interfaces are declared: the attack surface is unknown",
            path=PROJECT,
            fix="list every entry point under interfaces:",
        )
        return b.result("")
    wanted = {i for u in p.use_cases for i in u.needs_interfaces}
    enabled = 0
    for i in p.interfaces:
        subject = f"interface:{i.id}"
        off = i.production in (Production.DISABLED, Production.REMOVED)
        if i.production is None:
            b.gap(
                "production-unknown",
                f"interface '{i.id}': production state not stated",
                subject=subject,
                path=PROJECT,
                line=i.line,
                fix="set production: enabled|disabled|removed",
            )
        if off:
            continue
        enabled += 1
        if not i.needed_for and i.id not in wanted:
            b.gap(
                "unneeded",
                f"interface '{i.id}' is enabled in production but needed by no use case",
                subject=subject,
                path=PROJECT,
                line=i.line,
                fix="disable or remove it in production",
            )
        if i.kind is InterfaceKind.DEBUG or (
            i.protocol in DEBUG_PROTOCOLS and i.kind is not InterfaceKind.USB
        ):
            b.fail(
                "debug-open",
                f"debug port '{i.id}' ({i.protocol.value if i.protocol else i.kind.value}) is "
                "enabled in production",
                subject=subject,
                path=PROJECT,
                line=i.line,
                fix="disable it in production (fuse, lock or remove the header)",
            )
        if i.kind in LINKED:
            if i.authentication is None or i.authentication is Authentication.NONE:
                b.gap(
                    "unauthenticated",
                    f"{i.kind.value} interface '{i.id}' is not authenticated "
                    f"({i.authentication.value if i.authentication else 'not stated'})",
                    subject=subject,
                    path=PROJECT,
                    line=i.line,
                )
            if i.encryption not in STRONG_ENCRYPTION:
                b.gap(
                    "unencrypted",
                    f"{i.kind.value} interface '{i.id}' is not strongly encrypted "
                    f"({i.encryption.value if i.encryption else 'not stated'})",
                    subject=subject,
                    path=PROJECT,
                    line=i.line,
                )
    b.ok(f"{len(p.interfaces)} interfaces declared, {enabled} enabled in production", PROJECT)
    if not ctx.surface_records:
        b.gap(
            "no-surface-record",
            "no attack-surface figures are recorded for this release",
            path="records/surface/",
            fix="run 'medsec surface' and keep the record",
        )
    else:
        b.ok(f"attack-surface records: {', '.join(ctx.surface_records)}")
    return b.result("every interface needed and protected, debug closed, surface recorded")
