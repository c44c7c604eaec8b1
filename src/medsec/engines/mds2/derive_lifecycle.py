"""CSUP, RDMP, SBOM and SAHD: updates, support, the SBOM and hardening.

Derived from the elements' ``update`` (``signed``, ``channel``), ``secure_boot``, the SBOM
files as ``medsec check`` read them (components, NTIA fields, support data, IEC 81001-5-1
classes from support.yaml), the policy's deadlines and scan cadence, the recorded
secure-development ``activities``, and which interfaces a use case needs.
"""

from __future__ import annotations

from medsec.domain.model import Element, Interface
from medsec.domain.vocabulary import (
    ROUTABLE_PROTOCOLS,
    WIRELESS_PROTOCOLS,
    Activity,
    ElementType,
    InterfaceKind,
    Protocol,
)
from medsec.engines.compliance.context import SbomFact
from medsec.engines.judgements import is_debug_interface
from medsec.engines.mds2.facts import (
    NO,
    SEE,
    YES,
    Answers,
    View,
    answer,
    el,
    ids,
    itf,
    model_fact,
)
from medsec.engines.mds2.model import Derived, Fact
from medsec.engines.sbom.ntia import Field

_REMOTE = ROUTABLE_PROTOCOLS | WIRELESS_PROTOCOLS
_FILE_SHARES = (Protocol.SMB, Protocol.FTP, Protocol.SFTP)


def _software(v: View) -> list[Element]:
    """The device's software elements (processes, unless stated otherwise)."""
    return [e for e in v.ours if e.is_software]


def _firmware(v: View) -> list[Element]:
    """Software inside the device's enclosure."""
    return [e for e in _software(v) if v.on_hardware(e.id)]


def _remote_channel(elements: list[Element]) -> tuple[list[Element], bool]:
    """Elements updated over a network or radio, and whether every channel is stated."""
    remote = [e for e in elements if e.update and e.update.channel in _REMOTE]
    stated = all(
        e.update is not None and (e.update.channel is not None or e.updatable is False)
        for e in elements
    )
    return remote, stated


def derive_csup(v: View) -> Answers:
    """CSUP-1, 3, 3.3, 5, 5.3, 11 and 11.2."""
    software = _software(v)
    out: Answers = {}
    if software:
        out["CSUP-1"] = answer(
            YES,
            f"Software that needs security updates: {ids(software)}.",
            [el(e, "type") for e in software],
        )
    firmware = _firmware(v)
    if firmware:
        out["CSUP-3"] = answer(
            YES, f"Firmware in the device: {ids(firmware)}.", [el(e, "boundary") for e in firmware]
        )
        remote, stated = _remote_channel(firmware)
        facts = [el(e, "update") for e in firmware]
        if remote:
            out["CSUP-3.3"] = answer(YES, f"Updated remotely: {ids(remote)}.", facts)
        elif stated:
            out["CSUP-3.3"] = answer(NO, "Firmware is updated only locally.", facts)
    out |= _cots(v)
    out |= _process(v)
    return out


def _cots(v: View) -> Answers:
    """CSUP-5 and 5.3: third-party components (support.yaml classes) and how they are updated."""
    third = [
        (s, sum(n for cls, n in s.classes if cls in ("supported", "required")))
        for s in v.ctx.sboms
        if s.exists and s.problem is None
    ]
    third = [(s, n) for s, n in third if n]
    if not third:
        return {}
    facts = [Fact(s.path, "components (supported, required)", str(n)) for s, n in third]
    total = sum(n for _, n in third)
    out = {
        "CSUP-5": answer(
            YES, f"{total} third-party components (IEC 81001-5-1 supported/required).", facts
        )
    }
    holders = [e for e in _software(v) if any(s.element == e.id for s, _ in third)]
    remote, _ = _remote_channel(holders)
    if remote:
        out["CSUP-5.3"] = answer(
            YES,
            f"Shipped in images updated remotely: {ids(remote)}.",
            [el(e, "update") for e in remote],
        )
    return out


