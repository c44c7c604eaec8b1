"""``.medsec.toml``: settings of a project on this machine or team (the vulnerability database).

``medsec.yaml`` describes the device and goes to auditors; where the vulnerability database
lives is a fact about the machine or the team, so it has a small file of its own:

    # .medsec.toml
    database = "../vulns.sqlite"   # a SQLite path, relative to this file's folder, or postgresql://…

The nearest file counts: in the project folder, else in the closest folder above it, so one
file at the top of a repository serves every project in it. ``--db`` and ``MEDSEC_DB`` win over
it; without any of them medsec uses the SQLite file in the user data dir.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medsec.domain.errors import Diagnostic, InputError
from medsec.project.suggest import did_you_mean, one_of
from medsec.untrusted.files import read_input

SETTINGS_FILE = ".medsec.toml"
KEYS = ("database", "server")  # [server]: the team server's table, read by server_settings
MAX_BYTES = 64 * 1024
_AT_LINE = re.compile(r"\s*\(at line (\d+), column \d+\)$")


@dataclass(frozen=True)
class Settings:
    """What a ``.medsec.toml`` says; every value ``None`` when there is no file."""

    path: Path | None = None  # the file read
    database: str | None = None  # a database URL, or an absolute SQLite path


ENV_CACHE = "MEDSEC_CACHE"


def cache_home() -> Path:
    """Where medsec keeps what it can rebuild (downloads, parse caches): ``MEDSEC_CACHE``,
    else the user's cache folder."""
    import os

    import platformdirs

    env = os.environ.get(ENV_CACHE, "").strip()
    return Path(env) if env else Path(platformdirs.user_cache_dir("medsec", appauthor=False))


def find(start: Path) -> Path | None:
    """The nearest ``.medsec.toml`` in ``start``'s folder or above it; ``None`` when none.

    Whatever carries the name counts (a FIFO, a folder, a link to a device), so that it is
    refused by :func:`load` rather than passed over for a file further up.
    """
    folder = start.absolute()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        path = candidate / SETTINGS_FILE
        if path.exists() or path.is_symlink():  # a dangling link too: refused, not skipped
            return path
    return None


def load(start: Path) -> Settings:
    """The settings that apply to the project at ``start`` (a folder or a file in it)."""
    path = find(start)
    if path is None:
        return Settings()
    shown = str(path)
    # a regular file only, read to the limit and no further (a link to /dev/zero, a FIFO)
    data = read_input(path, max_bytes=MAX_BYTES, display=shown, what="settings files")
    return parse(data, source=shown, base=path.parent)


def parse(data: bytes, *, source: str, base: Path) -> Settings:
    """Read ``.medsec.toml`` text; relative paths are taken from ``base`` (the file's folder)."""
    table = _toml(data, source)
    problems = [_unknown(key, source) for key in table if key not in KEYS]
    database = table.get("database")
    if database is not None and (not isinstance(database, str) or not database.strip()):
        problems.append(
            Diagnostic(
                source,
                "must be a non-empty text: a SQLite file path or a postgresql:// URL",
                field="database",
                hint='e.g. database = "../vulns.sqlite"',
            )
        )
    if problems:
        raise InputError(problems)
    return Settings(Path(source), _absolute(database, base) if database else None)


def _toml(data: bytes, source: str) -> dict[str, Any]:
    """The TOML table of the file, or a located error in our words."""
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError.single(source, "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        text = str(error)
        found = _AT_LINE.search(text)
        raise InputError.single(
            source,
            f"not valid TOML: {_AT_LINE.sub('', text).lower()}",
            line=int(found.group(1)) if found else None,
            hint='write key = "value" lines, e.g. database = "../vulns.sqlite"',
        ) from None


def _unknown(key: str, source: str) -> Diagnostic:
    """An unknown key, with the closest known one."""
    hint = did_you_mean(key, KEYS) or one_of(KEYS)
    return Diagnostic(source, f"unknown key '{key}'", field=key, hint=hint)


def _absolute(value: str, base: Path) -> str:
    """A URL as it is; a path made absolute from the settings file's folder."""
    text = value.strip()
    if "://" in text or text.startswith(("postgresql:", "postgres:")):
        return text
    path = Path(text).expanduser()
    return str(path if path.is_absolute() else (base / path).absolute())
