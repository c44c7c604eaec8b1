"""Accounts, sessions, single sign-on and API tokens (services accounts, sessions, sso, tokens):
sign-in with lockout and rate limits, re-authentication, admin changes, each audited; on SQLite
and PostgreSQL."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, func, insert, select
from tests.storage.conftest import db_url  # noqa: F401 - the sqlite/PostgreSQL fixture

from medsec.domain.errors import UsageError
from medsec.domain.identity import Principal, Role, Via
from medsec.services import accounts, audit, sessions, sso, tokens
from medsec.services.accounts import AuthError
from medsec.storage import server_schema as s
from medsec.storage.store import AdvisoryStore

PASSWORD = "correct horse battery staple"
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


class Clock:
    """accounts' clock, moved by the tests."""

    def __init__(self) -> None:
        self.now = datetime(2030, 1, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "HASHER", FAST)
    monkeypatch.setattr(accounts, "_DUMMY", [])


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(accounts, "utc_now", fake)
    return fake


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:  # noqa: F811 - the imported fixture
    store = AdvisoryStore.open(db_url)
    yield store.engine
    store.close()


@pytest.fixture
def alice(engine: Engine) -> Principal:
    return accounts.create_account(
        engine, "alice", "Alice Approver", Role.APPROVER, PASSWORD, "alice@example.org"
    )


def _actions(engine: Engine) -> list[tuple[str, str]]:
    return [(e.actor, e.action) for e in reversed(audit.entries(engine))]


def _repository(engine: Engine, name: str = "pump") -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(s.repositories).values(
                name=name,
                path="/srv/pump",
                project_dir=".",
                branch="main",
                release_pattern="v*",
                added_at=datetime.now(UTC),
            )
        )


# --- accounts and sign-in ----------------------------------------------------------------------