def _process(v: View) -> Answers:
    """CSUP-11 and 11.2: the vulnerability process and its cadence from the policy and scans."""
    p = v.project
    if not p.policy_declared:
        return {}
    policy = p.policy
    facts = [
        model_fact("policy.triage_days", dict(policy.triage_days)),
        model_fact("policy.remediation_days", dict(policy.remediation_days)),
        model_fact("policy.cve_scan_interval_days", policy.cve_scan_interval_days),
    ]
    scans = sorted(v.ctx.scans, key=lambda s: s.date)
    if scans:
        facts.append(Fact(scans[-1].path, "date", scans[-1].date.isoformat()))
    note = (
        f"Vulnerabilities are triaged and remediated within the policy's deadlines; CVE analysis "
        f"at least every {policy.cve_scan_interval_days} days"
        + (f" (last scan {scans[-1].date.isoformat()})." if scans else ".")
    )
    return {"CSUP-11": answer(YES, note, facts), "CSUP-11.2": answer(YES, note, facts[2:])}


def derive_rdmp(v: View) -> Answers:
    """RDMP-1, 2 (activities), 3 (support data), 4 (end of life) from the project and SBOMs."""
    return _activities(v) | _support(v)


def _activities(v: View) -> Answers:
    """RDMP-1 and RDMP-2 from the recorded secure-development activities."""
    acts = v.project.activities
    if not acts:
        return {}
    kinds = ", ".join(sorted({a.activity.value for a in acts}))
    facts = [model_fact(f"activities.{a.activity.value}.date", a.date, a.line) for a in acts[:10]]
    note = f"Secure development activities (IEC 81001-5-1) recorded: {kinds}."
    out = {"RDMP-1": answer(YES, note, facts)}
    reviews = [a for a in acts if a.activity is Activity.DEPENDENCY_REVIEW]
    if reviews:
        rfacts = [model_fact("activities.dependency-review.date", a.date, a.line) for a in reviews]
        note = "Third-party components are reviewed (dependency-review)."
        out["RDMP-2"] = answer(YES, note, rfacts)
    return out


def _readable(v: View) -> list[SbomFact]:
    """The SBOM facts that were read and list components."""
    return [s for s in v.ctx.sboms if s.exists and s.problem is None and s.components]


def _support(v: View) -> Answers:
    """RDMP-3 (support dates) and RDMP-4 (components past end of support without a plan)."""
    read = _readable(v)
    if not read:
        return {}
    total = sum(s.components or 0 for s in read)
    missing = sum(s.missing_support or 0 for s in read)
    facts = [
        Fact(s.path, "components without support data", str(s.missing_support or 0)) for s in read
    ]
    out: Answers = {}
    if missing == 0:
        note = f"Level and end of support stated for all {total} components."
        out["RDMP-3"] = answer(YES, note, facts)
    else:
        note = f"End of support stated for {total - missing} of {total} components."
        out["RDMP-3"] = answer(SEE, note, facts)
    past = list(dict.fromkeys((s.path, label) for s in read for label in s.past_end_of_support))
    if past:
        pfacts = [Fact(path, "past end of support, no recorded acceptance", x) for path, x in past]
        labels = ", ".join(dict.fromkeys(label for _, label in past))
        note = f"Past end of support without a recorded plan: {labels}."
        out["RDMP-4"] = answer(NO, note, pfacts[:10])
    elif missing == 0:
        note = "Every component has an end-of-support date; none is past it unaccepted."
        out["RDMP-4"] = answer(YES, note, facts)
    return out


def derive_sbom(v: View) -> Answers:
    """SBOM-1, 2, 2.1-2.4 from the SBOM files of the software elements."""
    software = _software(v)
    if not software:
        return {}
    covered = [
        e for e in software if e.sbom and all(s.exists for s in v.ctx.sboms if s.element == e.id)
    ]
    lacking = [e for e in software if e not in covered]
    facts = [el(e, "sbom") for e in software]
    if not lacking:
        out = {"SBOM-1": answer(YES, "Every software element has an SBOM.", facts)}
    elif covered:
        out = {"SBOM-1": answer(SEE, f"SBOMs for {ids(covered)}; none for {ids(lacking)}.", facts)}
    else:
        return {"SBOM-1": answer(NO, "No software element has an SBOM.", facts)}
    return out | _sbom_content(v)


