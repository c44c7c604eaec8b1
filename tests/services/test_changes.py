"""Changes made on the team server: written by the project writers, committed, audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from tests.services.server_repo import example_repo, git
from tests.storage.conftest import db_url  # noqa: F401 - the sqlite/PostgreSQL fixture

from medsec.domain.errors import UsageError
from medsec.domain.identity import Principal, Role, Via
from medsec.domain.vocabulary import Decision
from medsec.project.document_records import Revision, load_revisions, write_revisions
from medsec.project.git import GitError
from medsec.project.register_file import load_register
from medsec.project.vulnerabilities_file import load_assessments
from medsec.services import audit, changes
from medsec.services.repositories import Repository, add_repository
from medsec.storage import server_schema as s
from medsec.storage.store import AdvisoryStore

PENDING = "MD-11@drug-lib-server"  # the example's acceptance without an approver
APPROVED = "LINDDUN-D@clinician-app-ui"  # accepted and approved already
ANNA = Principal(1, "anna", "Anna Approver", "anna@example.org", Role.APPROVER)
ERIK = Principal(2, "erik", "Erik Engineer", "erik@example.org", Role.ENGINEER)
VERA = Principal(3, "vera", "Vera Viewer", None, Role.VIEWER)
TOKEN = Principal(4, "ci", "CI", None, Role.ADMIN, via=Via.TOKEN, repository="pump")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:  # noqa: F811 - the imported fixture
    store = AdvisoryStore.open(db_url)
    yield store.engine
    store.close()


@pytest.fixture
def repo(engine: Engine, tmp_path: Path) -> Repository:
    return add_repository(engine, example_repo(tmp_path / "pump"))


def head(repo: Repository) -> str:
    return git(repo.root, "rev-parse", "HEAD")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def audit_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(s.audit)).scalar_one())


def unchanged(engine: Engine, repo: Repository, before: str) -> None:
    """Nothing committed, nothing left in the working tree, nothing audited."""
    assert head(repo) == before
    assert git(repo.root, "status", "--porcelain") == ""
    assert audit_rows(engine) == 0


def entry_of(repo: Repository, threat_id: str) -> object:
    entries, _ = load_register(repo.project)
    return next(e for e in entries if e.threat.id == threat_id).assessment


def test_approve_a_risk_acceptance(engine: Engine, repo: Repository) -> None:
    seen = head(repo)
    old = (repo.root / "threats.yaml").read_bytes()

    change = changes.approve_risk_acceptance(
        engine, repo, PENDING, ANNA, "risk accepted for release 3.2", seen
    )

    assert change.commit == head(repo) != seen
    assert change.paths == ("threats.yaml",)
    shown = git(repo.root, "show", "-s", "--format=%an <%ae>|%cn|%B", "HEAD")
    assert shown.startswith("Anna Approver <anna@example.org>|medsec server|Approve risk")
    assert "Meaning: risk accepted for release 3.2" in shown
    assert git(repo.root, "show", "--numstat", "--format=", "HEAD") == "2\t0\tthreats.yaml"
    approved = entry_of(repo, PENDING)
    assert approved.approver == "Anna Approver (approver)"  # type: ignore[attr-defined]
    assert approved.date == dt.datetime.now(dt.UTC).date()  # type: ignore[attr-defined]
    assert approved.decision is Decision.ACCEPT  # type: ignore[attr-defined]
    assert git(repo.root, "status", "--porcelain") == ""

    entries = audit.verify(engine)
    assert entries.ok and entries.entries == 1
    with engine.connect() as conn:
        row = conn.execute(select(s.audit)).mappings().one()
    assert (row["seq"], row["actor"], row["action"]) == (change.audit_seq, "anna", "risk.approve")
    assert row["target"] == f"pump:threats.yaml#{PENDING}"
    assert row["before"] == sha(old)
    assert row["after"] == sha((repo.root / "threats.yaml").read_bytes())
    assert change.commit in row["details"] and "risk accepted for release 3.2" in row["details"]


@pytest.mark.parametrize(
    ("threat", "prepare", "message"),
    [
        (APPROVED, None, "approved already"),
        ("STRIDE-D@pump-log", None, "not a risk acceptance"),
        ("MD-99@nowhere", None, "no threat 'MD-99@nowhere'"),
        (PENDING, "drop-rationale", "has no rationale"),
    ],
)
def test_approval_refused_changes_nothing(
    engine: Engine, repo: Repository, threat: str, prepare: str | None, message: str
) -> None:
    if prepare == "drop-rationale":
        path = repo.root / "threats.yaml"
        text = path.read_text()
        start = text.index(f"- id: {PENDING}")
        block = text[start : text.index("\n  - id:", start)]
        cut = re.sub(r"\n    rationale: .*?(?=\n    \w+:|\Z)", "", block, flags=re.S)
        path.write_text(text.replace(block, cut))
        git(repo.root, "commit", "-qam", "no rationale")
    before = head(repo)
    bytes_before = (repo.root / "threats.yaml").read_bytes()
    with pytest.raises(UsageError, match=message):
        changes.approve_risk_acceptance(engine, repo, threat, ANNA, "approved", None)
    unchanged(engine, repo, before)
    assert (repo.root / "threats.yaml").read_bytes() == bytes_before


@pytest.mark.parametrize(
    ("who", "message"),
    [(ERIK, "needs the approver role; erik is engineer"), (TOKEN, "an API token cannot sign")],
)
def test_approval_needs_an_approver_in_person(
    engine: Engine, repo: Repository, who: Principal, message: str
) -> None:
    before = head(repo)
    with pytest.raises(changes.NotAllowed, match=message) as caught:
        changes.approve_risk_acceptance(engine, repo, PENDING, who, "approved", None)
    assert caught.value.reason == "forbidden"
    unchanged(engine, repo, before)


def test_approval_conflicts_with_a_change_since_the_page(engine: Engine, repo: Repository) -> None:
    seen = head(repo)
    path = repo.root / "threats.yaml"
    path.write_text(path.read_text() + "# edited by someone else\n")
    git(repo.root, "commit", "-qam", "someone else")
    moved = head(repo)
    with pytest.raises(GitError) as caught:
        changes.approve_risk_acceptance(engine, repo, PENDING, ANNA, "approved", seen)
    assert caught.value.reason == "conflict"
    unchanged(engine, repo, moved)
    assert entry_of(repo, PENDING).approver is None  # type: ignore[attr-defined]


def test_decide_threat_clears_an_approval(engine: Engine, repo: Repository) -> None:
    change = changes.decide_threat(
        engine, repo, APPROVED, ERIK, "accept", "Reworded after the DPIA review.", head(repo)
    )
    decided = entry_of(repo, APPROVED)
    assert decided.rationale == "Reworded after the DPIA review."  # type: ignore[attr-defined]
    assert decided.approver is None  # type: ignore[attr-defined]  # approved again later
    assert change.audit_seq == 1
    with pytest.raises(UsageError, match="needs a rationale"):
        changes.decide_threat(engine, repo, PENDING, ERIK, "accept", " ", None)
    with pytest.raises(UsageError, match="not one of mitigate"):
        changes.decide_threat(engine, repo, PENDING, ERIK, "ignore", "x", None)
    with pytest.raises(changes.NotAllowed):
        changes.decide_threat(engine, repo, PENDING, VERA, "mitigate", "x", None)
    assert head(repo) == change.commit


def test_assess_a_vulnerability(engine: Engine, repo: Repository) -> None:
    fid = "CVE-2022-37434@pkg:generic/zlib"
    change = changes.assess_vulnerability(
        engine, repo, fid, ERIK, "not_affected", "code_not_present", "zlib 1.3.1 fixed it", None
    )
    assert change.paths == ("vulnerabilities.yaml",)
    text = (repo.root / "vulnerabilities.yaml").read_text()
    assert "# GAP: decided for zlib 1.2.12 in June 2025" in text  # comments kept
    assessed = load_assessments(repo.project).assessments[fid]
    assert (assessed.state.value, assessed.justification.value) == (  # type: ignore[union-attr]
        "not_affected",
        "code_not_present",
    )
    assert assessed.author == "Erik Engineer (engineer)"
    assert assessed.detail == "zlib 1.3.1 fixed it"
    diff = git(repo.root, "show", "--numstat", "--format=", "HEAD").split("\t")
    assert diff[2] == "vulnerabilities.yaml" and int(diff[0]) <= 5  # only that entry changed

    before = head(repo)
    with pytest.raises(UsageError, match="no finding 'CVE-1@pkg:x/y'"):
        changes.assess_vulnerability(engine, repo, "CVE-1@pkg:x/y", ERIK, "exploitable", None, None, None)  # fmt: skip
    with pytest.raises(UsageError, match="fixed_it"):
        changes.assess_vulnerability(engine, repo, fid, ERIK, "fixed_it", None, None, None)
    with pytest.raises(changes.NotAllowed):
        changes.assess_vulnerability(engine, repo, fid, VERA, "exploitable", None, None, None)
    assert head(repo) == before
    assert git(repo.root, "status", "--porcelain") == ""


def test_set_a_pentest_finding_state(engine: Engine, repo: Repository) -> None:
    findings = "pentests/pt-2026/findings.yaml"
    before = head(repo)
    # the pentest service's own rule: not fixed while its cause is still in the model
    with pytest.raises(UsageError, match="cause is still in the model"):
        changes.set_pentest_finding_state(
            engine, repo, "pt-2026", "PT-2026-01", ERIK, "fixed", None, None, change="fw 3.2.1"
        )
    with pytest.raises(changes.NotAllowed, match="approver"):
        changes.set_pentest_finding_state(
            engine, repo, "pt-2026", "PT-2026-01", ERIK, "risk-accepted", None, None
        )
    with pytest.raises(UsageError, match="not one of open"):
        changes.set_pentest_finding_state(
            engine, repo, "pt-2026", "PT-2026-01", ERIK, "closed", None, None
        )
    unchanged(engine, repo, before)

    expires = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=180)
    change = changes.set_pentest_finding_state(
        engine, repo, "pt-2026", "PT-2026-01", ANNA, "risk-accepted", "until 3.3", before,
        rationale="Console needs the service key and physical access.", expires=expires,
    )  # fmt: skip
    assert change.paths == (findings,)
    text = (repo.root / findings).read_text()
    block = text[text.index("- id: PT-2026-01") : text.index("- id: PT-2026-02")]
    assert "state: risk-accepted" in block
    assert "approver: Anna Approver (approver)" in block
    assert expires.isoformat() in block
    reopened = changes.set_pentest_finding_state(
        engine, repo, "pt-2026", "PT-2026-01", ERIK, "open", "new attack path", None
    )
    assert reopened.audit_seq == change.audit_seq + 1
    assert git(repo.root, "status", "--porcelain") == ""


def test_sign_a_document_revision(engine: Engine, repo: Repository) -> None:
    revision = Revision(1, dt.date(2026, 12, 1), "a" * 64, "b" * 64, {"medsec.yaml": "c" * 64}, {})
    write_revisions(repo.project, "security-plan", [revision])
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-qm", "docs build")

    change = changes.sign_document_revision(
        engine, repo, "security-plan", "1", ANNA, "approved for release", head(repo)
    )

    assert change.paths == ("records/documents/security-plan.json",)
    (signed,) = load_revisions(repo.project, "security-plan")
    assert [(x.name, x.meaning) for x in signed.signatures] == [
        ("Anna Approver (approver)", "approved for release")
    ]
    assert signed.inputs_digest == "a" * 64  # the revision itself is untouched
    assert "Signed-by: Anna Approver (approver)" in git(repo.root, "log", "-1", "--format=%B")

    before = head(repo)
    with pytest.raises(UsageError, match="signed revision 1 already"):
        changes.sign_document_revision(
            engine, repo, "security-plan", 1, ANNA, "approved for release", None
        )
    with pytest.raises(UsageError, match="medsec docs build security-plan"):
        changes.sign_document_revision(engine, repo, "security-plan", 2, ANNA, "ok", None)
    with pytest.raises(UsageError, match="not a document id"):
        changes.sign_document_revision(engine, repo, "../medsec", 1, ANNA, "ok", None)
    with pytest.raises(changes.NotAllowed):
        changes.sign_document_revision(engine, repo, "security-plan", 1, ERIK, "ok", None)
    assert head(repo) == before
    assert audit.verify(engine).entries == 1


def test_every_change_is_one_commit_and_one_chained_entry(engine: Engine, repo: Repository) -> None:
    first = changes.approve_risk_acceptance(engine, repo, PENDING, ANNA, "approved", None)
    second = changes.assess_vulnerability(
        engine, repo, "CVE-2022-37434@pkg:generic/zlib", ERIK, "in_triage", None, None, None
    )
    assert (first.audit_seq, second.audit_seq) == (1, 2)
    assert git(repo.root, "rev-list", "--count", "HEAD") == "3"
    assert audit.verify(engine).ok
