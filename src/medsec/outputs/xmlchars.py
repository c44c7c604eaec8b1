"""Text that XML 1.0 can carry: the one place characters XML forbids are made visible.

XML 1.0 allows tab, line feed, carriage return and the code points from U+0020 up, except the
surrogates and U+FFFE/U+FFFF. Anything else (a control character in a component name, a lone
surrogate) cannot be written at all, not even as a character reference: a serialiser then
fails (``ExpatError``) or writes a file no parser reads. Such a character is written as its
escape (``\\x07``, ``\\ud800``), so the value stays readable and different values stay different.
"""

from __future__ import annotations

import re

_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by its ``\\xNN`` / ``\\uNNNN``
    escape; text XML allows is returned unchanged (the same object)."""
    if _FORBIDDEN.search(text) is None:
        return text
    return _FORBIDDEN.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    """The visible escape of one forbidden character."""
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
