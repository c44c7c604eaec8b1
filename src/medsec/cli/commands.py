"""Explicit registry of the command modules mounted on the ``medsec`` app."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    if getattr(app, "_medsec_registered", False):
        return
    app._medsec_registered = True  # type: ignore[attr-defined]
    from medsec.cli import analysis_cmds, pentest_cmds, project_cmds, surface_cmds

    project_cmds.register(app)
    analysis_cmds.register(app)
    pentest_cmds.register(app)
    surface_cmds.register(app)
    from medsec.cli import sbom as sbom_cmd

    app.add_typer(sbom_cmd.app, name="sbom")
    from medsec.cli import db_cmds

    app.add_typer(db_cmds.app, name="db")
    from medsec.cli import vex_cmds

    vex_cmds.register(app)
    from medsec.cli import scan_cmds

    scan_cmds.register(app)
