"""``medsec user | token | audit``: the team server's accounts, API tokens and audit trail.

Thin wrappers over ``services/accounts``, ``services/tokens`` and ``services/audit``, run by the
administrator of the server machine (who holds the database): each change is an audit entry with
the actor ``cli:<OS user>``. All take ``--db`` like the other commands.
"""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from medsec.cli.common import DbOpt, OutputOpt, ProjectOpt, choose, database, note
from medsec.cli.exit_codes import ExitCode
from medsec.cli.output import emit
from medsec.domain.errors import UsageError
from medsec.domain.wording import counted

if TYPE_CHECKING:
    from sqlalchemy import Engine

MAX_EXPORT = 1 << 30  # an exported trail read back by `audit verify --export`: 1 GiB at most
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="text | json")]
PasswordStdinOpt = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help="Read the password from the first line of stdin (else: asked twice on a terminal).",
    ),
]


def _sub(help_text: str) -> typer.Typer:
    """A sub-app with the house settings."""
    return typer.Typer(
        help=help_text, no_args_is_help=True, add_completion=False, rich_markup_mode=None
    )


user_app = _sub("Accounts of the team server (medsec serve): add, list, change role, disable.")
token_app = _sub("API tokens for CI, each scoped to one registered repository.")
audit_app = _sub("The team server's hash-chained audit trail: verify it, export it.")


def _engine(db: str | None, project: Path) -> Engine:
    """The database engine, migrated, as every command opens it."""
    from medsec.storage.store import AdvisoryStore

    return AdvisoryStore.open(database(db, project)).engine


def _password(from_stdin: bool, username: str) -> str:
    """The new password: stdin's first line, or asked twice without echo on a terminal."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line.strip():
            raise UsageError("--password-stdin: stdin is empty: pipe the password in")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UsageError(
            "no terminal to ask the password on: pipe it in with --password-stdin "
            "(or --no-password for a single-sign-on account)"
        )
    first = getpass.getpass(f"password for {username}: ")
    if getpass.getpass("again: ") != first:
        raise UsageError("the two passwords differ: nothing was changed")
    return first


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="The user name (letters, digits, . _ @ + -).")],
    role: Annotated[str, typer.Option("--role", help="viewer | engineer | approver | admin")],
    display_name: Annotated[
        str | None, typer.Option("--display-name", help="Full name (git author); default NAME.")
    ] = None,
    email: Annotated[str | None, typer.Option("--email", help="E-mail (git author).")] = None,
    password_stdin: PasswordStdinOpt = False,
    no_password: Annotated[
        bool, typer.Option("--no-password", help="No local password: single sign-on only.")
    ] = False,
    db: DbOpt = None,
    project: ProjectOpt = Path(),
) -> None:
    """Create an account; without --no-password, its password is asked twice (or read from
    stdin with --password-stdin)."""
    from medsec.services import accounts

    accounts.check_username(name)
    chosen = accounts.role_of(role)
    if no_password and password_stdin:
        raise UsageError("--no-password and --password-stdin exclude each other")
    password = None if no_password else accounts.check_password(_password(password_stdin, name))
    engine = _engine(db, project)
    principal = accounts.create_account(engine, name, display_name or name, chosen, password, email)
    note(f"created {principal.username} ({principal.role}) as account {principal.account_id}")


@user_app.command("list")
def user_list(
    fmt: FormatOpt = "text",
    output: OutputOpt = None,
    db: DbOpt = None,
    project: ProjectOpt = Path(),
) -> None:
    """List the accounts: role, state, how they sign in."""
    from medsec.services import accounts

    choose(fmt, ("text", "json"))
    rows = accounts.list_accounts(_engine(db, project))
    if fmt == "json":
        emit(json.dumps([_account_json(a) for a in rows], indent=2, sort_keys=True) + "\n", output)
        return
    lines = [f"{'USER':<24} {'ROLE':<9} {'STATE':<8} {'SIGN-IN':<14} NAME"]
    for account in rows:
        state = "disabled" if account.disabled else "locked" if account.locked_until else "active"
        how = "+".join(
            p for p, on in (("password", account.has_password), ("sso", account.sso)) if on
        )
        lines.append(
            f"{account.username:<24} {account.role.value:<9} {state:<8} {how or '-':<14} "
            f"{account.display_name}"
        )
    emit("\n".join(lines) + "\n", output)


def _account_json(account: Any) -> dict[str, Any]:
    """An account as JSON."""
    return {
        "id": account.id,
        "username": account.username,
        "display_name": account.display_name,
        "email": account.email,
        "role": account.role.value,
        "disabled": account.disabled,
        "locked_until": account.locked_until.isoformat() if account.locked_until else None,
        "password": account.has_password,
        "sso": account.sso,
        "created_at": account.created_at.isoformat(),
    }


@user_app.command("set-role")
def user_set_role(
    name: Annotated[str, typer.Argument(help="The user name.")],
    role: Annotated[str, typer.Argument(help="viewer | engineer | approver | admin")],
    db: DbOpt = None,
    project: ProjectOpt = Path(),
) -> None:
    """Change an account's role (the last admin stays admin)."""
    from medsec.services import accounts

    chosen = accounts.role_of(role)
    principal = accounts.set_role(_engine(db, project), name, chosen)
    note(f"{principal.username} is now {principal.role}")


@user_app.command("disable")
def user_disable(
    name: Annotated[str, typer.Argument(help="The user name.")],
    db: DbOpt = None,
    project: ProjectOpt = Path(),
) -> None:
    """Disable an account: it cannot sign in, its sessions end, its tokens stop working."""
    from medsec.services import accounts

    accounts.disable_account(_engine(db, project), name)
    note(f"{name} is disabled")


