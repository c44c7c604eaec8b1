"""``medsec user | token | audit`` in-process: exit codes, messages, nothing written on errors."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import insert, update
from tests.storage.conftest import db_url  # noqa: F401 - the sqlite/PostgreSQL fixture

from medsec.cli.main import main
from medsec.services import accounts, audit, tokens
from medsec.storage import server_schema as s
from medsec.storage.store import AdvisoryStore

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024))
    monkeypatch.delenv("MEDSEC_DB", raising=False)


class Cli:
    """Runs ``medsec`` against one database, stdin as given."""

    def __init__(
        self, url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ):
        self.url, self.capsys, self.monkeypatch = url, capsys, monkeypatch

    def __call__(self, *args: str, stdin: str = "") -> tuple[int, str, str]:
        self.monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main([*args, "--db", self.url])
        out, err = self.capsys.readouterr()
        return code, out, err

    def store(self) -> AdvisoryStore:
        return AdvisoryStore.open(self.url)


@pytest.fixture
def cli(
    db_url: str,  # noqa: F811 - the imported fixture
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Cli:
    return Cli(db_url, capsys, monkeypatch)


def _admin(cli: Cli) -> None:
    code, _, err = cli("user", "add", "root", "--role", "admin", "--password-stdin",
                       "--display-name", "Rita Root", "--email", "rita@example.org",
                       stdin=PASSWORD + "\n")  # fmt: skip
    assert (code, err) == (0, "created root (admin) as account 1\n")


def test_user_add_list_and_sign_in(cli: Cli) -> None:
    _admin(cli)
    assert cli("user", "add", "vic", "--role", "viewer", "--no-password")[0] == 0
    code, out, _ = cli("user", "list", "--format", "json")
    assert code == 0
    listed = {a["username"]: a for a in json.loads(out)}
    assert listed["root"]["role"] == "admin"
    assert listed["root"]["display_name"] == "Rita Root"
    assert (listed["root"]["password"], listed["vic"]["password"]) == (True, False)
    code, out, _ = cli("user", "list")
    assert out.splitlines()[1].split()[:4] == ["root", "admin", "active", "password"]
    with cli.store() as store:
        principal = accounts.authenticate(store.engine, "root", PASSWORD, "127.0.0.1")
    assert principal.author() == "Rita Root <rita@example.org>"


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("--role", "admin"), "", "no terminal to ask the password on"),
        (("--role", "admin", "--password-stdin"), "", "--password-stdin: stdin is empty"),
        (("--role", "admin", "--password-stdin"), "short\n", "must have 12 to 1024 characters"),
        (("--role", "boss", "--no-password"), "", "role 'boss' is not one of"),
        (("--role", "admin", "--no-password", "--password-stdin"), "x", "exclude each other"),
    ],
)
def test_user_add_refusals_write_nothing(
    cli: Cli, args: tuple[str, ...], stdin: str, message: str
) -> None:
    code, _, err = cli("user", "add", "bob", *args, stdin=stdin)
    assert code == 2
    assert message in err
    assert cli("user", "list", "--format", "json")[1].strip() == "[]"


def test_user_add_twice_and_bad_name(cli: Cli) -> None:
    _admin(cli)
    code, _, err = cli("user", "add", "root", "--role", "viewer", "--no-password")
    assert (code, err) == (2, "error: user 'root' already exists (see medsec user list)\n")
    code, _, err = cli("user", "add", "-bad", "--role", "viewer", "--no-password")
    assert code == 2


def test_set_role_disable_enable_set_password(cli: Cli) -> None:
    _admin(cli)
    cli("user", "add", "alice", "--role", "engineer", "--no-password")
    assert cli("user", "set-role", "alice", "approver") == (0, "", "alice is now approver\n")
    code, _, err = cli("user", "set-role", "root", "viewer")
    assert code == 2
    assert "'root' is the last enabled admin" in err
    assert cli("user", "set-role", "nobody", "viewer")[0] == 2
    assert cli("user", "disable", "alice")[0] == 0
    assert json.loads(cli("user", "list", "-f", "json")[1])[0]["disabled"] is True
    assert cli("user", "enable", "alice")[0] == 0
    code, _, err = cli(
        "user", "set-password", "alice", "--password-stdin", stdin="new passphrase!\n"
    )
    assert (code, err) == (0, "password of alice changed; its sessions have ended\n")
    with cli.store() as store:
        assert (
            accounts.authenticate(store.engine, "alice", "new passphrase!", "x").username == "alice"
        )
        actions = [e.action for e in reversed(audit.entries(store.engine))]
    assert actions == [
        "account.create",
        "account.create",
        "account.role",
        "account.disable",
        "account.enable",
        "account.password",
        "signin",
    ]


def test_token_create_list_revoke(cli: Cli) -> None:
    _admin(cli)
    with cli.store() as store, store.engine.begin() as conn:
        conn.execute(insert(s.repositories).values(
            name="pump", path="/srv/pump", project_dir=".", branch="main",
            release_pattern="v*", added_at=datetime.now(UTC)))  # fmt: skip
    code, out, err = cli(
        "token", "create", "--user", "root", "--repository", "pump", "--scope", "upload",
        "--scope", "read", "--days", "30",
    )  # fmt: skip
    assert code == 0
    token = out.strip()
    assert token.startswith("mst_")
    assert err == "token for root on pump (read upload), valid 30 days\n"
    with cli.store() as store:
        assert tokens.token_principal(store.engine, token).repository == "pump"
    code, out, _ = cli("token", "list")
    assert out.splitlines()[1].split()[:5] == ["1", "root", "pump", "read", "upload"]
    assert token not in out
    assert cli("token", "revoke", "1") == (0, "", "token 1 revoked\n")
    assert cli("token", "revoke", "1") == (0, "", "token 1 was revoked already\n")
    assert cli("token", "revoke", "7")[0] == 2
    with cli.store() as store, pytest.raises(accounts.AuthError, match="revoked"):
        tokens.token_principal(store.engine, token)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--user", "ghost", "--repository", "pump", "--scope", "read"), "no user 'ghost'"),
        (("--user", "root", "--repository", "nope", "--scope", "read"), "medsec repo add"),
        (("--user", "root", "--repository", "pump", "--scope", "write"), "scopes write"),
        (("--user", "root", "--repository", "pump", "--scope", "read", "--days", "999"), "366"),
    ],
)
def test_token_create_refusals(cli: Cli, args: tuple[str, ...], message: str) -> None:
    _admin(cli)
    with cli.store() as store, store.engine.begin() as conn:
        conn.execute(insert(s.repositories).values(
            name="pump", path="/srv/pump", project_dir=".", branch="main",
            release_pattern="v*", added_at=datetime.now(UTC)))  # fmt: skip
    code, out, err = cli("token", "create", *args)
    assert (code, out) == (2, "")
    assert message in err
    assert cli("token", "list")[1].count("\n") == 1  # the header only


def test_audit_verify_and_export(cli: Cli, tmp_path: Path) -> None:
    _admin(cli)
    cli("user", "add", "vic", "--role", "viewer", "--no-password")
    code, out, _ = cli("audit", "verify")
    assert code == 0
    assert out.startswith("audit trail intact: 2 entries, head 2 ")
    target = tmp_path / "audit.jsonl"
    assert cli("audit", "export", "--output", str(target)) == (0, "", f"wrote {target}\n")
    lines = target.read_text().splitlines()
    assert [json.loads(line).get("seq") for line in lines] == [1, 2, None]
    assert cli("audit", "verify", "--export", str(target))[0] == 0
    with cli.store() as store, store.engine.begin() as conn:
        conn.execute(update(s.audit).where(s.audit.c.seq == 1).values(target="account:eve"))
    code, out, err = cli("audit", "verify")
    assert code == 1
    assert out == "entry 1: its contents changed after it was recorded (hash mismatch)\n"
    assert "NOT intact: 1 problem in 2 entries" in err
    tampered = tmp_path / "tampered.jsonl"
    code, _, err = cli("audit", "export", "-o", str(tampered))
    assert code == 1
    assert "NOT intact" in err
    assert json.loads(tampered.read_text().splitlines()[-1])["verified"] is False
    assert cli("audit", "verify", "--export", str(target))[0] == 0  # the earlier export stands
    code, _, err = cli("audit", "verify", "--export", str(tmp_path / "missing.jsonl"))
    assert code == 3
    assert "missing.jsonl" in err
