"""The team server's tables, in the same database and migrations as the vulnerability data.

``medsec serve`` and ``medsec monitor`` keep what is not a device's security file here; the
device projects stay plain files in git (the single source of truth), so nothing in these
tables is a decision about a device: decisions are written back to the project as commits.

* ``repositories`` — registered project repositories: a local git repository, the folder of the
  project inside it, the branch changes are committed to and the tag pattern of released versions.
* ``release_summaries`` — per repository × released version (a tag) and commit: the figures the
  portfolio dashboard shows (checklist status per item, open critical/KEV findings, overdue
  deadlines, end of support, pentest age, last CVE analysis), computed once per commit and scan.
* ``release_scans`` — each monitoring scan of a released version: when, against which data
  snapshots, what it found, and the project file it was committed to as evidence.
* ``accounts`` — local and single-sign-on accounts: role, argon2 hash, lockout state.
* ``login_attempts`` — recent failed sign-ins per key (user name or client address): rate limits
  shared by every server process.
* ``sessions`` — signed-in browser sessions (only a hash of the cookie's token is kept), with the
  time of the last re-authentication for signatures.
* ``api_tokens`` — tokens for CI scoped to one repository (only their hash is kept).
* ``audit`` — the append-only, hash-chained audit trail of every change and sign-in.
* ``jobs`` — the work queue (monitoring runs, rescans): several server processes share it
  (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL).
* ``notifications`` — what was notified, once per finding/deadline and channel.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from medsec.storage.schema import metadata

repositories = Table(
    "repositories",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("path", Text, nullable=False),  # the git repository (working tree) on the server
    Column("project_dir", String(400), nullable=False),  # folder of medsec.yaml inside it
    Column("branch", String(200), nullable=False),  # where UI changes are committed
    Column("release_pattern", String(200), nullable=False),  # glob over tag names, "v*"
    Column("added_at", DateTime(timezone=True), nullable=False),
)

release_summaries = Table(
    "release_summaries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("repository_id", Integer, ForeignKey("repositories.id"), nullable=False),
    Column("version", String(200), nullable=False),  # the tag, or the branch for "current"
    Column("commit", String(64), nullable=False),
    Column("released_at", DateTime(timezone=True), nullable=True),  # the tag's commit date
    Column("computed_at", DateTime(timezone=True), nullable=False),
    Column("summary", Text, nullable=False),  # JSON: the dashboard figures of this version
    UniqueConstraint("repository_id", "version"),
)

release_scans = Table(
    "release_scans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("repository_id", Integer, ForeignKey("repositories.id"), nullable=False),
    Column("version", String(200), nullable=False),
    Column("commit", String(64), nullable=False),
    Column("scanned_at", DateTime(timezone=True), nullable=False),
    Column("snapshots", Text, nullable=False),  # JSON list of the snapshot ids used
    Column("findings", Integer, nullable=False),
    Column("critical", Integer, nullable=False),
    Column("kev", Integer, nullable=False),
    Column("record_path", Text, nullable=True),  # project file the record was committed to
    Column("record_commit", String(64), nullable=True),
    Column("result", Text, nullable=False),  # JSON: finding ids with severity/KEV, for diffs
)
Index(None, release_scans.c.repository_id, release_scans.c.version, release_scans.c.scanned_at)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(200), nullable=False, unique=True),
    Column("display_name", String(400), nullable=False),
    Column("email", String(400), nullable=True),
    Column("role", String(16), nullable=False),  # viewer | engineer | approver | admin
    Column("password_hash", Text, nullable=True),  # argon2; None for single-sign-on only
    Column("oidc_subject", String(400), nullable=True, unique=True),  # "issuer|sub"
    Column("failed_logins", Integer, nullable=False),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("disabled", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(400), nullable=False),  # "user:NAME" or "ip:ADDRESS"
    Column("at", DateTime(timezone=True), nullable=False),
)
Index(None, login_attempts.c.key, login_attempts.c.at)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("reauth_at", DateTime(timezone=True), nullable=True),
    Column("csrf", String(64), nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("repository_id", Integer, ForeignKey("repositories.id"), nullable=False),
    Column("scopes", String(400), nullable=False),  # space-separated: "upload read"
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("last_used", DateTime(timezone=True), nullable=True),
)

audit = Table(
    "audit",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),  # 1, 2, 3 ... no gaps
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(80), nullable=False),
    Column("target", Text, nullable=False),
    Column("before", String(64), nullable=True),  # sha256 of what the change replaced
    Column("after", String(64), nullable=True),  # sha256 of what it wrote
    Column("details", Text, nullable=False),  # JSON, canonical (sorted keys)
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

jobs = Table(
    "jobs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(40), nullable=False),
    Column("payload", Text, nullable=False),  # JSON
    Column("state", String(12), nullable=False),  # queued | running | done | failed
    Column("run_after", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("locked_by", String(200), nullable=True),
    Column("locked_at", DateTime(timezone=True), nullable=True),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Column("error", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index(None, jobs.c.state, jobs.c.run_after)

notifications = Table(
    "notifications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(600), nullable=False),  # what: "kev:CVE-..@purl@repo@version"
    Column("channel", String(40), nullable=False),  # "email" | "webhook"
    Column("sent_at", DateTime(timezone=True), nullable=False),
    Column("status", String(200), nullable=False),  # "sent" or the failure
    UniqueConstraint("key", "channel"),
)