def test_create_and_sign_in(engine: Engine, alice: Principal) -> None:
    assert alice.role is Role.APPROVER
    assert alice.author() == "Alice Approver <alice@example.org>"
    signed_in = accounts.authenticate(engine, "alice", PASSWORD, "10.0.0.1")
    assert signed_in == alice
    assert _actions(engine) == [("cli:" + _os_user(), "account.create"), ("alice", "signin")]
    assert audit.entries(engine)[0].data == {"client": "10.0.0.1"}
    with engine.connect() as conn:
        stored = conn.execute(select(s.accounts.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def _os_user() -> str:
    return accounts._local_actor().removeprefix("cli:")


def test_wrong_password_and_unknown_user_are_the_same_refusal(
    engine: Engine, alice: Principal
) -> None:
    for name in ("alice", "nobody"):
        with pytest.raises(AuthError, match="user name or password is wrong") as caught:
            accounts.authenticate(engine, name, "wrong password!", "10.0.0.1")
        assert caught.value.reason == "bad-credentials"
    assert _actions(engine)[1:] == [("alice", "signin.failed"), ("nobody", "signin.failed")]
    assert audit.entries(engine)[0].data == {"client": "10.0.0.1", "reason": "bad-credentials"}


def test_five_failures_lock_the_account_for_15_minutes(
    engine: Engine, alice: Principal, clock: Clock
) -> None:
    reasons = []
    for _ in range(5):
        with pytest.raises(AuthError) as caught:
            accounts.authenticate(engine, "alice", "wrong password!", f"10.0.0.{_}")
        reasons.append(caught.value.reason)
    assert reasons == ["bad-credentials"] * 4 + ["locked"]
    assert caught.value.until == clock.now + timedelta(minutes=15)
    clock.advance(minutes=14)
    with pytest.raises(AuthError, match="locked until 09:15 UTC") as caught:
        accounts.authenticate(engine, "alice", PASSWORD, "10.0.0.9")  # right, but locked
    assert caught.value.reason == "locked"
    clock.advance(minutes=2)
    assert accounts.authenticate(engine, "alice", PASSWORD, "10.0.0.9").username == "alice"
    account = accounts.get_account(engine, "alice")
    assert account is not None
    assert account.locked_until is None


def test_ten_failures_a_minute_per_client_are_rate_limited(
    engine: Engine, alice: Principal, clock: Clock
) -> None:
    for n in range(10):  # spraying: a different (unknown) user each time, one address
        with pytest.raises(AuthError, match="wrong"):
            accounts.authenticate(engine, f"user{n}", "guess guess guess", "192.0.2.7")
    with pytest.raises(AuthError) as caught:
        accounts.authenticate(engine, "alice", PASSWORD, "192.0.2.7")
    assert caught.value.reason == "rate-limited"
    assert caught.value.until is not None
    assert accounts.authenticate(engine, "alice", PASSWORD, "192.0.2.8") == alice  # other address
    clock.advance(seconds=61)
    assert accounts.authenticate(engine, "alice", PASSWORD, "192.0.2.7") == alice
    assert ("alice", "signin.failed") in _actions(engine)


def test_ten_failures_a_minute_per_user_are_rate_limited(engine: Engine, clock: Clock) -> None:
    for n in range(10):  # one (unknown) user name from many addresses
        with pytest.raises(AuthError, match="wrong"):
            accounts.authenticate(engine, "ghost", "guess guess guess", f"198.51.100.{n}")
    with pytest.raises(AuthError) as caught:
        accounts.authenticate(engine, "ghost", "guess guess guess", "198.51.100.99")
    assert caught.value.reason == "rate-limited"


def test_a_disabled_account_cannot_sign_in(engine: Engine, alice: Principal) -> None:
    accounts.create_account(engine, "root", "Root", Role.ADMIN, PASSWORD)
    accounts.disable_account(engine, "alice")
    with pytest.raises(AuthError) as caught:
        accounts.authenticate(engine, "alice", PASSWORD, "10.0.0.1")
    assert caught.value.reason == "disabled"
    with pytest.raises(AuthError) as caught:  # a wrong password says nothing about the state
        accounts.authenticate(engine, "alice", "wrong password!", "10.0.0.1")
    assert caught.value.reason == "bad-credentials"
    accounts.enable_account(engine, "alice")
    assert accounts.authenticate(engine, "alice", PASSWORD, "10.0.0.1") == alice


def test_hash_is_renewed_when_the_parameters_change(
    engine: Engine, alice: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    monkeypatch.setattr(accounts, "HASHER", stronger)
    accounts.authenticate(engine, "alice", PASSWORD, "10.0.0.1")
    with engine.connect() as conn:
        stored = conn.execute(select(s.accounts.c.password_hash)).scalar_one()
    assert "m=2048,t=2,p=1" in stored
    assert not stronger.check_needs_rehash(stored)
    assert accounts.authenticate(engine, "alice", PASSWORD, "10.0.0.1") == alice


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("bad name", "X", "viewer", PASSWORD), "user name 'bad name' is not valid"),
        (("bob", "X", "boss", PASSWORD), "role 'boss' is not one of viewer, engineer"),
        (("bob", "X", "viewer", "short"), "must have 12 to 1024 characters"),
        (("bob", "Bob <evil>", "viewer", PASSWORD), "display name 'Bob <evil>' must be"),
        (("bob", "Bob", "viewer", PASSWORD, "not-an-address"), "e-mail 'not-an-address'"),
        (("alice", "Alice", "viewer", PASSWORD), "user 'alice' already exists"),
    ],
)
def test_bad_accounts_are_refused_and_nothing_is_written(
    engine: Engine, alice: Principal, args: tuple[str, ...], message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        accounts.create_account(engine, *args)
    assert [a.username for a in accounts.list_accounts(engine)] == ["alice"]
    assert audit.count(engine) == 1


def test_roles_change_audited_and_the_last_admin_stays(engine: Engine, alice: Principal) -> None:
    root = accounts.create_account(engine, "root", "Root", Role.ADMIN, None)
    with pytest.raises(UsageError, match="'root' is the last enabled admin"):
        accounts.set_role(engine, "root", Role.VIEWER)
    with pytest.raises(UsageError, match="'root' is the last enabled admin"):
        accounts.disable_account(engine, "root")
    promoted = accounts.set_role(engine, "alice", "admin", actor=root)
    assert promoted.role is Role.ADMIN
    entry = audit.entries(engine)[0]
    assert (entry.actor, entry.action, entry.target) == ("root", "account.role", "account:alice")
    assert entry.data == {"from": "approver", "to": "admin"}
    assert accounts.set_role(engine, "root", "viewer").role is Role.VIEWER  # alice is admin now
    with pytest.raises(UsageError, match="no user 'carol'"):
        accounts.set_role(engine, "carol", "viewer")


def test_a_viewer_cannot_raise_its_own_role_and_the_attempt_is_audited(engine: Engine) -> None:
    viewer = accounts.create_account(engine, "vic", "Vic", Role.VIEWER, PASSWORD)
    with pytest.raises(AuthError, match="only an admin may do this") as caught:
        accounts.set_role(engine, "vic", Role.ADMIN, actor=viewer)
    assert caught.value.reason == "forbidden"
    account = accounts.get_account(engine, "vic")
    assert account is not None
    assert account.role is Role.VIEWER
    entry = audit.entries(engine)[0]
    assert (entry.actor, entry.action, entry.target) == (
        "vic",
        "account.role.denied",
        "account:vic",
    )
    assert entry.data == {"role": "viewer", "needed": "admin"}
    assert audit.verify(engine).ok


def test_set_password_ends_sessions(engine: Engine, alice: Principal) -> None:
    token, _ = sessions.start_session(engine, alice)
    accounts.set_password(engine, "alice", "a brand new passphrase", actor=alice)  # own password
    assert sessions.session_principal(engine, token) is None
    with pytest.raises(AuthError):
        accounts.authenticate(engine, "alice", PASSWORD, "10.0.0.1")
    assert accounts.authenticate(engine, "alice", "a brand new passphrase", "10.0.0.1") == alice


# --- sessions ----------------------------------------------------------------------------------


def test_session_lifecycle(engine: Engine, alice: Principal, clock: Clock) -> None:
    token, csrf = sessions.start_session(engine, alice)
    assert len(token) >= 40
    assert token != csrf
    with engine.connect() as conn:
        stored = conn.execute(select(s.sessions.c.token_hash)).scalar_one()
    assert stored == hashlib.sha256(token.encode()).hexdigest()  # only the hash is kept
    assert sessions.session_principal(engine, token) == alice
    assert sessions.session_csrf(engine, token) == csrf
    assert sessions.session_principal(engine, "forged") is None
    sessions.end_session(engine, token)
    assert sessions.session_principal(engine, token) is None
    assert sessions.session_csrf(engine, token) is None
    assert _actions(engine)[-1] == ("alice", "signout")


def test_session_idle_and_absolute_timeouts(engine: Engine, alice: Principal, clock: Clock) -> None:
    idle, _ = sessions.start_session(engine, alice)
    busy, _ = sessions.start_session(engine, alice)
    for _ in range(16):  # 7 h 44 min of activity every 29 minutes keeps a session alive
        clock.advance(minutes=29)
        assert sessions.session_principal(engine, busy) == alice
    assert sessions.session_principal(engine, idle) is None  # idle for more than 30 minutes
    clock.advance(minutes=29)  # 8 h 13 min after the sign-in: over the absolute limit
    assert sessions.session_principal(engine, busy) is None
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(s.sessions)).scalar_one() == 0


