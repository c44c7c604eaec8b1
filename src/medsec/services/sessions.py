"""Browser sessions of the team server: start, look up, end, and re-authentication to sign.

A session is a random secret of which only the sha256 is stored, with its own CSRF token. It
ends after 8 hours, or after 30 minutes without use, or when its account is disabled; it always
carries the account's current role. Signing out is audited.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from medsec.domain.identity import Principal
from medsec.services import accounts, audit
from medsec.storage import server_schema as s

SESSION_LIFETIME = timedelta(hours=8)
SESSION_IDLE = timedelta(minutes=30)
REAUTH_WITHIN = timedelta(minutes=5)


def start_session(engine: Engine, principal: Principal) -> tuple[str, str]:
    """A new browser session of a signed-in principal: (cookie token, CSRF token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = accounts.utc_now()
    with accounts.unaudited_writing(engine) as conn, conn.begin():
        conn.execute(
            insert(s.sessions).values(
                token_hash=accounts.secret_hash(token),
                account_id=principal.account_id,
                created_at=now,
                last_seen=now,
                expires_at=now + SESSION_LIFETIME,
                reauth_at=None,
                csrf=csrf,
            )
        )
    return token, csrf


def _session(engine: Engine, token: str) -> Any:
    """The live session row joined with its account, or None (an ended one is deleted)."""
    if not token:
        return None
    query = (
        select(s.sessions, s.accounts)
        .join(s.accounts, s.accounts.c.id == s.sessions.c.account_id)
        .where(s.sessions.c.token_hash == accounts.secret_hash(token))
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    now = accounts.utc_now()
    expires, seen = accounts.as_utc(row.expires_at), accounts.as_utc(row.last_seen)
    if row.disabled or (expires and expires <= now) or (seen and now - seen > SESSION_IDLE):
        with accounts.unaudited_writing(engine) as conn, conn.begin():
            conn.execute(
                delete(s.sessions).where(s.sessions.c.token_hash == accounts.secret_hash(token))
            )
        return None
    if seen is None or now - seen > accounts.TOUCH_EVERY:
        with accounts.unaudited_writing(engine) as conn, conn.begin():
            conn.execute(
                update(s.sessions)
                .where(s.sessions.c.token_hash == accounts.secret_hash(token))
                .values(last_seen=now)
            )
    return row


def session_principal(engine: Engine, token: str) -> Principal | None:
    """The principal of a live session (its current role), None when ended or unknown."""
    row = _session(engine, token)
    return None if row is None else accounts.principal_of(row)


def session_csrf(engine: Engine, token: str) -> str | None:
    """The CSRF token of a live session."""
    row = _session(engine, token)
    return None if row is None else str(row.csrf)


def end_session(engine: Engine, token: str) -> None:
    """Sign out: forget the session (audited when it existed)."""
    with audit.writing(engine) as conn:
        row = conn.execute(
            select(s.accounts.c.username)
            .join(s.sessions, s.accounts.c.id == s.sessions.c.account_id)
            .where(s.sessions.c.token_hash == accounts.secret_hash(token))
        ).first()
        if row is None:
            return
        conn.execute(
            delete(s.sessions).where(s.sessions.c.token_hash == accounts.secret_hash(token))
        )
        audit.append(conn, row.username, "signout", f"account:{row.username}", None, None, {})


def reauthenticate(engine: Engine, token: str, password: str, client: str = "reauth") -> Principal:
    """Prove the session's user again with the password before a signature; records the time."""
    row = _session(engine, token)
    if row is None:
        raise accounts.AuthError("expired", "the session has ended: sign in again")
    if row.password_hash is None:
        raise accounts.AuthError(
            "bad-credentials",
            "this account signs in through single sign-on: re-authenticate there",
        )
    principal = accounts.sign_in(engine, row.username, password, client, "reauth")
    mark_reauthenticated(engine, token)
    return principal


def mark_reauthenticated(engine: Engine, token: str) -> None:
    """Record a re-authentication done elsewhere (a single-sign-on prompt) on the session."""
    with accounts.unaudited_writing(engine) as conn, conn.begin():
        conn.execute(
            update(s.sessions)
            .where(s.sessions.c.token_hash == accounts.secret_hash(token))
            .values(reauth_at=accounts.utc_now())
        )


def recently_reauthenticated(engine: Engine, token: str, within: timedelta = REAUTH_WITHIN) -> bool:
    """Whether the session's user re-authenticated within ``within``."""
    row = _session(engine, token)
    at = None if row is None else accounts.as_utc(row.reauth_at)
    return at is not None and accounts.utc_now() - at <= within
