"""Every command keeps to the exit-code table, and writes nothing when it exits 2 or 3.

One test per command runs its cases in-process in a workspace of small projects: the codes that
apply to it (0, 1, 2, 3, 4), each with the files of the workspace compared before and after
when the code is 2 (usage) or 3 (bad input). The README and docs/cli.md show the same table as
``--help``.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE, REPO
from tests.helpers import MINIMAL, write_project
from tests.sources.advisories.feed_server import FeedServer, Route, serve

from medsec.cli.exit_codes import EXIT_CODES, ExitCode
from medsec.cli.main import main

BROKEN = MINIMAL.replace("kind: wireless", "kind: wirless")
NO_SBOM = MINIMAL.replace(
    "    hazards: [HAZ-1]\n", "    hazards: [HAZ-1]\n    sbom: [sbom/gone.json]\n"
)
CLEAN_SBOM = """\
format: medsec-components/1
author: ACME Medical GmbH
created: 2026-09-01
supplier: ACME Medical GmbH
components:
  - {name: rtos, version: 9.2.0, supplier: RTOS Ltd, purl: "pkg:generic/rtos/rtos@9.2.0",
     support_level: support, end_of_support: 2031-12-31}
  - {name: app, version: 1.0.0, supplier: ACME Medical GmbH, purl: "pkg:generic/acme/app@1.0.0",
     support_level: support, end_of_support: 2031-12-31, depends_on: [rtos]}
