"""Reading YAML safely, with line numbers: size limit, alias-bomb guard, located errors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from medsec.domain.errors import InputError
from medsec.untrusted.files import read_input
from medsec.untrusted.surrogates import refuse_surrogates

MAX_BYTES = 8 * 1024 * 1024
MAX_EXPANDED_NODES = 200_000


class _SafeTextDates(SafeConstructor):
    """Timestamps stay text: pydantic parses them, so '2025-13-40' is a located error, not a crash."""


class _RoundTripTextDates(RoundTripConstructor):
    """Valid timestamps stay dates (so they are written back unquoted); impossible ones text."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        """A date when it is a real one, else its text (pydantic then locates the error)."""
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_yaml_str(node)


_SafeTextDates.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)
_RoundTripTextDates.add_constructor(
    "tag:yaml.org,2002:timestamp", _RoundTripTextDates.construct_yaml_timestamp
)


def round_trip_yaml() -> YAML:
    """A round-trip YAML instance configured as medsec writes its files."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _RoundTripTextDates
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.ignore_aliases = lambda *_: True  # no &id001 anchors for shared values
    return yaml


class LineMap:
    """Line (1-based) of a key or sequence item, found by walking the parsed nodes on demand."""

    def __init__(self, root: Any = None) -> None:
        """Map the lines of ``root``; None gives no lines."""
        self._root = root  # a ruamel Node (fast load) or CommentedMap/Seq (round trip)

    @property
    def root(self) -> Any:
        """The parsed root this map walks (a ruamel Node, CommentedMap/Seq, or None)."""
        return self._root

    def line(self, loc: Sequence[str | int]) -> int | None:
        """The line of ``loc``, or of its nearest ancestor that exists in the file."""
        node = self._root
        if node is None:
            return None
        best = node.start_mark.line + 1 if isinstance(node, Node) else 1
        for part in loc:
            step = _child(node, part)
            if step is None:
                break
            node, line = step
            best = line
        return best

    def flow_style(self, loc: Sequence[str | int]) -> bool:
        """Whether the mapping or list at ``loc`` is written in flow style (``{…}``, ``[…]``)."""
        node = self._root
        for part in loc:
            step = _child(node, part)
            if step is None:
                return False
            node = step[0]
        if isinstance(node, (MappingNode, SequenceNode)):
            return bool(node.flow_style)
        if isinstance(node, (CommentedMap, CommentedSeq)):
            return bool(node.fa.flow_style())
        return False


def _child(node: Any, part: str | int) -> tuple[Any, int] | None:
    """The child at ``part`` of a node and the line it starts on; None if absent."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if str(key.value) == str(part):
                return value, key.start_mark.line + 1
        return None
    if isinstance(node, SequenceNode):
        if isinstance(part, int) and 0 <= part < len(node.value):
            item = node.value[part]
            return item, item.start_mark.line + 1
        return None
    if isinstance(node, CommentedMap) and part in node:
        return node[part], node.lc.key(part)[0] + 1
    if isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
        return node[part], node.lc.item(part)[0] + 1
    return None


@dataclass(frozen=True)
class YamlDocument:
    """A loaded YAML file: its name, its data and the lines of its keys."""

    path: str
    data: Any  # plain data, or CommentedMap / CommentedSeq when loaded for round trip
    lines: LineMap


class _Yaml12Resolver(VersionedResolver):
    """YAML 1.2 rules, without looking the version up again for every scalar (a hot path)."""

    @property
    def processing_version(self) -> Any:
        """Always YAML 1.2."""
        return (1, 2)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The tag of a node; a scalar's remembered by its text (keys and values repeat: a
        1,000-element model has 40,000 scalars, a fifth of them distinct)."""
        if kind is not ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        memo: dict[tuple[str, Any], Any] | None = getattr(self, "_scalar_tags", None)
        if memo is None:
            memo = {}
            self._scalar_tags = memo
        tag = memo.get((value, implicit))
        if tag is None:
            tag = memo[value, implicit] = super().resolve(kind, value, implicit)
        return tag


def _safe_yaml(*, pure: bool) -> YAML:
    """A safe loader whose timestamps stay text, with YAML 1.2 resolution."""
    yaml = YAML(typ="safe", pure=pure)
    yaml.Constructor = _SafeTextDates
    yaml.Resolver = _Yaml12Resolver
    return yaml


def _fast_yaml() -> YAML:
    """The safe loader on libyaml when installed, else the pure one."""
    try:
        return _safe_yaml(pure=False)  # libyaml through ruamel.yaml.clib when installed
    except (ImportError, AttributeError):  # pragma: no cover - depends on the platform wheel
        return _safe_yaml(pure=True)


def _compose(text: str) -> tuple[Any, Node | None]:
    """libyaml first (fast); where it refuses what YAML 1.2 allows, the pure parser decides."""
    fast = _fast_yaml()
    try:
        node = fast.compose(text)
        yaml = fast
    except MarkedYAMLError:
        yaml = _safe_yaml(pure=True)
        if fast.Parser is yaml.Parser:
            raise
        node = yaml.compose(text)
    if node is None:
        return None, None
    return _plain(node, yaml.constructor), node


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map"))
_KEY_TAGS = frozenset(f"tag:yaml.org,2002:{n}" for n in ("str", "int", "bool", "null", "float"))


