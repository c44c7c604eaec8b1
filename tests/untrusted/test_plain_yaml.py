"""Plain YAML values built from libyaml's nodes: the same values and errors as PyYAML's base
loader, aliases shared, on real files and generated ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from medsec.untrusted.plain_yaml import load_plain

BASE = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def pyyaml(text: str) -> tuple[Any, str | None]:
    """What PyYAML's base loader makes of ``text``: the value, or its error's text."""
    try:
        return yaml.load(text, Loader=BASE), None
    except yaml.YAMLError as e:
        return None, str(e)


def plain(text: str) -> tuple[Any, str | None]:
    """What :func:`load_plain` makes of ``text``: the value, or its error's text."""
    try:
        return load_plain(text), None
    except yaml.YAMLError as e:
        return None, str(e)


def test_every_yaml_file_of_the_shared_fixtures_loads_as_pyyaml_loads_it(shared: Path) -> None:
    files = sorted(p for p in shared.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    assert len(files) > 200  # the PyPA advisory database, project and scanner files
    for path in files:
        text = path.read_bytes().decode("utf-8-sig")
        assert plain(text) == pyyaml(text), path


keys = st.text(alphabet="abcxyz -:#'\"é", max_size=6)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(values, st.sampled_from([None, True, False]))
def test_generated_documents_load_as_pyyaml_loads_them(value: Any, flow: bool | None) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True)
    assert plain(text) == pyyaml(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment\n",
        "plain",
        "a: 1\na: 2\n",  # a later duplicate key wins
        "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n",  # no merging: '<<' is a key
        "!!python/object/apply:os.system [echo]\n",  # a tag is never constructed
        "date: 2024-01-01\nnumber: 0x1F\nflag: yes\nnothing: ~\n",  # every scalar a string
        "? [a, b]\n: c\n",  # a collection as a key
        "? {a: b}\n: c\n",
        "&a [*a]\n",  # a node that contains itself
        "&m {k: *m}\n",
        "a: *missing\n",  # an alias without its anchor
        "one\n---\ntwo\n",  # two documents
        "a: [1, 2\n",  # not closed
        "a:\n  - b\n c: d\n",  # bad indentation
    ],
)
def test_edge_cases_give_pyyamls_values_and_errors(text: str) -> None:
    assert plain(text) == pyyaml(text)


def test_an_alias_is_its_anchors_object_not_a_copy() -> None:
    loaded = load_plain("a: &x [1, {b: c}]\nb: *x\nc: [*x, *x]\n")
    assert loaded["a"] is loaded["b"] is loaded["c"][0] is loaded["c"][1]


def test_a_billion_laughs_stays_a_few_shared_lists() -> None:
    lines = ["l0: &l0 [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 10)]
    loaded = load_plain("\n".join(lines))  # 10 lists built, not 10**10 strings
    assert loaded["l9"][0] is loaded["l8"] and loaded["l9"][9] is loaded["l8"]


def test_errors_say_where() -> None:
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        load_plain("x: 1\n? [a]\n: b\n")
    assert raised.value.problem == "found unhashable key"
    assert raised.value.problem_mark is not None and raised.value.problem_mark.line == 1
