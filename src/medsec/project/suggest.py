"""'Did you mean ...?' for typos in keys, ids and vocabulary values."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """``did you mean 'x'?`` for the closest candidate, or None when none is close."""
    options = sorted(set(candidates))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return None


def one_of(candidates: Iterable[str], limit: int = 12) -> str:
    """``expected one of: ...``: the first ``limit`` candidates, sorted, and how many in all."""
    options = sorted(set(candidates))
    shown = ", ".join(options[:limit])
    more = f", … ({len(options)} in all)" if len(options) > limit else ""
    return f"expected one of: {shown}{more}"
