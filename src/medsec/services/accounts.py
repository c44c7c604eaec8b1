"""Accounts of the team server: local sign-in, roles, admin changes.

Passwords are kept as argon2id hashes (re-hashed on sign-in when the parameters change). Five
failed sign-ins lock an account for 15 minutes; at most 10 failed attempts a minute are accepted
per user name and per client address, counted in ``login_attempts`` so that every server process
shares the limits. Every sign-in (success and failure) and account change is an audit entry,
recorded in the transaction that makes the change. Browser sessions live in
:mod:`medsec.services.sessions`, API tokens in :mod:`medsec.services.tokens`, single-sign-on
accounts in :mod:`medsec.services.sso`; they use the clock, the row helpers, the secret hashing
and the admin check defined here.

Admin functions take the ``actor`` that asks: a :class:`Principal` must be an admin (a refusal is
audited and raises ``AuthError("forbidden")``); ``None`` is the local administrator at the
command line (``medsec user ...``), who holds the database anyway.
"""

from __future__ import annotations

import getpass
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NoReturn

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from medsec.domain.errors import MedsecError, UsageError
from medsec.domain.identity import Principal, Role, Via
from medsec.services import audit
from medsec.storage import server_schema as s
from medsec.storage.engine import SQLITE_BEGIN

HASHER = PasswordHasher()  # argon2id, the library's current recommended parameters
MAX_FAILURES = 5  # failed sign-ins in a row before the account is locked
LOCK_TIME = timedelta(minutes=15)
RATE_WINDOW = timedelta(minutes=1)
RATE_LIMIT = 10  # failed attempts per window, per user name and per client address
ATTEMPTS_KEPT = timedelta(hours=1)
TOUCH_EVERY = timedelta(seconds=60)  # last_seen/last_used written at most this often
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,199}")
EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+")

REASONS = {
    "bad-credentials": "the user name or password is wrong",
    "locked": "too many failed sign-ins: the account is locked for 15 minutes "
    "(an admin can unlock it: medsec user enable NAME)",
    "rate-limited": "too many sign-in attempts: wait a minute and try again",
    "disabled": "the account is disabled (an admin can enable it: medsec user enable NAME)",
    "expired": "the credential has expired: sign in again or create a new token",
    "revoked": "the token was revoked: create a new one (medsec token create)",
    "forbidden": "your role does not allow this",
}


class AuthError(MedsecError):
    """A sign-in, session or token was refused; ``reason`` says why (a key of :data:`REASONS`)."""

    def __init__(self, reason: str, message: str | None = None, until: datetime | None = None):
        """``reason`` plus an optional message (default: the reason's text) and lock end."""
        self.reason = reason
        self.until = until  # when a lock or rate limit ends, for Retry-After
        super().__init__(message or REASONS[reason])


@dataclass(frozen=True, slots=True)
class Account:
    """An account as the admin pages and ``medsec user list`` show it."""

    id: int
    username: str
    display_name: str
    email: str | None
    role: Role
    disabled: bool
    locked_until: datetime | None
    has_password: bool
    sso: bool  # linked to a single-sign-on identity
    created_at: datetime


def utc_now() -> datetime:
    """The current time (UTC); tests move it."""
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """A stored time as aware UTC (SQLite gives naive datetimes back, stored as UTC)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def secret_hash(secret: str) -> str:
    """The stored form of a session or token secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def unaudited_writing(engine: Engine) -> Any:
    """A short write transaction (SQLite: BEGIN IMMEDIATE) that needs no audit entry."""
    return engine.connect().execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})


def _local_actor() -> str:
    """The audit actor of the command line: ``cli:<OS user>``."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli"


def principal_of(row: Any, via: Via = Via.SESSION, **extra: Any) -> Principal:
    """The principal of an accounts row."""
    return Principal(
        account_id=int(row.id),
        username=row.username,
        display_name=row.display_name,
        email=row.email,
        role=Role(row.role),
        via=via,
        **extra,
    )


def _account(row: Any) -> Account:
    """The listing form of an accounts row."""
    return Account(
        id=int(row.id),
        username=row.username,
        display_name=row.display_name,
        email=row.email,
        role=Role(row.role),
        disabled=bool(row.disabled),
        locked_until=as_utc(row.locked_until),
        has_password=row.password_hash is not None,
        sso=row.oidc_subject is not None,
        created_at=as_utc(row.created_at) or utc_now(),
    )


# --- validation --------------------------------------------------------------------------------


def role_of(value: Role | str) -> Role:
    """A role from its name; a usage error listing the roles otherwise."""
    try:
        return Role(value)
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise UsageError(f"role '{value}' is not one of {names}") from None


def check_username(username: str) -> str:
    """A valid user name: letters, digits, ``. _ @ + -``, up to 200 characters."""
    if not USERNAME.fullmatch(username):
        raise UsageError(
            f"user name '{username[:60]}' is not valid: use 1-200 letters, digits, '.', '_', '@', "
            "'+' or '-', starting with a letter or digit"
        )
    return username


def check_password(password: str) -> str:
    """A password long enough to resist guessing (12 to 1024 characters)."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise UsageError(
            f"the password must have {MIN_PASSWORD} to {MAX_PASSWORD} characters "
            f"(it has {len(password)}): choose a longer passphrase"
        )
    return password


