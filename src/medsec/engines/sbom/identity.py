"""What makes two component entries "the same software": a version-less identity key."""

from __future__ import annotations

import re

from medsec.domain.component import Component

_TOKENS = re.compile(r"\d+|[A-Za-z]+")


def component_key(component: Component) -> str:
    """``pkg:type/namespace/name`` from the purl, else ``name:group/name`` (lower case)."""
    if component.purl and component.purl.startswith("pkg:"):
        base = component.purl.split("?", 1)[0].split("#", 1)[0]
        head, sep, _version = base.rpartition("@")
        return (head if sep and "/" in head else base).lower()
    return "name:" + component.display_name.lower()


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """A natural order good enough to tell an upgrade from a downgrade (``1.10`` > ``1.9``).

    Vulnerability matching uses the per-ecosystem order of ``engines/matching``; this key is
    only for describing changes between two SBOMs.
    """
    text = version.lower().removeprefix("v")
    return tuple((0, int(t)) if t.isdigit() else (1, t) for t in _TOKENS.findall(text))
