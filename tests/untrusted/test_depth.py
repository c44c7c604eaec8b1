"""The nesting pre-check: never below what a YAML parser builds, close to it on real files,
and fast enough to run before every parse."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from medsec.domain.errors import InputError
from medsec.untrusted import depth
from medsec.untrusted.depth import MAX_DEPTH, check_depth, nesting_depth, recursion_guard

REPO = Path(__file__).resolve().parents[2]


def real_depth(value: Any) -> int:
    """Collections nested in the value (a scalar is 0)."""
    if isinstance(value, dict):
        return 1 + max((real_depth(v) for v in [*value.values(), *value.keys()]), default=0)
    if isinstance(value, list):
        return 1 + max((real_depth(v) for v in value), default=0)
    return 0


def dump(value: Any, flow: bool | None) -> str:
    out = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    yaml.dump(value, out)
    return out.getvalue()


scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=12)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(values, st.sampled_from([False, True, None]))
def test_never_below_the_real_nesting(value: Any, flow: bool | None) -> None:
    text = dump(value, flow)
    depth, _ = nesting_depth(text, limit=10_000)
    assert depth >= real_depth(value), text


@settings(max_examples=200, deadline=None)
@given(values)
def test_block_style_is_measured_closely(value: Any) -> None:
    depth, _ = nesting_depth(dump(value, False), limit=10_000)
    assert depth <= 2 * real_depth(value) + 2


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("x: " + "[" * 100, 1),
        ("a:\n  b: " + "{" * 100, 2),
        ("- " * 100 + "x", 1),
        ("? " * 100 + "x", 1),
        ("x: &a !tag " + "[" * 100, 1),
        ("k: |\n  text\n" + "y: " + "[" * 100, 3),  # after a block scalar ends
        ("--- |\n  text\n--- " + "[" * 100, 3),  # a document marker ends a block scalar
        ('{"a": ' * 100 + "1" + "}" * 100, 1),  # JSON is YAML
        ("".join(" " * i + "k:\n" for i in range(100)), 65),
        # closers the scan skips must not hide the nesting from the fast bound either
        ("x: " + "[ ']', " * 100, 1),  # in quoted text
        ("x: " + '[ "]", ' * 100, 1),
        ("x: " + "[ &a] " * 100, 1),  # in anchors and tags
        ("x: " + "[ !t]] " * 100, 1),
        ("x: [ # ]\n" + "[ # ]\n" * 100, 64),  # in comments
        ("a: it's\nb: " + "[ ']', " * 100, 2),  # after an apostrophe in plain text
        ("x: [\n'" + "]" * 200 + "',\n" + "[" * 100, 3),  # quoted over a line break
    ],
)
def test_bombs_are_refused_at_their_line(text: str, line: int) -> None:
    with pytest.raises(InputError) as caught:
        check_depth(text, source="bomb.yaml")
    problem = caught.value.problems[0]
    assert (problem.line, problem.path) == (line, "bomb.yaml")
    assert f"nested deeper than {MAX_DEPTH} levels" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        "k: |\n" + "".join(" " * (i + 2) + "[[[[[[\n" for i in range(100)),  # block scalar text
        "k: '" + "[" * 200 + "'",  # quoted
        'k: "' + "[" * 200 + '\\" ["',
        "k: a[b" * 200,  # brackets inside plain scalars
        "# " + "[" * 200,  # a comment
        "k: it's " + "[" * 200,
    ],
)
def test_text_that_only_looks_nested_passes(text: str) -> None:
    check_depth(text, source="ok.yaml")


def test_the_project_files_and_fixtures_are_far_below_the_limit() -> None:
    files = [*REPO.glob("examples/**/*.yaml"), *REPO.glob("tests/fixtures/**/*.yaml")]
    assert files
    for path in files:
        depth, line = nesting_depth(path.read_bytes(), limit=MAX_DEPTH)
        assert line is None and depth < 20, path


# YAML's structure characters, indentation and text, in any order: a superset of real files
fragments = st.sampled_from(
    [
        "[",
        "]",
        "{",
        "}",
        "'",
        '"',
        "''",
        "#",
        "&a",
        "!t",
        "- ",
        "? ",
        ": ",
        ",",
        " ",
        "\t",
        "\n",
        "\n  ",
        "\n    - ",
        "\\",
        "a",
        "it's",
        "|",
        ">",
        "\r",
        "--- ",
        "... ",
        "\xa0",
    ]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(fragments, max_size=40).map("".join))
def test_the_fast_bound_is_never_below_the_scan(text: str) -> None:
    measured, _ = nesting_depth(text, limit=10_000)
    assert depth._fast_bound(text, 10_000) >= measured


def test_a_large_register_is_checked_without_the_line_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    def scan(*_: Any, **__: Any) -> None:
        raise AssertionError("the line-by-line scan ran")

    entry = (
        "  - id: MD-01@f1\n    target: {kind: flow, id: f1}\n    stride: [S, T, I]\n"
        "    title: 'Tampering of ''Element [1]'''  # reviewed\n    triggers:\n"
        "      - flows[f1].encryption = none\n"
    )
    monkeypatch.setattr(depth, "nesting_depth", scan)
    check_depth(("threats:\n" + entry * 20_000).encode(), source="threats.yaml")


def test_a_large_file_is_measured_in_linear_time() -> None:
    text = "items:\n" + "  - {name: a, version: '1.0', tags: [x, y]}\n" * 100_000
    started = time.perf_counter()
    check_depth(text.encode(), source="big.yaml")
    assert time.perf_counter() - started < 5


def test_recursion_guard_turns_recursion_errors_into_input_errors() -> None:
    def deep(n: int) -> int:
        return deep(n + 1)

    with pytest.raises(InputError, match="nested too deeply"), recursion_guard("x.json"):
        deep(0)


def test_an_explicit_key_in_flow_style_opens_a_node() -> None:
    """After ``? `` a quote opens quoted text; read otherwise, ``','`` would seem to open a
    quote that swallows the rest, and the nesting after it would go uncounted."""
    text = "[? ',' : null, [[]]]\n"
    assert nesting_depth(text, limit=100)[0] >= 3
    assert depth._fast_bound(text, 100) >= nesting_depth(text, limit=100)[0]