def test_session_follows_role_changes(engine: Engine, alice: Principal) -> None:
    token, _ = sessions.start_session(engine, alice)
    accounts.set_role(engine, "alice", Role.VIEWER)
    principal = sessions.session_principal(engine, token)
    assert principal is not None
    assert principal.role is Role.VIEWER


def test_reauthentication(engine: Engine, alice: Principal, clock: Clock) -> None:
    token, _ = sessions.start_session(engine, alice)
    assert not sessions.recently_reauthenticated(engine, token)
    with pytest.raises(AuthError) as caught:
        sessions.reauthenticate(engine, token, "wrong password!")
    assert caught.value.reason == "bad-credentials"
    assert not sessions.recently_reauthenticated(engine, token)
    assert sessions.reauthenticate(engine, token, PASSWORD) == alice
    assert sessions.recently_reauthenticated(engine, token)
    assert _actions(engine)[-2:] == [("alice", "reauth.failed"), ("alice", "reauth")]
    clock.advance(minutes=4)
    assert sessions.recently_reauthenticated(engine, token)
    clock.advance(minutes=2)
    assert not sessions.recently_reauthenticated(engine, token)
    with pytest.raises(AuthError, match="session has ended"):
        sessions.reauthenticate(engine, "no such session", PASSWORD)


def test_reauthentication_of_a_single_sign_on_account(engine: Engine) -> None:
    sam = sso.oidc_account(engine, "https://idp", "s1", {"name": "Sam"}, None, {})
    token, _ = sessions.start_session(engine, sam)
    with pytest.raises(AuthError, match="re-authenticate there"):
        sessions.reauthenticate(engine, token, PASSWORD)
    sessions.mark_reauthenticated(engine, token)
    assert sessions.recently_reauthenticated(engine, token)


# --- single sign-on ----------------------------------------------------------------------------

ROLE_MAP = {"medsec-approvers": Role.APPROVER, "medsec-admins": Role.ADMIN}


def test_oidc_creates_the_account_with_the_mapped_role(engine: Engine) -> None:
    claims = {
        "preferred_username": "dora",
        "name": "Dora Doe",
        "email": "dora@example.org",
        "groups": ["staff", "medsec-approvers"],
    }
    dora = sso.oidc_account(engine, "https://idp", "sub-1", claims, "groups", ROLE_MAP)
    assert (dora.username, dora.display_name, dora.email, dora.role) == (
        "dora",
        "Dora Doe",
        "dora@example.org",
        Role.APPROVER,
    )
    again = sso.oidc_account(engine, "https://idp", "sub-1", claims, "groups", ROLE_MAP)
    assert again.account_id == dora.account_id
    claims["groups"] = ["medsec-admins"]
    admin = sso.oidc_account(engine, "https://idp", "sub-1", claims, "groups", ROLE_MAP)
    assert admin.role is Role.ADMIN
    assert ("https://idp", "account.role") in _actions(engine)
    claims["groups"] = ["unmapped"]  # no mapped value: the role stays
    kept = sso.oidc_account(engine, "https://idp", "sub-1", claims, "groups", ROLE_MAP)
    assert kept.role is Role.ADMIN
    other = sso.oidc_account(engine, "https://idp", "sub-2", {"name": "X"}, "groups", ROLE_MAP)
    assert (other.username, other.role) == ("sub-2", Role.VIEWER)


