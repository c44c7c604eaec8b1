"""Root.io's version order (``Root:Debian:12``, ``Root:Alpine:3.18``, ``Root:PyPI``, …).

Root.io publishes patched builds of distribution and registry packages whose versions are the
upstream version plus a Root patch number: ``8:6.9.11.60+dfsg-1.6+deb12u3.root.io.1``
(Debian, Ubuntu), ``2.31.0+root.io.1`` (PyPI), ``7.5.2-root.io.1`` (npm), or a plain Alpine
revision ``2.38.1-r10071``. As osv.dev's ``Root`` ecosystem does, a version is split into the
upstream part, ordered by the base ecosystem's own order, then the Root patch number (0 when
there is none): ``22.12.0-2.root.io.1`` < ``22.12.0-2+deb12u1.root.io.5`` although dpkg alone
would order them the other way. medsec also reads ``-root.io.N`` (Root's npm records), which
osv.dev leaves to its fallback order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_ROOT_SUFFIX = re.compile(r"^(.+?)[.+-]root\.io\.(\d+)$")


class RootKey:
    """Upstream key, then Root patch number; compared with ``<`` only on the upstream keys."""

    __slots__ = ("patch", "upstream")

    def __init__(self, upstream: Any, patch: int) -> None:
        """The base ecosystem's key of the upstream version, and the Root patch number."""
        self.upstream = upstream
        self.patch = patch

    def __lt__(self, other: RootKey) -> bool:
        """Upstream first; equal upstream versions by patch number."""
        if self.upstream < other.upstream:
            return True
        return not other.upstream < self.upstream and self.patch < other.patch

    def __gt__(self, other: RootKey) -> bool:
        """``other < self``."""
        return other < self

    def __le__(self, other: RootKey) -> bool:
        """Not after ``other``."""
        return not other < self

    def __ge__(self, other: RootKey) -> bool:
        """Not before ``other``."""
        return not self < other


def root_builder(upstream_key: Callable[[str], Any]) -> Callable[[str], RootKey]:
    """A key builder for Root versions over a base ecosystem's key builder."""

    def build(version: str) -> RootKey:
        """Split off ``.root.io.N`` / ``+root.io.N`` / ``-root.io.N``; key both parts."""
        found = _ROOT_SUFFIX.match(version.strip())
        if found is None:
            return RootKey(upstream_key(version), 0)
        return RootKey(upstream_key(found.group(1)), int(found.group(2)))

    return build
