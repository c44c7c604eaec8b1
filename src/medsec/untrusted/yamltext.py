"""Untrusted YAML (SBOMs, VEX, support files): depth measured first, aliases bounded, errors
located. Safe loaders only: no tags, no Python objects, ever.

Aliases are shared, not copied, by ruamel; but whoever walks the result walks every alias, so a
"billion laughs" of nested aliases is refused from the node graph's expanded size, computed
once per node before anything is constructed.
"""

from __future__ import annotations

import math
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from medsec.domain.errors import InputError
from medsec.untrusted.depth import check_depth
from medsec.untrusted.surrogates import refuse_surrogates

MAX_EXPANDED_NODES = 1_000_000  # nodes once aliases are expanded; real files have far fewer


def decode(data: bytes, *, source: str) -> str:
    """UTF-8 text (a BOM allowed); anything else is a located error, not a guess."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.single(
            source, f"not UTF-8 text (byte {exc.start})", hint="save the file as UTF-8"
        ) from None


def load_yaml(
    data: bytes, *, source: str, round_trip: bool = False, max_nodes: int = MAX_EXPANDED_NODES
) -> Any:
    """The document of untrusted YAML bytes; ``round_trip`` keeps line numbers (``.lc``).

    Refused with a located ``InputError``: non-UTF-8 text, nesting deeper than
    ``depth.MAX_DEPTH``, more than ``max_nodes`` nodes once aliases are expanded, and any
    syntax error.
    """
    text = decode(data, source=source)
    check_depth(text, source=source)
    yaml = YAML(typ="rt" if round_trip else "safe", pure=True)
    try:
        node = yaml.compose(text)
        if node is None:
            return None
        _check_expansion(node, source, max_nodes)
        data = yaml.constructor.construct_document(node)
        refuse_surrogates(data, text, source=source)
        return data
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError.single(
            source,
            f"malformed YAML: {exc.problem or exc.context}",
            line=mark.line + 1 if mark is not None else None,
        ) from None
    except (YAMLError, RecursionError, ValueError) as exc:
        raise InputError.single(source, f"malformed YAML: {exc}") from None


def expanded_size(root: Node) -> float:
    """How many nodes a walk of ``root`` visits, every alias expanded (infinite for an alias
    inside its own anchor); linear in the size of the graph."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        children = _children(node)
        if children_done:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
        elif id(node) in open_nodes:
            return math.inf  # a cycle: walking it never ends
        elif id(node) not in sizes:
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children)
    return sizes[id(root)]


def _children(node: Node) -> list[Node]:
    """The keys and values of a mapping, the items of a sequence, nothing for a scalar."""
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _check_expansion(node: Node, source: str, max_nodes: int) -> None:
    """Refuse a document whose aliases expand past ``max_nodes`` (an alias bomb)."""
    size = expanded_size(node)
    if size > max_nodes:
        raise InputError.single(
            source,
            f"aliases expand to {size:,.0f} nodes, over the limit of {max_nodes:,} "
            "(an alias bomb?)",
            hint="write the repeated parts out, or remove the anchors (&) and aliases (*)",
        )
