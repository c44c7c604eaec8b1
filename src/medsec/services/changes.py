"""Use cases: the changes people make on the team server, written back to the project in git.

Each change goes through the project writer the CLI uses for the same file (the threat
register's writer, ``vulnerabilities.yaml``'s, ``medsec pentest set``'s service, the document
revision records), inside :func:`medsec.project.git.editing` (lock, checked-out branch, clean
files, no conflict with what the user saw; nothing half-written on failure), is committed with
the signed-in user as author, and is then recorded in the audit trail (``services.audit``)
with sha256 digests of the file before and after and the commit in its details.

The web layer checks roles; each use case checks them again (defence in depth): a principal
whose role is too low, or an API token where a person must sign, is refused with
:class:`NotAllowed` and nothing is changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from medsec.domain.errors import UsageError
from medsec.domain.identity import Principal, Role, Via
from medsec.domain.paths import VULNERABILITIES_FILE
from medsec.domain.threat import RegisterEntry
from medsec.domain.vocabulary import Decision
from medsec.project import git
from medsec.services.repositories import Repository

REGISTER = "threats.yaml"


class NotAllowed(UsageError):
    """The principal may not make this change (role too low, or a token where a person signs)."""

    reason = "forbidden"

    def __init__(self, message: str) -> None:
        """Keep the message for the CLI and the web error page."""
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Change:
    """A change written back: its commit, the files (repository-relative), its audit entry."""

    commit: str
    paths: tuple[str, ...]
    audit_seq: int


def _require(principal: Principal, role: Role, what: str, *, person: bool = False) -> None:
    """Refuse a principal below ``role`` (and an API token when ``person``)."""
    if person and principal.via is Via.TOKEN:
        raise NotAllowed(f"{what} needs a person signed in: an API token cannot sign")
    if not principal.role.allows(role):
        raise NotAllowed(
            f"{what} needs the {role.value} role; {principal.username} is {principal.role.value}"
        )


def signer(principal: Principal) -> str:
    """How a signature names its signer: ``Display Name (role)``."""
    return f"{principal.display_name} ({principal.role.value})"


def _rel(repo: Repository, name: str) -> str:
    """A project file's path relative to the repository's top."""
    return name if repo.project_dir == "." else f"{repo.project_dir}/{name}"


def _today() -> dt.date:
    """The day a change is dated (UTC)."""
    return dt.datetime.now(dt.UTC).date()


def _apply(
    engine: Engine,
    repo: Repository,
    principal: Principal,
    expected_head: str | None,
    change: _Spec,
) -> Change:
    """Edit through ``change.write`` under git.editing, commit, then record the audit entry."""
    from medsec.services import audit

    paths = [_rel(repo, p) for p in change.files]
    with git.editing(
        repo.root,
        repo.branch,
        paths,
        expected_head,
        message=change.message,
        author=principal.author(),
    ) as edit:
        change.write(repo.project)
        after = {p: _read(edit.file(p)) for p in edit.paths}
        before = dict(edit.before)
    commit = edit.commit or ""
    main = paths[0]
    details = {
        **change.details,
        "repository": repo.name,
        "commit": commit,
        "paths": sorted(paths),
        "role": principal.role.value,
        "via": principal.via.value,
    }
    entry = audit.record(
        engine,
        principal.username,
        change.action,
        f"{repo.name}:{main}#{change.target}",
        before.get(main),
        after.get(main),
        details,
    )
    return Change(commit, tuple(sorted(paths)), entry.seq)


def _read(path: Path) -> bytes | None:
    """A file's bytes; None when absent."""
    return path.read_bytes() if path.is_file() else None


@dataclass(frozen=True)
class _Spec:
    """One change to make: the files it writes, how, and how it is described."""

    files: Sequence[str]  # project-relative
    write: Callable[[Path], None]  # given the project folder in the working tree
    message: str
    action: str
    target: str
    details: dict[str, Any]


# --- the threat register -------------------------------------------------------------------


