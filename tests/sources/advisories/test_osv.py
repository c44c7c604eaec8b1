from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medsec.domain.advisory import EventKind, RangeType
from medsec.domain.errors import Diagnostic, InputError
from medsec.sources.advisories import osv

NOT_OSV = ("cisa-kev", "cve5", "epss", "nvd-cve-2.0")
LINTER = "osv-schema-linter/tools/osv-linter/testdata"


def osv_files(root: Path) -> list[Path]:
    files = [p for p in root.rglob("*") if p.suffix in {".json", ".yaml"}]
    return sorted(p for p in files if not set(p.relative_to(root).parts) & set(NOT_OSV))


def record(**fields: Any) -> bytes:
    base: dict[str, Any] = {"id": "TEST-1", "modified": "2024-01-01T00:00:00Z"}
    base.update(fields)
    return json.dumps(base).encode()


def pypi(*events: dict[str, Any], versions: Any = None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "package": {"ecosystem": "PyPI", "name": "demo"},
        "ranges": [{"type": "ECOSYSTEM", "events": list(events)}],
    }
    if versions is not None:
        entry["versions"] = versions
    return entry


# --- every real record ---------------------------------------------------------------------


def test_every_shared_osv_record_parses_or_is_refused_with_a_path(advisories_dir: Path) -> None:
    files = osv_files(advisories_dir)
    assert len(files) > 450
    refused = {}
    for path in files:
        try:
            advisory = osv.parse(path.read_bytes(), source=path.name)
        except InputError as exc:
            refused[path.name] = exc.diagnostics()
            continue
        assert advisory.id and advisory.source == "osv"
    # the only deliberately broken record: a range without any "introduced" event
    assert list(refused) == ["nointroduced-CVE-2023-41045.json"]
    message = refused["nointroduced-CVE-2023-41045.json"]
    assert "affected[0].ranges[0].events" in message
    assert "at least one 'introduced'" in message


def test_linter_cases_that_parse_carry_notes(advisories_dir: Path) -> None:
    notes: list[Diagnostic] = []
    data = (advisories_dir / LINTER / "nondistinct-CVE-2018-5407.json").read_bytes()
    advisory = osv.parse(data, source="nondistinct.json", notes=notes)
    assert advisory.id == "CVE-2018-5407"
    assert any("same version appears in several events" in n.message for n in notes)


def test_github_advisory(advisories_dir: Path) -> None:
    path = advisories_dir / "github-advisory-database" / "GHSA-c2qf-rxjj-qqgw.json"
    advisory = osv.parse(path.read_bytes(), source=path.name)
    assert advisory.id == "GHSA-c2qf-rxjj-qqgw"
    assert advisory.aliases == ("CVE-2022-25883",)
    assert advisory.cwes == ("CWE-1333",)
    assert {s.type for s in advisory.severity} >= {"CVSS_V3", "DATABASE"}
    assert {(a.ecosystem, a.name) for a in advisory.affected} == {("npm", "semver")}
    assert len(advisory.affected) == 3  # three disjoint intervals, one entry each
    assert advisory.published == datetime(2023, 6, 21, 6, 30, 28, tzinfo=UTC)


def test_pypa_yaml_keeps_versions_as_written(advisories_dir: Path) -> None:
    path = advisories_dir / "pypa-advisory-database" / "vulns" / "flask" / "PYSEC-2018-66.yaml"
    advisory = osv.parse(path.read_bytes(), source=path.name)
    (affected,) = advisory.affected
    assert "0.10" in affected.versions  # not the float 0.1
    assert affected.ranges[0].events[-1].version == "0.12.3"
    assert advisory.aliases == ("CVE-2018-1000656", "GHSA-562c-5r94-xh97")
    assert advisory.modified is not None and advisory.modified.tzinfo is not None


def test_withdrawn_go_record(advisories_dir: Path) -> None:
    path = advisories_dir / "golang-vulndb" / "data" / "osv" / "GO-2026-6173.json"
    advisory = osv.parse(path.read_bytes(), source=path.name)
    assert advisory.withdrawn == datetime(2026, 8, 18, 20, 23, 2, tzinfo=UTC)
    assert advisory.affected[0].ranges[0].type is RangeType.SEMVER


def test_package_level_severity_and_last_affected(advisories_dir: Path) -> None:
    path = advisories_dir / "grype-osv" / "grype/db/v6/build/transformers/osv/testdata"
    advisory = osv.parse((path / "BIT-apache-2020-11984.json").read_bytes(), source="bit.json")
    (affected,) = advisory.affected
    assert affected.severity[0].type == "CVSS_V3"
    assert affected.ranges[0].events[1].kind is EventKind.LAST_AFFECTED


