"""Single sign-on (OIDC) accounts: found by the identity provider's subject, created on first
sign-in, their role following the provider's claims when a claim is mapped.

A new account never takes over a local account of the same name; every sign-in, refusal, creation
and role change is an audit entry, recorded in the transaction that makes the change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from medsec.domain.identity import Principal, Role
from medsec.services import accounts, audit
from medsec.storage import server_schema as s


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
    email = email if email and accounts.EMAIL.fullmatch(email) else None
    with audit.writing(engine) as conn:
        row = conn.execute(select(s.accounts).where(s.accounts.c.oidc_subject == link)).first()
        if row is None:
            row = _oidc_create(conn, link, claims, display, email, mapped or default_role)
        elif mapped is not None and Role(row.role) is not mapped:
            _oidc_role(conn, row, mapped, issuer)
            row = accounts.existing_account(conn, row.username)
        if row.disabled:
            accounts.audit_refusal(conn, row.username, issuer, "signin", "disabled")
        else:
            audit.append(
                conn, row.username, "signin", f"account:{row.username}", None, None, {"via": issuer}
            )
    if row.disabled:
        raise accounts.AuthError("disabled")
    return accounts.principal_of(row)


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
    while accounts.find_account(conn, name) is not None:
        n += 1
        name = f"{base}-sso" if n == 2 else f"{base}-sso{n}"
    accounts.insert_account(conn, name, display[:400], role, None, email, link)
    audit.append(
        conn,
        name,
        "account.create",
        f"account:{name}",
        None,
        None,
        {"role": role.value, "sso": link},
    )
    return accounts.existing_account(conn, name)


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
