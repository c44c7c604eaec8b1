"""Escaping user text for Markdown: one function for text, one for code spans.

Every string that reaches a Markdown output from a project file, an SBOM, an advisory or a
scanner report (device and element names, titles, component names, paths, fixes) goes
through :func:`markdown_text`, or :func:`markdown_code` when it is shown as code. What is
escaped, and why:

- ``&``, ``<``, ``>`` become entities: Markdown passes raw HTML through, so
  ``<img src=x onerror=…>`` in a device name would run in a browser. Entities are used rather
  than backslashes because every Markdown dialect (not only CommonMark) honours them.
- ``\\``, ````` and ``|`` get a backslash: a code span or the end of a table cell would
  otherwise start inside user text (the backslash first, so that a user's own backslash
  cannot cancel ours).
- a ``]`` that would close a link (followed by ``(`` or ``[``, or last) and a leading ``[``
  or ``#`` get a backslash: no link, image, link definition or heading starts in user text,
  while ``threats[MD-05@pump-fw].decision`` in a hint stays as written.
- line breaks become spaces: user text stays inside the cell, list item or heading holding it.

Emphasis characters (``*``, ``_``) are left alone: they change the look, never the structure
or the markup, and escaping them would clutter every snake_case id.
"""

from __future__ import annotations

import re

_TEXT = str.maketrans(
    {
        "\\": "\\\\",
        "`": "\\`",
        "|": "\\|",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\r": " ",
        "\n": " ",
        "\x00": "\ufffd",  # CommonMark replaces NUL; say so rather than pass it on
    }
)
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85\x0b\x0c]")
_BACKTICKS = re.compile(r"`+")
_LINK_CLOSE = re.compile(r"\](?=[(\[]|$)")
_BLOCK_START = re.compile(r"^([ \t]*)([#\[])")  # a heading or a link definition at a block start


def markdown_text(text: str) -> str:
    """User text safe anywhere inline in Markdown (table cells, list items, headings)."""
    escaped = _LINK_CLOSE.sub(r"\\]", _LINE_BREAKS.sub(" ", text).translate(_TEXT))
    return _BLOCK_START.sub(r"\1\\\2", escaped, count=1)


def markdown_code(text: str) -> str:
    """User text as an inline code span in a table cell (an id, an advisory): never markup.

    A code span shows its content verbatim, HTML included, so only what could end it is
    handled: the fence is one backtick longer than the longest run inside, pipes are escaped
    for tables (GitHub splits cells even inside code) and line breaks become spaces.
    """
    flat = _LINE_BREAKS.sub(" ", text).replace("\x00", "\ufffd").replace("|", "\\|")
    if not flat.strip(" "):
        return markdown_text(text) or "-"
    longest = max((len(run) for run in _BACKTICKS.findall(flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest or flat.startswith(" ") or flat.endswith(" ") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"