def test_oidc_never_takes_over_a_local_account(engine: Engine, alice: Principal) -> None:
    claims = {"preferred_username": "alice", "name": "Not Alice"}
    other = sso.oidc_account(engine, "https://evil", "x", claims, None, {})
    assert other.username == "alice-sso"
    assert other.account_id != alice.account_id
    assert other.role is Role.VIEWER
    assert accounts.authenticate(engine, "alice", PASSWORD, "10.0.0.1") == alice


def test_oidc_disabled_account_is_refused(engine: Engine) -> None:
    accounts.create_account(engine, "root", "Root", Role.ADMIN, None)
    sso.oidc_account(engine, "https://idp", "s", {"preferred_username": "eve"}, None, {})
    accounts.disable_account(engine, "eve")
    with pytest.raises(AuthError) as caught:
        sso.oidc_account(engine, "https://idp", "s", {"preferred_username": "eve"}, None, {})
    assert caught.value.reason == "disabled"
    assert _actions(engine)[-1] == ("eve", "signin.failed")


# --- API tokens --------------------------------------------------------------------------------


def test_token_lifecycle(engine: Engine, alice: Principal, clock: Clock) -> None:
    _repository(engine)
    token = tokens.create_token(engine, alice.account_id, "pump", {"upload", "read"}, days=30)
    assert token.startswith("mst_")
    assert len(token) >= 40
    with engine.connect() as conn:
        stored = conn.execute(select(s.api_tokens.c.token_hash)).scalar_one()
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    principal = tokens.token_principal(engine, token)
    assert (principal.username, principal.via, principal.repository, principal.scopes) == (
        "alice",
        Via.TOKEN,
        "pump",
        frozenset({"read", "upload"}),
    )
    [info] = tokens.list_tokens(engine)
    assert (info.repository, info.username, info.revoked_at) == ("pump", "alice", None)
    assert info.expires_at == clock.now + timedelta(days=30)
    assert tokens.list_tokens(engine, repository="other") == []
    clock.advance(days=31)
    with pytest.raises(AuthError, match="expired on 2030-01-31") as caught:
        tokens.token_principal(engine, token)
    assert caught.value.reason == "expired"
    assert tokens.revoke_token(engine, info.id)
    assert not tokens.revoke_token(engine, info.id)
    with pytest.raises(AuthError) as caught:
        tokens.token_principal(engine, token)
    assert caught.value.reason == "revoked"
    assert [a for _, a in _actions(engine)][-2:] == ["token.create", "token.revoke"]


def test_unknown_and_malformed_tokens(engine: Engine) -> None:
    for value in ("mst_forged", "Bearer x", ""):
        with pytest.raises(AuthError) as caught:
            tokens.token_principal(engine, value)
        assert caught.value.reason == "bad-credentials"


def test_a_disabled_account_s_token_stops(engine: Engine, alice: Principal) -> None:
    _repository(engine)
    token = tokens.create_token(engine, alice.account_id, "pump", {"read"})
    accounts.create_account(engine, "root", "Root", Role.ADMIN, None)
    accounts.disable_account(engine, "alice")
    with pytest.raises(AuthError) as caught:
        tokens.token_principal(engine, token)
    assert caught.value.reason == "disabled"


@pytest.mark.parametrize(
    ("repository", "scopes", "days", "message"),
    [
        ("nope", {"read"}, 90, "no registered repository 'nope'"),
        ("pump", {"admin"}, 90, "token scopes admin not valid"),
        ("pump", set(), 90, r"token scopes \(none\) not valid"),
        ("pump", {"read"}, 0, "a token lives 1 to 366 days"),
        ("pump", {"read"}, 400, "a token lives 1 to 366 days"),
    ],
)
def test_bad_tokens_are_refused(
    engine: Engine, alice: Principal, repository: str, scopes: set[str], days: int, message: str
) -> None:
    _repository(engine)
    with pytest.raises(UsageError, match=message):
        tokens.create_token(engine, alice.account_id, repository, scopes, days)
    assert tokens.list_tokens(engine) == []


def test_only_an_admin_creates_tokens(engine: Engine, alice: Principal) -> None:
    _repository(engine)
    with pytest.raises(AuthError) as caught:
        tokens.create_token(engine, alice.account_id, "pump", {"read"}, actor=alice)
    assert caught.value.reason == "forbidden"
    assert tokens.list_tokens(engine) == []
    assert _actions(engine)[-1] == ("alice", "token.create.denied")
