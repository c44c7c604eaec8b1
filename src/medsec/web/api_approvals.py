"""The risk acceptances waiting for an approver, with what the approver judges them by.

For each live threat of the branch head's threats.yaml whose decision is ``accept`` and that
no approver signed: the threat engine's assessment (``engines.threats.assess``: inherent and
residual CVSS, risk and residual risk, the linked hazards, the controls, the status and its
problems), the expiry and benefit-risk analysis of the entry, who proposed the acceptance and
when (the git author of the entry's ``decision:`` line, as ``git blame`` tells it: the
register keeps no proposer of its own) and a link to the threat in the head's report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from medsec.domain.paths import REGISTER_FILE
from medsec.domain.vocabulary import Decision
from medsec.web.api_lookup import CURRENT, VersionTree
from medsec.web.api_models import CvssOut, HazardOut, PendingApprovalOut


@dataclass(frozen=True)
class Proposal:
    """Who wrote the ``decision`` line of a register entry, when, in which commit."""

    author: str
    at: dt.datetime
    commit: str


def proposal(repo: Any, head: VersionTree, entry: Any, following: int | None) -> Proposal | None:
    """Who wrote the ``decision:`` line of ``entry`` (its lines end before ``following``)."""
    if entry.line is None:
        return None
    path = str(PurePosixPath(repo.project_dir) / REGISTER_FILE).removeprefix("./")
    if following is None:  # the last entry: up to the end of the file
        following = (head.tree / REGISTER_FILE).read_bytes().count(b"\n") + 1
    last = following - 1
    from medsec.project import git

    lines = git.blame(Path(repo.path), head.commit, path, entry.line, max(last, entry.line))
    for line in lines:
        if line.text.strip().startswith("decision:"):
            return Proposal(line.author, line.at, line.commit)
    return None


def _cvss(scores: Sequence[Any]) -> list[CvssOut]:
    """The scores that exist, as the API shows them."""
    return [
        CvssOut(version=s.version, vector=s.vector, score=s.score, severity=str(s.severity))
        for s in scores
        if s is not None
    ]


def _level(value: Any) -> str | None:
    """A risk level's value (None when not rated)."""
    return None if value is None else str(value.value)


def _out(repo: Any, judged: Any, proposed: Proposal | None, hazards: Sequence[Any]) -> Any:
    """One pending acceptance with everything the approver needs."""
    e, a = judged.entry, judged.entry.assessment
    threat = e.threat
    return PendingApprovalOut(
        threat_id=threat.id,
        title=threat.title,
        target=f"{threat.target.kind.value} {threat.target.id}",
        rationale=a.rationale,
        expires=a.expires,
        rule=threat.rule,
        categories=[str(s.value) for s in (*threat.stride, *threat.linddun)],
        cvss=_cvss([judged.v3_1, judged.v4_0]),
        residual=_cvss([judged.residual_v3_1, judged.residual_v4_0]),
        risk=_level(judged.risk),
        residual_risk=_level(judged.residual_risk),
        safety=judged.safety,
        hazards=[HazardOut(id=h.id, harm=h.harm, severity=_level(h.severity)) for h in hazards],
        controls=list(judged.controls),
        status=judged.status.value,
        problems=list(judged.problems),
        benefit_risk=a.benefit_risk,
        first_seen=e.first_seen,
        decided=a.date,
        proposed_by=proposed.author if proposed else None,
        proposed_at=proposed.at if proposed else None,
        proposed_in=proposed.commit if proposed else None,
        report=f"/devices/{quote(repo.name, safe='')}/{CURRENT}/report#{threat_anchor(threat.id)}",
    )


def threat_anchor(threat_id: str) -> str:
    """The anchor of a threat's row in the served report (``pages_report`` sets it)."""
    return "threat-" + quote(threat_id, safe="")


def pending(repo: Any, head: VersionTree, today: dt.date) -> list[PendingApprovalOut]:
    """Risk acceptances of live threats on the branch head that no approver has signed yet."""
    from medsec.engines.threats.assess import assess, linked_hazards
    from medsec.project.loader import load_project
    from medsec.project.register_file import load_register

    entries, _ = load_register(head.tree)
    waiting = [
        e
        for e in entries
        if not e.obsolete and e.assessment.decision is Decision.ACCEPT and not e.assessment.approver
    ]
    if not waiting:
        return []
    project = load_project(head.tree)
    starts = sorted(e.line for e in entries if e.line is not None)
    out = []
    for e in waiting:
        following = next((n for n in starts if e.line is not None and n > e.line), None)
        judged = assess(project, e, today=today)
        hazards = linked_hazards(project, e)
        out.append(_out(repo, judged, proposal(repo, head, e, following), hazards))
    return sorted(out, key=lambda p: p.threat_id)
