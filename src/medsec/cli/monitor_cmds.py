"""``medsec monitor``: rescan every released version of the registered devices, notify, record.

Exit status: 0 nothing new; 1 a new KEV-listed or critical finding, or an overdue deadline
(like ``check``); 3 a version or repository could not be monitored (each one is printed; the
others were still scanned); 4 the feed update failed (the versions were scanned with the data
held).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from medsec.cli.common import DbOpt, TodayOpt, choose, database, note, today
from medsec.cli.exit_codes import ExitCode
from medsec.domain.wording import counted

if TYPE_CHECKING:
    from medsec.services.monitor import MonitorReport

FORMATS = ("text", "json")


def monitor(
    offline: Annotated[
        bool, typer.Option("--offline", help="Do not update the feeds, even when configured.")
    ] = False,
    repository: Annotated[
        str | None, typer.Option("--repository", help="Only this registered repository.")
    ] = None,
    no_notify: Annotated[
        bool, typer.Option("--no-notify", help="Send no e-mail or webhook notifications.")
    ] = False,
    update: Annotated[
        bool | None,
        typer.Option(
            "--update-feeds/--no-update-feeds",
            help="Update the vulnerability database first (default: update_feeds in "
            "[server.monitor] of .medsec.toml).",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    as_of: TodayOpt = None,
    db: DbOpt = None,
) -> int:
    """Rescan every released version (git tags) of the registered repositories.

    Each scan is committed as evidence to records/releases/VERSION/scans/DATE.json in the
    repository's branch (one commit per repository), indexed for the dashboard; new KEV-listed
    or critical findings and deadlines about to pass are notified ([server.notify]).
    Exit 1 on new KEV/critical findings or overdue deadlines, 3 when a version could not be
    scanned, 4 when the feed update failed.
    """
    from medsec.project import server_settings
    from medsec.services.monitor import MonitorOptions, run
    from medsec.storage.store import AdvisoryStore

    choose(fmt, FORMATS)
    day = today(as_of)
    settings = server_settings.load(Path())
    options = MonitorOptions(
        today=day,
        offline=offline,
        repository=repository,
        notify=not no_notify,
        update_feeds=update,
    )
    with AdvisoryStore.open(database(db, Path())) as store:
        report = run(store.engine, store, settings, options)
    if fmt == "json":
        typer.echo(json.dumps(report.as_json(), indent=2, sort_keys=True))
    else:
        typer.echo(text(report), nl=False)
    _summary(report)
    return int(exit_code(report))


def exit_code(report: MonitorReport) -> ExitCode:
    """3 when something could not be monitored, 4 feed failure, 1 new alerts or overdue, 0."""
    if report.failed or report.errors:
        return ExitCode.BAD_INPUT
    if report.feed_error:
        return ExitCode.SOURCE_UNAVAILABLE
    if report.alerts or report.overdue:
        return ExitCode.CHECK_FAILED
    return ExitCode.OK


def text(report: MonitorReport) -> str:
    """The report for people: one line per version, then its alerts, deadlines or error."""
    lines = [f"feed: {line}" for line in report.feeds]
    if report.feed_error:
        lines.append(f"feed update failed: {report.feed_error}")
    for v in report.versions:
        head = f"{v.repository} {v.version} ({v.commit[:12]})"
        if v.error:
            lines.append(f"{head}: NOT SCANNED: {v.error}")
            continue
        lines.append(
            f"{head}: {counted(v.findings, 'finding')}, {v.critical} critical and {v.kev} KEV open, "
            f"{len(v.new)} new"
        )
        lines += [f"  new {a.kind}: {a.advisory} in {a.component} ({a.finding})" for a in v.alerts]
        lines += [
            f"  {d.kind} deadline {'passed' if d.overdue else 'due'} {d.due}: {d.finding}"
            for d in v.deadlines
        ]
    lines += [f"error: {e}" for e in report.errors]
    lines += [f"committed {repo}: {commit}" for repo, commit in sorted(report.commits.items())]
    return "".join(line + "\n" for line in lines)


def _summary(report: MonitorReport) -> None:
    """The counts and the notifications, on stderr."""
    sent = sum(1 for d in report.deliveries if d.status == "sent")
    failed = [d for d in report.deliveries if d.failed]
    note(
        f"monitored {counted(len(report.versions), 'released version')}: "
        f"{counted(report.alerts, 'new KEV/critical finding')}, "
        f"{counted(report.overdue, 'overdue deadline')}, {len(report.failed)} not scanned; "
        f"{counted(sent, 'notification')} sent, {len(failed)} failed"
    )
    for d in failed:
        note(f"notification {d.key} via {d.channel} {d.status} (retried on the next run)")


def register(app: typer.Typer) -> None:
    """Add monitor to the app."""
    app.command()(monitor)
