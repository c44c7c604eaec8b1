"""Fixtures of the team-server tests: an app over a fresh database, accounts, signed-in clients.

``server`` is an app over a migrated SQLite database in tmp_path (``server_pg`` the same on
PostgreSQL when MEDSEC_TEST_PG_URL is set); ``server.client()`` a TestClient speaking https
(Secure cookies are sent), not following redirects; ``server.sign_in(client, name)`` signs
an account in through the real form. Accounts made by ``server.account(name, role)`` have the
password ``PASSWORD``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert

from medsec.domain.identity import Principal, Role
from medsec.project.server_settings import ServerSettings
from medsec.services import accounts
from medsec.storage.server_schema import repositories
from medsec.storage.store import AdvisoryStore
from medsec.web.app import create_app
from medsec.web.context import ServerContext

PASSWORD = "correct horse battery staple"
_LOGIN_CSRF = re.compile(r'name="login_csrf" value="([^"]+)"')
_HX_CSRF = re.compile(r'hx-headers=\'\{"X-CSRF-Token": "([^"]+)"\}\'')


@dataclass
class Server:
    """An app over a fresh database, with helpers to make accounts and sign in."""

    context: ServerContext
    app: FastAPI
    store: AdvisoryStore
    clients: list[TestClient] = field(default_factory=list)

    @property
    def engine(self) -> Engine:
        """The database engine."""
        return self.context.engine

    def client(self, **kwargs: Any) -> TestClient:
        """A client over https (Secure cookies travel), redirects not followed."""
        client = TestClient(
            self.app, base_url="https://testserver", follow_redirects=False, **kwargs
        )
        self.clients.append(client)
        return client

    def account(self, username: str, role: Role, password: str | None = PASSWORD) -> Principal:
        """A local account ``username`` with ``role`` and the test password."""
        return accounts.create_account(self.engine, username, username.title(), role, password)

    def repository(self, name: str) -> int:
        """A row in ``repositories`` (no git behind it: for token and route tests)."""
        import datetime as dt

        with self.engine.begin() as conn:
            result = conn.execute(
                insert(repositories).values(
                    name=name,
                    path=f"/nonexistent/{name}",
                    project_dir=".",
                    branch="main",
                    release_pattern="v*",
                    added_at=dt.datetime.now(dt.UTC),
                )
            )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def sign_in(
        self, client: TestClient, username: str, password: str = PASSWORD, next_: str = "/"
    ) -> Any:
        """Post the sign-in form as a browser does; the response (303 on success)."""
        page = client.get("/login", params={"next": next_})
        assert page.status_code == 200, page.text
        match = _LOGIN_CSRF.search(page.text)
        assert match, "the sign-in form carries no login_csrf field"
        form = {"username": username, "password": password, "next": next_, "login_csrf": match[1]}
        return client.post("/login", data=form)

    def signed_in(self, username: str, role: Role) -> TestClient:
        """A client signed in as a new account ``username`` with ``role``."""
        self.account(username, role)
        client = self.client()
        response = self.sign_in(client, username)
        assert response.status_code == 303, response.text
        return client

    @staticmethod
    def csrf(client: TestClient) -> str:
        """The session's CSRF token, as the pages carry it (read from the re-auth form)."""
        return Server.csrf_from(client, "/reauth")

    @staticmethod
    def csrf_from(client: TestClient, path: str) -> str:
        """The session's CSRF token, from the ``hx-headers`` of the page at ``path``."""
        page = client.get(path)
        assert page.status_code == 200, page.text
        match = _HX_CSRF.search(page.text)
        assert match, "the page carries no X-CSRF-Token in hx-headers"
        return match[1]


def make_server(tmp_path: Path, url: str, **settings: Any) -> Server:
    """A :class:`Server` over the database at ``url`` (migrated), state in tmp_path."""
    store = AdvisoryStore.open(url)
    state = tmp_path / "state"
    values: dict[str, Any] = {"state_dir": state, "secure": True, **settings}
    context = ServerContext(store.engine, url, ServerSettings(**values), state)
    return Server(context, create_app(context), store)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """An app over a fresh SQLite database."""
    made = make_server(tmp_path, str(tmp_path / "server.sqlite"))
    yield made
    for client in made.clients:
        client.close()
    made.store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    """An app over SQLite, and over PostgreSQL when MEDSEC_TEST_PG_URL is set."""
    from tests.storage.conftest import _pg_schema_url

    if request.param == "sqlite":
        urls: Iterator[str] = iter([str(tmp_path / "server.sqlite")])
    else:
        urls = _pg_schema_url()
    url = next(urls)
    made = make_server(tmp_path, url)
    try:
        yield made
    finally:
        for client in made.clients:
            client.close()
        made.store.close()
        for _ in urls:  # drop the PostgreSQL schema
            pass