def _check_profile(display_name: str, email: str | None) -> None:
    """A display name and e-mail that can stand in a git author line."""
    if (
        not display_name.strip()
        or len(display_name) > 400
        or any(c in display_name for c in "<>\n\r\t\0")
    ):
        raise UsageError(
            f"display name '{display_name[:60]}' must be 1-400 characters without <, > or "
            "line breaks (it becomes the git author of the user's changes)"
        )
    if email is not None and (not EMAIL.fullmatch(email) or len(email) > 400):
        raise UsageError(f"e-mail '{email[:60]}' is not an address like name@example.org")


# --- accounts ------------------------------------------------------------------------------------


def create_account(
    engine: Engine,
    username: str,
    display_name: str,
    role: Role | str,
    password: str | None,
    email: str | None = None,
    *,
    actor: Principal | None = None,
) -> Principal:
    """Create a local account (``password`` None: no local sign-in, e.g. single sign-on only)."""
    check_username(username)
    chosen = role_of(role)
    _check_profile(display_name, email)
    hashed = None if password is None else HASHER.hash(check_password(password))
    require_admin(engine, actor, "account.create", username)
    with audit.writing(engine) as conn:
        if find_account(conn, username) is not None:
            raise UsageError(f"user '{username}' already exists (see medsec user list)")
        account_id = insert_account(conn, username, display_name, chosen, hashed, email, None)
        audit.append(
            conn,
            actor_name(actor),
            "account.create",
            f"account:{username}",
            None,
            None,
            {"role": chosen.value, "local_password": hashed is not None},
        )
        row = conn.execute(select(s.accounts).where(s.accounts.c.id == account_id)).one()
    return principal_of(row)


def insert_account(
    conn: Connection,
    username: str,
    display_name: str,
    role: Role,
    hashed: str | None,
    email: str | None,
    oidc_subject: str | None,
) -> int:
    """Insert an accounts row; its id."""
    values = {
        "username": username,
        "display_name": display_name,
        "email": email,
        "role": role.value,
        "password_hash": hashed,
        "oidc_subject": oidc_subject,
        "failed_logins": 0,
        "locked_until": None,
        "disabled": False,
        "created_at": utc_now(),
    }
    return int(
        conn.execute(insert(s.accounts).values(values).returning(s.accounts.c.id)).scalar_one()
    )


def find_account(conn: Connection, username: str) -> Any:
    """The accounts row of a user name, or None."""
    return conn.execute(select(s.accounts).where(s.accounts.c.username == username)).first()


def existing_account(conn: Connection, username: str) -> Any:
    """The accounts row of a user name; a usage error when there is none."""
    row = find_account(conn, username)
    if row is None:
        raise UsageError(f"no user '{username}' (see medsec user list)")
    return row


def actor_name(actor: Principal | None) -> str:
    """The audit actor: the principal's user name, or the command line's."""
    return _local_actor() if actor is None else actor.username


def require_admin(engine: Engine, actor: Principal | None, action: str, target: str) -> None:
    """Refuse (and audit) an account or token change asked by a principal who is no admin."""
    if actor is None or actor.role.allows(Role.ADMIN):
        return
    audit.record(
        engine,
        actor.username,
        f"{action}.denied",
        target,
        None,
        None,
        {"role": actor.role.value, "needed": Role.ADMIN.value},
    )
    raise AuthError("forbidden", f"{action}: only an admin may do this (you are {actor.role})")


def list_accounts(engine: Engine) -> list[Account]:
    """Every account, by user name."""
    with engine.connect() as conn:
        rows = conn.execute(select(s.accounts).order_by(s.accounts.c.username))
        return [_account(row) for row in rows]


