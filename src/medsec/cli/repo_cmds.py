"""``medsec repo add | list | remove``: the project repositories the team server reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from medsec.cli.common import DbOpt, choose, database, note
from medsec.domain.wording import counted

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from medsec.storage.store import AdvisoryStore

app = typer.Typer(
    help=(
        "Project repositories of the team server (medsec serve, medsec monitor): a git "
        "working tree with a device project, the branch UI changes are committed to and the "
        "tag pattern of released versions. The database: --db, else MEDSEC_DB, else "
        "'database' in the nearest .medsec.toml, else a SQLite file in the user data dir."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
FORMATS = ("text", "json")


def _engine(db: str | None) -> Engine:
    """The server database (created or upgraded as every command does)."""
    from medsec.storage.store import AdvisoryStore

    return AdvisoryStore.open(database(db, Path())).engine


@app.command("add")
def add(
    path: Annotated[
        Path, typer.Argument(help="The git working tree (or the project folder inside it).")
    ],
    name: Annotated[
        str | None, typer.Option("--name", help="Name in URLs (default: the project folder's).")
    ] = None,
    project_dir: Annotated[
        str, typer.Option("--project-dir", help="Folder of medsec.yaml inside the repository.")
    ] = ".",
    branch: Annotated[
        str | None,
        typer.Option("--branch", help="Branch UI changes are committed to (the checked-out one)."),
    ] = None,
    release_pattern: Annotated[
        str, typer.Option("--release-pattern", help="Glob over tag names of released versions.")
    ] = "v*",
    db: DbOpt = None,
    no_refresh: Annotated[
        bool,
        typer.Option(
            "--no-refresh",
            help="Register only; the dashboard shows the repository after the next medsec "
            "monitor (default: summarise its versions now).",
        ),
    ] = False,
) -> None:
    """Register a repository after checking it: git, a loadable medsec.yaml, the branch; then
    summarise its released versions and branch head for the dashboard (the state folder of
    [server] in .medsec.toml, as medsec serve uses it)."""
    from medsec.project import server_settings
    from medsec.services.repositories import add_repository
    from medsec.storage.store import AdvisoryStore

    settings = None if no_refresh else server_settings.load(Path())  # bad settings: before
    with AdvisoryStore.open(database(db, Path())) as store:
        repo = add_repository(store.engine, path, name, project_dir, branch, release_pattern)
        typer.echo(repo.name)
        note(
            f"registered '{repo.name}': {repo.path} (project {repo.project_dir}, branch "
            f"{repo.branch}, releases {repo.release_pattern})"
        )
        if settings is not None:
            _summarise(store, repo.name, Path(settings.state_dir))


def _summarise(store: AdvisoryStore, name: str, state_dir: Path) -> None:
    """Compute the dashboard summaries of the new repository and say what came of them."""
    import datetime as dt

    from medsec.domain.errors import MedsecError
    from medsec.services import portfolio

    try:
        done = portfolio.refresh(store.engine, store, state_dir, dt.date.today(), repository=name)
    except MedsecError as error:
        note(
            f"'{name}' stays registered, but its versions were not summarised: "
            f"{error.diagnostics()} (fix it, then run medsec monitor --repository {name})"
        )
        raise
    versions = ", ".join(s.version for s in done)
    note(f"summarised {counted(len(done), 'version')} of '{name}' for the dashboard: {versions}")
    for problem in (p for s in done for p in s.problems):
        note(f"  not evaluated: {problem}")
    if any(s.version != portfolio.CURRENT for s in done):
        note(
            "released versions are scanned for vulnerabilities by monitoring: run "
            f"medsec monitor --repository {name}"
        )


@app.command("list")
def list_(
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    db: DbOpt = None,
) -> None:
    """Show the registered repositories."""
    from medsec.services.repositories import list_repositories

    choose(fmt, FORMATS)
    rows = list_repositories(_engine(db))
    if fmt == "json":
        keys = ("name", "path", "project_dir", "branch", "release_pattern")
        data = [{k: getattr(r, k) for k in keys} for r in rows]
        typer.echo(json.dumps(data, indent=2, sort_keys=True))
        return
    if not rows:
        note("no repository is registered: medsec repo add PATH")
    for r in rows:
        typer.echo(f"{r.name}\t{r.path}\t{r.project_dir}\t{r.branch}\t{r.release_pattern}")


@app.command("remove")
def remove(
    name: Annotated[str, typer.Argument(help="The registered name (see medsec repo list).")],
    db: DbOpt = None,
) -> None:
    """Unregister a repository (its summaries, scan index and tokens); its files stay."""
    from medsec.services.repositories import remove_repository

    repo = remove_repository(_engine(db), name)
    note(f"removed '{repo.name}' ({repo.path}); its git repository is untouched")