class _Unusual(Exception):
    """A document ``_plain`` leaves to ruamel's constructor."""


def _plain(root: Node, constructor: Any) -> Any:
    """The data of a composed document, as ruamel's safe constructor builds it, but faster.

    Strings, lists and mappings with plain scalar keys are built here (twice as fast); other
    scalars by the constructor. Anything else (merge keys ``<<``, collections as keys, a
    duplicate key, a recursive alias, other tags, an error) goes to the constructor as a whole.
    Aliases share one value, as ruamel's do (the alias-bomb guard counts them expanded).
    """
    built: dict[int, Any] = {}

    def build(node: Node) -> Any:
        """The value of one node."""
        if id(node) in built:
            value = built[id(node)]
            if value is built:  # an alias inside its own anchor: a recursive document
                raise _Unusual
            return value
        tag, kind = node.tag, type(node)
        if kind is ScalarNode:
            value = node.value if tag == _STR else constructor.construct_object(node)
        elif kind is SequenceNode and tag == _SEQ:
            built[id(node)] = built
            value = [build(item) for item in node.value]
        elif kind is MappingNode and tag == _MAP:
            built[id(node)] = built
            value = {}
            for key_node, value_node in node.value:
                if type(key_node) is not ScalarNode or key_node.tag not in _KEY_TAGS:
                    raise _Unusual  # a merge key, a collection: ruamel's own ways
                key = build(key_node)
                if key in value:
                    raise _Unusual
                value[key] = build(value_node)
        else:
            raise _Unusual
        built[id(node)] = value
        return value

    try:
        return build(root)
    except (_Unusual, YAMLError):  # ruamel builds it, or raises the error it always raised
        constructor.constructed_objects, constructor.recursive_objects = {}, {}
        return constructor.construct_document(root)


def read_bytes(path: Path, display: str, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes; a missing or too large file is an InputError."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError.single(display, "file not found") from None
    if size > max_bytes:
        raise InputError.single(
            display,
            f"file is {size / 1_048_576:.1f} MiB, larger than the {max_bytes // 1_048_576} MiB limit",
            hint="split the project into smaller files or remove generated content",
        )
    # st_size says nothing of devices and FIFOs (/dev/zero is 0 bytes): read bounded, files only
    return read_input(
        path,
        max_bytes=max_bytes,
        display=display,
        what="project files",
        hint="split the project into smaller files or remove generated content",
    )


def load_yaml(
    path: Path,
    display: str,
    *,
    max_bytes: int = MAX_BYTES,
    round_trip: bool = False,
    max_nodes: int = MAX_EXPANDED_NODES,
) -> YamlDocument:
    """Read and parse a YAML file (see ``parse_yaml``)."""
    raw = read_bytes(path, display, max_bytes=max_bytes)
    return parse_yaml(raw, display, round_trip=round_trip, max_nodes=max_nodes)


def parse_yaml(
    raw: bytes, display: str, *, round_trip: bool = False, max_nodes: int = MAX_EXPANDED_NODES
) -> YamlDocument:
    """Plain data with a line map (fast, libyaml), or round-trip data that keeps comments."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.single(
            display, f"not UTF-8 text (byte {exc.start})", hint="save the file as UTF-8"
        ) from None
    try:
        if round_trip:
            data = round_trip_yaml().load(text)
            root: Any = data
        else:
            data, root = _compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise InputError.single(
            display,
            f"malformed YAML: {problem}",
            line=line,
            hint="check indentation, colons and quotes on this line or the one before",
        ) from None
    except YAMLError as exc:
        raise InputError.single(display, f"malformed YAML: {exc}") from None
    _guard_expansion(data, display, max_nodes)
    refuse_surrogates(data, text, source=display)
    return YamlDocument(display, data, LineMap(root))


def expanded_nodes(data: Any, display: str) -> int:
    """The node count of ``data`` with every alias expanded (nested over 200 deep: InputError)."""
    memo: dict[int, int] = {}

    def size(node: Any, depth: int) -> int:
        """The node count of ``node`` with aliases expanded (memoised by id)."""
        if depth > 200:
            raise InputError.single(display, "YAML nested more than 200 levels deep")
        key = id(node)
        if key in memo:
            return memo[key]
        if isinstance(node, dict):
            total = 1 + sum(size(v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            total = 1 + sum(size(v, depth + 1) for v in node)
        else:
            return 1
        memo[key] = total
        return total

    return size(data, 0)


def _guard_expansion(data: Any, display: str, limit: int = MAX_EXPANDED_NODES) -> None:
    """Refuse alias bombs: count nodes as they would be after expanding every alias."""
    if expanded_nodes(data, display) > limit:
        raise InputError.single(
            display,
            f"YAML expands to more than {limit} nodes through aliases (alias bomb?)",
            hint="remove the '*alias' references that repeat large anchors",
        )


def line_of(lines: LineMap, loc: Sequence[str | int]) -> int | None:
    """Best line (1-based) for a field path: the nearest existing parent."""
    return lines.line(loc)


def to_plain(node: Any) -> Any:
    """Round-trip containers -> plain dicts/lists (for pydantic)."""
    if isinstance(node, dict):
        return {str(k) if not isinstance(k, str) else k: to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    return node
