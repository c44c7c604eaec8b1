"""``.medsec.toml``: the database setting of a project, found from the project folder upwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from medsec.domain.errors import InputError
from medsec.project.settings import SETTINGS_FILE, Settings, find, load, parse


def test_no_file_means_no_setting(tmp_path: Path) -> None:
    assert load(tmp_path / "proj") == Settings()


def test_relative_path_is_taken_from_the_file_folder(tmp_path: Path) -> None:
    found = parse(b'database = "../vulns.sqlite"\n', source="x.toml", base=tmp_path / "proj")
    assert found.database == str(tmp_path / "proj" / ".." / "vulns.sqlite")


@pytest.mark.parametrize(
    "url", ["postgresql://team@db.example/medsec", "sqlite:////srv/medsec/vulns.sqlite"]
)
def test_urls_are_kept(tmp_path: Path, url: str) -> None:
    assert parse(f'database = "{url}"'.encode(), source="x", base=tmp_path).database == url


def test_absolute_path_is_kept(tmp_path: Path) -> None:
    text = f'database = "{tmp_path}/v.sqlite"'.encode()
    assert parse(text, source="x", base=Path("/elsewhere")).database == f"{tmp_path}/v.sqlite"


def test_the_nearest_file_counts(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_text('database = "top.sqlite"\n')
    inner = tmp_path / "repo" / "proj"
    inner.mkdir(parents=True)
    assert load(inner).database == str(tmp_path / "top.sqlite")
    assert find(inner / "medsec.yaml") == tmp_path / SETTINGS_FILE  # a file in the folder
    (inner / SETTINGS_FILE).write_text('database = "own.sqlite"\n')
    assert load(inner).database == str(inner / "own.sqlite")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            b'databse = "x.sqlite"\n',
            "x.toml: databse: unknown key 'databse' (did you mean 'database'?)",
        ),
        (b"database = 5\n", "x.toml: database: must be a non-empty text"),
        (b'database = ""\n', "x.toml: database: must be a non-empty text"),
        (b'\n\ndatabase = "x\n', "x.toml:3: not valid TOML"),
        (b"\xff\xfe", "x.toml: is not UTF-8 text"),
    ],
)
def test_problems_are_located(tmp_path: Path, text: bytes, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(text, source="x.toml", base=tmp_path)
    assert expected in caught.value.diagnostics()