"""
ANSWERS = tuple(
    a
    for q in ("XAVN", "XAVT", "XACL", "XPRL", "XUI", "XS", "XC", "XCPM", "XI", "XA")
    for a in ("--answer", f"{q}=unknown")
)
IGNORED = (".sqlite-wal", ".sqlite-shm", ".sqlite-journal")  # SQLite's own companions


@dataclass(frozen=True)
class Case:
    """One call of a command and the exit code it must give."""

    argv: tuple[str, ...]
    code: ExitCode


def case(code: ExitCode, *argv: str) -> Case:
    """A case, written code first so the table reads as a table."""
    return Case(argv, code)


OK, FAILED, USAGE, BAD, UNAVAILABLE = (
    ExitCode.OK,
    ExitCode.CHECK_FAILED,
    ExitCode.USAGE,
    ExitCode.BAD_INPUT,
    ExitCode.SOURCE_UNAVAILABLE,
)

CASES: dict[str, tuple[Case, ...]] = {
    "init": (
        case(USAGE, "init", "proj"),  # medsec.yaml exists
        case(USAGE, "init", "new", "--colour"),
        case(BAD, "init", "proj/medsec.yaml"),  # a file where the folder should be
        case(OK, "init", "new", "--name", "New Device"),
    ),
    "validate": (
        case(USAGE, "validate", "proj", "--today", "soon"),
        case(BAD, "validate", "broken"),
        case(BAD, "validate", "no-sbom"),
        case(OK, "validate", "proj"),
    ),
    "schema": (case(USAGE, "schema", "--pretty"), case(OK, "schema", "-o", "schema.json")),
    "threats": (
        case(USAGE, "threats", "proj", "--format", "nope", "-o", "out.txt"),
        case(USAGE, "threats", "proj", "extra"),
        case(BAD, "threats", "broken", "-o", "out.txt"),
        case(OK, "threats", "proj", "-o", "out.txt"),
    ),
    "threats score": (
        case(USAGE, "threats", "score", "STRIDE-T@pump-fx", "proj", *ANSWERS),
        case(USAGE, "threats", "score", "STRIDE-T@pump-fw", "proj", "--answer", "XAVN=maybe"),
        case(BAD, "threats", "score", "STRIDE-T@pump-fw", "broken", *ANSWERS),
        case(OK, "threats", "score", "STRIDE-T@pump-fw", "proj", *ANSWERS),
    ),
    "check": (
        case(USAGE, "check", "proj", "--format", "nope"),
        case(BAD, "check", "broken", "-o", "out.txt"),
        case(FAILED, "check", "proj", "-o", "out.txt"),
    ),
    "diagram": (
        case(USAGE, "diagram", "proj", "--format", "nope", "-o", "out.txt"),
        case(BAD, "diagram", "broken", "-o", "out.txt"),
        case(OK, "diagram", "proj", "--format", "mermaid", "-o", "out.txt"),
    ),
    "report": (
        case(USAGE, "report", "proj"),  # --output is required
        case(BAD, "report", "broken", "-o", "out.html"),
        case(OK, "report", "proj", "-o", "out.html"),
    ),
    "review": (
        case(USAGE, "review", "proj"),  # --by is required
        case(USAGE, "review", "proj", "--by", "A. Person", "--item", "everything"),
        case(BAD, "review", "broken", "--by", "A. Person"),
        case(OK, "review", "proj", "--by", "A. Person"),
    ),
    "sbom ls": (
        case(USAGE, "sbom", "ls", "ex", "--support", "forever"),
        case(BAD, "sbom", "ls", "binary.json"),
        case(BAD, "sbom", "ls", "no-sbom"),
        case(OK, "sbom", "ls", "ex", "-o", "out.txt"),
    ),
    "sbom check": (
        case(USAGE, "sbom", "check", "ex", "--format", "nope", "-o", "out.txt"),
        case(BAD, "sbom", "check", "missing.json", "-o", "out.txt"),
        case(BAD, "sbom", "check", "binary.json", "-o", "out.txt"),
        case(BAD, "sbom", "check", "no-sbom", "-o", "out.txt"),  # its SBOM file is missing
        case(FAILED, "sbom", "check", "ex"),
        case(OK, "sbom", "check", "ex", "--no-fail-on-gap"),
        case(OK, "sbom", "check", "clean.yaml", "--today", "2026-11-01"),
    ),
    "sbom diff": (
        case(USAGE, "sbom", "diff", "clean.yaml", "clean.yaml", "--format", "nope"),
        case(BAD, "sbom", "diff", "clean.yaml", "missing.json", "-o", "out.txt"),
        case(OK, "sbom", "diff", "clean.yaml", "clean.yaml"),
    ),
    "sbom export": (
        case(USAGE, "sbom", "export", "ex", "--created", "yesterday", "-o", "out.json"),
        case(BAD, "sbom", "export", "clean.yaml", "-o", "out.json"),  # not a project
        case(OK, "sbom", "export", "ex", "-o", "out.json"),
    ),
    "db import": (
        case(USAGE, "db", "import"),
        case(BAD, "db", "import", "proj/medsec.yaml"),  # not a feed
        case(BAD, "db", "import", "ex/advisories", "--db", "nowhere/vulns.sqlite"),
        case(BAD, "db", "import", "ex/advisories", "--db", "not-a-db.sqlite"),
        case(OK, "db", "import", "ex/advisories", "--db", "other.sqlite"),
    ),
    "db update": (
        case(USAGE, "db", "update", "--offline"),
        case(USAGE, "db", "update", "--source", "ghsa"),
        case(BAD, "db", "update", "--source", "kev", "--db", "nowhere/vulns.sqlite"),
        case(UNAVAILABLE, "db", "update", "--source", "epss"),  # the server answers 404
        case(OK, "db", "update", "--source", "kev"),
    ),
    "db status": (
        case(USAGE, "db", "status", "--format", "nope"),
        case(BAD, "db", "status", "--db", "not-a-db.sqlite"),
        case(BAD, "db", "status", "--db", "nowhere/vulns.sqlite"),
        case(OK, "db", "status", "--format", "json"),
    ),
    "scan": (
        case(USAGE, "scan", "ex", "--fail-on", "severe"),  # refused before the record is written
        case(USAGE, "scan", "ex", "--format", "nope"),
        case(BAD, "scan", "broken"),
        case(BAD, "scan", "ex", "--db", "nowhere/vulns.sqlite"),
        case(UNAVAILABLE, "scan", "proj", "--db", "empty.sqlite"),
        case(FAILED, "scan", "ex", "--fail-on", "high"),
        case(OK, "scan", "proj", "--fail-on", "high"),
    ),
    "vex": (
        case(USAGE, "vex", "ex", "--format", "nope", "-o", "out.json"),
        case(USAGE, "vex", "ex", "--issued", "someday", "-o", "out.json"),
        case(BAD, "vex", "broken", "-o", "out.json"),
        case(OK, "vex", "ex", "--format", "openvex", "-o", "vex.json"),
    ),
    "vex import": (
        case(OK, "vex", "ex", "--format", "openvex", "-o", "vex.json"),  # the document to import
        case(USAGE, "vex", "import"),
        case(BAD, "vex", "import", "proj/medsec.yaml", "ex"),  # not a VEX document
        case(BAD, "vex", "import", "vex.json", "broken"),
        case(OK, "vex", "import", "vex.json", "ex"),
    ),
    "pentest import": (
        case(USAGE, "pentest", "import", "ex/pentests/pt-2026/nmap-pump.xml", "ex", "-e", "pt-9"),
        case(BAD, "pentest", "import", "proj/medsec.yaml", "ex", "-e", "pt-2026"),
        case(BAD, "pentest", "import", "ex/pentests/pt-2026/nmap-pump.xml", "broken", "-e", "x"),
        case(OK, "pentest", "import", "ex/pentests/pt-2026/nmap-pump.xml", "ex", "-e", "pt-2026"),
    ),
    "pentest ls": (
        case(USAGE, "pentest", "ls", "ex", "--state", "forgotten"),
        case(BAD, "pentest", "ls", "broken"),
        case(OK, "pentest", "ls", "ex", "--format", "json", "-o", "out.json"),
    ),
    "pentest set": (
        case(USAGE, "pentest", "set", "PT-2026-01", "ex", "--state", "forgotten"),
        case(USAGE, "pentest", "set", "PT-2026-01", "ex", "--state", "fixed", "-e", "pt-9"),
        case(BAD, "pentest", "set", "PT-2026-01", "broken", "--state", "fixed"),
        case(USAGE, "pentest", "set", "PT-2026-01", "ex", "--state", "fixed", "--by", "A. P."),
        case(
            OK,
            *("pentest", "set", "PT-2026-01", "ex", "--state", "risk-accepted", "--by", "A. P."),
            *("--rationale", "until 3.2.1", "--approver", "QA", "--expires", "2099-01-01"),
        ),
    ),
    "surface": (
        case(USAGE, "surface", "proj", "--format", "nope", "--record"),
        case(BAD, "surface", "broken", "--record"),
        case(OK, "surface", "proj", "--record"),
    ),
    "views": (
        case(USAGE, "views", "proj", "--view", "everything", "-o", "out.txt"),
        case(BAD, "views", "broken", "-o", "out.txt"),
        case(OK, "views", "proj", "--format", "mermaid", "-o", "out.txt"),
    ),
    "docs build": (
        case(USAGE, "docs", "build", "proj", "--doc", "no-such-document"),
        case(BAD, "docs", "build", "broken", "--doc", "security-risk-report", "-o", "d.md"),
        case(
            OK,
            "docs",
            "build",
            "proj",
            "--doc",
            "security-risk-report",
            "--format",
            "md",
            "-o",
            "d.md",
        ),
        case(
            FAILED,
            *("docs", "build", "proj", "--doc", "security-risk-report"),
            "--strict",
            "-o",
            "d.md",
        ),
    ),
    "docs pack": (
        case(USAGE, "docs", "pack", "proj"),  # a zip needs --output
        case(BAD, "docs", "pack", "broken", "-o", "pack.zip"),
        case(OK, "docs", "pack", "proj", "-o", "pack.zip"),
    ),
    "mds2 build": (
        case(USAGE, "mds2", "build", "proj", "--format", "nope", "-o", "out.xlsx"),
        case(USAGE, "mds2", "build", "proj", "--format", "xlsx"),  # a workbook needs --output
        case(BAD, "mds2", "build", "broken", "--format", "json", "-o", "out.json"),
        case(OK, "mds2", "build", "proj", "--format", "xlsx", "-o", "mds2.xlsx"),
    ),
    "privacy ropa": (
        case(USAGE, "privacy", "ropa", "proj"),  # a workbook needs --output
        case(BAD, "privacy", "ropa", "broken", "-o", "ropa.xlsx"),
        case(OK, "privacy", "ropa", "proj", "-o", "ropa.xlsx"),
    ),
    "mds2 diff": (
        case(OK, "mds2", "build", "proj", "--format", "json", "-o", "a.json"),
        case(OK, "mds2", "build", "proj", "--format", "xlsx", "-o", "b.xlsx"),
        case(USAGE, "mds2", "diff", "a.json", "a.json"),
        case(USAGE, "mds2", "diff", "a.json", "b.xlsx", "--format", "nope"),
        case(BAD, "mds2", "diff", "a.json", "proj/medsec.yaml"),  # not a form
        case(OK, "mds2", "diff", "a.json", "b.xlsx"),
    ),
    "user add": (
        case(USAGE, "user", "add", "bob", "--role", "boss", "--no-password"),
        case(USAGE, "user", "add", "bad name", "--role", "admin", "--no-password"),
        case(OK, "user", "add", "bob", "--role", "admin", "--no-password"),
    ),
    "token create": (
        case(USAGE, "token", "create", "--user", "ghost", "--repository", "r", "--scope", "read"),
    ),
    "audit verify": (
        case(BAD, "audit", "verify", "--export", "missing.jsonl"),
        case(OK, "audit", "verify"),
        case(OK, "audit", "export", "-o", "audit.jsonl"),
    ),
    "monitor": (
        case(USAGE, "monitor", "--format", "yaml"),
        case(USAGE, "monitor", "--repository", "nope"),
        case(OK, "monitor", "--offline", "--no-notify"),  # nothing registered: nothing new
    ),
    "repo add": (
        case(BAD, "repo", "add", "ex"),  # not a git repository
        case(USAGE, "repo", "list", "--format", "yaml"),
        case(USAGE, "repo", "remove", "ghost"),
        case(OK, "repo", "list"),
    ),
    "serve": (
        case(USAGE, "serve", "--workers", "0"),
        case(USAGE, "serve", "--no-scheduler"),  # no admin account yet: refuses to start
    ),
    "medsec": (
        case(USAGE, "frobnicate"),
        case(USAGE, "--colour"),
        case(OK, "--version"),
        case(OK, "--help"),
    ),
}


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the example's advisories, imported once for the module."""
    path = tmp_path_factory.mktemp("db") / "vulns.sqlite"
    assert main(["db", "import", str(EXAMPLE / "advisories"), "--db", str(path)]) == 0
    return path


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    """A feed server on 127.0.0.1: KEV is there, EPSS is not (404)."""
    with serve() as server:
        kev = b'{"catalogVersion": "1", "vulnerabilities": [{"cveID": "CVE-2021-1", '
        kev += b'"dateAdded": "2021-01-01"}]}'
        server.routes["/kev.json"] = Route(kev)
        yield server


