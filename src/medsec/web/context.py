"""What every request of the team server shares: the database, the settings, the templates.

One :class:`ServerContext` per process, built by ``medsec serve`` (or a test) and handed to
:func:`medsec.web.app.create_app`; routes reach it with :func:`context_of` (``app.state``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi.templating import Jinja2Templates
from starlette.requests import HTTPConnection

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from medsec.project.server_settings import ServerSettings

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"


def templates() -> Jinja2Templates:
    """The Jinja2 templates of the server (``web/templates``), HTML autoescaped."""
    return Jinja2Templates(directory=str(TEMPLATES_DIR))


@dataclass
class ServerContext:
    """The process-wide state of the server: the one engine, settings and template loader.

    ``engine`` is the SQLAlchemy engine of the migrated database (the vulnerability data and the
    server tables); ``store_url`` opens an ``AdvisoryStore`` on the same database when a route
    needs the advisories; ``state_dir`` holds caches (materialised releases) and the secret of
    the sign-in state cookie.
    """

    engine: Engine
    store_url: str
    settings: ServerSettings
    state_dir: Path
    templates: Jinja2Templates = field(default_factory=templates)

    @property
    def secure(self) -> bool:
        """Whether cookies carry ``Secure`` and responses HSTS (false only for plain http)."""
        return bool(self.settings.secure)


def context_of(connection: HTTPConnection) -> ServerContext:
    """The :class:`ServerContext` of the app serving ``connection`` (a request or websocket)."""
    context: ServerContext = connection.app.state.context
    return context