@user_app.command("enable")
def user_enable(
    name: Annotated[str, typer.Argument(help="The user name.")],
    db: DbOpt = None,
    project: ProjectOpt = Path(),
) -> None:
    """Enable an account again and lift a lock from failed sign-ins."""
    from medsec.services import accounts

    accounts.enable_account(_engine(db, project), name)
    note(f"{name} is enabled")


@user_app.command("set-password")
def user_set_password(
    name: Annotated[str, typer.Argument(help="The user name.")],
    password_stdin: PasswordStdinOpt = False,
    db: DbOpt = None,
    project: ProjectOpt = Path(),
) -> None:
    """Set a new password (asked twice, or read from stdin); the account's sessions end."""
    from medsec.services import accounts

    password = accounts.check_password(_password(password_stdin, name))
    accounts.set_password(_engine(db, project), name, password)
    note(f"password of {name} changed; its sessions have ended")


@token_app.command("create")
def token_create(
    user: Annotated[str, typer.Option("--user", help="The account the token acts as.")],
    repository: Annotated[
        str, typer.Option("--repository", help="The registered repository (medsec repo list).")
    ],
    scope: Annotated[list[str], typer.Option("--scope", help="read | upload (repeatable).")],
    days: Annotated[int, typer.Option("--days", help="Lifetime in days (1-366).")] = 90,
    name: Annotated[str | None, typer.Option("--name", help="A label for the list.")] = None,
    db: DbOpt = None,
    project: ProjectOpt = Path(),
) -> None:
    """Create an API token and print it once on stdout: store it now, it is not kept."""
    from medsec.services import accounts, tokens

    engine = _engine(db, project)
    account = accounts.get_account(engine, user)
    if account is None:
        raise UsageError(f"--user: no user '{user}' (see medsec user list)")
    token = tokens.create_token(engine, account.id, repository, set(scope), days, name=name)
    sys.stdout.write(token + "\n")
    note(
        f"token for {user} on {repository} ({' '.join(sorted(scope))}), valid {counted(days, 'day')}"
    )


@token_app.command("list")
def token_list(
    repository: Annotated[
        str | None, typer.Option("--repository", help="Only this repository's tokens.")
    ] = None,
    db: DbOpt = None,
    project: ProjectOpt = Path(),
) -> None:
    """List the tokens (never their secrets)."""
    from medsec.services import tokens

    rows = tokens.list_tokens(_engine(db, project), repository=repository)
    lines = [f"{'ID':>4} {'USER':<20} {'REPOSITORY':<24} {'SCOPES':<12} {'EXPIRES':<10} STATE"]
    for t in rows:
        state = "revoked" if t.revoked_at else "active"
        lines.append(
            f"{t.id:>4} {t.username:<20} {t.repository:<24} {' '.join(sorted(t.scopes)):<12} "
            f"{t.expires_at:%Y-%m-%d} {state}"
        )
    emit("\n".join(lines) + "\n", None)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="The token's id (medsec token list).")],
    db: DbOpt = None,
    project: ProjectOpt = Path(),
) -> None:
    """Revoke a token: it stops working at once."""
    from medsec.services import tokens

    if tokens.revoke_token(_engine(db, project), token_id):
        note(f"token {token_id} revoked")
    else:
        note(f"token {token_id} was revoked already")


@audit_app.command("verify")
def audit_verify(
    export_file: Annotated[
        Path | None,
        typer.Option("--export", help="Check an exported trail (medsec audit export) instead."),
    ] = None,
    db: DbOpt = None,
    project: ProjectOpt = Path(),
) -> None:
    """Check the hash chain: exit 1 and one line per problem when an entry was edited, deleted
    or reordered, or the trail truncated."""
    from medsec.services import audit

    if export_file is not None:
        from medsec.untrusted.files import read_input

        data = read_input(export_file, max_bytes=MAX_EXPORT, what="audit exports")
        result = audit.verify_export(data, source=str(export_file))
    else:
        result = audit.verify(_engine(db, project))
    for problem in result.problems:
        sys.stdout.write(f"{problem}\n")
    if not result.ok:
        note(
            f"audit trail NOT intact: {counted(len(result.problems), 'problem')} in "
            f"{counted(result.entries, 'entry', 'entries')}"
        )
        raise typer.Exit(int(ExitCode.CHECK_FAILED))
    head = f", head {result.head.seq} {result.head.hash[:16]}" if result.head else ""
    sys.stdout.write(f"audit trail intact: {counted(result.entries, 'entry', 'entries')}{head}\n")


@audit_app.command("export")
def audit_export(
    output: OutputOpt = None,
    db: DbOpt = None,
    project: ProjectOpt = Path(),
) -> None:
    """Write the trail as JSON lines, ending with its head and the verification (exit 1 when it
    is not intact; the file is written all the same, saying so)."""
    from medsec.services import audit

    data = audit.export(_engine(db, project))
    emit(data, output)
    last = json.loads(data.decode("utf-8").splitlines()[-1])
    if not last["verified"]:
        note("warning: the exported trail is NOT intact (see its last line; medsec audit verify)")
        raise typer.Exit(int(ExitCode.CHECK_FAILED))


def register(app: typer.Typer) -> None:
    """Mount ``user``, ``token`` and ``audit`` on the medsec app."""
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
    app.add_typer(audit_app, name="audit")
