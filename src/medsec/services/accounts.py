"""Accounts of the team server: local sign-in, single sign-on, sessions, API tokens, roles.

Passwords are kept as argon2id hashes (re-hashed on sign-in when the parameters change). Five
failed sign-ins lock an account for 15 minutes; at most 10 failed attempts a minute are accepted
per user name and per client address, counted in ``login_attempts`` so that every server process
shares the limits. Browser sessions and API tokens are random secrets of which only the sha256
is stored. Every sign-in (success and failure), account change and token creation or revocation
is an audit entry, recorded in the transaction that makes the change.

Admin functions take the ``actor`` that asks: a :class:`Principal` must be an admin (a refusal is
audited and raises ``AuthError("forbidden")``); ``None`` is the local administrator at the
command line (``medsec user ...``), who holds the database anyway.
"""

from __future__ import annotations

import getpass
import hashlib
import re
import secrets
from collections.abc import Mapping
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
SESSION_LIFETIME = timedelta(hours=8)
SESSION_IDLE = timedelta(minutes=30)
TOUCH_EVERY = timedelta(seconds=60)  # last_seen/last_used written at most this often
REAUTH_WITHIN = timedelta(minutes=5)
TOKEN_PREFIX = "mst_"  # noqa: S105 - the visible prefix of API tokens, not a secret
SCOPES = frozenset({"read", "upload"})
MAX_TOKEN_DAYS = 366
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


