"""Alpine (apk) version order, as apk-tools' ``apk_version_compare`` defines it.

Why our own code: univers' ``AlpineLinuxVersion`` refuses versions apk itself accepts, such as
the ``p`` patch suffix without an underscore (sudo ``1.9.5p2-r0``, openssh ``6.6.2p1-r0``),
so the OSV ranges naming them could not be evaluated (issue 10: CVE-2021-3156 was missed).

apk reads a version as a run of tokens, each of a *type* and a *value*:

* a number (its value; a component after ``.`` that starts with zeros counts the zeros,
  negated, then the rest as a number: ``1.01`` < ``1.1`` and ``1.001`` < ``1.01``);
* one lower-case letter right after a number (``1.0a``; a number may follow it again:
  ``1.9.5p2`` is 1, 9, 5, ``p``, 2);
* a suffix after ``_``: ``alpha`` < ``beta`` < ``pre`` < ``rc`` (pre-releases) < ``cvs`` <
  ``svn`` < ``git`` < ``hg`` < ``p`` (post-releases), optionally numbered (``_git20200401``);
* the revision ``-rN``; then the end.

Two versions compare token by token. Where the token types differ, a pre-release suffix is
older than anything; otherwise the token whose type comes *later* in that list (number,
letter, suffix, suffix number, revision, end) is the older one: ``1.0`` < ``1.0.1``,
``1.0a`` < ``1.0.1``, ``1.0`` < ``1.0_p1`` < ``1.0a``, ``1.0`` < ``1.0-r1``. Where the types
agree, the values decide. A version is valid when this reading reaches its end; the key
below sorts exactly like the pairwise comparison (the reference vectors in
``tests/fixtures/versions/alpine.tsv`` were produced by apk-tools' own code).
"""

from __future__ import annotations

_DIGIT_OR_ZERO, _DIGIT, _LETTER, _SUFFIX, _SUFFIX_NO, _REVISION_NO, _END = range(7)
_PRE_SUFFIXES = ("alpha", "beta", "pre", "rc")
_POST_SUFFIXES = ("cvs", "svn", "git", "hg", "p")

# where token types differ, the higher rank is the newer version (see the module docstring)
_RANK = {
    _DIGIT_OR_ZERO: 7,
    _DIGIT: 6,
    _LETTER: 5,
    _SUFFIX: 4,  # a post-release suffix; a pre-release one ranks 0
    _SUFFIX_NO: 3,
    _REVISION_NO: 2,
    _END: 1,
}


class ApkVersionError(ValueError):
    """Not a version apk can read."""


def apk_key(version: str) -> tuple[tuple[int, int], ...]:
    """A tuple that sorts like apk-tools' comparison: ``(rank, value)`` per token, then end."""
    key = [(_rank(kind, value), value) for kind, value in _tokens(version)]
    key.append((_RANK[_END], 0))
    return tuple(key)


def _rank(kind: int, value: int) -> int:
    """The rank of a token type; a pre-release suffix (negative value) ranks below the end."""
    return 0 if kind == _SUFFIX and value < 0 else _RANK[kind]


def _tokens(version: str) -> list[tuple[int, int]]:
    """The (type, value) tokens of a version, read as apk-tools reads them."""
    text = version
    pos, kind = 0, _DIGIT
    tokens: list[tuple[int, int]] = []
    if not text:
        raise ApkVersionError(f"not an apk version: {version!r}")
    while pos < len(text):
        value, end, forced = _read(text, pos, kind)
        tokens.append((kind, value))
        pos = end
        if pos >= len(text):
            break
        if forced is not None:
            kind = forced
            continue
        kind, pos = _next_kind(text, pos, kind)
    return tokens


def _read(text: str, pos: int, kind: int) -> tuple[int, int, int | None]:
    """One token's value, where it ends, and the type forced on the next token (zeros)."""
    if kind == _DIGIT_OR_ZERO and text[pos] == "0":
        end = pos
        while end < len(text) and text[end] == "0":
            end += 1
        return -(end - pos), end, _DIGIT
    if kind in (_DIGIT_OR_ZERO, _DIGIT, _SUFFIX_NO, _REVISION_NO):
        end = pos
        while end < len(text) and text[end].isascii() and text[end].isdigit():
            end += 1
        return (int(text[pos:end]) if end > pos else 0), end, None
    if kind == _LETTER:
        return ord(text[pos]), pos + 1, None
    if kind == _SUFFIX:
        return _suffix(text, pos)
    raise ApkVersionError(f"not an apk version: {text!r}")


def _suffix(text: str, pos: int) -> tuple[int, int, int | None]:
    """A ``_suffix`` word: pre-releases negative, post-releases from 0, by apk's lists."""
    for index, word in enumerate(_PRE_SUFFIXES):
        if text.startswith(word, pos):
            return index - len(_PRE_SUFFIXES), pos + len(word), None
    for index, word in enumerate(_POST_SUFFIXES):
        if text.startswith(word, pos):
            return index, pos + len(word), None
    raise ApkVersionError(f"unknown suffix in apk version {text!r}")


def _next_kind(text: str, pos: int, kind: int) -> tuple[int, int]:
    """The type of the token at ``pos`` (after a separator, which is skipped)."""
    char = text[pos]
    if kind in (_DIGIT, _DIGIT_OR_ZERO) and "a" <= char <= "z":
        new, pos = _LETTER, pos
    elif kind == _LETTER and char.isascii() and char.isdigit():
        new, pos = _DIGIT, pos
    elif kind == _SUFFIX and char.isascii() and char.isdigit():
        new, pos = _SUFFIX_NO, pos
    elif char == ".":
        new, pos = _DIGIT_OR_ZERO, pos + 1
    elif char == "_":
        new, pos = _SUFFIX, pos + 1
    elif char == "-" and text[pos + 1 : pos + 2] == "r":
        new, pos = _REVISION_NO, pos + 2
    else:
        raise ApkVersionError(f"unexpected {char!r} in apk version {text!r}")
    allowed_back = {(_DIGIT_OR_ZERO, _DIGIT), (_SUFFIX, _SUFFIX_NO), (_DIGIT, _LETTER)}
    if new < kind and (new, kind) not in allowed_back:
        raise ApkVersionError(f"{text!r}: apk version parts out of order")
    return new, pos
