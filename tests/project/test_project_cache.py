"""The parse cache of medsec.yaml: the same project, the same lines, ignored when it does not hold."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from tests.helpers import MINIMAL, write_project

from medsec.domain.errors import InputError
from medsec.project import loader, project_cache
from medsec.project.parse_cache import cache_path, write_cache
from medsec.project.yamlfile import LineMap, parse_yaml

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "infusion-pump"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example project (flow-style lists and maps, every kind of section)."""
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".*.cache.json"))
    return folder


def no_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any YAML parse of medsec.yaml fail the test."""

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("medsec.yaml was parsed although its cache holds")

    monkeypatch.setattr(loader, "parse_yaml", refuse)


def locations(data: Any, here: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every key and item path of plain data, and a missing child below each."""
    yield (*here, "no-such-key")
    yield (*here, 10_000)
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*here, key)
            yield from locations(value, (*here, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield (*here, i)
            yield from locations(value, (*here, i))


def test_keep_writes_the_cache_and_read_takes_the_same_project(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = loader.load_project(example, cache="keep")
    assert cache_path(example / "medsec.yaml").is_file()
    no_parse(monkeypatch)
    cached = loader.load_project(example, cache="read")
    assert cached == parsed  # every element, flow and line as the parse gave them
    assert cached.elements[0].line == parsed.elements[0].line is not None


def test_off_and_read_write_no_cache(example: Path) -> None:
    loader.load_project(example)
    loader.load_project(example, cache="read")
    assert not cache_path(example / "medsec.yaml").exists()


def test_cached_lines_answer_as_the_parsed_nodes(example: Path) -> None:
    raw = (example / "medsec.yaml").read_bytes()
    doc = parse_yaml(raw, "medsec.yaml")
    project_cache.write(example / "medsec.yaml", raw, doc)
    cached = project_cache.read(example / "medsec.yaml", raw, "medsec.yaml")
    assert cached is not None and cached.data == doc.data
    assert isinstance(doc.lines, LineMap) and not isinstance(doc.lines, project_cache.CachedLines)
    paths = list(locations(doc.data))
    assert len(paths) > 500
    for loc in [(), *paths]:
        assert cached.lines.line(loc) == doc.lines.line(loc), loc
        assert cached.lines.flow_style(loc) == doc.lines.flow_style(loc), loc
    assert any(doc.lines.flow_style(loc) for loc in paths)  # the example has flow style


def test_an_edited_file_is_parsed_again(example: Path) -> None:
    loader.load_project(example, cache="keep")
    path = example / "medsec.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: ", "name: Renamed ", 1), encoding="utf-8")
    assert loader.load_project(example, cache="read") == loader.load_project(example)
    assert loader.load_project(example, cache="read").device.name.startswith("Renamed ")


def test_a_cache_of_another_parser_is_ignored(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loader.load_project(example, cache="keep")
    monkeypatch.setattr(project_cache, "_parser", lambda: "another-medsec")
    raw = (example / "medsec.yaml").read_bytes()
    assert project_cache.read(example / "medsec.yaml", raw, "medsec.yaml") is None


def test_a_cache_whose_data_fails_validation_gives_the_files_own_result(
    tmp_path: Path,
) -> None:
    folder = write_project(tmp_path, MINIMAL)
    expected = loader.load_project(folder, cache="keep")
    cache = cache_path(folder / "medsec.yaml")
    doc = orjson.loads(cache.read_bytes())
    doc["data"]["data"]["flows"][0]["to"] = "nowhere"  # same SHA-256, other data
    cache.write_bytes(orjson.dumps(doc))
    assert loader.load_project(folder, cache="read") == expected


def test_errors_are_the_same_with_a_cache(tmp_path: Path) -> None:
    folder = write_project(tmp_path, MINIMAL.replace("    to: pump-fw", "    to: pmp-fw"))
    with pytest.raises(InputError) as plain:
        loader.load_project(folder)
    with pytest.raises(InputError) as kept:
        loader.load_project(folder, cache="keep")
    assert [str(p) for p in kept.value.problems] == [str(p) for p in plain.value.problems]
    assert not cache_path(
        folder / "medsec.yaml"
    ).exists()  # nothing is cached of a project that fails


@pytest.mark.parametrize(
    "text", ["{1: a}\n", "a: .inf\n", "a: .nan\n", "a: 123456789012345678901234567890\n"]
)
def test_data_json_cannot_hold_exactly_is_not_cached(tmp_path: Path, text: str) -> None:
    path = tmp_path / "medsec.yaml"
    raw = text.encode()
    project_cache.write(path, raw, parse_yaml(raw, "medsec.yaml"))
    assert not cache_path(tmp_path / "medsec.yaml").exists()


def test_a_cache_that_cannot_be_written_is_skipped(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_args: Any) -> None:
        raise InputError.single("x", "cannot write")

    monkeypatch.setattr(project_cache, "write_cache", fail)
    assert loader.load_project(example, cache="keep") == loader.load_project(example)
    assert not cache_path(example / "medsec.yaml").exists()


@pytest.mark.parametrize(
    "body",
    [
        {"parser": "?", "data": {}, "root": [1, None]},
        [],
        {"data": {}, "root": "x"},
        {"data": {}, "root": [None, None]},
    ],
)
def test_a_malformed_cache_is_ignored(
    example: Path, monkeypatch: pytest.MonkeyPatch, body: Any
) -> None:
    raw = (example / "medsec.yaml").read_bytes()
    expected = loader.load_project(example)
    if isinstance(body, dict) and body.get("parser") is None and "root" in body:
        body["parser"] = project_cache._parser()
    write_cache(example / "medsec.yaml", raw, body, [])
    assert project_cache.read(example / "medsec.yaml", raw, "medsec.yaml") is None
    assert loader.load_project(example, cache="read") == expected


def test_a_skeleton_of_the_wrong_shape_gives_no_lines_rather_than_a_crash() -> None:
    for broken in (
        ["m", False, "not a list of children"],
        ["m", False, ["device", "x", None]],  # a line that is not a number
        ["m", False, ["device"]],  # a key without its line
        ["s", False, [1]],  # an item without its child
        ["s", False, ["x", None]],
        ["m", False, 3],
    ):
        lines = project_cache.CachedLines(1, broken)
        assert lines.line(("device",)) == 1
        assert lines.line((0,)) == 1
        assert lines.flow_style(("device",)) is False
    assert project_cache.CachedLines(3, None).line(("device", 0)) == 3
    assert project_cache.CachedLines(3, ["x", True, []]).flow_style(()) is False
    assert project_cache.CachedLines(3, ["s", True, []]).flow_style(()) is True


def test_a_cache_that_comes_with_a_project_is_never_believed(example: Path) -> None:
    """A received project (archive, clone) could carry a cache with the hash of its files and
    other data: caches live outside projects, so one inside is never read."""
    loader.load_project(example, cache="keep")
    poisoned = orjson.loads(cache_path(example / "medsec.yaml").read_bytes())
    poisoned["data"]["data"]["device"]["name"] = "Not What The File Says"
    received = example.parent / "received"
    shutil.copytree(example, received)
    for name in (".medsec.yaml.cache.json", ".threats.yaml.cache.json"):  # beside the files
        (received / name).write_bytes(orjson.dumps(poisoned))
    loaded = loader.load_project(received, cache="read")
    assert loaded.device.name == "ACME Infusion System"  # the file, not a cache it brought
    assert cache_path(received / "medsec.yaml") != cache_path(example / "medsec.yaml")
    assert not cache_path(received / "medsec.yaml").is_relative_to(received)
