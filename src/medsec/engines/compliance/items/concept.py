"""``security-concept``: every interface needed or disabled, debug closed, links protected.

Sub-checks, named after the rule codes they report: ``interfaces_declared``
(no-interfaces), per interface ``production_state`` (production-unknown), ``needed``
(unneeded), ``debug_closed`` (debug-open) and ``links_protected`` (unauthenticated,
unencrypted); then ``observed_services`` (the port scan against the model) and the attack-surface
records: ``surface_recorded`` (no-surface-record), ``surface_record_current``
(surface-record-stale) and ``surface_growth`` (surface-grew).
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId, ItemMeta, ItemResult
from medsec.domain.model import Interface, Project
from medsec.domain.paths import PROJECT_FILE, SURFACE_DIR
from medsec.domain.surface import SurfaceRecord
from medsec.domain.wording import counted
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.fixes import command, edit
from medsec.engines.compliance.result import ItemBuilder
from medsec.engines.judgements import (
    Strength,
    authentication_strength,
    interface_encryption,
    is_debug_interface,
    needs_link_protection,
    switched_off,
)
from medsec.engines.pentest.mapping import MappingIssue, service_issues
from medsec.engines.surface.compare import current_record, previous_record
from medsec.engines.surface.score import surface


class SecurityConcept:
    """Fewer attack vectors: only needed interfaces, debug closed, links protected, surface kept."""

    meta = ItemMeta(
        id=ItemId.SECURITY_CONCEPT,
        title="Security concept with fewer attack vectors",
        clauses=(
            "IEC 81001-5-1 5.3.1, 5.8.2, 5.8.6, 7.1.2",
            "MDR Annex I 17.4",
            "MDCG 2019-16 2.6, 4",
            "FDA premarket VI.A",
        ),
        mandatory=False,
    )

    def evaluate(self, ctx: CheckContext) -> ItemResult:
        """Judge every interface, the observed services and the attack-surface records."""
        b = ItemBuilder(self.meta)
        p = ctx.project
        if not interfaces_declared(b, p):
            return b.result("")
        wanted = {i for u in p.use_cases for i in u.needs_interfaces}
        enabled = 0
        for i in p.interfaces:
            production_state(b, i)
            if switched_off(i):
                continue  # off: nothing left to judge
            if i.production is None:
                # unknown is never insecure: not "enabled", not an "open" debug port; only how
                # its links are protected is a stated design fact worth judging
                links_protected(b, i)
                continue
            enabled += 1
            needed(b, i, wanted)
            debug_closed(b, i)
            links_protected(b, i)
        b.ok(
            f"{counted(len(p.interfaces), 'interface')} declared, {enabled} enabled in production",
            PROJECT_FILE,
        )
        observed_services(b, ctx)
        record = surface_recorded(b, ctx)
        if record is not None:
            surface_record_current(b, ctx, record)
            surface_growth(b, ctx, record)
        return b.result("every interface needed and protected, debug closed, surface recorded")


def _where(i: Interface) -> dict[str, object]:
    return {"subject": f"interface:{i.id}", "path": PROJECT_FILE, "line": i.line}


def interfaces_declared(b: ItemBuilder, p: Project) -> bool:
    """no-interfaces: without declared interfaces the attack surface is unknown."""
    if p.interfaces:
        return True
    b.gap(
        "no-interfaces",
        "no interfaces are declared: the attack surface is unknown",
        path=PROJECT_FILE,
        fix=edit(PROJECT_FILE, "interfaces", note="every entry point of the device"),
    )
    return False


def production_state(b: ItemBuilder, i: Interface) -> None:
    """production-unknown: whether an interface is on in production must be stated."""
    if i.production is None:
        b.gap(
            "production-unknown",
            f"interface '{i.id}': production state not stated",
            fix=edit(PROJECT_FILE, f"interfaces[{i.id}].production", "enabled|disabled|removed"),
            **_where(i),
        )


def needed(b: ItemBuilder, i: Interface, wanted: set[str]) -> None:
    """unneeded: an interface left on in production must serve a use case."""
    if not i.needed_for and i.id not in wanted:
        b.gap(
            "unneeded",
            f"interface '{i.id}' is enabled in production but needed by no use case",
            fix=edit(
                PROJECT_FILE,
                f"interfaces[{i.id}].production",
                "disabled",
                note="once disabled or removed in production; or name the use case in needed_for",
            ),
            **_where(i),
        )


def debug_closed(b: ItemBuilder, i: Interface) -> None:
    """debug-open: a debug port (JTAG, SWD, kind debug) left on in production is a failure."""
    if is_debug_interface(i):
        b.fail(
            "debug-open",
            f"debug port '{i.id}' ({i.protocol.value if i.protocol else 'debug'}) is "
            "enabled in production",
            fix=edit(
                PROJECT_FILE,
                f"interfaces[{i.id}].production",
                "disabled",
                note="once fused, locked or removed on production units",
            ),
            **_where(i),
        )


def _kind(i: Interface) -> str:
    """The interface's kind as messages name it ("link" when not stated)."""
    return i.kind.value if i.kind else "link"


