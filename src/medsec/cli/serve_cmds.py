"""``medsec serve``: run the team server (uvicorn), with the monitoring scheduler in the process.

The database is the vulnerability database (``--db``, else ``MEDSEC_DB``, else ``.medsec.toml``,
else the user data dir), migrated on start; the server's settings come from the ``[server]``
table of the nearest ``.medsec.toml``. The server refuses to start without an admin account:
nobody could then manage accounts, repositories or tokens.

With ``--workers N`` uvicorn runs N processes, each building the app from the environment
(:func:`app_from_environment`); the scheduler and its job worker run once, in this process.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from medsec.cli.common import DbOpt, database
from medsec.domain.errors import UsageError

if TYPE_CHECKING:
    from fastapi import FastAPI
    from sqlalchemy import Engine

    from medsec.web.context import ServerContext

ENV_SERVE_DB = "MEDSEC_SERVE_DB"  # the database the worker processes open (set by serve)
ENV_SERVE_PROJECT = "MEDSEC_SERVE_PROJECT"  # the folder whose .medsec.toml they read
SCHEDULER_SECONDS = 60.0  # how often the scheduler looks for due monitoring runs and jobs
log = logging.getLogger("medsec.serve")


def build_context(db: str | None, project: Path) -> ServerContext:
    """The server's context: settings, the migrated database, the state folder (made by the app)."""
    from medsec.project import server_settings
    from medsec.storage.store import AdvisoryStore
    from medsec.web.context import ServerContext

    settings = server_settings.load(project)
    store = AdvisoryStore.open(database(db, project))
    url = store.engine.url.render_as_string(hide_password=False)
    return ServerContext(store.engine, url, settings, Path(settings.state_dir))


def require_admin(engine: Engine) -> None:
    """A usage error unless an enabled admin account exists (nobody could manage the server)."""
    from medsec.domain.identity import Role
    from medsec.services import accounts

    admins = [a for a in accounts.list_accounts(engine) if a.role is Role.ADMIN and not a.disabled]
    if not admins:
        raise UsageError(
            "no admin account: create one first with `medsec user add NAME --role admin` "
            "(same --db), then run `medsec serve` again"
        )


def app_from_environment() -> FastAPI:
    """The app of one uvicorn worker process (``--workers N``): its context from the environment."""
    from medsec.web.app import create_app

    project = Path(os.environ.get(ENV_SERVE_PROJECT) or ".")
    return create_app(build_context(os.environ.get(ENV_SERVE_DB) or None, project))


class Scheduler(threading.Thread):
    """Enqueue monitoring runs when due and run queued jobs, until :meth:`stop`."""

    def __init__(self, context: ServerContext, seconds: float) -> None:
        """A daemon thread over the server's database; it wakes every ``seconds``."""
        super().__init__(name="medsec-scheduler", daemon=True)
        self.engine = context.engine
        self.settings = context.settings
        self.store_url = context.store_url
        self.seconds = seconds
        self._halt = threading.Event()

    def run(self) -> None:
        """Loop: schedule, then run the claimed jobs; a failing round is logged, not fatal."""
        from medsec.services import monitor

        name = f"serve@{socket.gethostname()}:{os.getpid()}"
        worker = monitor.Worker(self.engine, name, self.settings, self.store_url)
        while not self._halt.is_set():
            try:
                monitor.schedule(self.engine, self.settings)
                while not self._halt.is_set() and worker.run_once():
                    pass
            except Exception:  # a failed round is retried on the next one
                log.exception("monitoring round failed; retrying in %.0f s", self.seconds)
            self._halt.wait(self.seconds)

    def stop(self) -> None:
        """Ask the loop to end after the current job."""
        self._halt.set()


def serve(
    host: Annotated[
        str | None, typer.Option("--host", help="Address to listen on (default 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port (default 8000).")] = None,
    db: DbOpt = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="uvicorn worker processes.")
    ] = 1,
    no_scheduler: Annotated[
        bool,
        typer.Option(
            "--no-scheduler",
            help="Do not run monitoring and jobs in this process (another process does).",
        ),
    ] = False,
    project: Annotated[
        Path,
        typer.Option(
            "--project", "-p", help="Folder whose .medsec.toml holds [server] (default: here)."
        ),
    ] = Path(),
) -> None:
    """Run the team server: portfolio dashboard, approvals, audit trail, REST API."""
    context = build_context(db, project)
    require_admin(context.engine)
    scheduler = None
    if not no_scheduler:
        scheduler = Scheduler(context, SCHEDULER_SECONDS)
        scheduler.start()
    try:
        _run(
            context, project, host or context.settings.host, port or context.settings.port, workers
        )
    finally:
        if scheduler is not None:
            scheduler.stop()


def _run(context: ServerContext, project: Path, host: str, port: int, workers: int) -> None:
    """uvicorn in this process (one worker) or as worker processes built from the environment."""
    import uvicorn

    from medsec.web.app import create_app

    if workers == 1:
        uvicorn.run(create_app(context), host=host, port=port, proxy_headers=True)
        return
    os.environ[ENV_SERVE_DB] = context.store_url
    os.environ[ENV_SERVE_PROJECT] = str(project.absolute())
    uvicorn.run(
        f"{__name__}:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
    )


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``medsec`` app."""
    app.command("serve")(serve)