def get_account(engine: Engine, username: str) -> Account | None:
    """One account by user name, or None."""
    with engine.connect() as conn:
        row = find_account(conn, username)
    return None if row is None else _account(row)


def set_role(
    engine: Engine, username: str, role: Role | str, *, actor: Principal | None = None
) -> Principal:
    """Give an account another role; the last enabled admin keeps admin."""
    chosen = role_of(role)
    require_admin(engine, actor, "account.role", f"account:{username}")
    with audit.writing(engine) as conn:
        row = existing_account(conn, username)
        old = Role(row.role)
        if old is Role.ADMIN and chosen is not Role.ADMIN:
            _keep_an_admin(conn, row.id, username)
        conn.execute(update(s.accounts).where(s.accounts.c.id == row.id).values(role=chosen.value))
        audit.append(
            conn,
            actor_name(actor),
            "account.role",
            f"account:{username}",
            old.value,
            chosen.value,
            {"from": old.value, "to": chosen.value},
        )
        row = existing_account(conn, username)
    return principal_of(row)


def _keep_an_admin(conn: Connection, account_id: int, username: str) -> None:
    """Refuse a change that would leave no enabled admin account."""
    others = conn.execute(
        select(func.count())
        .select_from(s.accounts)
        .where(
            s.accounts.c.role == Role.ADMIN.value,
            s.accounts.c.disabled.is_(False),
            s.accounts.c.id != account_id,
        )
    ).scalar_one()
    if not others:
        raise UsageError(
            f"'{username}' is the last enabled admin: make another account admin first "
            "(medsec user set-role OTHER admin)"
        )


def disable_account(engine: Engine, username: str, *, actor: Principal | None = None) -> None:
    """Disable an account: its sessions end, its tokens stop working, it cannot sign in."""
    require_admin(engine, actor, "account.disable", f"account:{username}")
    with audit.writing(engine) as conn:
        row = existing_account(conn, username)
        if Role(row.role) is Role.ADMIN and not row.disabled:
            _keep_an_admin(conn, row.id, username)
        conn.execute(update(s.accounts).where(s.accounts.c.id == row.id).values(disabled=True))
        ended = conn.execute(delete(s.sessions).where(s.sessions.c.account_id == row.id)).rowcount
        audit.append(
            conn,
            actor_name(actor),
            "account.disable",
            f"account:{username}",
            None,
            None,
            {"sessions_ended": int(ended or 0)},
        )


def enable_account(engine: Engine, username: str, *, actor: Principal | None = None) -> None:
    """Enable an account again and lift a lock from failed sign-ins."""
    require_admin(engine, actor, "account.enable", f"account:{username}")
    with audit.writing(engine) as conn:
        row = existing_account(conn, username)
        conn.execute(
            update(s.accounts)
            .where(s.accounts.c.id == row.id)
            .values(disabled=False, locked_until=None, failed_logins=0)
        )
        audit.append(
            conn, actor_name(actor), "account.enable", f"account:{username}", None, None, {}
        )


def set_password(
    engine: Engine, username: str, password: str, *, actor: Principal | None = None
) -> None:
    """Set a new password; the account's sessions end and a lock is lifted."""
    hashed = HASHER.hash(check_password(password))
    if actor is None or actor.username != username:
        require_admin(engine, actor, "account.password", f"account:{username}")
    with audit.writing(engine) as conn:
        row = existing_account(conn, username)
        conn.execute(
            update(s.accounts)
            .where(s.accounts.c.id == row.id)
            .values(password_hash=hashed, failed_logins=0, locked_until=None)
        )
        conn.execute(delete(s.sessions).where(s.sessions.c.account_id == row.id))
        audit.append(
            conn, actor_name(actor), "account.password", f"account:{username}", None, None, {}
        )


# --- sign-in -------------------------------------------------------------------------------------

_DUMMY: list[str] = []  # a hash to verify against for unknown users (same time as a known one)


def _dummy_hash() -> str:
    """A hash of a random password, made once."""
    if not _DUMMY:
        _DUMMY.append(HASHER.hash(secrets.token_urlsafe(16)))
    return _DUMMY[0]


def authenticate(engine: Engine, username: str, password: str, client: str) -> Principal:
    """Check a local sign-in; raise :class:`AuthError` with the reason when it is refused."""
    return sign_in(engine, username, password, client, "signin")


