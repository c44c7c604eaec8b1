"""The guarded YAML loader: depth first, aliases bounded, errors located, nothing executed."""

from __future__ import annotations

import pytest

from medsec.domain.errors import InputError
from medsec.untrusted.yamltext import load_yaml

LAUGHS = b"".join(
    b"l%d: &l%d [%s]\n" % (i, i, b",".join([b"*l%d" % (i - 1)] * 10) if i else b"x")
    for i in range(9)
)


def refusal(data: bytes, **options: object) -> str:
    with pytest.raises(InputError) as caught:
        load_yaml(data, source="x.yaml", **options)  # type: ignore[arg-type]
    return caught.value.diagnostics()


def test_plain_and_round_trip_documents_load() -> None:
    assert load_yaml(b"a: [1, 2]\nb: {c: d}\n", source="x.yaml") == {"a": [1, 2], "b": {"c": "d"}}
    doc = load_yaml(b"a: 1\nb: 2\n", source="x.yaml", round_trip=True)
    assert doc.lc.key("b") == (1, 0)
    assert load_yaml(b"", source="x.yaml") is None
    shared = load_yaml(b"a: &x [1, 2]\nb: *x\n", source="x.yaml")
    assert shared == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (LAUGHS, "aliases expand to 234,567,910 nodes, over the limit of 1,000,000"),
        (b"a: &a [*a]\n", "aliases expand to inf nodes"),
        (b"x: " + b"[" * 30_000, "x.yaml:1: nested deeper than 64 levels"),
        (b"a: \xff", "x.yaml: not UTF-8 text (byte 3)"),
        (b"a: b: c", "x.yaml:1: malformed YAML"),
        (b"a: 1\na: 2\n", "malformed YAML"),  # duplicate keys are errors in YAML
        (b"!!python/object/apply:os.system ['true']", "malformed YAML"),
    ],
)
def test_hostile_yaml_is_refused(data: bytes, message: str) -> None:
    assert message in refusal(data)


def test_the_alias_limit_can_be_lowered() -> None:
    assert "over the limit of 10" in refusal(b"a: &a [1, 2, 3]\nb: [*a, *a, *a]\n", max_nodes=10)