def _entry(root: Path, threat_id: str) -> tuple[tuple[RegisterEntry, ...], Any, RegisterEntry]:
    """The register as read and its entry ``threat_id``; UsageError when absent or obsolete."""
    from medsec.project.register_file import load_register
    from medsec.project.suggest import did_you_mean

    entries, document = load_register(root)
    entry = next((e for e in entries if e.threat.id == threat_id), None)
    if entry is None:
        hint = did_you_mean(threat_id, [e.threat.id for e in entries]) or "see the threat register"
        raise UsageError(f"no threat '{threat_id}' in {REGISTER} ({hint})")
    if entry.obsolete:
        raise UsageError(f"threat '{threat_id}' is obsolete: the model no longer produces it")
    return entries, document, entry


def _write_entry(root: Path, entries: Any, document: Any, updated: RegisterEntry) -> None:
    """Write the register with ``updated`` in place of its entry, through the register writer."""
    from medsec.project.register_file import load_register, write_register

    tid = updated.threat.id
    new = tuple(updated if e.threat.id == tid else e for e in entries)
    write_register(root, new, document, rewrite_assessments=[tid])
    load_register(root)  # read back: a register that does not load is never committed


def approve_risk_acceptance(
    engine: Engine,
    repo: Repository,
    threat_id: str,
    principal: Principal,
    meaning: str,
    expected_head: str | None,
) -> Change:
    """Approve a risk acceptance in threats.yaml: approver "Name (role)" and today's date.

    Refuses an entry whose decision is not ``accept``, one without a rationale, and one
    approved already. ``meaning`` (what the signature means) goes to the commit and the audit.
    """
    _require(principal, Role.APPROVER, "approving a risk acceptance", person=True)
    if not meaning.strip():
        raise UsageError("say what the approval means (e.g. 'risk accepted for release')")
    today = _today()

    def write(root: Path) -> None:
        """Set the approver of the acceptance, after checking it can be approved."""
        entries, document, entry = _entry(root, threat_id)
        a = entry.assessment
        if a.decision is not Decision.ACCEPT:
            shown = a.decision.value if a.decision else "no decision"
            raise UsageError(f"threat '{threat_id}' is not a risk acceptance ({shown})")
        if not (a.rationale or "").strip():
            raise UsageError(f"the acceptance of '{threat_id}' has no rationale: write one first")
        if a.approver:
            raise UsageError(f"the acceptance of '{threat_id}' is approved already ({a.approver})")
        approved = replace(a, approver=signer(principal), date=today)
        _write_entry(root, entries, document, replace(entry, assessment=approved))

    spec = _Spec(
        [REGISTER],
        write,
        f"Approve risk acceptance of {threat_id}\n\nMeaning: {meaning.strip()}\n"
        f"Approved-by: {signer(principal)}",
        "risk.approve",
        threat_id,
        {"threat": threat_id, "meaning": meaning.strip(), "approver": signer(principal)},
    )
    return _apply(engine, repo, principal, expected_head, spec)


def _decision(value: Decision | str) -> Decision:
    """A decision from its value; UsageError listing the values when unknown."""
    try:
        return Decision(value)
    except ValueError:
        allowed = ", ".join(d.value for d in Decision)
        raise UsageError(f"decision '{value}' is not one of {allowed}") from None


