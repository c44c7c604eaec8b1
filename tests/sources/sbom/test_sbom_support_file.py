"""support.yaml: rules with lines; every mistake is an error with its line."""

from __future__ import annotations

from datetime import date

import pytest

from medsec.domain.component import ComponentClass, SupportLevel
from medsec.domain.errors import InputError
from medsec.sources.sbom import support

GOOD = b"""format: medsec-support/1
components:
  - purl: pkg:generic/openssl
    level: limited-support
    end_of_support: 2026-09-07
    class: supported
    rationale: backports under contract
  - name: "busy*"
    version: "1.3*"
    element: pump-fw
    end_of_support: 2027-12-31
"""


def test_rules_in_order_with_lines() -> None:
    first, second = support.parse(GOOD, source="support.yaml")
    assert first.location == "support.yaml:3"
    assert first.level is SupportLevel.LIMITED_SUPPORT
    assert first.end_of_support == date(2026, 9, 7)
    assert first.component_class is ComponentClass.SUPPORTED
    assert (second.name, second.version, second.element) == ("busy*", "1.3*", "pump-fw")
    assert support.parse(b"", source="s") == ()


@pytest.mark.parametrize(
    ("text", "needle", "line"),
    [
        (
            b"format: medsec-support/1\ncomponents:\n  - level: support\n",
            "needs 'purl' or 'name'",
            3,
        ),
        (
            b"format: medsec-support/1\ncomponents:\n  - name: x\n    levle: support\n",
            "unknown key levle",
            3,
        ),
        (
            b"format: medsec-support/1\ncomponents:\n  - name: x\n    level: forever\n",
            "unknown level",
            3,
        ),
        (
            b"format: medsec-support/1\ncomponents:\n  - name: x\n    end_of_support: soon\n",
            "not a date",
            3,
        ),
        (b"format: other/1\n", "format", 1),
        (b"format: medsec-support/1\ncomponents: [\n", "malformed YAML", None),
    ],
)
def test_mistakes_are_located_errors(text: bytes, needle: str, line: int | None) -> None:
    with pytest.raises(InputError) as caught:
        support.parse(text, source="support.yaml")
    assert needle in str(caught.value)
    if line is not None:
        assert caught.value.problems[0].line == line


def test_folded_rationale_is_kept() -> None:
    text = b"format: medsec-support/1\ncomponents:\n  - name: x\n    rationale: >-\n      two\n      lines\n"
    (rule,) = support.parse(text, source="s")
    assert rule.rationale == "two lines"
