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

That scan walks the text in Python (0.4 s for a 4 MB register), so ``check_depth`` runs it only
when two bounds of it, both at C speed, leave the question open:

- counts alone (``_cheap_bound``): a small file stops here;
- ``_fast_bound``, a bound of the scan from a few whole-text passes (4 MB in 20 ms): block
  depth is at most twice the number of distinct columns a block can open at (a block stack
  holds at most a mapping and a sequence per column), and flow depth is at most the depth of
  the brackets once the closing brackets the scan might skip are dropped: those inside quoted
  text (from every place a quote could open, to where the scan would close it), comments, and
  anchors or tags. Dropping a closer and counting every opener only ever raise the bound.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from medsec.domain.errors import InputError

MAX_DEPTH = 64  # real SBOM, VEX, OSV and project files nest fewer than 15 levels
_STRUCTURE = re.compile(r"['\"#\[\]{}|>&!,:?]")
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
    text = data.decode("latin-1") if isinstance(data, bytes) else data
    if _fast_bound(text, limit) <= limit:
        return
    _, line = nesting_depth(text, limit=limit)
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


# where a line's block structure starts: its indentation and compact indicators (``- ``, ``? ``)
_LINE_START = re.compile(r"\n *(?:[-?:](?:[ \t]+|(?=\r*$))(?:[&!]\S*[ \t]+)*)*", re.MULTILINE)
_QUOTED = {  # quoted text from its opening quote to where ``_Scan._close_quote`` ends it
    "'": re.compile(r"'(?:[^']++|'')*+'?"),
    '"': re.compile(r'"(?:[^"\\]++|\\[\s\S]?)*+"?'),
}
_TOKEN = re.compile(r"[&!][^ \t\n]*")  # an anchor or tag: the scan skips to the next space
_COMMENT = re.compile(r"#[^\n]*")
_NODE_START = "\n[{,:-?"  # a node (quoted text, an anchor, a tag) may start right after these
_PAIR = re.compile(r"[\[{][\]}]")
_BRACKETS = dict.fromkeys(c for c in range(256) if chr(c) not in "[]{}")
_OPENERS = dict.fromkeys(c for c in range(256) if chr(c) not in "[{")


def _fast_bound(text: str, limit: int) -> int:
    """An upper bound of ``nesting_depth`` from whole-text passes (C speed); past ``limit``
    it may stop counting."""
    blocks = 2 * len(_block_columns(text))
    if blocks > limit:
        return blocks
    return blocks + _flow_bound(_bracket_stream(text), limit - blocks)


def _block_columns(text: str) -> set[int]:
    """Every column a block collection can open at (``_Scan._block`` pushes no others)."""
    first = _LINE_START.match("\n" + text[: text.find("\n") + 1 or len(text)])
    starts = set(_LINE_START.findall(text))
    if first is not None:
        starts.add(first.group())
    columns: set[int] = set()
    for start in starts:
        line = start[1:]
        position = len(line) - len(line.lstrip(" "))
        columns.add(position)
        match = _INDICATOR.match(line, position)
        while match is not None and match.end() > position:
            position = match.end()
            columns.add(position)
            match = _INDICATOR.match(line, position)
    return columns


def _skipped_spans(text: str) -> list[tuple[int, int]]:
    """Spans where the scan may skip a closing bracket: quoted text (from every quote that
    could open it), comments, anchors and tags. A superset, sorted; overlaps allowed."""
    spans = []
    for char in "'\"#&!":
        at = text.find(char)
        while at >= 0:
            before = text[at - 1] if at else "\n"
            # most of these end text or sit inside it (a closing quote, "it's"): skip them fast
            if before.isspace() or before in _NODE_START:
                end = _skipped_from(text, at)
                if end > at:
                    spans.append((at, end))
            at = text.find(char, at + 1)
    spans.sort()
    return spans


def _skipped_from(text: str, at: int) -> int:
    """Where the span the scan may skip from ``text[at]`` (a quote, ``#``, ``&``, ``!``) ends;
    ``at`` when the scan never skips from there."""
    char = text[at]
    if char == "#":  # a comment, when after a space or at the start of a line
        pattern = _COMMENT if not at or text[at - 1] in " \t\n" else None
    elif _may_start_node(text, at):  # quoted text, an anchor or a tag
        pattern = _TOKEN if char in "&!" else _QUOTED[char]
    else:
        return at
    match = pattern.match(text, at) if pattern is not None else None
    return match.end() if match is not None else at


def _may_start_node(text: str, at: int) -> bool:
    """Whether the scan could read ``text[at]`` where a node starts: nothing but spaces since
    the start of the line, an indicator, a flow bracket, ``,``, ``:``, a document marker, or
    an anchor or tag (a superset of where ``_Scan`` sets ``node_start``)."""
    end = at
    while end and text[end - 1] != "\n" and text[end - 1].isspace():
        end -= 1
    if not end or text[end - 1] in _NODE_START:
        return True
    if end == at:  # right after other text: inside a plain scalar, anchor or tag
        return False
    start = max(text.rfind(" ", 0, end), text.rfind("\t", 0, end), text.rfind("\n", 0, end)) + 1
    return text[start] in "&!" or (text[start:end] == "..." and text[start - 1 : start] in "\n")


def _bracket_stream(text: str) -> str:
    """The text's brackets in order, with the closers the scan may skip dropped."""
    parts = []
    position = 0
    for start, end, alone in _regions(_skipped_spans(text)):
        parts.append(_brackets(text[position:start]))
        inside = _brackets(text[start:end])
        parts.append(_alone(inside) if alone else inside.translate(_OPENERS))
        position = end
    parts.append(_brackets(text[position:]))
    return "".join(parts)


def _regions(spans: list[tuple[int, int]]) -> Iterator[tuple[int, int, bool]]:
    """Overlapping spans merged: ``(start, end, alone)``, alone when made of one span."""
    if not spans:
        return
    start, end = spans[0]
    alone = True
    for span_start, span_end in spans[1:]:
        if span_start < end:
            end = max(end, span_end)
            alone = False
            continue
        yield start, end, alone
        start, end, alone = span_start, span_end, True
    yield start, end, alone


def _brackets(text: str) -> str:
    """The brackets of ``text``, in order."""
    kept = text.translate(_BRACKETS)
    return kept if kept.isascii() else re.sub(r"[^\[\]{}]", "", kept)


def _alone(brackets: str) -> str:
    """The brackets of a span no other span overlaps, as a stand-in nest as deep and as open.

    The scan reads all of such a span or none of it: either way, the closers that match an
    opener inside it cannot take the depth below where the span began.
    """
    if not brackets:
        return ""
    levels, unmatched = _peeled(brackets, len(brackets))
    return "[" * (levels + unmatched) + "]" * levels


def _peeled(stream: str, limit: int) -> tuple[int, int]:
    """Pairs peeled from a bracket stream: how many passes (up to ``limit`` + 1), and the
    openers left unmatched. Each pass removes the innermost level of every nest."""
    passes = 0
    while passes <= limit:
        stream, peeled = _PAIR.subn("", stream)
        if not peeled:
            break
        passes += 1
    return passes, stream.count("[") + stream.count("{")


def _flow_bound(stream: str, limit: int) -> int:
    """The deepest nesting of a bracket stream (an unmatched closer counts for nothing): an
    unmatched opener may hold any of the peeled nests. Past ``limit`` it may stop counting."""
    levels, unmatched = _peeled(stream, limit)
    return levels + unmatched


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
        if char == "?":  # ``? `` where a node may start: an explicit key, a node follows
            return node_start and _value_follows(line, at)
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
