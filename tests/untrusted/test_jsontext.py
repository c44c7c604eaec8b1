"""JSON helpers: located errors, duplicate keys with their place, numbers as written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from medsec.domain.errors import InputError
from medsec.untrusted.jsontext import MAX_DUPLICATES, duplicate_keys, exact, loads


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"a": 1,}', "x.json:1: column 8: invalid JSON"),
        (b"[" * 2000 + b"]" * 2000, "depth limit exceeded"),
        (b'{"a": "\xff"}', "invalid JSON"),
    ],
)
def test_loads_locates_every_failure(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        loads(data, source="x.json")


def test_duplicates_name_the_key_and_the_object() -> None:
    data = b'{"a": [{"k": 1, "k": 2}], "b": {"c": {"x": 1, "y": 2, "x": 3}}, "d": {"b": 0, "b": 1}}'
    found = [str(d) for d in duplicate_keys(data, source="x.json")]
    assert found == [
        "x.json: a[0]: duplicate key 'k' in one object; the last value is used",
        "x.json: b.c: duplicate key 'x' in one object; the last value is used",
        "x.json: d: duplicate key 'b' in one object; the last value is used",
    ]
    hidden = b'{"b": {"x": 1, "x": 2}, "b": 0}'
    assert [str(d) for d in duplicate_keys(hidden, source="x.json")] == [
        "x.json: duplicate key 'x' in one object; the last value is used "
        "(the object was itself replaced by a duplicate)",
        "x.json: (document): duplicate key 'b' in one object; the last value is used",
    ]


def test_duplicates_are_counted_past_the_limit_and_skipped_past_the_size() -> None:
    data = b"[" + b",".join([b'{"k": 1, "k": 2}'] * (MAX_DUPLICATES + 5)) + b"]"
    found = duplicate_keys(data, source="x.json")
    assert len(found) == MAX_DUPLICATES + 1 and found[-1].message == "... and 5 more"
    assert duplicate_keys(data, source="x.json", max_bytes=10) == ()
    assert duplicate_keys(b'{"a": 1, "b": 2}', source="x.json") == ()
    assert duplicate_keys(b"not json", source="x.json") == ()


def test_exact_keeps_numbers_as_written() -> None:
    doc = exact(b'{"v": 1.10, "big": 123456789012345678901234567890}', source="x.json")
    assert str(doc["v"]) == "1.10" and isinstance(doc["v"], Decimal)
    assert doc["big"] == 123456789012345678901234567890
    with pytest.raises(InputError, match="invalid JSON"):
        exact(b"[" * 100_000, source="x.json")
