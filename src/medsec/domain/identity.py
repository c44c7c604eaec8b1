"""Who acts on the team server: roles, ordered by what they may do, and the signed-in principal.

``viewer`` reads; ``engineer`` also changes the security file (assessments, pentest finding
states, uploads); ``approver`` also approves risk acceptances and signs document revisions;
``admin`` also manages accounts, repositories and tokens. Each role includes the ones below it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """A team-server role; ``role.allows(other)`` when it includes ``other``."""

    VIEWER = "viewer"
    ENGINEER = "engineer"
    APPROVER = "approver"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """0 for viewer up to 3 for admin."""
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        """Whether this role may do what ``needed`` may do."""
        return self.rank >= needed.rank


class Via(StrEnum):
    """How a request proved who sent it."""

    SESSION = "session"  # a browser session after a sign-in
    TOKEN = "token"  # noqa: S105 - an API token of one repository (CI), not a secret


@dataclass(frozen=True, slots=True)
class Principal:
    """The account behind a request, its role and, for a token, the one repository it may use."""

    account_id: int
    username: str
    display_name: str
    email: str | None
    role: Role
    via: Via = Via.SESSION
    repository: str | None = None  # a token's repository; None: every repository (sessions)
    scopes: frozenset[str] = frozenset()  # a token's scopes ("read", "upload")

    def author(self) -> str:
        """``Name <email>`` for a git commit made on this principal's behalf."""
        email = self.email or f"{self.username}@medsec.invalid"
        return f"{self.display_name} <{email}>"