def test_git_only_record_has_no_package(advisories_dir: Path) -> None:
    path = advisories_dir / "osv-from-osv-scanner-report" / "CVE-2023-50094.json"
    (affected,) = osv.parse(path.read_bytes(), source=path.name).affected
    assert (affected.ecosystem, affected.name) == ("", "")
    assert affected.ranges[0].repo == "https://github.com/yogeshojha/rengine"
    assert "v2.0.2" in affected.versions


# --- bad input: typed errors with paths, or notes --------------------------------------------


@pytest.mark.parametrize(
    ("data", "where", "what"),
    [
        (b"[1, 2", None, "invalid JSON"),
        (b"id: [unclosed", None, "invalid YAML"),
        (b'"a string"', None, "not an OSV record"),
        (record(id=""), "id", "non-empty string 'id'"),
        (json.dumps({"modified": "2024-01-01T00:00:00Z"}).encode(), "id", "'id'"),
        (record(affected={"package": {}}), "affected", "expected a list"),
        (record(affected=["x"]), "affected[0]", "expected an object"),
        (
            record(affected=[{"package": {"ecosystem": "PyPI"}}]),
            "affected[0].package.name",
            "needs a 'name'",
        ),
        (
            record(affected=[{"package": {"ecosystem": "PyPI", "name": "x"}, "ranges": {}}]),
            "affected[0].ranges",
            "expected a list",
        ),
        (
            record(
                affected=[
                    {
                        "package": {"ecosystem": "PyPI", "name": "x"},
                        "ranges": [{"type": "ECOSYSTEM", "events": {"introduced": "0"}}],
                    }
                ]
            ),
            "affected[0].ranges[0].events",
            "expected a list of events",
        ),
        (record(affected=[pypi({"fixed": "1.0"})]), "affected[0].ranges[0].events", "introduced"),
        (
            record(affected=[pypi({"introduced": ["0"]})]),
            "affected[0].ranges[0].events[0].introduced",
            "version string",
        ),
        (
            record(affected=[pypi({"introduced": "0"}, versions="1.0")]),
            "affected[0].versions",
            "expected a list",
        ),  # type: ignore[arg-type]
    ],
)
def test_broken_records_raise_input_error_with_the_path(
    data: bytes, where: str | None, what: str
) -> None:
    with pytest.raises(InputError) as caught:
        osv.parse(data, source="bad.json")
    (problem,) = caught.value.problems
    assert problem.path == "bad.json"
    assert problem.field == where
    assert what in problem.message


def test_invalid_json_reports_the_line() -> None:
    with pytest.raises(InputError) as caught:
        osv.parse(b'{\n "id": "X",\n "modified": }', source="x.json")
    assert caught.value.problems[0].line == 3