def _now() -> datetime:
    """The current time (UTC); tests move it."""
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    """A stored time as aware UTC (SQLite gives naive datetimes back, stored as UTC)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _sha(secret: str) -> str:
    """The stored form of a session or token secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _local_actor() -> str:
    """The audit actor of the command line: ``cli:<OS user>``."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli"


def _writing(engine: Engine) -> Any:
    """A short write transaction (SQLite: BEGIN IMMEDIATE) that needs no audit entry."""
    return engine.connect().execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})


def _principal(row: Any, via: Via = Via.SESSION, **extra: Any) -> Principal:
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
        locked_until=_aware(row.locked_until),
        has_password=row.password_hash is not None,
        sso=row.oidc_subject is not None,
        created_at=_aware(row.created_at) or _now(),
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
    _require_admin(engine, actor, "account.create", username)
    with audit.writing(engine) as conn:
        if _find(conn, username) is not None:
            raise UsageError(f"user '{username}' already exists (see medsec user list)")
        account_id = _insert_account(conn, username, display_name, chosen, hashed, email, None)
        audit.append(
            conn,
            _actor_name(actor),
            "account.create",
            f"account:{username}",
            None,
            None,
            {"role": chosen.value, "local_password": hashed is not None},
        )
        row = conn.execute(select(s.accounts).where(s.accounts.c.id == account_id)).one()
    return _principal(row)


def _insert_account(
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
        "created_at": _now(),
    }
    return int(
        conn.execute(insert(s.accounts).values(values).returning(s.accounts.c.id)).scalar_one()
    )


def _find(conn: Connection, username: str) -> Any:
    """The accounts row of a user name, or None."""
    return conn.execute(select(s.accounts).where(s.accounts.c.username == username)).first()


def _existing(conn: Connection, username: str) -> Any:
    """The accounts row of a user name; a usage error when there is none."""
    row = _find(conn, username)
    if row is None:
        raise UsageError(f"no user '{username}' (see medsec user list)")
    return row


def _actor_name(actor: Principal | None) -> str:
    """The audit actor: the principal's user name, or the command line's."""
    return _local_actor() if actor is None else actor.username


def _require_admin(engine: Engine, actor: Principal | None, action: str, target: str) -> None:
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
        row = _find(conn, username)
    return None if row is None else _account(row)


def set_role(
    engine: Engine, username: str, role: Role | str, *, actor: Principal | None = None
) -> Principal:
    """Give an account another role; the last enabled admin keeps admin."""
    chosen = role_of(role)
    _require_admin(engine, actor, "account.role", f"account:{username}")
    with audit.writing(engine) as conn:
        row = _existing(conn, username)
        old = Role(row.role)
        if old is Role.ADMIN and chosen is not Role.ADMIN:
            _keep_an_admin(conn, row.id, username)
        conn.execute(update(s.accounts).where(s.accounts.c.id == row.id).values(role=chosen.value))
        audit.append(
            conn,
            _actor_name(actor),
            "account.role",
            f"account:{username}",
            old.value,
            chosen.value,
            {"from": old.value, "to": chosen.value},
        )
        row = _existing(conn, username)
    return _principal(row)


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
    _require_admin(engine, actor, "account.disable", f"account:{username}")
    with audit.writing(engine) as conn:
        row = _existing(conn, username)
        if Role(row.role) is Role.ADMIN and not row.disabled:
            _keep_an_admin(conn, row.id, username)
        conn.execute(update(s.accounts).where(s.accounts.c.id == row.id).values(disabled=True))
        ended = conn.execute(delete(s.sessions).where(s.sessions.c.account_id == row.id)).rowcount
        audit.append(
            conn,
            _actor_name(actor),
            "account.disable",
            f"account:{username}",
            None,
            None,
            {"sessions_ended": int(ended or 0)},
        )


def enable_account(engine: Engine, username: str, *, actor: Principal | None = None) -> None:
    """Enable an account again and lift a lock from failed sign-ins."""
    _require_admin(engine, actor, "account.enable", f"account:{username}")
    with audit.writing(engine) as conn:
        row = _existing(conn, username)
        conn.execute(
            update(s.accounts)
            .where(s.accounts.c.id == row.id)
            .values(disabled=False, locked_until=None, failed_logins=0)
        )
        audit.append(
            conn, _actor_name(actor), "account.enable", f"account:{username}", None, None, {}
        )


def set_password(
    engine: Engine, username: str, password: str, *, actor: Principal | None = None
) -> None:
    """Set a new password; the account's sessions end and a lock is lifted."""
    hashed = HASHER.hash(check_password(password))
    if actor is None or actor.username != username:
        _require_admin(engine, actor, "account.password", f"account:{username}")
    with audit.writing(engine) as conn:
        row = _existing(conn, username)
        conn.execute(
            update(s.accounts)
            .where(s.accounts.c.id == row.id)
            .values(password_hash=hashed, failed_logins=0, locked_until=None)
        )
        conn.execute(delete(s.sessions).where(s.sessions.c.account_id == row.id))
        audit.append(
            conn, _actor_name(actor), "account.password", f"account:{username}", None, None, {}
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
    return _sign_in(engine, username, password, client, "signin")


def _sign_in(engine: Engine, username: str, password: str, client: str, action: str) -> Principal:
    """Rate limits, lock, password, enabled: each refusal is audited; the hash is renewed when
    argon2's parameters changed."""
    now = _now()
    keys = (f"user:{username[:200]}", f"ip:{client[:200]}")
    with engine.connect() as conn:
        limited_until = _rate_limited(conn, keys, now)
        row: Any = _find(conn, username) if USERNAME.fullmatch(username) else None
    if limited_until is not None:
        _refuse(engine, username, client, action, "rate-limited", keys=(), until=limited_until)
    locked = _aware(row.locked_until) if row is not None else None
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
    return _principal(row)


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
        recent = [_aware(at) for at in times]
        if len(recent) >= RATE_LIMIT:
            oldest = recent[-RATE_LIMIT]
            return (oldest or now) + RATE_WINDOW
    return None


def _failed(
    engine: Engine, row: Any, username: str, client: str, action: str, keys: tuple[str, ...]
) -> NoReturn:
    """A wrong password (or unknown user): count it, lock after :data:`MAX_FAILURES`, raise."""
    now = _now()
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
        _audit_refusal(conn, username, client, action, reason)
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
        _note_attempt(conn, keys, _now())
        _audit_refusal(conn, username, client, action, reason)
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


def _audit_refusal(conn: Connection, username: str, client: str, action: str, reason: str) -> None:
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


# --- single sign-on ------------------------------------------------------------------------------


def oidc_account(
    engine: Engine,
    issuer: str,
    subject: str,
    claims: Mapping[str, Any],
    role_claim: str | None,
    role_map: Mapping[str, Role],
    default_role: Role = Role.VIEWER,
) -> Principal:
    """The account of a single-sign-on identity, created on first sign-in. Its role comes from
    ``role_claim`` when one of the claim's values is mapped (the highest wins); otherwise a new
    account gets ``default_role`` and an existing one keeps its role."""
    link = f"{issuer}|{subject}"
    mapped = _claimed_role(claims, role_claim, role_map)
    display = _claim_text(claims, "name") or _claim_text(claims, "preferred_username") or subject
    email = _claim_text(claims, "email")
    email = email if email and EMAIL.fullmatch(email) else None
    with audit.writing(engine) as conn:
        row = conn.execute(select(s.accounts).where(s.accounts.c.oidc_subject == link)).first()
        if row is None:
            row = _oidc_create(conn, link, claims, display, email, mapped or default_role)
        elif mapped is not None and Role(row.role) is not mapped:
            _oidc_role(conn, row, mapped, issuer)
            row = _existing(conn, row.username)
        if row.disabled:
            _audit_refusal(conn, row.username, issuer, "signin", "disabled")
        else:
            audit.append(
                conn, row.username, "signin", f"account:{row.username}", None, None, {"via": issuer}
            )
    if row.disabled:
        raise AuthError("disabled")
    return _principal(row)


def _claim_text(claims: Mapping[str, Any], name: str) -> str | None:
    """A claim's value when it is a short, printable string."""
    value = claims.get(name)
    if isinstance(value, str) and value.strip() and len(value) <= 400:
        cleaned = "".join(c for c in value if c.isprintable() and c not in "<>")
        return cleaned.strip() or None
    return None


def _claimed_role(
    claims: Mapping[str, Any], role_claim: str | None, role_map: Mapping[str, Role]
) -> Role | None:
    """The highest mapped role among the values of ``role_claim`` (a string or a list)."""
    if not role_claim:
        return None
    value = claims.get(role_claim)
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    roles = [role_map[v] for v in values if isinstance(v, str) and v in role_map]
    return max(roles, key=lambda r: r.rank) if roles else None


def _oidc_create(
    conn: Connection,
    link: str,
    claims: Mapping[str, Any],
    display: str,
    email: str | None,
    role: Role,
) -> Any:
    """A new account for a single-sign-on identity, under a user name not yet taken (a local
    account of the same name is never taken over)."""
    wanted = _claim_text(claims, "preferred_username") or email or link.rsplit("|", 1)[1]
    base = re.sub(r"[^A-Za-z0-9._@+-]", "-", wanted)[:180].lstrip("._@+-") or "sso-user"
    name, n = base, 1
    while _find(conn, name) is not None:
        n += 1
        name = f"{base}-sso" if n == 2 else f"{base}-sso{n}"
    _insert_account(conn, name, display[:400], role, None, email, link)
    audit.append(
        conn,
        name,
        "account.create",
        f"account:{name}",
        None,
        None,
        {"role": role.value, "sso": link},
    )
    return _existing(conn, name)


def _oidc_role(conn: Connection, row: Any, role: Role, issuer: str) -> None:
    """Apply the role the identity provider now gives the account (audited)."""
    conn.execute(update(s.accounts).where(s.accounts.c.id == row.id).values(role=role.value))
    audit.append(
        conn,
        issuer[:200],
        "account.role",
        f"account:{row.username}",
        row.role,
        role.value,
        {"from": row.role, "to": role.value, "via": "sso"},
    )


# --- sessions ------------------------------------------------------------------------------------


def start_session(engine: Engine, principal: Principal) -> tuple[str, str]:
    """A new browser session of a signed-in principal: (cookie token, CSRF token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = _now()
    with _writing(engine) as conn, conn.begin():
        conn.execute(
            insert(s.sessions).values(
                token_hash=_sha(token),
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
        .where(s.sessions.c.token_hash == _sha(token))
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    now = _now()
    expires, seen = _aware(row.expires_at), _aware(row.last_seen)
    if row.disabled or (expires and expires <= now) or (seen and now - seen > SESSION_IDLE):
        with _writing(engine) as conn, conn.begin():
            conn.execute(delete(s.sessions).where(s.sessions.c.token_hash == _sha(token)))
        return None
    if seen is None or now - seen > TOUCH_EVERY:
        with _writing(engine) as conn, conn.begin():
            conn.execute(
                update(s.sessions)
                .where(s.sessions.c.token_hash == _sha(token))
                .values(last_seen=now)
            )
    return row


def session_principal(engine: Engine, token: str) -> Principal | None:
    """The principal of a live session (its current role), None when ended or unknown."""
    row = _session(engine, token)
    return None if row is None else _principal(row)


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
            .where(s.sessions.c.token_hash == _sha(token))
        ).first()
        if row is None:
            return
        conn.execute(delete(s.sessions).where(s.sessions.c.token_hash == _sha(token)))
        audit.append(conn, row.username, "signout", f"account:{row.username}", None, None, {})


def reauthenticate(engine: Engine, token: str, password: str, client: str = "reauth") -> Principal:
    """Prove the session's user again with the password before a signature; records the time."""
    row = _session(engine, token)
    if row is None:
        raise AuthError("expired", "the session has ended: sign in again")
    if row.password_hash is None:
        raise AuthError(
            "bad-credentials",
            "this account signs in through single sign-on: re-authenticate there",
        )
    principal = _sign_in(engine, row.username, password, client, "reauth")
    mark_reauthenticated(engine, token)
    return principal


def mark_reauthenticated(engine: Engine, token: str) -> None:
    """Record a re-authentication done elsewhere (a single-sign-on prompt) on the session."""
    with _writing(engine) as conn, conn.begin():
        conn.execute(
            update(s.sessions)
            .where(s.sessions.c.token_hash == _sha(token))
            .values(reauth_at=_now())
        )


def recently_reauthenticated(engine: Engine, token: str, within: timedelta = REAUTH_WITHIN) -> bool:
    """Whether the session's user re-authenticated within ``within``."""
    row = _session(engine, token)
    at = None if row is None else _aware(row.reauth_at)
    return at is not None and _now() - at <= within


# --- API tokens ----------------------------------------------------------------------------------


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
    now = _now()
    _require_admin(engine, actor, "token.create", f"repository:{repository}")
    with audit.writing(engine) as conn:
        owner, repo_id = _token_parts(conn, account_id, repository)
        label = (name or f"{repository} {' '.join(sorted(chosen))}")[:200]
        token_id = conn.execute(
            insert(s.api_tokens)
            .values(
                token_hash=_sha(token),
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
            _actor_name(actor),
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
        raise AuthError("bad-credentials", "not a medsec API token (they start with mst_)")
    query = (
        select(s.api_tokens, s.accounts, s.repositories.c.name.label("repository"))
        .join(s.accounts, s.accounts.c.id == s.api_tokens.c.account_id)
        .join(s.repositories, s.repositories.c.id == s.api_tokens.c.repository_id)
        .where(s.api_tokens.c.token_hash == _sha(token))
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    now = _now()
    if row is None:
        raise AuthError("bad-credentials", "unknown API token")
    if row.revoked_at is not None:
        raise AuthError("revoked")
    expires = _aware(row.expires_at)
    if expires is not None and expires <= now:
        raise AuthError("expired", f"the API token expired on {expires:%Y-%m-%d}: create a new one")
    if row.disabled:
        raise AuthError("disabled", "the token's account is disabled")
    used = _aware(row.last_used)
    if used is None or now - used > TOUCH_EVERY:
        with _writing(engine) as conn, conn.begin():
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
    _require_admin(engine, actor, "token.revoke", f"token:{token_id}")
    with audit.writing(engine) as conn:
        row = conn.execute(select(s.api_tokens).where(s.api_tokens.c.id == token_id)).first()
        if row is None:
            raise UsageError(f"no token with id {token_id} (see medsec token list)")
        if row.revoked_at is not None:
            return False
        conn.execute(
            update(s.api_tokens).where(s.api_tokens.c.id == token_id).values(revoked_at=_now())
        )
        audit.append(conn, _actor_name(actor), "token.revoke", f"token:{token_id}", None, None, {})
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
                created_at=_aware(row.created_at) or _now(),
                expires_at=_aware(row.expires_at) or _now(),
                revoked_at=_aware(row.revoked_at),
                last_used=_aware(row.last_used),
            )
            for row in conn.execute(query)
        ]
