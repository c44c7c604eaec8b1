"""The JSON encoding every JSON format shares: stable keys, byte-identical for identical input."""

from __future__ import annotations

from typing import Any

import orjson


def dumps(value: Any) -> str:
    """Indented UTF-8 JSON in insertion order (orjson: fast on registers of 10,000 threats)."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