def sign_in(engine: Engine, username: str, password: str, client: str, action: str) -> Principal:
    """Rate limits, lock, password, enabled: each refusal is audited; the hash is renewed when
    argon2's parameters changed."""
    now = utc_now()
    keys = (f"user:{username[:200]}", f"ip:{client[:200]}")
    with engine.connect() as conn:
        limited_until = _rate_limited(conn, keys, now)
        row: Any = find_account(conn, username) if USERNAME.fullmatch(username) else None
    if limited_until is not None:
        _refuse(engine, username, client, action, "rate-limited", keys=(), until=limited_until)
    locked = as_utc(row.locked_until) if row is not None else None
    if locked is not None and locked > now:
        _refuse(engine, username, client, action, "locked", keys=keys, until=locked)
    stored = row.password_hash if row is not None else None
    if not _verify(stored or _dummy_hash(), password) or stored is None:
        _failed(engine, row, username, client, action, keys)
    if row.disabled:
        _refuse(engine, username, client, action, "disabled", keys=())
    with audit.writing(engine) as conn:
        values: dict[str, Any] = {"failed_logins": 0, "locked_until": None}
        if HASHER.check_needs_rehash(stored):
            values["password_hash"] = HASHER.hash(password)
        conn.execute(update(s.accounts).where(s.accounts.c.id == row.id).values(values))
        audit.append(conn, username, action, f"account:{username}", None, None, {"client": client})
    return principal_of(row)


def _verify(stored: str, password: str) -> bool:
    """Whether ``password`` matches the argon2 hash ``stored``."""
    try:
        return HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _rate_limited(conn: Connection, keys: tuple[str, ...], now: datetime) -> datetime | None:
    """When the limit of failed attempts in the last minute is reached for a key: when it ends."""
    for key in keys:
        times = conn.execute(
            select(s.login_attempts.c.at)
            .where(s.login_attempts.c.key == key, s.login_attempts.c.at > now - RATE_WINDOW)
            .order_by(s.login_attempts.c.at)
        ).scalars()
        recent = [as_utc(at) for at in times]
        if len(recent) >= RATE_LIMIT:
            oldest = recent[-RATE_LIMIT]
            return (oldest or now) + RATE_WINDOW
    return None


def _failed(
    engine: Engine, row: Any, username: str, client: str, action: str, keys: tuple[str, ...]
) -> NoReturn:
    """A wrong password (or unknown user): count it, lock after :data:`MAX_FAILURES`, raise."""
    now = utc_now()
    with audit.writing(engine) as conn:
        reason, until = "bad-credentials", None
        if row is not None:
            failures = int(
                conn.execute(
                    update(s.accounts)
                    .where(s.accounts.c.id == row.id)
                    .values(failed_logins=s.accounts.c.failed_logins + 1)
                    .returning(s.accounts.c.failed_logins)
                ).scalar_one()
            )
            if failures >= MAX_FAILURES:
                reason, until = "locked", now + LOCK_TIME
                conn.execute(
                    update(s.accounts)
                    .where(s.accounts.c.id == row.id)
                    .values(failed_logins=0, locked_until=until)
                )
        _note_attempt(conn, keys, now)
        audit_refusal(conn, username, client, action, reason)
    raise AuthError(reason, until=until)


def _refuse(
    engine: Engine,
    username: str,
    client: str,
    action: str,
    reason: str,
    *,
    keys: tuple[str, ...],
    until: datetime | None = None,
) -> NoReturn:
    """Audit a refused sign-in (counting it as an attempt on ``keys``) and raise."""
    with audit.writing(engine) as conn:
        _note_attempt(conn, keys, utc_now())
        audit_refusal(conn, username, client, action, reason)
    message = None
    if until is not None and reason == "locked":
        message = (
            f"{REASONS['locked'].split(':')[0]}: the account is locked until {until:%H:%M} UTC"
        )
    raise AuthError(reason, message, until=until)


def _note_attempt(conn: Connection, keys: tuple[str, ...], now: datetime) -> None:
    """Record a failed attempt per key and forget attempts older than an hour."""
    if keys:
        conn.execute(insert(s.login_attempts), [{"key": key, "at": now} for key in keys])
    conn.execute(delete(s.login_attempts).where(s.login_attempts.c.at < now - ATTEMPTS_KEPT))


def audit_refusal(conn: Connection, username: str, client: str, action: str, reason: str) -> None:
    """The audit entry of a refused sign-in."""
    audit.append(
        conn,
        (username or "?")[:200],
        f"{action}.failed",
        f"account:{username[:200]}",
        None,
        None,
        {"client": client, "reason": reason},
    )
