"""The fast builder of plain YAML data gives what ruamel's safe constructor gives, errors too."""

from __future__ import annotations

import glob
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from medsec.project import yamlfile

REPO = Path(__file__).resolve().parents[2]


def reference(text: str) -> Any:
    """What ruamel's safe constructor builds from the document ``parse_yaml`` composes."""
    real = yamlfile._plain
    yamlfile._plain = lambda node, constructor: constructor.construct_document(node)
    try:
        return yamlfile._compose(text)[0]
    finally:
        yamlfile._plain = real


def outcome(build: Any, text: str) -> tuple[str, Any]:
    """The value, or the error's type and message."""
    try:
        return "value", build(text)
    except YAMLError as exc:
        return "error", (type(exc).__name__, str(exc))


def built(text: str) -> Any:
    """What ``parse_yaml`` builds (libyaml: the fast builder)."""
    return yamlfile._compose(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [x, 2, 3.5, true, null, ~, 2024-01-01, '7', 0o17, .inf]\n",
        "base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n",  # merge key: ruamel builds it
        "a: 1\na: 2\n",  # duplicate key: ruamel's error
        "1: one\ntrue: yes\nnull: none\n2.5: f\n",  # scalar keys of other types
        "? [a, b]\n: pair\n",  # a collection as a key: ruamel's tuple
        "a: &x [1, 2]\nb: *x\nc: *x\n",  # aliases share one value
        "a: !!binary aGVsbG8=\n",  # other tags
        "a: !custom x\n",  # an unknown tag: ruamel's error
        "=: x\nb: =\n",
        "a: !!str 12\nb: !!int '12'\n",
        "",
        "- just\n- a list\n",
        "plain scalar\n",
    ],
)
def test_the_same_data_or_error_as_ruamel(text: str) -> None:
    assert outcome(built, text) == outcome(reference, text)


def test_a_recursive_alias_is_built_by_ruamel() -> None:
    data = built("a: &r [1, *r]\n")
    assert data["a"][0] == 1 and data["a"][1] is data["a"]


def test_aliases_share_one_value_as_in_ruamel() -> None:
    data = built("a: &x [1, 2]\nb: *x\n")
    assert data["a"] is data["b"]


def test_the_project_files_of_the_repository() -> None:
    files = glob.glob(str(REPO / "examples/**/*.yaml"), recursive=True)
    files += glob.glob(str(REPO / "tests/fixtures/**/*.yaml"), recursive=True)
    assert files
    for name in files:
        text = Path(name).read_text(encoding="utf-8")
        assert outcome(built, text) == outcome(reference, text), name


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.one_of(st.text(max_size=5), st.integers(), st.booleans()), inner, max_size=3
        )
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(values, st.sampled_from([False, True, None]))
def test_any_dumped_document(value: Any, flow: bool | None) -> None:
    out = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    yaml.dump(value, out)
    text = out.getvalue()
    assert outcome(built, text) == outcome(reference, text), text