def decide_threat(
    engine: Engine,
    repo: Repository,
    threat_id: str,
    principal: Principal,
    decision: Decision | str,
    rationale: str | None,
    expected_head: str | None,
    *,
    controls: Sequence[str] | None = None,
    expires: dt.date | None = None,
) -> Change:
    """Record an engineer's decision on a threat (rationale, controls, expiry for ``accept``).

    A changed acceptance loses its approval: an approver must approve it again.
    """
    _require(principal, Role.ENGINEER, "deciding on a threat")
    chosen = _decision(decision)
    if chosen is Decision.ACCEPT and not (rationale or "").strip():
        raise UsageError(f"accepting the risk of '{threat_id}' needs a rationale")

    def write(root: Path) -> None:
        """Set the decision, keeping what was not given; the approval goes."""
        entries, document, entry = _entry(root, threat_id)
        a = entry.assessment
        decided = replace(
            a,
            decision=chosen,
            rationale=(rationale or "").strip() or a.rationale,
            controls=tuple(controls) if controls is not None else a.controls,
            expires=expires if expires is not None else a.expires,
            approver=None,
            date=None,
        )
        _write_entry(root, entries, document, replace(entry, assessment=decided))

    spec = _Spec(
        [REGISTER],
        write,
        f"Decide {chosen.value} for {threat_id}\n\n{(rationale or '').strip()}".rstrip(),
        "threat.decide",
        threat_id,
        {"threat": threat_id, "decision": chosen.value},
    )
    return _apply(engine, repo, principal, expected_head, spec)


# --- vulnerabilities.yaml ------------------------------------------------------------------


def _known_findings(root: Path) -> set[str]:
    """Finding ids a person may assess: in the latest scan record, a release scan, or assessed."""
    from medsec.project import scan_records
    from medsec.project.vulnerabilities_file import load_assessments

    known = set(load_assessments(root).assessments)
    latest = scan_records.latest(root)
    if latest is not None:
        known |= {f.id for f in latest.findings}
    for folder in sorted((root / "records" / "releases").glob("*/scans")):
        files = sorted(folder.glob("*.json"))
        if files:
            shown = files[-1].relative_to(root).as_posix()
            known |= {f.id for f in scan_records.read(files[-1], shown).findings}
    return known


def assess_vulnerability(
    engine: Engine,
    repo: Repository,
    finding_id: str,
    principal: Principal,
    state: str,
    justification: str | None,
    detail: str | None,
    expected_head: str | None,
) -> Change:
    """Assess one finding in vulnerabilities.yaml (a VEX state, its justification, a detail)."""
    from medsec.domain.vulnerability import Justification, VexState, VulnAssessment

    _require(principal, Role.ENGINEER, "assessing a vulnerability")
    try:
        chosen = VexState(state)
        why = Justification(justification) if justification else None
    except ValueError as error:
        raise UsageError(f"{error}: see the VEX states and justifications in docs") from None
    today = _today()

    def write(root: Path) -> None:
        """Merge the assessment into vulnerabilities.yaml and read it back."""
        from medsec.project.loader import load_project
        from medsec.project.vulnerabilities_file import (
            dump_assessments,
            load_assessments,
            save_assessments,
        )

        if finding_id not in _known_findings(root):
            raise UsageError(f"no finding '{finding_id}' in the scan records of {repo.name}")
        project = load_project(root)
        checks = {
            "hazards": {h.id for h in project.hazards},
            "elements": {e.id for e in project.elements},
        }
        loaded = load_assessments(root, today=today, **checks)
        old = loaded.assessments.get(finding_id)
        new = VulnAssessment(finding_id, chosen, why, detail=(detail or "").strip() or None)
        if old is not None:
            new = replace(old, state=chosen, justification=why, detail=new.detail)
        new = replace(new, author=signer(principal), date=today)
        merged = {**loaded.assessments, finding_id: new}
        text = dump_assessments(merged, loaded.document, changed=[finding_id])
        save_assessments(root, text)
        load_assessments(root, today=today, **checks)  # read back: refuse what does not load

    spec = _Spec(
        [VULNERABILITIES_FILE],
        write,
        f"Assess {finding_id}: {chosen.value}" + (f" ({why.value})" if why else ""),
        "vulnerability.assess",
        finding_id,
        {"finding": finding_id, "state": chosen.value, "justification": why and why.value},
    )
    return _apply(engine, repo, principal, expected_head, spec)


# --- pentest findings ----------------------------------------------------------------------


