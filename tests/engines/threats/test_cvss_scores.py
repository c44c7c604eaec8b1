"""cvss_scores.json: the ``cvss`` library's own scores, of exactly the vectors generation scores."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from types import ModuleType

import orjson
import pytest

from medsec.engines.threats import scoring
from medsec.engines.threats.scoring import base_key, by_library, score

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "gen_cvss_scores.py"
MADE_WITH = orjson.loads(scoring.SCORES_FILE.read_bytes())["cvss"]
# a newer cvss release (the dependency allows any 3.x) leaves the table unused, scores then come
# from the library itself: the tests of the table's content need the version it was made with
SAME_LIBRARY = pytest.mark.skipif(
    metadata.version("cvss") != MADE_WITH,
    reason=f"cvss {metadata.version('cvss')} installed, cvss_scores.json made with {MADE_WITH}: "
    "the table is unused (scores come from the library); re-run scripts/gen_cvss_scores.py",
)


def _script() -> ModuleType:
    """scripts/gen_cvss_scores.py as a module."""
    spec = importlib.util.spec_from_file_location("gen_cvss_scores", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def fresh_table() -> Iterator[None]:
    """No table or score remembered from another test, before and after."""
    scoring._table.cache_clear()
    scoring._score.cache_clear()
    yield
    scoring._table.cache_clear()
    scoring._score.cache_clear()


def _entries() -> dict[str, dict[str, str]]:
    doc = orjson.loads(scoring.SCORES_FILE.read_bytes())
    assert isinstance(doc, dict)
    scores = doc["scores"]
    assert isinstance(scores, dict)
    return scores


@pytest.mark.usefixtures("fresh_table")
def test_the_table_is_used_only_with_the_library_it_was_made_with() -> None:
    in_use = bool(scoring._table())
    assert in_use == (metadata.version("cvss") == MADE_WITH)


@SAME_LIBRARY
def test_entries_are_the_librarys_scores() -> None:
    """A sample here; every entry in the next test (the script scores them all again)."""
    scores = _entries()
    assert len(scores["3.1"]) == 2592  # every CVSS 3.1 base vector
    assert len(scores["4.0"]) > 10_000
    for version, entries in scores.items():
        order = scoring.BASE_ORDER[version]
        for values, found in sorted(entries.items())[::97]:
            vector = f"CVSS:{version}/" + "/".join(
                f"{m}:{v}" for m, v in zip(order, values, strict=True)
            )
            expected = by_library(vector)
            assert found == f"{expected.score} {expected.severity.value}", vector
            assert expected.vector == vector


@SAME_LIBRARY
def test_the_table_holds_exactly_what_generation_scores() -> None:
    script = _script()
    assert script.table() == scoring.SCORES_FILE.read_bytes(), "re-run scripts/gen_cvss_scores.py"


@SAME_LIBRARY
@pytest.mark.usefixtures("fresh_table")
def test_scores_from_the_table_equal_the_librarys() -> None:
    vector = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"
    assert scoring._known(vector) is not None
    assert score(vector) == by_library(vector)
    v3 = "CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N"
    assert scoring._known(v3) == by_library(v3)


@pytest.mark.parametrize(
    "vector",
    [
        "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",  # 3.0: the library's
        "CVSS:3.1/AC:L/AV:N/PR:N/UI:N/S:U/C:H/I:H/A:H",  # another order
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U",  # temporal metrics
        "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:H/VA:H/SC:N/SI:N/SA:N/MSI:S/MSA:S",
    ],
)
@pytest.mark.usefixtures("fresh_table")
def test_other_vectors_are_scored_by_the_library(vector: str) -> None:
    assert scoring._known(vector) is None
    assert score(vector) == by_library(vector)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", ("3.1", "NLNNUHHH")),
        ("CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L", ("4.0", "PHPHALLLLLL")),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", None),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:HH", None),
        ("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", None),
        ("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", None),
        ("", None),
    ],
)
def test_base_key(text: str, key: tuple[str, str] | None) -> None:
    assert base_key(text) == key


@pytest.mark.usefixtures("fresh_table")
def test_another_library_version_leaves_the_table_unused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(metadata, "version", lambda _name: "0.0-other")
    assert scoring._table() == {}
    vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
    assert scoring._known(vector) is None
    assert score(vector).score == 9.8  # the library's


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"[]",
        b'{"cvss": "VERSION", "scores": []}',
        b'{"cvss": "VERSION", "scores": {"3.1": {"NLNNUHHH": "x high"}}}',
        b'{"cvss": "VERSION", "scores": {"3.1": {"NLNNUHHH": "9.8 dreadful"}}}',
        b'{"cvss": "VERSION", "scores": {"3.1": {"NLNNUHHH": [9.8, "critical"]}}}',
    ],
)
@pytest.mark.usefixtures("fresh_table")
def test_a_damaged_table_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    path = tmp_path / "cvss_scores.json"
    path.write_bytes(content.replace(b"VERSION", metadata.version("cvss").encode()))
    monkeypatch.setattr(scoring, "SCORES_FILE", path)
    vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
    assert scoring._known(vector) is None
    assert score(vector) == by_library(vector)


@pytest.mark.usefixtures("fresh_table")
def test_a_missing_table_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scoring, "SCORES_FILE", tmp_path / "absent.json")
    assert scoring._table() == {}
