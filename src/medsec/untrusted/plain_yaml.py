"""YAML as plain values (every scalar a string): libyaml's parse, built without PyYAML's
constructor.

PyYAML's ``CBaseLoader`` parses and composes in C (libyaml), then builds the values in Python:
its constructor keeps four bookkeeping tables per node and walks them with generator
machinery, and the C composer asks the Python resolver for the tag of every node. For plain
values that work decides nothing (no tag is ever constructed; the resolver has no rule and
answers each node's default tag), yet it is about half of loading an OSV advisory record.

:func:`load_plain` keeps libyaml's parse and composition and builds the same values as
``yaml.load(text, Loader=CBaseLoader)`` from the composed nodes directly: a scalar is its text,
a sequence a list, a mapping a dict (later duplicate keys win; no ``<<`` merging), an alias the
very object its anchor built (shared, never copied), a node that contains itself and a mapping
key that is a collection are the same errors PyYAML raises. ``tests/untrusted/test_plain_yaml``
checks the values against PyYAML's on every YAML file of the shared fixtures and on generated
documents. The text's nesting must be bounded first (:func:`medsec.untrusted.depth.check_depth`):
the build recurses once per level.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_Base: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml when PyYAML has it

# What PyYAML's resolver answers for each kind of node when it has no rule, as it has none in
# the base loader: the default tag of the kind.
_DEFAULT_TAGS = {
    ScalarNode: yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG,
    SequenceNode: yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
    MappingNode: yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
}


class _Composer(_Base):  # type: ignore[misc]
    """The base loader, answering tags without consulting rules it does not have."""

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        """The default tag of ``kind``: all the base resolver can answer."""
        return _DEFAULT_TAGS[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Nothing to track: there are no path rules."""

    def ascend_resolver(self) -> None:
        """Nothing to track: there are no path rules."""


def load_plain(text: str) -> Any:
    """The single document of ``text`` as plain values (``None`` when it is empty); PyYAML's
    errors (``yaml.YAMLError``) as PyYAML raises them."""
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    finally:
        composer.dispose()
    return None if node is None else _Builder().build(node)


class _Builder:
    """Values from composed nodes: each collection built once (aliases share it)."""

    __slots__ = ("_building", "_built")

    def __init__(self) -> None:
        """Nothing built yet."""
        self._built: dict[int, Any] = {}  # id(node) -> its list or dict
        self._building: set[int] = set()  # collections whose build has not returned yet

    def build(self, node: Node) -> Any:
        """The value of ``node``."""
        if node.__class__ is ScalarNode:
            return node.value
        key = id(node)
        built = self._built.get(key)
        if built is not None:
            return built
        if key in self._building:
            raise ConstructorError(
                None, None, "found unconstructable recursive node", node.start_mark
            )
        self._building.add(key)
        value = self._sequence(node) if node.__class__ is SequenceNode else self._mapping(node)
        self._building.discard(key)
        self._built[key] = value
        return value

    def _sequence(self, node: Node) -> list[Any]:
        """A sequence node's items."""
        build = self.build
        return [item.value if item.__class__ is ScalarNode else build(item) for item in node.value]

    def _mapping(self, node: Node) -> dict[Any, Any]:
        """A mapping node's pairs, in order (a later duplicate key wins, as in PyYAML)."""
        build, mapping = self.build, {}
        for key_node, value_node in node.value:
            if key_node.__class__ is ScalarNode:
                key = key_node.value
            else:  # a list or dict: PyYAML refuses it, after building it
                build(key_node)
                raise ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found unhashable key",
                    key_node.start_mark,
                )
            mapping[key] = (
                value_node.value if value_node.__class__ is ScalarNode else build(value_node)
            )
        return mapping