def _sbom_content(v: View) -> Answers:
    """SBOM-2 … 2.4: format and component fields, counted over the SBOMs read."""
    read = _readable(v)
    if not read:
        return {}
    paths = sorted({s.path for s in read})
    standard = [p for p in paths if ".cdx." in p or ".spdx" in p]
    out: Answers = {}
    if len(standard) == len(paths):
        facts = [Fact(p, "format", "CycloneDX" if ".cdx." in p else "SPDX") for p in standard]
        out["SBOM-2"] = answer(YES, "CycloneDX and SPDX documents.", facts)
    total = sum(s.components or 0 for s in read)
    counted = [Fact(s.path, "components", str(s.components)) for s in read]
    out["SBOM-2.1"] = answer(YES, f"{total} components listed.", counted)
    for qid, field, what in (
        ("SBOM-2.2", Field.SUPPLIER, "a supplier"),
        ("SBOM-2.3", Field.VERSION, "a version"),
        ("SBOM-2.4", Field.UNIQUE_ID, "a purl or CPE"),
    ):
        out[qid] = _field_answer(read, field, what, total)
    return out


def _lacking(s: SbomFact, field: Field) -> int:
    """Components of one SBOM without ``field``."""
    return sum(1 for c in s.incomplete if field in c.missing)


def _field_answer(read: list[SbomFact], field: Field, what: str, total: int) -> Derived:
    """Yes when every component states ``field``, else how many do."""
    lacking = sum(_lacking(s, field) for s in read)
    facts = [
        Fact(s.path, f"components without {field.value}", str(_lacking(s, field))) for s in read
    ]
    if lacking == 0:
        return answer(YES, f"Every component has {what}.", facts)
    return answer(SEE, f"{total - lacking} of {total} components have {what}.", facts)


def derive_sahd(v: View) -> Answers:
    """SAHD-1, 3, 3.1, 3.2, 7, 8, 9, 11, 14.1, 15."""
    out = _integrity(v)
    out |= _needed(v)
    out |= _boot(v)
    guides = [a for a in v.project.activities if a.activity is Activity.HARDENING_GUIDE]
    if guides:
        facts = [
            model_fact("activities.hardening-guide.evidence", a.evidence, a.line) for a in guides
        ]
        out["SAHD-1"] = answer(YES, "A hardening guide is recorded.", facts)
        out["SAHD-14.1"] = answer(YES, "A hardening guide is recorded.", facts)
    return out


def _split(items: list[Element], attr: str) -> tuple[list[Element], list[Element], list[Element]]:
    """Elements whose boolean ``attr`` is true, false, unstated."""
    return (
        [e for e in items if getattr(e, attr) is True],
        [e for e in items if getattr(e, attr) is False],
        [e for e in items if getattr(e, attr) is None],
    )


def _integrity(v: View) -> Answers:
    """SAHD-3, 3.1 (verified boot), 3.2 (signed updates)."""
    software = [e for e in _software(v) if e.type is ElementType.PROCESS]
    local = [e for e in software if not v.in_cloud(e.id)]
    on, off, unknown = _split(local, "secure_boot")
    facts = [el(e, "secure_boot") for e in local]
    out: Answers = {}
    boot = _mixed(on, off, unknown, "Verified boot", facts)
    if boot is not None:
        out["SAHD-3.1"] = boot
    signed, ufacts, signing = _signing(software)
    if signing is not None:
        out["SAHD-3.2"] = signing
    if on or signed:
        note = f"Integrity checks: verified boot ({ids(on) or '-'}), signed updates ({ids(signed) or '-'})."
        out["SAHD-3"] = answer(YES, note, facts + ufacts)
    return out


