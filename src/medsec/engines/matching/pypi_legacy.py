"""PyPI versions that are not PEP 440 ("legacy" versions such as paramiko's ``0.9-ivysaur``).

``packaging`` dropped ``LegacyVersion`` in version 22 and univers refuses them, yet the PyPA
advisory database lists such releases, and osv.dev still orders them the old way (through
``packaging-legacy``): a legacy version sorts before every PEP 440 version, and legacy
versions compare among themselves by setuptools' historical ``parse_version`` key. This is
that key, re-implemented from packaging 21.3 (``_legacy_cmpkey``); the tests pin its
results.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_COMPONENT = re.compile(r"(\d+|[a-z]+|\.|-)")
_REPLACEMENTS = {"pre": "c", "preview": "c", "-": "final-", "rc": "c", "dev": "@"}


def _parts(version: str) -> Iterator[str]:
    """setuptools' legacy components: padded numbers, ``*``-words, then ``*final``."""
    for part in _COMPONENT.split(version):
        part = _REPLACEMENTS.get(part, part)
        if not part or part == ".":
            continue
        if part[:1] in "0123456789":
            yield part.zfill(8)  # numbers compare numerically as padded strings
        else:
            yield "*" + part  # "*" sorts words before numbers
    yield "*final"


def legacy_key(version: str) -> tuple[str, ...]:
    """The historical ``parse_version`` key of a non-PEP 440 version (lower-cased)."""
    parts: list[str] = []
    for part in _parts(version.strip().lower()):
        if part.startswith("*"):
            if part < "*final":  # a pre-release word drops a preceding "-" marker
                while parts and parts[-1] == "*final-":
                    parts.pop()
            while parts and parts[-1] == "00000000":  # trailing zeros are not significant
                parts.pop()
        parts.append(part)
    return tuple(parts)