@pytest.fixture
def workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example_db: Path, feeds: FeedServer
) -> Path:
    """Small projects, SBOMs and a database in tmp_path, which is the current folder."""
    write_project(tmp_path / "proj")
    write_project(tmp_path / "broken", BROKEN)
    write_project(tmp_path / "no-sbom", NO_SBOM)
    shutil.copytree(EXAMPLE, tmp_path / "ex", ignore=shutil.ignore_patterns("scans"))
    (tmp_path / "clean.yaml").write_text(CLEAN_SBOM)
    (tmp_path / "binary.json").write_bytes(bytes(range(256)))
    (tmp_path / "not-a-db.sqlite").write_text("these are notes, not a database\n")
    shutil.copy(example_db, tmp_path / "db.sqlite")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MEDSEC_DB", str(tmp_path / "db.sqlite"))
    monkeypatch.setenv("MEDSEC_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("MEDSEC_KEV_URL", feeds.url("/kev.json"))
    monkeypatch.setenv("MEDSEC_EPSS_URL", feeds.url("/epss.csv.gz"))
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("MEDSEC_TODAY", "2026-11-27")
    return tmp_path


def snapshot(root: Path) -> dict[str, str]:
    """Every file below ``root`` with a digest of its content (SQLite's companions left out)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.endswith(IGNORED)
    }


def run_case(c: Case, root: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Run one case; what went wrong with it (nothing when it kept to the table)."""
    before = snapshot(root)
    code = main(list(c.argv))
    out, err = capsys.readouterr()
    where = f"medsec {' '.join(c.argv)}"
    if code != c.code:
        return [f"{where}: exit {code}, expected {int(c.code)}: {err.strip()[-400:]}"]
    wrong = []
    if c.code in (USAGE, BAD):
        after = snapshot(root)
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        if changed:
            wrong.append(f"{where}: exit {code} but wrote {changed}")
        if out:
            wrong.append(f"{where}: exit {code} but printed a result on stdout")
        if "Traceback" in err or not err.strip():
            wrong.append(f"{where}: exit {code} without a one-line diagnostic: {err!r}")
    return wrong


@pytest.mark.parametrize("command", sorted(CASES))
def test_exit_codes_per_command(
    command: str, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    problems = [p for c in CASES[command] for p in run_case(c, workspace, capsys)]
    assert problems == []


def test_every_command_is_in_the_table() -> None:
    from medsec.cli.commands import MODULES

    named = {key.split()[0] for key in CASES} | {key.split()[-1] for key in CASES}
    assert set(MODULES) <= named


def test_check_exits_0_when_every_mandatory_item_passes(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from medsec.domain.checklist import Checklist

    monkeypatch.setattr(Checklist, "mandatory_pass", property(lambda _: True))
    assert main(["check", "proj"]) == OK


def test_the_table_in_help_readme_and_cli_docs_is_the_same(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--help"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    readme = (REPO / "README.md").read_text()
    docs = (REPO / "docs" / "cli.md").read_text()
    assert [int(code) for code, _, _ in EXIT_CODES] == [int(c) for c in ExitCode]
    for code, meaning, when in EXIT_CODES:
        row = f"| {int(code)} | {meaning} | {when} |"
        assert row in readme and row in docs
        assert f"{int(code)} {meaning}: {when.replace('`', '')}" in shown


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from medsec import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"medsec {__version__}\n"
