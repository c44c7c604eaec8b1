"""Every validation message is in medsec's words: pydantic's wording never reaches the user.

Each value of a valid project (and of a threat register, an assessments file and a findings
file) is replaced in turn by values of every other shape; no message may contain pydantic's
phrases ("Input should be ...", "Field required", "Value error, ...").
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from tests.conftest import EXAMPLE
from tests.helpers import MINIMAL

from medsec.project import findings_file, register_file, vulnerabilities_file
from medsec.project.schema import ProjectModel
from medsec.project.validation import diagnostics_from, shown, wording
from medsec.project.yamlfile import LineMap

PYDANTIC_PHRASES = (
    "Input should",
    "Field required",
    "Extra inputs",
    "Value error,",
    "Assertion failed",
    "String should",
    "List should",
    "Dictionary should",
    "should be a valid",
    "validation error",
    "[type=",
)
WRONG_SHAPES: tuple[Any, ...] = (
    "some text",
    "",
    7,
    -1,
    0,
    2.5,
    True,
    None,
    [1, 2],
    [],
    {"a": 1},
    "2026-13-45",
)


def _leaves(node: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """The path of every key and list item below ``node`` (inner nodes included)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key)
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield (*path, i)
            yield from _leaves(value, (*path, i))


def _replaced(data: Any, path: tuple[str | int, ...], value: Any) -> Any:
    """A deep copy of ``data`` with the value at ``path`` replaced."""
    out = copy.deepcopy(data)
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


def _messages(model: type[BaseModel], data: Any) -> list[str]:
    """What a user would read for ``data`` (nothing when it validates)."""
    try:
        model.model_validate(data)
    except ValidationError as error:
        found = diagnostics_from(error, LineMap(None), "file.yaml", model, data)
        return [str(d) for d in found]
    return []


def _all_messages(model: type[BaseModel], data: Any) -> tuple[int, list[str]]:
    """Messages for every value of ``data`` replaced by every wrong shape."""
    refused, messages = 0, []
    for path in _leaves(data):
        for value in WRONG_SHAPES:
            found = _messages(model, _replaced(data, path, value))
            refused += bool(found)
            messages.extend(found)
    return refused, messages


def _yaml(text: str) -> Any:
    return YAML(typ="safe").load(text)


DOCUMENTS = {
    "medsec.yaml": (ProjectModel, lambda: _yaml(MINIMAL)),
    "threats.yaml": (
        register_file.RegisterModel,
        lambda: (
            _yaml((EXAMPLE / "threats.yaml").read_text())
            | {"threats": _yaml((EXAMPLE / "threats.yaml").read_text())["threats"][:3]}
        ),
    ),
    "vulnerabilities.yaml": (
        vulnerabilities_file.FileModel,
        lambda: _yaml((EXAMPLE / "vulnerabilities.yaml").read_text()),
    ),
    "findings.yaml": (
        findings_file.FileModel,
        lambda: _yaml((EXAMPLE / "pentests" / "pt-2026" / "findings.yaml").read_text()),
    ),
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_no_message_is_in_pydantic_words(name: str) -> None:
    model, load = DOCUMENTS[name]
    data = load()
    assert _messages(model, data) == []  # the document itself is valid
    refused, messages = _all_messages(model, data)
    assert refused > 50  # the wrong shapes were noticed, so their wording was checked
    leaked = sorted({m for m in messages if any(p in m for p in PYDANTIC_PHRASES)})
    assert leaked == []


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            ("elements", 0, "patients"),
            "many",
            "elements[0].patients: must be a whole number, not 'many'",
        ),
        (("device", "markets"), "EU", "device.markets: must be a list"),
        (("elements", 0, "safety_critical"), "perhaps", "must be true or false, not 'perhaps'"),
        (("device", "name"), ["a"], "device.name: must be text, not a list"),
        (("policy", "review_interval_days"), 0, "must be greater than 0, not 0"),
        (("elements", 0), "pump", "elements[0]: must be a mapping"),
    ],
)
def test_own_wording(path: tuple[str | int, ...], value: Any, expected: str) -> None:
    data = _yaml(MINIMAL)
    data.setdefault("policy", {})
    messages = _messages(ProjectModel, _replaced(data, path, value))
    assert any(expected in m for m in messages), messages


def test_unknown_error_types_still_get_our_words() -> None:
    errs = [{"type": "something_new", "msg": "Input should be new", "input": 3}]
    assert wording(errs) == "invalid value 3"
    assert shown(None) == "empty" and shown(True) == "true" and shown({"a": 1}) == "a mapping"
