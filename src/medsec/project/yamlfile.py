"""Reading YAML safely, with line numbers: size limit, alias-bomb guard, located errors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from medsec.domain.errors import InputError

MAX_BYTES = 8 * 1024 * 1024
MAX_EXPANDED_NODES = 200_000


def round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.ignore_aliases = lambda *_: True  # no &id001 anchors for shared values
    return yaml


@dataclass(frozen=True)
class YamlDocument:
    path: str
    data: Any  # CommentedMap / CommentedSeq / scalar, with .lc line info


def read_bytes(path: Path, display: str, *, max_bytes: int = MAX_BYTES) -> bytes:
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
    return path.read_bytes()


def load_yaml(path: Path, display: str, *, max_bytes: int = MAX_BYTES) -> YamlDocument:
    raw = read_bytes(path, display, max_bytes=max_bytes)
    return parse_yaml(raw, display)


def parse_yaml(raw: bytes, display: str) -> YamlDocument:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.single(
            display, f"not UTF-8 text (byte {exc.start})", hint="save the file as UTF-8"
        ) from None
    yaml = round_trip_yaml()
    try:
        data = yaml.load(text)
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
    _guard_expansion(data, display)
    return YamlDocument(display, data)


def _guard_expansion(data: Any, display: str) -> None:
    """Refuse alias bombs: count nodes as they would be after expanding every alias."""
    memo: dict[int, int] = {}

    def size(node: Any, depth: int) -> int:
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

    if size(data, 0) > MAX_EXPANDED_NODES:
        raise InputError.single(
            display,
            f"YAML expands to more than {MAX_EXPANDED_NODES} nodes through aliases (alias bomb?)",
            hint="remove the '*alias' references that repeat large anchors",
        )


def line_of(data: Any, loc: Sequence[str | int]) -> int | None:
    """Best line (1-based) for a field path in round-trip data; the nearest existing parent."""
    node = data
    line: int | None = None
    for part in loc:
        try:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    if line is None and isinstance(data, CommentedMap | CommentedSeq):
        return 1
    return line


def to_plain(node: Any) -> Any:
    """Round-trip containers -> plain dicts/lists (for pydantic)."""
    if isinstance(node, dict):
        return {str(k) if not isinstance(k, str) else k: to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    return node
