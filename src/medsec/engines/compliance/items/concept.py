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
from medsec.engines.pentest.mapping import service_issues
from medsec.engines.surface.compare import current_record, previous_record
from medsec.engines.surface.score import surface

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
    _observed(b, ctx)
    _records(b, ctx)
    return b.result("every interface needed and protected, debug closed, surface recorded")


def _observed(b: ItemBuilder, ctx: CheckContext) -> None:
    """What the latest port scan saw listening, against the declared interfaces."""
    if not ctx.services:
        return
    issues = service_issues(ctx.project, ctx.services)
    fixes = {
        "undeclared-port": "close it in production, or declare it as an interface with its use case",
        "disabled-port": "close it (the build does not match the model), or correct the model",
        "undeclared-host": "map the host in pentest_targets",
    }
    for issue in issues:
        b.gap(
            issue.rule,
            issue.message,
            subject=f"element:{issue.element}" if issue.element else f"host:{issue.host}",
            path=ctx.services_path or PROJECT,
            fix=fixes[issue.rule],
        )
    if not issues:
        b.ok(f"every one of {len(ctx.services)} listening services seen is declared and enabled")


def _records(b: ItemBuilder, ctx: CheckContext) -> None:
    version = ctx.project.device.version
    record = current_record(ctx.surface_history, version)
    if record is None:
        b.gap(
            "no-surface-record",
            f"no attack-surface figures are recorded for this release ({version})",
            path="records/surface/",
            fix="run 'medsec surface --record' and keep the record",
        )
        return
    now = surface(ctx.project, ctx.services)
    if now.score != record.score:
        b.gap(
            "surface-record-stale",
            f"the attack-surface record of {version} is out of date (recorded score "
            f"{record.score}, now {now.score})",
            path=record.path,
            fix="run 'medsec surface --record' again",
        )
    previous = previous_record(ctx.surface_history, version)
    if previous is None:
        b.ok(f"attack surface of {version} recorded: score {record.score}", record.path)
        return
    delta = round(record.score - previous.score, 1)
    if delta > 0 and not record.rationale:
        b.gap(
            "surface-grew",
            f"the attack surface grew from {previous.score} ({previous.version}) to "
            f"{record.score} ({version}) without a recorded rationale",
            path=record.path,
            fix="reduce it, or record why: medsec surface --record --rationale TEXT",
        )
        return
    why = f"; rationale: {record.rationale}" if delta > 0 and record.rationale else ""
    b.ok(
        f"attack surface of {version}: score {record.score} ({previous.version}: "
        f"{previous.score}, {'+' if delta > 0 else ''}{delta}){why}",
        record.path,
    )
