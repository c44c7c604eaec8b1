"""Explicit registry of the command modules mounted on the ``medsec`` app.

Each module is imported only when its command is run (or for ``--help``, which lists them
all), so a quick command does not pay for loading every engine.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

import typer

# command name -> module that registers it (a module's ``register(app)`` adds all its names)
MODULES: dict[str, str] = {
    "validate": "medsec.cli.project_cmds",
    "schema": "medsec.cli.project_cmds",
    "init": "medsec.cli.project_cmds",
    "review": "medsec.cli.project_cmds",
    "threats": "medsec.cli.threats_cmds",
    "check": "medsec.cli.analysis_cmds",
    "diagram": "medsec.cli.analysis_cmds",
    "report": "medsec.cli.analysis_cmds",
    "sbom": "medsec.cli.sbom",
    "db": "medsec.cli.db_cmds",
    "scan": "medsec.cli.scan_cmds",
    "vex": "medsec.cli.vex_cmds",
    "pentest": "medsec.cli.pentest_cmds",
    "surface": "medsec.cli.surface_cmds",
    "views": "medsec.cli.surface_cmds",
    "docs": "medsec.cli.docs_cmds",
    "mds2": "medsec.cli.mds2_cmds",
    "privacy": "medsec.cli.privacy_cmds",
    "serve": "medsec.cli.serve_cmds",
    "repo": "medsec.cli.repo_cmds",
    "user": "medsec.cli.server_admin_cmds",
    "token": "medsec.cli.server_admin_cmds",
    "audit": "medsec.cli.server_admin_cmds",
    "monitor": "medsec.cli.monitor_cmds",
}
SUB_APPS = {
    "sbom",
    "db",
    "docs",
    "mds2",
    "privacy",
    "repo",
}  # modules exposing a typer sub-app ``app`` rather than ``register``


def _mount(app: typer.Typer, module_name: str, names: set[str]) -> None:
    """Import one command module and add its commands, or its sub-app, to the app."""
    module = importlib.import_module(module_name)
    sub = names & SUB_APPS
    if sub:
        app.add_typer(module.app, name=sub.pop())
    else:
        module.register(app)


def register(app: typer.Typer, argv: Sequence[str] = ()) -> None:
    """Mount the module of the command in ``argv`` (all of them when none is named)."""
    if getattr(app, "_medsec_registered", False):
        return
    app._medsec_registered = True  # type: ignore[attr-defined]
    wanted = next((a for a in argv if not a.startswith("-")), None)
    if wanted is None and "--version" in argv and "--help" not in argv:
        return  # 'medsec --version' prints and stops before any command is looked up
    modules: dict[str, set[str]] = {}
    for name, module in MODULES.items():
        if wanted is None or wanted not in MODULES or name == wanted:
            modules.setdefault(module, set()).add(name)
    for module, names in modules.items():
        _mount(app, module, names)
