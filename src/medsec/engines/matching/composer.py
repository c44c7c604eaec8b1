"""Packagist (Composer) version order: Composer's normalisation, then PHP's ``version_compare``.

Why our own code: univers reads Packagist versions as SemVer, which puts ``1.0.0-RC1`` before
``1.0.0-beta2`` (ASCII order), ``1.0.0-patch1`` before ``1.0.0`` and ``2.3.4.5`` equal to
``2.3.4``; Composer and OSV order them the other way (tests cite PHP's results).

PHP's algorithm, as implemented in ``ext/standard/versioning.c``:

* canonicalise: ``-``, ``_``, ``+`` and any other non-alphanumeric character become ``.``, and
  a ``.`` is inserted where digits meet letters (``1.0rc1`` → ``1.0.rc.1``);
* compare part by part: two numbers numerically; otherwise by "special form" rank, matched by
  prefix: ``dev`` < ``alpha`` = ``a`` < ``beta`` = ``b`` < ``RC`` = ``rc`` < *number* <
  ``pl`` = ``p`` (so ``patch`` ranks as ``p``); any other word ranks below ``dev``;
* when one side runs out, the first extra part decides: a number makes that side newer, a word
  is compared with the rank of a number (``1.0rc1`` < ``1.0`` < ``1.0pl1``).

Composer normalises first: a leading ``v`` and ``+build`` metadata are dropped, the numeric
part is padded to four components (``1.0`` = ``1.0.0.0``), and stability words are matched
case-insensitively. Branch versions (``dev-main``) have no order and are refused.
"""

from __future__ import annotations

import re

# PHP's special forms, in the order PHP tries them (prefix match, first hit wins)
_SPECIAL_FORMS: tuple[tuple[str, int], ...] = (
    ("dev", 0),
    ("alpha", 1),
    ("a", 1),
    ("beta", 2),
    ("b", 2),
    ("rc", 3),
    ("#", 4),
    ("pl", 5),
    ("p", 5),
)
_NUMBER_RANK = 4
_UNKNOWN_RANK = -1
_STABLE = "stable"
_END = (_NUMBER_RANK, -1)  # what a missing part compares as: just below any number

_NUMERIC_HEAD = re.compile(r"^(\d+)((?:\.\d+)*)(.*)$")
_TOKEN = re.compile(r"\d+|[a-z]+")
_VALID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-_+]*$")


class ComposerVersionError(ValueError):
    """Not a version Composer can order (empty, a branch name, stray characters)."""


def composer_key(version: str) -> tuple[tuple[int, int], ...]:
    """A tuple that sorts like PHP ``version_compare`` on Composer-normalised versions."""
    text = _normalise(version)
    parts: list[tuple[int, int]] = []
    for token in _TOKEN.findall(text):
        if token == _STABLE:  # Composer drops the "stable" modifier
            continue
        if token.isdigit():
            parts.append((_NUMBER_RANK, int(token)))
        else:
            parts.append((_rank(token), 0))
    parts.append(_END)
    return tuple(parts)


def _normalise(version: str) -> str:
    """Composer's normalised form: no ``v`` or build metadata, numbers padded to four."""
    text = version.strip()
    if text[:1] in {"v", "V"} and text[1:2].isdigit():
        text = text[1:]
    text = text.split("+", 1)[0]
    if not text or not _VALID.match(text) or text.lower().startswith("dev-"):
        raise ComposerVersionError(f"not an orderable Composer version: {version!r}")
    text = text.lower()
    head = _NUMERIC_HEAD.match(text)
    if head is None:
        return text
    numbers = [head.group(1), *head.group(2).split(".")[1:]]
    if len(numbers) < 4:
        numbers += ["0"] * (4 - len(numbers))
    return ".".join(numbers) + "." + head.group(3) if head.group(3) else ".".join(numbers)


def _rank(word: str) -> int:
    """PHP's special-form rank of a word, by the first form it starts with."""
    for form, rank in _SPECIAL_FORMS:
        if word.startswith(form):
            return rank
    return _UNKNOWN_RANK
