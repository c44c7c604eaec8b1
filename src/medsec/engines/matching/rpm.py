"""RPM version order: rpm's own EVR parsing and ``rpmvercmp``, as rpm 4.18's ``rpmverCmp``.

Why our own code: univers' ``RpmVersion`` says ``1`` = ``1-`` and refuses non-numeric epochs
(``a:1.0``), where rpm orders both (issue 10). rpm's rules, as our reference vectors
(generated with rpm's ``rpm.ver``) pin them:

* ``[epoch:]version[-release]``: the epoch is the text before the first ``:`` when it is all
  digits (an empty one is 0); otherwise the ``:`` belongs to the version (``a:1.0`` is a
  version without epoch). The release follows the last ``-``; a missing epoch counts as 0.
* epochs, then versions, then releases compare with ``rpmvercmp``; a version *without* a
  release sorts before the same version with any release, even an empty one (``1`` < ``1-``).
* ``rpmvercmp``: split into runs of ASCII digits and letters (anything else separates);
  ``~`` sorts before everything, even the end (``1.0~rc1`` < ``1.0``); ``^`` sorts after the
  end but before any further run (``1.0`` < ``1.0^git1`` < ``1.0.1``); a number is newer than
  letters; numbers compare numerically, letters by byte; the end is older than a further run.
"""

from __future__ import annotations

from typing import TypeAlias

_TILDE, _END, _CARET, _ALPHA, _NUMBER = range(5)

Token: TypeAlias = tuple[int, int | str]


def rpm_key(evr: str) -> tuple[tuple[Token, ...], tuple[Token, ...], tuple[int, tuple[Token, ...]]]:
    """(epoch, version, release) keys that sort like ``rpmverCmp``."""
    epoch, version, release = split_evr(evr)
    release_key = (0, ()) if release is None else (1, vercmp_key(release))
    return vercmp_key(epoch or "0"), vercmp_key(version), release_key


def split_evr(evr: str) -> tuple[str | None, str, str | None]:
    """``[epoch:]version[-release]`` as rpm splits it (the epoch only when all digits)."""
    epoch: str | None = None
    rest = evr
    head, colon, tail = evr.partition(":")
    if colon and (head == "" or (head.isascii() and head.isdigit())):
        epoch, rest = head or "0", tail
    version, dash, release = rest.rpartition("-")
    if not dash:
        return epoch, rest, None
    return epoch, version, release


def vercmp_key(text: str) -> tuple[Token, ...]:
    """A tuple that sorts like ``rpmvercmp`` on one epoch, version or release string."""
    tokens: list[Token] = []
    pos, size = 0, len(text)
    while pos < size:
        char = text[pos]
        if char == "~":
            tokens.append((_TILDE, 0))
            pos += 1
        elif char == "^":
            tokens.append((_CARET, 0))
            pos += 1
        elif char.isascii() and char.isdigit():
            end = _run(text, pos, digits=True)
            tokens.append((_NUMBER, int(text[pos:end])))
            pos = end
        elif char.isascii() and char.isalpha():
            end = _run(text, pos, digits=False)
            tokens.append((_ALPHA, text[pos:end]))
            pos = end
        else:
            pos += 1  # a separator
    tokens.append((_END, 0))
    return tuple(tokens)


def _run(text: str, pos: int, *, digits: bool) -> int:
    """Where the run of ASCII digits (or letters) starting at ``pos`` ends."""
    test = str.isdigit if digits else str.isalpha
    end = pos
    while end < len(text) and text[end].isascii() and test(text[end]):
        end += 1
    return end