def test_unknown_range_type_is_skipped_with_a_note() -> None:
    notes: list[Diagnostic] = []
    data = record(
        affected=[
            {
                "package": {"ecosystem": "PyPI", "name": "x"},
                "ranges": [
                    {"type": "DATE", "events": [{"introduced": "0"}]},
                    {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2"}]},
                ],
            }
        ]
    )
    (affected,) = osv.parse(data, source="x.json", notes=notes).affected
    assert [r.type for r in affected.ranges] == [RangeType.ECOSYSTEM]
    assert notes[0].field == "affected[0].ranges[0].type"
    assert "unknown range type 'DATE'" in notes[0].message


def test_untidy_values_are_noted_not_fatal() -> None:
    notes: list[Diagnostic] = []
    data = record(
        published="yesterday",
        aliases=["CVE-2024-1", 7],
        severity=[{"type": "CVSS_V3"}],
        summary=3,
        affected=[
            {
                "package": {"ecosystem": "Nonesuch", "name": "x"},
                "ranges": [
                    {
                        "type": "ECOSYSTEM",
                        "events": [{"introduced": "0", "fixed": "1.0"}, {"bogus": "1"}],
                    },
                    {"type": "GIT", "events": [{"introduced": "0"}]},
                ],
                "versions": [1.5],
            }
        ],
    )
    advisory = osv.parse(data, source="x.json", notes=notes)
    assert advisory.published is None and advisory.summary == ""
    assert advisory.aliases == ("CVE-2024-1",)
    (affected,) = advisory.affected
    assert [e.kind for e in affected.ranges[0].events] == [EventKind.INTRODUCED, EventKind.FIXED]
    assert affected.versions == ("1.5",)
    fields = {n.field for n in notes}
    assert {
        "published",
        "aliases",
        "severity[0]",
        "summary",
        "affected[0].package.ecosystem",
        "affected[0].ranges[0].events[0]",
        "affected[0].ranges[0].events[1]",
        "affected[0].ranges[1].repo",
        "affected[0].versions[0]",
    } <= fields


def test_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(osv, "MAX_BYTES", 10)
    with pytest.raises(InputError, match="limit"):
        osv.parse(record(), source="big.json")


def test_timestamps_with_any_fraction_and_no_zone() -> None:
    advisory = osv.parse(
        record(modified="2024-03-06T10:57:57.7Z", published="2024-03-06T10:57:57"), source="t"
    )
    assert advisory.modified == datetime(2024, 3, 6, 10, 57, 57, 700000, tzinfo=UTC)
    assert advisory.published == datetime(2024, 3, 6, 10, 57, 57, tzinfo=UTC)


# --- several records ---------------------------------------------------------------------------


def test_parse_many_shapes() -> None:
    one = json.loads(record(id="A-1"))
    two = json.loads(record(id="A-2"))
    assert [a.id for a in osv.parse_many(json.dumps([one, two]).encode(), source="l")] == [
        "A-1",
        "A-2",
    ]
    assert [a.id for a in osv.parse_many(json.dumps({"vulns": [two]}).encode(), source="v")] == [
        "A-2"
    ]
    report = {
        "results": [
            {"packages": [{"vulnerabilities": [one, two]}, {"vulnerabilities": [one]}]},
            {"packages": []},
        ]
    }
    assert [a.id for a in osv.parse_many(json.dumps(report).encode(), source="r")] == ["A-1", "A-2"]
    assert [a.id for a in osv.parse_many(record(id="A-3"), source="s")] == ["A-3"]


def test_parse_many_errors_name_the_element() -> None:
    with pytest.raises(InputError) as caught:
        osv.parse_many(json.dumps([json.loads(record()), {"modified": "x"}]).encode(), source="l")
    assert caught.value.problems[0].field == "[1].id"


# --- nesting bombs: refused before any parser recurses ---------------------------------------

DEEP = 100_000
BOMBS = {
    "yaml-flow": (b"id: X-1\nx: " + b"[" * DEEP + b"]" * DEEP + b"\n", 2, "nested deeper"),
    "yaml-block": (b"id: X-1\nx:\n" + b"- " * DEEP + b"x\n", 3, "nested deeper"),
    "json": (b'{"id": "X-1", "x": ' + b"[" * DEEP + b"]" * DEEP + b"}", 1, "invalid JSON"),
    # within libyaml's own limit, past Python's: the loader would raise RecursionError
    "yaml-flow-500": (b"id: X-1\nx: " + b"[" * 500 + b"]" * 500 + b"\n", 2, "nested deeper"),
    "yaml-block-500": (b"id: X-1\nx:\n" + b"- " * 500 + b"x\n", 3, "nested deeper"),
}


@pytest.mark.parametrize("parse", [osv.parse, osv.parse_many], ids=["parse", "parse_many"])
@pytest.mark.parametrize(("data", "line", "what"), BOMBS.values(), ids=BOMBS.keys())
def test_a_deep_record_is_a_located_input_error(
    parse: Any, data: bytes, line: int, what: str
) -> None:
    # unchecked, libyaml stops at its own depth limit (or, built without one, overflows its
    # C stack) and the loader raises RecursionError a few hundred levels down: the text is
    # measured before any parser sees it
    with pytest.raises(InputError) as caught:
        parse(data, source="bomb.yaml")
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == ("bomb.yaml", line)
    assert what in problem.message


def test_a_record_as_deep_as_allowed_still_parses() -> None:
    nested = b"\n".join(b"  " * i + b"a%d:" % i for i in range(40)) + b" x\n"
    advisory = osv.parse(
        b"id: X-1\nmodified: '2024-01-01T00:00:00Z'\nextra:\n" + nested, source="ok"
    )
    assert advisory.id == "X-1"


# --- never a crash -----------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_give_an_advisory_or_input_error(data: bytes) -> None:
    with contextlib.suppress(InputError):
        osv.parse(data, source="fuzz")


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
FIELDS = st.sampled_from(
    ["id", "aliases", "affected", "severity", "published", "references", "database_specific"]
)
EVENT = st.dictionaries(
    st.sampled_from(["introduced", "fixed", "last_affected", "limit", "x"]), JSONISH, max_size=2
)
RANGE = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["ECOSYSTEM", "SEMVER", "GIT", "X", 3]),
        "events": st.lists(EVENT, max_size=3) | JSONISH,
    }
)
AFFECTED = st.fixed_dictionaries(
    {
        "package": st.fixed_dictionaries(
            {"ecosystem": JSONISH | st.just("PyPI"), "name": JSONISH | st.just("x")}
        )
        | JSONISH
    },
    optional={
        "ranges": st.lists(RANGE, max_size=2) | JSONISH,
        "versions": st.lists(JSONISH, max_size=2) | JSONISH,
    },
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(FIELDS, JSONISH, max_size=4), st.lists(AFFECTED, max_size=2))
def test_structured_garbage_gives_an_advisory_or_input_error(
    fields: dict[str, Any], affected: list[Any]
) -> None:
    obj = {"id": "FUZZ-1", **fields, "affected": affected}
    try:
        osv.parse(json.dumps(obj).encode(), source="fuzz", notes=[])
    except InputError as exc:
        assert exc.problems and exc.problems[0].path == "fuzz"
