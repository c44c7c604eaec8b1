"""API tokens of the team server: create, check, revoke, list.

A token is ``mst_`` plus a random secret of which only the sha256 is stored; it is limited to
one repository and to scopes among :data:`SCOPES`, and lives 1 to 366 days. Creating and
revoking a token are admin changes, audited in the transaction that makes them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, insert, select, update

from medsec.domain.errors import UsageError
from medsec.domain.identity import Principal, Role, Via
from medsec.services import accounts, audit
from medsec.storage import server_schema as s

TOKEN_PREFIX = "mst_"  # noqa: S105 - the visible prefix of API tokens, not a secret
SCOPES = frozenset({"read", "upload"})
MAX_TOKEN_DAYS = 366


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """An API token without its secret: what ``medsec token list`` and the admin page show."""

    id: int
    name: str
    username: str
    repository: str
    scopes: frozenset[str]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used: datetime | None


def _check_scopes(scopes: set[str] | frozenset[str]) -> frozenset[str]:
    """Scopes among :data:`SCOPES`, at least one."""
    unknown = sorted(set(scopes) - SCOPES)
    if unknown or not scopes:
        raise UsageError(
            f"token scopes {', '.join(unknown) or '(none)'} not valid: "
            f"use --scope with one or more of {', '.join(sorted(SCOPES))}"
        )
    return frozenset(scopes)


def create_token(
    engine: Engine,
    account_id: int,
    repository: str,
    scopes: set[str],
    days: int = 90,
    *,
    name: str | None = None,
    actor: Principal | None = None,
) -> str:
    """A new API token of an account for one repository; the secret is returned once only."""
    chosen = _check_scopes(scopes)
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise UsageError(f"--days {days}: a token lives 1 to {MAX_TOKEN_DAYS} days")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = accounts.utc_now()
    accounts.require_admin(engine, actor, "token.create", f"repository:{repository}")
    with audit.writing(engine) as conn:
        owner, repo_id = _token_parts(conn, account_id, repository)
        label = (name or f"{repository} {' '.join(sorted(chosen))}")[:200]
        token_id = conn.execute(
            insert(s.api_tokens)
            .values(
                token_hash=accounts.secret_hash(token),
                name=label,
                account_id=account_id,
                repository_id=repo_id,
                scopes=" ".join(sorted(chosen)),
                created_at=now,
                expires_at=now + timedelta(days=days),
            )
            .returning(s.api_tokens.c.id)
        ).scalar_one()
        audit.append(
            conn,
            accounts.actor_name(actor),
            "token.create",
            f"token:{token_id}",
            None,
            None,
            {"account": owner, "repository": repository, "scopes": sorted(chosen), "days": days},
        )
    return token


def _token_parts(conn: Connection, account_id: int, repository: str) -> tuple[str, int]:
    """The owner's user name and the repository's id; usage errors when either is unknown."""
    owner = conn.execute(
        select(s.accounts.c.username, s.accounts.c.disabled).where(s.accounts.c.id == account_id)
    ).first()
    if owner is None or owner.disabled:
        raise UsageError(f"account {account_id} does not exist or is disabled (medsec user list)")
    repo_id = conn.execute(
        select(s.repositories.c.id).where(s.repositories.c.name == repository)
    ).scalar()
    if repo_id is None:
        raise UsageError(
            f"no registered repository '{repository}': register it first (medsec repo add PATH)"
        )
    return str(owner.username), int(repo_id)


def token_principal(engine: Engine, token: str) -> Principal:
    """The principal of an API token, limited to its repository and scopes."""
    if not token.startswith(TOKEN_PREFIX):
        raise accounts.AuthError("bad-credentials", "not a medsec API token (they start with mst_)")
    query = (
        select(s.api_tokens, s.accounts, s.repositories.c.name.label("repository"))
        .join(s.accounts, s.accounts.c.id == s.api_tokens.c.account_id)
        .join(s.repositories, s.repositories.c.id == s.api_tokens.c.repository_id)
        .where(s.api_tokens.c.token_hash == accounts.secret_hash(token))
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    now = accounts.utc_now()
    if row is None:
        raise accounts.AuthError("bad-credentials", "unknown API token")
    if row.revoked_at is not None:
        raise accounts.AuthError("revoked")
    expires = accounts.as_utc(row.expires_at)
    if expires is not None and expires <= now:
        raise accounts.AuthError(
            "expired", f"the API token expired on {expires:%Y-%m-%d}: create a new one"
        )
    if row.disabled:
        raise accounts.AuthError("disabled", "the token's account is disabled")
    used = accounts.as_utc(row.last_used)
    if used is None or now - used > accounts.TOUCH_EVERY:
        with accounts.unaudited_writing(engine) as conn, conn.begin():
            conn.execute(
                update(s.api_tokens).where(s.api_tokens.c.id == row.id).values(last_used=now)
            )
    return Principal(
        account_id=int(row.account_id),
        username=row.username,
        display_name=row.display_name,
        email=row.email,
        role=Role(row.role),
        via=Via.TOKEN,
        repository=row.repository,
        scopes=frozenset(row.scopes.split()),
    )


def revoke_token(engine: Engine, token_id: int, *, actor: Principal | None = None) -> bool:
    """Revoke a token by its id; False when it was revoked already."""
    accounts.require_admin(engine, actor, "token.revoke", f"token:{token_id}")
    with audit.writing(engine) as conn:
        row = conn.execute(select(s.api_tokens).where(s.api_tokens.c.id == token_id)).first()
        if row is None:
            raise UsageError(f"no token with id {token_id} (see medsec token list)")
        if row.revoked_at is not None:
            return False
        conn.execute(
            update(s.api_tokens)
            .where(s.api_tokens.c.id == token_id)
            .values(revoked_at=accounts.utc_now())
        )
        audit.append(
            conn, accounts.actor_name(actor), "token.revoke", f"token:{token_id}", None, None, {}
        )
    return True


def list_tokens(
    engine: Engine, account_id: int | None = None, repository: str | None = None
) -> list[TokenInfo]:
    """Tokens (without secrets), newest first, optionally of one account or repository."""
    query = (
        select(
            s.api_tokens,
            s.accounts.c.username,
            s.repositories.c.name.label("repository"),
        )
        .join(s.accounts, s.accounts.c.id == s.api_tokens.c.account_id)
        .join(s.repositories, s.repositories.c.id == s.api_tokens.c.repository_id)
        .order_by(s.api_tokens.c.id.desc())
    )
    if account_id is not None:
        query = query.where(s.api_tokens.c.account_id == account_id)
    if repository is not None:
        query = query.where(s.repositories.c.name == repository)
    with engine.connect() as conn:
        return [
            TokenInfo(
                id=int(row.id),
                name=row.name,
                username=row.username,
                repository=row.repository,
                scopes=frozenset(row.scopes.split()),
                created_at=accounts.as_utc(row.created_at) or accounts.utc_now(),
                expires_at=accounts.as_utc(row.expires_at) or accounts.utc_now(),
                revoked_at=accounts.as_utc(row.revoked_at),
                last_used=accounts.as_utc(row.last_used),
            )
            for row in conn.execute(query)
        ]
