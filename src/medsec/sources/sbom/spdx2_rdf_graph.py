"""An RDF/XML tree walked into nodes and their properties (the subset SPDX 2 documents use).

Node elements are typed (``<spdx:Package>``) or ``<rdf:Description>`` with ``rdf:type``; a
property holds a literal, an ``rdf:resource`` / ``rdf:nodeID`` reference, one nested node, or
(``rdf:parseType="Resource"`` and the common slip of writing properties directly inside a
property) an anonymous node. Descriptions of one ``rdf:about`` anywhere in the file are merged.
The walk uses its own stack: deep nesting cannot exhaust Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_SPDX = "{http://spdx.org/rdf/terms#}"
_RDFS = "{http://www.w3.org/2000/01/rdf-schema#}"


@dataclass(frozen=True)
class Ref:
    """A reference to another node (its key) or to a resource URI (an enumeration value)."""

    key: str


@dataclass
class Node:
    """One RDF node: its type's local name and its property values in document order."""

    kind: str
    props: dict[str, list[str | Ref]] = field(default_factory=dict)

    def _values(self, name: str) -> list[str | Ref]:
        """Every value of a property, literal or reference; none if absent."""
        return self.props.get(name, [])

    def texts(self, name: str) -> list[str]:
        """Every non-empty literal of a property."""
        return [v for v in self._values(name) if isinstance(v, str) and v]

    def text(self, name: str) -> str | None:
        """The first non-empty literal of a property."""
        return next(iter(self.texts(name)), None)

    def refs(self, name: str) -> list[str]:
        """The keys every reference of a property points to."""
        return [v.key for v in self._values(name) if isinstance(v, Ref)]

    def first(self, name: str) -> str | None:
        """The first value, reference key or literal (enumerations come either way)."""
        for value in self._values(name):
            text = value.key if isinstance(value, Ref) else value
            if text:
                return text
        return None


def walk(root: Element, *, counter: Iterator[int]) -> dict[str, Node]:
    """Every node of the tree under ``root`` by key (``rdf:about``, ``_:id`` or ``_:bN``)."""
    nodes: dict[str, Node] = {}
    stack = [(child, _key(child, counter), _kind(child)) for child in reversed(root)]
    while stack:
        element, key, kind = stack.pop()
        node = nodes.setdefault(key, Node(kind))
        node.kind = node.kind or kind
        nested: list[tuple[Element, str, str]] = []
        for prop in element:
            name = _prop_name(prop.tag)
            if name is not None:
                node.props.setdefault(name, []).append(_value(prop, counter, nested))
        stack.extend(reversed(nested))
    return nodes


def _value(
    prop: Element, counter: Iterator[int], nested: list[tuple[Element, str, str]]
) -> str | Ref:
    """The value of one property element; nested nodes are queued on ``nested``."""
    resource = prop.get(f"{RDF}resource")
    if resource is not None:
        return Ref(resource)
    node_id = prop.get(f"{RDF}nodeID")
    if node_id is not None:
        return Ref(f"_:{node_id}")
    children = list(prop)
    if not children:
        return (prop.text or "").strip()
    child = children[0]
    if prop.get(f"{RDF}parseType") == "Resource" or _prop_name(child.tag) is not None:
        key = f"_:b{next(counter)}"  # properties straight inside: an anonymous node
        nested.append((prop, key, ""))
        return Ref(key)
    key = _key(child, counter)
    nested.append((child, key, _kind(child)))
    return Ref(key)


def _key(element: Element, counter: Iterator[int]) -> str:
    """A node element's key: ``rdf:about``, ``_:nodeID`` or a fresh blank-node id."""
    about = element.get(f"{RDF}about")
    if about is not None:
        return about
    node_id = element.get(f"{RDF}nodeID")
    return f"_:{node_id}" if node_id is not None else f"_:b{next(counter)}"


def _kind(element: Element) -> str:
    """A node element's type: its tag, or the ``rdf:type`` of an ``rdf:Description``."""
    if element.tag == f"{RDF}Description":
        for prop in element:
            if prop.tag == f"{RDF}type":
                return (prop.get(f"{RDF}resource") or "").rsplit("#", 1)[-1]
        return ""
    return element.tag.rsplit("}", 1)[-1]


def _prop_name(tag: str) -> str | None:
    """``spdx:name`` -> ``name``; ``rdfs:comment`` -> ``rdfs:comment``; others are skipped."""
    if tag.startswith(_SPDX):
        local = tag[len(_SPDX) :]
        return local if local[:1].islower() else None
    if tag == f"{_RDFS}comment":
        return "rdfs:comment"
    return None
