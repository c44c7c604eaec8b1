"""The project loader never crashes: any bytes give a project or an InputError with a location."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.helpers import MINIMAL

from medsec.domain.errors import InputError
from medsec.project.loader import load_project

LINES = MINIMAL.splitlines(keepends=True)


def _try(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "medsec.yaml").write_bytes(data)
        try:
            load_project(Path(tmp))
        except InputError as error:
            assert error.problems
            assert all(p.path.endswith("medsec.yaml") for p in error.problems)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes(data: bytes) -> None:
    _try(data)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=len(LINES) - 1), min_size=1, max_size=6),
    st.sampled_from(
        [
            "",
            "x",
            ": :",
            "- ",
            "  ",
            "{",
            "]",
            "&a",
            "*a",
            "!!python/object:os.system",
            "\t",
            "null",
        ]
    ),
)
def test_mutated_valid_project(positions: list[int], junk: str) -> None:
    lines = list(LINES)
    for pos in positions:
        lines[pos] = junk + lines[pos][len(junk) // 2 :]
    _try("".join(lines).encode())


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(LINES) - 1), min_size=1, max_size=8))
def test_deleted_lines(positions: list[int]) -> None:
    drop = set(positions)
    _try("".join(line for i, line in enumerate(LINES) if i not in drop).encode())
