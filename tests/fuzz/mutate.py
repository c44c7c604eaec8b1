"""Mutation strategies and the fuzz budget shared by every fuzzer in this folder.

Two kinds of mutants: byte-level (flips, cuts, insertions, splices and tokens that readers
treat specially) for every format, and structural for JSON and YAML (a node anywhere in a real
document replaced by a value of another type: what found the SPDX ``TypeError``s).

Budget: each test names its number of examples; ``MEDSEC_FUZZ_SCALE`` multiplies them all for
a longer hunt (``MEDSEC_FUZZ_SCALE=20 pytest tests/fuzz``). The runs are derandomized and use
no example database, everywhere: the same inputs on every run, so the time a run takes is fixed
and a red build replays on any machine. ``MEDSEC_FUZZ_RANDOM=1`` (ignored when ``CI`` is set)
draws fresh inputs for a hunt. Every byte-level mutant is cut to ``MAX_MUTANT`` bytes, so no
example costs more than a reader's linear pass over 256 KiB (deadline off: a loaded CI machine
must not turn a slow example into a failure).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from tests.fuzz.seeds import yaml_text

from medsec.domain.errors import InputError

IN_CI = bool(os.environ.get("CI"))
SCALE = float(os.environ.get("MEDSEC_FUZZ_SCALE", "1"))
RANDOM = bool(os.environ.get("MEDSEC_FUZZ_RANDOM")) and not IN_CI
MAX_MUTANT = 256 * 1024  # bytes: the runs below reach 30,000 repeats, eight of them 1.2 MB

TOKENS: tuple[bytes, ...] = (
    b"[",
    b"{",
    b"]",
    b"}",
    b'"',
    b"'",
    b",",
    b":",
    b"- ",
    b"\n",
    b"\r",
    b"\t",
    b"\x00",
    b"\xff\xfe",
    b"\xc3",
    b"\xed\xa0\x80",  # a UTF-8 encoded surrogate: invalid UTF-8
    b"null",
    b"true",
    b"-1",
    b"1e999",
    b"123456789012345678901234567890",
    b"[]",
    b"{}",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"&a ",
    b"*a",
    b"!!python/object:os.system ",
    b"<text>",
    b"</text>",
    b"PackageName: x\n",
    b"SPDXID: SPDXRef-x\n",
    b"Relationship: SPDXRef-a DEPENDS_ON SPDXRef-b\n",
    b"NOASSERTION",
    b"<!ENTITY x 'y'>",
    b"<!DOCTYPE x [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>",
    b"&x;",
    b"<![CDATA[",
    b"]]>",
    b"<a>",
    b"</a>",
    b"\\u0000",
    b"\\ud800",
    b"%s%n",
    b"../../etc/passwd",
)


RUNS: tuple[bytes, ...] = (b"[", b"{", b'{"a":', b"- ", b"? ", b"  ", b"<a>", b"a:\n ", b"\n")


def fuzz_settings(examples: int) -> settings:
    """Settings for one fuzz test: ``examples`` scaled, no deadline, derandomized (see above)."""
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        derandomize=not RANDOM,
        database=settings.default.database if RANDOM else None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def only_input_errors(read: Callable[[bytes], object], data: bytes) -> None:
    """Call a reader: it may return anything or raise ``InputError``; nothing else escapes."""
    try:
        read(data)
    except InputError as error:
        assert error.problems, "an InputError must say what is wrong"


@st.composite
def mutated(draw: st.DrawFn, seeds: Sequence[bytes]) -> bytes:
    """A seed with one to eight byte-level mutations, cut to ``MAX_MUTANT`` bytes."""
    data = bytearray(draw(st.sampled_from(list(seeds))))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        operation = draw(st.integers(0, 6))
        if operation == 0 and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif operation == 1:
            del data[at : at + draw(st.integers(1, 64))]
        elif operation == 2:
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif operation == 3:
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif operation == 4:  # a run: nesting bombs, long lines, many separators
            data[at:at] = draw(st.sampled_from(RUNS)) * draw(st.sampled_from([2, 70, 1000, 30000]))
        elif operation == 5:
            end = draw(st.integers(at, min(len(data), at + 512)))
            data[at:at] = data[at:end]
        else:
            del data[at:]
    return bytes(data[:MAX_MUTANT])


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["", "NOASSERTION", "1.0", "pkg:npm/x@1", "2024-13-45", "SPDXRef-x", "a"])
)
VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a node of a JSON-like value (the root included)."""
    out = [here]
    if isinstance(node, dict):
        for key, child in node.items():
            out.extend(_paths(child, (*here, key)))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            out.extend(_paths(child, (*here, index)))
    return out


SENTINEL = "NESTED-HERE-7f3a"
Nest = tuple[Any, Any, int]  # (the item, the key it nests under, how deep)


def _nested_json(nest: Nest) -> bytes:
    """``item`` nested ``depth`` times in itself at ``key``, as JSON text built by hand (the
    serialisers themselves refuse such depths)."""
    item, key, depth = nest
    if isinstance(key, str) and isinstance(item, dict):
        shell = orjson.dumps({**item, key: SENTINEL})
        opening, _, closing = shell.partition(orjson.dumps(SENTINEL))
        opening, closing = opening + b"[", b"]" + closing
    else:
        opening, closing = b"[", b"]"
    return opening * depth + orjson.dumps(item) + closing * depth


@st.composite
def confused(draw: st.DrawFn, documents: Sequence[Any]) -> tuple[Any, Nest | None]:
    """A document with one to three nodes replaced by values of any type, or one node
    nested in itself hundreds of levels deep (what recursive readers choke on)."""
    doc = copy.deepcopy(draw(st.sampled_from(list(documents))))
    nest: Nest | None = None
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)[1:]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        if nest is None and draw(st.integers(0, 5)) == 0:
            node = parent[path[-1]]
            item = node[0] if isinstance(node, list) and node else node
            nest = (item, path[-1], draw(st.sampled_from([30, 70, 300, 1000, 3000])))
            parent[path[-1]] = SENTINEL
        else:
            parent[path[-1]] = draw(VALUES)
    return doc, nest


def _json(found: tuple[Any, Nest | None]) -> bytes:
    """A mutant as JSON, the nested part spliced in where the sentinel stands."""
    doc, nest = found
    text = orjson.dumps(doc)
    return text.replace(orjson.dumps(SENTINEL), b"[" + _nested_json(nest) + b"]") if nest else text


def _yaml(found: tuple[Any, Nest | None]) -> bytes:
    """A mutant as block YAML, the nested part spliced in flow style (JSON is YAML)."""
    doc, nest = found
    text = yaml_text(doc)
    return text.replace(SENTINEL.encode(), b"[" + _nested_json(nest) + b"]") if nest else text


def confused_json(documents: Sequence[Any]) -> st.SearchStrategy[bytes]:
    """Structural mutants of JSON documents, as JSON bytes."""
    return confused(documents).map(_json)


def confused_yaml(documents: Sequence[Any]) -> st.SearchStrategy[bytes]:
    """Structural mutants of YAML documents, as block-style YAML bytes."""
    return confused(documents).map(_yaml)