def _signing(software: list[Element]) -> tuple[list[Element], list[Fact], Derived | None]:
    """SAHD-3.2: the elements with signed updates, the facts, and the answer."""
    updated = [e for e in software if e.update is not None and e.update.signed is not None]
    signed = [e for e in updated if e.update and e.update.signed]
    unsigned = [e for e in updated if e not in signed]
    facts = [el(e, "update") for e in updated]
    return signed, facts, _mixed(signed, unsigned, [], "Signed updates", facts)


def _mixed(
    on: list[Element], off: list[Element], unknown: list[Element], what: str, facts: list[Fact]
) -> Derived | None:
    """Yes (all on), No (all off), See note (some of each); None while any is unstated."""
    if on and not off and not unknown:
        return answer(YES, f"{what} on every one of: {ids(on)}.", facts)
    if on and off:
        return answer(SEE, f"{what} on {ids(on)}; not on {ids(off)}.", facts)
    if off and not on:
        return answer(NO, f"No {what.lower()}: {ids(off)}.", facts)
    return None


def _needed(v: View) -> Answers:
    """SAHD-7, 8, 9: interfaces in production that no use case needs."""
    present = [i for i in v.interfaces if v.present(i)]
    if not present:
        return {}
    needs = {n for u in v.project.use_cases for n in u.needs_interfaces}
    spare = [i for i in present if not i.needed_for and i.id not in needs]
    facts = [itf(i, "needed_for") for i in (spare or present)[:10]]
    if spare:
        out = {"SAHD-8": answer(NO, f"Enabled but needed by no use case: {ids(spare)}.", facts)}
    else:
        note = "Every interface in production is needed by a use case."
        out = {"SAHD-8": answer(YES, note, facts)}
    kinds = (InterfaceKind.NETWORK, InterfaceKind.API, InterfaceKind.WIRELESS)
    services = [i for i in present if i.kind in kinds]
    out["SAHD-9"] = _unneeded(
        services, spare, "Network services", "Every network service in production"
    )
    shares = [i for i in present if i.protocol in _FILE_SHARES]
    out["SAHD-7"] = _unneeded(shares, spare, "File shares", "Every file share")
    return out


def _unneeded(pool: list[Interface], spare: list[Interface], what: str, every: str) -> Derived:
    """No naming the interfaces of ``pool`` no use case needs, else Yes."""
    idle = [i for i in pool if i in spare]
    if idle:
        return answer(
            NO, f"{what} no use case needs: {ids(idle)}.", [itf(i, "needed_for") for i in idle]
        )
    facts = [itf(i, "needed_for") for i in pool[:10]] or [
        model_fact("interfaces", f"no {what.lower()} in production")
    ]
    note = f"{every} is needed by a use case." if pool else f"The device offers no {what.lower()}."
    return answer(YES, note, facts)


def _boot(v: View) -> Answers:
    """SAHD-11 (boot media) and SAHD-15 (bootloader access) for the firmware in the enclosure."""
    firmware = [e for e in _firmware(v) if e.type is ElementType.PROCESS]
    if not firmware:
        return {}
    _, off, unknown = _split(firmware, "secure_boot")
    facts = [el(e, "secure_boot") for e in firmware]
    out: Answers = {}
    if off:
        out["SAHD-11"] = answer(NO, f"No verified boot: {ids(off)}.", facts)
    elif not unknown:
        out["SAHD-11"] = answer(YES, "Verified boot accepts only signed images.", facts)
    debug = [
        i
        for i in v.interfaces
        if is_debug_interface(i) and v.present(i) and i.element in {e.id for e in firmware}
    ]
    if debug:
        out["SAHD-15"] = answer(
            NO, f"Debug access in production: {ids(debug)}.", [itf(i, "production") for i in debug]
        )
    elif not off and not unknown:
        out["SAHD-15"] = answer(YES, "Verified boot and no debug access in production.", facts)
    return out
