"""The parse cache of ``medsec.yaml``: its data and the lines of its keys, without the YAML parse.

Parsing a 1,000-element project takes ruamel about 100 ms, a third of loading it; reading the
same data back from JSON takes a few. A command that writes the project's threat register
also keeps a cache of it (in the user's cache folder, see :mod:`medsec.project.parse_cache`): the plain data
the YAML parse gave and a skeleton of the parsed nodes with the line of every key and item, so
that located errors name the same lines. It is only a shortcut past the parse: validation and
every cross-check still run on the cached data, and a cache made from other bytes, or by a
medsec that parses differently, is ignored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import orjson
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from medsec.domain.errors import InputError
from medsec.project import yamlfile
from medsec.project.parse_cache import read_cache, write_cache
from medsec.project.yamlfile import LineMap, YamlDocument

# A skeleton node: ["m", flow, [key, line, child, key, line, child, ...]] for a mapping,
# ["s", flow, [line, child, line, child, ...]] for a sequence, None for a scalar. The cache's
# data: {"parser", "data", "root"}, "root" being [line of the root, its skeleton].
_MAPPING, _SEQUENCE = "m", "s"
_KINDS = (_MAPPING, _SEQUENCE)


@cache
def _parser() -> str:
    """What the cached data depends on: the YAML reading code (a change of it: a stale cache)."""
    digest = hashlib.sha256()
    for module in (yamlfile,):
        try:
            digest.update(Path(str(module.__file__)).read_bytes())
        except OSError:  # no source beside the code (a zipped install): its version then
            digest.update(metadata.version("medsec").encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


class CachedLines(LineMap):
    """The lines of a document from its cached skeleton (answers as :class:`LineMap` does)."""

    def __init__(self, root_line: int, skeleton: Any) -> None:
        """Map the lines of a cached skeleton whose root starts on ``root_line``."""
        super().__init__(None)
        self._root_line = root_line
        self._skeleton = skeleton

    def line(self, loc: Sequence[str | int]) -> int | None:
        """The line of ``loc``, or of its nearest ancestor that exists in the file."""
        node, best = self._skeleton, self._root_line
        for part in loc:
            step = _child(node, part)
            if step is None:
                break
            node, best = step
        return best

    def flow_style(self, loc: Sequence[str | int]) -> bool:
        """Whether the mapping or list at ``loc`` is written in flow style (``{…}``, ``[…]``)."""
        node = self._skeleton
        for part in loc:
            step = _child(node, part)
            if step is None:
                return False
            node = step[0]
        return isinstance(node, list) and len(node) == 3 and node[0] in _KINDS and node[1] is True


def _child(node: Any, part: str | int) -> tuple[Any, int] | None:
    """The skeleton of the child at ``part`` and the line it starts on; None if absent.

    A skeleton of another shape (a damaged cache) has no children rather than an error.
    """
    if not isinstance(node, list) or len(node) != 3 or not isinstance(node[2], list):
        return None
    kind, _flow, flat = node
    try:
        if kind == _MAPPING:
            wanted = str(part)
            for i in range(0, len(flat) - 2, 3):
                if flat[i] == wanted:
                    return flat[i + 2], int(flat[i + 1])
            return None
        if kind == _SEQUENCE and isinstance(part, int) and 0 <= part < len(flat) // 2:
            return flat[2 * part + 1], int(flat[2 * part])
    except (TypeError, ValueError):
        return None
    return None


def skeleton(node: Node) -> Any:
    """The skeleton of a parsed node: its kind, flow style and the lines of its children.

    Children flat (key, line, child for a mapping; line, child for a sequence), and scalars
    not visited: two thirds of a project's nodes (7 ms for 40,000 nodes rather than 10).
    """
    flat: list[Any] = []
    if isinstance(node, MappingNode):
        for key, value in node.value:
            child = None if type(value) is ScalarNode else skeleton(value)
            flat += (str(key.value), key.start_mark.line + 1, child)
        return [_MAPPING, bool(node.flow_style), flat]
    if isinstance(node, SequenceNode):
        for item in node.value:
            child = None if type(item) is ScalarNode else skeleton(item)
            flat += (item.start_mark.line + 1, child)
        return [_SEQUENCE, bool(node.flow_style), flat]
    return None


def read(path: Path, raw: bytes, display: str) -> YamlDocument | None:
    """The document the cache beside ``path`` holds for exactly ``raw``, else None."""
    found = read_cache(path, raw)
    if found is None:
        return None
    body = found[0]
    if not isinstance(body, dict) or body.get("parser") != _parser():
        return None
    root = body.get("root")
    if not isinstance(root, list) or len(root) != 2 or not isinstance(root[0], int):
        return None
    return YamlDocument(display, body.get("data"), CachedLines(root[0], root[1]))


def write(path: Path, raw: bytes, doc: YamlDocument) -> None:
    """Keep the parse of ``raw`` in the cache of ``path``; data JSON cannot hold exactly is not kept.

    A cache is a shortcut only: one that cannot be written (a read-only folder) is skipped.
    """
    node = doc.lines.root
    if not isinstance(node, Node):
        return
    try:  # YAML says more than JSON (keys that are not text, .inf): such data is parsed each time
        exact = orjson.loads(orjson.dumps(doc.data)) == doc.data
    except (orjson.JSONEncodeError, orjson.JSONDecodeError):
        return
    if not exact:
        return
    body = {
        "parser": _parser(),
        "data": doc.data,
        "root": [node.start_mark.line + 1, skeleton(node)],
    }
    try:
        write_cache(path, raw, body, [])
    except (InputError, OSError):
        return