def links_protected(b: ItemBuilder, i: Interface) -> None:
    """unauthenticated, unencrypted: network, wireless and API links need both, strongly."""
    if not needs_link_protection(i):
        return
    if authentication_strength(i.authentication) in (Strength.NONE, Strength.UNKNOWN):
        b.gap(
            "unauthenticated",
            f"{_kind(i)} interface '{i.id}' is not authenticated "
            f"({i.authentication.value if i.authentication else 'not stated'})",
            fix=edit(
                PROJECT_FILE,
                f"interfaces[{i.id}].authentication",
                "mutual-tls|certificate|token",
                note="once the interface authenticates its peers",
            ),
            **_where(i),
        )
    if interface_encryption(i) is not Strength.STRONG:
        b.gap(
            "unencrypted",
            f"{_kind(i)} interface '{i.id}' is not strongly encrypted "
            f"({i.encryption.value if i.encryption else 'not stated'})",
            fix=edit(
                PROJECT_FILE,
                f"interfaces[{i.id}].encryption",
                "tls1.3|tls1.2",
                note="once the link is encrypted",
            ),
            **_where(i),
        )


def observed_services(b: ItemBuilder, ctx: CheckContext) -> None:
    """undeclared-port, disabled-port, undeclared-host: the latest port scan against the model."""
    if not ctx.services:
        return
    issues = service_issues(ctx.project, ctx.services)
    for issue in issues:
        b.gap(
            issue.rule,
            issue.message,
            subject=f"element:{issue.element}" if issue.element else f"host:{issue.host}",
            path=ctx.services_path or PROJECT_FILE,
            fix=service_fix(issue),
        )
    if not issues:
        b.ok(f"every one of {len(ctx.services)} listening services seen is declared and enabled")


def service_fix(issue: MappingIssue) -> str:
    """What to do about a listening service the model does not explain, per issue rule code."""
    if issue.rule == "disabled-port" and issue.interface:
        return edit(
            PROJECT_FILE,
            f"interfaces[{issue.interface}].production",
            "enabled",
            note="or close the port: the build does not match the model",
        )
    if issue.rule == "undeclared-port":
        service = f" ({issue.service})" if issue.service else ""
        return edit(
            PROJECT_FILE,
            "interfaces[]",
            f"element: {issue.element}, port: {issue.port}{service}, with the use case that "
            "needs it",
            note="or close the port in production",
        )
    return edit(PROJECT_FILE, "pentest_targets[]", f"host: {issue.host}, element: ELEMENT-ID")


def surface_recorded(b: ItemBuilder, ctx: CheckContext) -> SurfaceRecord | None:
    """no-surface-record: the attack-surface figures of this release must be recorded."""
    version = ctx.project.device.version
    record = current_record(ctx.surface_history, version)
    if record is None:
        b.gap(
            "no-surface-record",
            f"no attack-surface figures are recorded for this release ({version})",
            path=f"{SURFACE_DIR}/",
            fix=command("surface", ctx.project_dir, "--record"),
        )
    return record


def surface_record_current(b: ItemBuilder, ctx: CheckContext, record: SurfaceRecord) -> None:
    """surface-record-stale: the recorded score must match the model as it is now."""
    now = surface(ctx.project, ctx.services)
    if now.score != record.score:
        b.gap(
            "surface-record-stale",
            f"the attack-surface record of {record.version} is out of date (recorded score "
            f"{record.score}, now {now.score})",
            path=record.path,
            fix=command("surface", ctx.project_dir, "--record"),
        )


def surface_growth(b: ItemBuilder, ctx: CheckContext, record: SurfaceRecord) -> None:
    """surface-grew: the surface may grow from the previous release only with a rationale."""
    version = ctx.project.device.version
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
            fix=command("surface", ctx.project_dir, "--record", "--rationale", "WHY"),
        )
        return
    why = f"; rationale: {record.rationale}" if delta > 0 and record.rationale else ""
    b.ok(
        f"attack surface of {version}: score {record.score} ({previous.version}: "
        f"{previous.score}, {'+' if delta > 0 else ''}{delta}){why}",
        record.path,
    )


ITEM = SecurityConcept()
