"""Maven version order, as maven-artifact's ``ComparableVersion`` defines it (Maven 3.8/3.9).

Why our own code: univers' ``MavenVersion`` follows an older Maven: it drops a leading ``v``
(``v1`` = ``1``, where Maven reads ``v`` as a qualifier: ``v1`` < ``1``) and orders ``1.0.0.M1``
apart from ``1.0.0-M1`` (Maven: the same). The reference vectors in
``tests/fixtures/versions/maven.tsv`` come from Maven's own class.

Maven's reading: lower-case the version; ``.`` and ``-`` separate items, ``-`` (and a switch
between digits and letters, and a word after ``.``) opens a nested list; a number is an
integer item, a word a qualifier. ``a``, ``b``, ``m`` directly followed by a digit mean
alpha, beta, milestone; ``ga``, ``final``, ``release`` are the empty qualifier (a release),
``cr`` is ``rc``. Trailing "null" items (0, the empty qualifier, empty lists) are dropped.
Qualifiers rank ``alpha`` < ``beta`` < ``milestone`` < ``rc`` < ``snapshot`` < release <
``sp`` < any other word (by string). Items compare: numbers numerically; a number beats a
qualifier and a list; a list beats a qualifier; a missing item is compared as a release.
"""

from __future__ import annotations

from functools import total_ordering
from typing import Union

_QUALIFIERS = ("alpha", "beta", "milestone", "rc", "snapshot", "", "sp")
_ALIASES = {"ga": "", "final": "", "release": "", "cr": "rc"}
_SHORT = {"a": "alpha", "b": "beta", "m": "milestone"}
_RELEASE = str(_QUALIFIERS.index(""))

Item = Union[int, str, "_List"]  # int: a number; str: a qualifier's comparable form


class _List(list[Item]):
    """A nested list of items (what ``-`` opens)."""


def _qualifier(word: str, followed_by_digit: bool) -> str:
    """A qualifier's comparable form: its rank as a digit, or ``7-word`` for unknown words."""
    if followed_by_digit and len(word) == 1:
        word = _SHORT.get(word, word)
    word = _ALIASES.get(word, word)
    if word in _QUALIFIERS:
        return str(_QUALIFIERS.index(word))
    return f"{len(_QUALIFIERS)}-{word}"


def _is_null(item: Item) -> bool:
    """0, the release qualifier and the empty list are "null" (dropped at the end of a list)."""
    if isinstance(item, int):
        return item == 0
    if isinstance(item, str):
        return item == _RELEASE
    return not item


def _normalise(items: _List) -> None:
    """Drop trailing null items, looking past nested lists, as ``ListItem.normalize``."""
    for index in range(len(items) - 1, -1, -1):
        item = items[index]
        if _is_null(item):
            del items[index]
        elif not isinstance(item, _List):
            break


def parse(version: str) -> _List:
    """The item tree of a version, as ``ComparableVersion.parseVersion`` builds it."""
    text = version.lower()
    root = current = _List()
    lists = [root]
    is_digit, start = False, 0

    def nest() -> None:
        """Open a new list inside the current one."""
        nonlocal current
        child = _List()
        current.append(child)
        current = child
        lists.append(child)

    for index, char in enumerate(text):
        if char in ".-":
            current.append(0 if index == start else _item(is_digit, text[start:index]))
            start = index + 1
            if char == "-":
                nest()
        elif char.isdigit():
            if not is_digit and index > start:  # a word followed by a digit: "m1", ".x1"
                if current:
                    nest()
                current.append(_qualifier(text[start:index], True))
                start = index
                nest()
            is_digit = True
        else:
            if is_digit and index > start:  # a number followed by a word: "1a"
                current.append(_item(True, text[start:index]))
                start = index
                nest()
            is_digit = False
    if len(text) > start:
        if not is_digit and current:  # a trailing word after ".": "1.0.final"
            nest()
        current.append(_item(is_digit, text[start:]))
    for items in reversed(lists):
        _normalise(items)
    return root


def _item(is_digit: bool, text: str) -> Item:
    """A number or a qualifier (not followed by a digit)."""
    return int(text) if is_digit else _qualifier(text, False)


def _compare(left: Item | None, right: Item | None) -> int:
    """``Item.compareTo``: -1, 0 or 1; ``None`` is a missing item."""
    if left is None:
        return 0 if right is None else -_compare(right, None)
    if isinstance(left, int):
        return _compare_int(left, right)
    if isinstance(left, str):
        return _compare_qualifier(left, right)
    return _compare_list(left, right)


def _compare_int(left: int, right: Item | None) -> int:
    """A number: above a missing item unless 0, above qualifiers and lists."""
    if right is None:
        return 0 if left == 0 else 1
    if isinstance(right, int):
        return (left > right) - (left < right)
    return 1


def _compare_qualifier(left: str, right: Item | None) -> int:
    """A qualifier: against a missing item as against the release; below numbers and lists."""
    if right is None:
        return (left > _RELEASE) - (left < _RELEASE)
    if isinstance(right, str):
        return (left > right) - (left < right)
    return -1


def _compare_list(left: _List, right: Item | None) -> int:
    """A list: against a missing item by its first item; below numbers, above qualifiers."""
    if right is None:
        return _compare(left[0], None) if left else 0
    if isinstance(right, int):
        return -1
    if isinstance(right, str):
        return 1
    for index in range(max(len(left), len(right))):
        a = left[index] if index < len(left) else None
        b = right[index] if index < len(right) else None
        result = _compare(a, b)
        if result:
            return result
    return 0


@total_ordering
class MavenVersion:
    """A parsed Maven version that compares like ``ComparableVersion``."""

    __slots__ = ("items",)

    def __init__(self, version: str) -> None:
        """Parse ``version`` (every string is a Maven version)."""
        self.items = parse(version)

    def __eq__(self, other: object) -> bool:
        """Same order position (``1.0`` == ``1``)."""
        return isinstance(other, MavenVersion) and _compare(self.items, other.items) == 0

    def __hash__(self) -> int:
        """Hash of the normalised tree, consistent with ``==``."""
        return hash(repr(self.items))

    def __lt__(self, other: MavenVersion) -> bool:
        """Whether this version sorts before ``other``."""
        return _compare(self.items, other.items) < 0
