"""How deeply a YAML or JSON text nests, measured on the text before any parser sees it.

libyaml composes nodes recursively in C: 30,000 ``[`` in 60 KB overflow its stack and the
process dies with a segmentation fault, before Python can raise anything; the pure-Python
parsers and every recursive walker over the result raise ``RecursionError`` a few hundred
levels down. So the nesting is measured here first, by one linear scan of the text, and a file
deeper than the limit is refused with the line where it went too deep.

The scan is an upper bound of what a parser will build, never less: flow collections
(``[`` and ``{`` where a node may start, outside quotes and comments) plus block collections
(one level per indentation step and per compact ``- `` / ``? `` / ``: `` indicator). Block
scalars (``|``, ``>``) and quoted text are skipped. JSON is YAML's flow style, so it is
measured the same way; orjson also refuses JSON deeper than 1024 levels on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from medsec.domain.errors import InputError

MAX_DEPTH = 64  # real SBOM, VEX, OSV and project files nest fewer than 15 levels
_STRUCTURE = re.compile(r"['\"#\[\]{}|>&!,:]")
_INDICATOR = re.compile(r"[-?:](?:[ \t]+|$)(?:[&!]\S*[ \t]+)*")
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?$")
_DOCUMENT = re.compile(r"(?:---|\.\.\.)(?:[ \t]|$)")
_SPACE = re.compile(r"[ \t]+")


def nesting_depth(text: str | bytes, *, limit: int = MAX_DEPTH) -> tuple[int, int | None]:
    """The deepest nesting found (counting stops past ``limit``) and the line that passed it."""
    if isinstance(text, bytes):
        text = text.decode("latin-1")  # structure is ASCII; other bytes never look like it
    scan = _Scan(limit)
    for number, line in enumerate(text.split("\n"), start=1):
        scan.line(line.rstrip("\r"))
        if scan.deepest > limit:
            return scan.deepest, number
    return scan.deepest, None


def check_depth(data: str | bytes, *, source: str, limit: int = MAX_DEPTH) -> None:
    """Refuse a YAML or JSON text that nests deeper than ``limit``, before it is parsed."""
    if _cheap_bound(data) <= limit:
        return
    _, line = nesting_depth(data, limit=limit)
    if line is not None:
        raise InputError.single(
            source,
            f"nested deeper than {limit} levels: refused before parsing (a recursion bomb?)",
            line=line,
        )


@contextmanager
def recursion_guard(source: str) -> Iterator[None]:
    """The backstop behind the limits: a ``RecursionError`` raised by any parser or walker
    inside becomes a located ``InputError`` instead of a traceback."""
    try:
        yield
    except RecursionError:
        raise InputError.single(
            source,
            "nested too deeply to read (a recursion bomb, or not a real document)",
        ) from None


def _cheap_bound(text: str | bytes) -> int:
    """An upper bound of the depth from counts alone (C speed): small files stop here."""
    marks = ("[", "{", "\n", "-", "?", ":")
    if isinstance(text, bytes):
        return sum(text.count(mark.encode()) for mark in marks) + 1
    return sum(text.count(mark) for mark in marks) + 1


class _Scan:
    """The state carried from line to line: open block columns, open flow collections,
    an open quoted scalar and an open block scalar."""

    def __init__(self, limit: int) -> None:
        """Start outside any collection."""
        self.limit = limit
        self.blocks: list[tuple[int, bool]] = []  # (column, is a sequence) of open blocks
        self.flow = 0  # open flow collections
        self.quote = ""  # the quote character of a scalar still open at the end of a line
        self.scalar_parent: int | None = None  # a block scalar's parent column
        self.deepest = 0

    def line(self, line: str) -> None:
        """Account for one line (without its line break)."""
        if self.scalar_parent is not None:
            stripped = line.lstrip(" ")
            inside = not stripped or len(line) - len(stripped) > self.scalar_parent
            if inside and not _DOCUMENT.match(line):
                return
            self.scalar_parent = None
        start = 0
        if not self.flow and not self.quote:
            start = self._block(line)
            if start < 0:
                return
        self._chars(line, start)

    def _block(self, line: str) -> int:
        """Open block levels for the line's indentation and indicators; where content starts,
        or -1 for a blank, comment or document-marker line."""
        content = line.lstrip(" ")
        indent = len(line) - len(content)
        if not content.strip() or content.startswith("#"):
            return -1
        if indent == 0 and _DOCUMENT.match(content):
            self.blocks.clear()
            return -1 if len(content.strip()) <= 3 else 4
        position = indent
        match = _INDICATOR.match(line, position)
        self._close(indent, sequence=match is not None and line[indent] == "-")
        while True:
            self._push(position, sequence=match is not None and line[position] == "-")
            if match is None or match.end() >= len(line):
                return match.end() if match else position
            position = match.end()
            match = _INDICATOR.match(line, position)

    def _close(self, column: int, *, sequence: bool) -> None:
        """Close the block collections a line at ``column`` ends: those deeper, and the one at
        the same column, unless the line is a ``- `` entry of a mapping's value written at the
        mapping's own indentation (YAML allows that)."""
        while self.blocks and (
            self.blocks[-1][0] > column
            or (self.blocks[-1][0] == column and (self.blocks[-1][1] or not sequence))
        ):
            self.blocks.pop()

    def _push(self, column: int, *, sequence: bool = False) -> None:
        """One more open block collection at ``column`` (a sequence or not)."""
        self.blocks.append((column, sequence))
        self.deepest = max(self.deepest, len(self.blocks) + self.flow)

    def _chars(self, line: str, position: int) -> None:
        """Flow brackets, quotes, comments and block-scalar headers from ``position`` on."""
        node_start = True
        while position < len(line):
            if self.quote:
                position = self._close_quote(line, position)
                node_start = False
                continue
            match = _STRUCTURE.search(line, position)
            if match is None:
                return
            char, at = match.group(), match.start()
            node_start = node_start and not line[position:at].strip()
            position = at + 1
            if char == "#" and (at == 0 or line[at - 1] in " \t"):
                return
            if char in "&!" and node_start:  # an anchor or a tag: the node itself follows
                space = _SPACE.search(line, position)
                position = space.end() if space else len(line)
                continue
            node_start = self._structure(line, at, char, node_start)
            if self.deepest > self.limit or self.scalar_parent is not None:
                return

    def _structure(self, line: str, at: int, char: str, node_start: bool) -> bool:
        """Act on one structural character; whether a node may start right after it."""
        if char in "[{" and (node_start or self.flow):
            self.flow += 1
            self.deepest = max(self.deepest, len(self.blocks) + self.flow)
            return True
        if char in "]}" and self.flow:
            self.flow -= 1
            return False
        if char in "'\"" and node_start:
            self.quote = char
            return False
        if char in "|>" and node_start and not self.flow and _BLOCK_SCALAR.match(line, at):
            # its text is indented deeper than the collection holding it (-1: the document)
            self.scalar_parent = max((c for c, _ in self.blocks if c < at), default=-1)
            return False
        return (char == "," and self.flow > 0) or (char == ":" and _value_follows(line, at))

    def _close_quote(self, line: str, position: int) -> int:
        """Skip quoted text; the position after the closing quote, or the line's end."""
        while position < len(line):
            char = line[position]
            if self.quote == '"' and char == "\\":
                position += 2
                continue
            if char == self.quote:
                if self.quote == "'" and line.startswith("''", position):
                    position += 2
                    continue
                self.quote = ""
                return position + 1
            position += 1
        return position


def _value_follows(line: str, at: int) -> bool:
    """Whether the ``:`` at ``at`` separates a key from its value (space, end or flow)."""
    following = line[at + 1 : at + 2]
    return following in ("", " ", "\t", ",", "[", "]", "{", "}")
