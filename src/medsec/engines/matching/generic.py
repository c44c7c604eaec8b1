"""A version order for software without a package ecosystem: C libraries, kernels, firmware.

Used for NVD CPE version bounds (``versionStartIncluding`` …) and for OSV ecosystems medsec
has no specific order for. univers' ``GenericVersion`` compares strings character by character
(``1.10`` < ``1.9``), so this is our own, modelled on repology's libversion:

* a version splits into numbers and words; anything else separates (``1.2.3-rc1`` →
  ``1 2 3 rc 1``), and case does not matter;
* missing components count as zero, so ``1.0`` = ``1.0.0``;
* pre-release words (``alpha``, ``beta``, ``rc``, ``pre``, ``dev``, and any other word
  followed by a number) sort before the release: ``1.0rc1`` < ``1.0``;
* post-release words (``p``, ``pl``, ``patch``, ``post``, ``errata``, ``sp``) sort after the
  release but before the next number: ``1.0`` < ``1.0p1`` < ``1.0.1``;
* a letter glued to a number and not followed by one is a letter suffix, as in OpenSSL's
  ``1.1.1w``: after ``1.1.1`` and its post-releases, before ``1.1.2``.

The key is a plain tuple, so comparisons are fast. Runs of zeros are folded into the
component that follows them, which makes the implicit zero padding exact.
"""

from __future__ import annotations

import re
from typing import TypeAlias

_PRE = 1
_ZERO = 2
_POST = 3
_LETTER = 4
_NUMBER = 5

_POST_WORDS = frozenset({"p", "pl", "patch", "post", "errata", "sp"})
_TOKEN = re.compile(r"\d+|[a-z]+")

Component: TypeAlias = tuple[int, int, str]
Slot: TypeAlias = tuple[int, ...] | tuple[int, int, Component]
_END: tuple[int, ...] = (0,)  # "only zeros from here on"


class GenericVersionError(ValueError):
    """An empty version, or one without any digit or letter."""


def generic_key(version: str) -> tuple[Slot, ...]:
    """A tuple that orders versions as described in the module docstring."""
    components = _components(version)
    slots: list[Slot] = []
    zeros = 0
    for component in components:
        if component[0] == _ZERO:
            zeros += 1
            continue
        # after `zeros` zero components: a component above zero makes the version newer the
        # earlier it comes, a pre-release word makes it older the earlier it comes
        sign = 1 if component[0] > _ZERO else -1
        slots.append((sign, -sign * zeros, component))
        zeros = 0
    slots.append(_END)
    return tuple(slots)


def _components(version: str) -> list[Component]:
    """Each number and word of a version, classed as number, zero, pre, post or letter suffix."""
    text = version.strip().lower()
    numbers = text.split(".")
    if text.isascii() and all(n.isdigit() for n in numbers):  # "1.2.3": numbers only
        return [(_NUMBER, int(n), "") if int(n) else (_ZERO, 0, "") for n in numbers]
    return _tokens(text, version)


def _tokens(text: str, version: str) -> list[Component]:
    """:func:`_components` of a lower-cased, stripped text, token by token."""
    found = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    if not found:
        raise GenericVersionError(f"not a version: {version!r}")
    components: list[Component] = []
    for index, (token, start, _end) in enumerate(found):
        if token.isdigit():
            number = int(token)
            components.append((_NUMBER, number, "") if number else (_ZERO, 0, ""))
            continue
        glued_before = start > 0 and text[start - 1].isdigit()
        next_is_number = index + 1 < len(found) and found[index + 1][0].isdigit()
        if token in _POST_WORDS:
            components.append((_POST, 0, token))
        elif glued_before and not next_is_number:
            components.append((_LETTER, 0, token))
        else:
            components.append((_PRE, 0, token))
    return components