def set_pentest_finding_state(
    engine: Engine,
    repo: Repository,
    engagement: str,
    finding_id: str,
    principal: Principal,
    state: str,
    note: str | None,
    expected_head: str | None,
    *,
    change: str | None = None,
    rationale: str | None = None,
    expires: dt.date | None = None,
    retest: str | None = None,
) -> Change:
    """Move a pentest finding in its workflow with ``medsec pentest set``'s service.

    ``risk-accepted`` needs the approver role (the principal is the approver) and a rationale
    and expiry; ``fixed`` needs ``change``; ``retest-passed`` a later engagement (``retest``).
    """
    from medsec.domain.pentest import FindingState
    from medsec.engines.pentest.workflow import Decision as Step
    from medsec.project.findings_file import relative

    try:
        target = FindingState(state)
    except ValueError:
        allowed = ", ".join(s.value for s in FindingState)
        raise UsageError(f"state '{state}' is not one of {allowed}") from None
    accepting = target is FindingState.RISK_ACCEPTED
    needed = Role.APPROVER if accepting else Role.ENGINEER
    _require(principal, needed, f"setting a pentest finding {target.value}", person=accepting)
    today = _today()

    def write(root: Path) -> None:
        """Apply the workflow step with the pentest service."""
        from medsec.services import pentest_findings as service

        proof = service.retest_of(root, today, retest, None, None)
        step = Step(
            target, signer(principal), rationale, signer(principal) if accepting else None,
            expires, note, change, proof,
        )  # fmt: skip
        service.set_finding(service.SetOptions(root, finding_id, today, engagement, step))

    spec = _Spec(
        [relative(engagement)],
        write,
        f"Set pentest finding {finding_id} ({engagement}) {target.value}"
        + (f"\n\n{note.strip()}" if note and note.strip() else ""),
        "pentest.state",
        f"{engagement}/{finding_id}",
        {"engagement": engagement, "finding": finding_id, "state": target.value},
    )
    return _apply(engine, repo, principal, expected_head, spec)


# --- document revisions --------------------------------------------------------------------


def sign_document_revision(
    engine: Engine,
    repo: Repository,
    document: str,
    revision: int | str,
    principal: Principal,
    meaning: str,
    expected_head: str | None,
) -> Change:
    """Sign a recorded revision of a document (``records/documents/ID.json``) with a meaning."""
    from medsec.project.document_records import (
        DOCUMENTS_DIR,
        Signature,
        load_revisions,
        write_revisions,
    )

    _require(principal, Role.APPROVER, "signing a document revision", person=True)
    if not meaning.strip():
        raise UsageError("say what the signature means (e.g. 'approved for release')")
    if not document or "/" in document or "\\" in document or document.startswith("."):
        raise UsageError(f"'{document}' is not a document id (see medsec docs list)")
    try:
        number = int(revision)
    except ValueError:
        raise UsageError(f"revision '{revision}' is not a revision number") from None
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()

    def write(root: Path) -> None:
        """Add the signature to the revision."""
        revisions = load_revisions(root, document)
        found = next((r for r in revisions if r.number == number), None)
        if found is None:
            raise UsageError(
                f"{document} has no revision {number} in {DOCUMENTS_DIR}: build it first "
                f"(medsec docs build {document}) and commit the record"
            )
        if any(s.username == principal.username and s.meaning == meaning for s in found.signatures):
            raise UsageError(f"{principal.username} signed revision {number} already: {meaning}")
        mark = Signature(signer(principal), principal.username, meaning.strip(), stamp)
        signed = replace(found, signatures=(*found.signatures, mark))
        write_revisions(root, document, [signed if r is found else r for r in revisions])

    spec = _Spec(
        [f"{DOCUMENTS_DIR}/{document}.json"],
        write,
        f"Sign {document} revision {number}\n\nMeaning: {meaning.strip()}\n"
        f"Signed-by: {signer(principal)}",
        "document.sign",
        f"{document}@{number}",
        {"document": document, "revision": number, "meaning": meaning.strip()},
    )
    return _apply(engine, repo, principal, expected_head, spec)
