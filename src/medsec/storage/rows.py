"""The index keys an advisory is stored under: its ids, its packages, its CPE products.

Package keys use :func:`medsec.domain.ecosystem.index_key`, the same function the matcher
uses to look components up; each package row also carries the ``affected`` entries stored
under it (the match data a scan decodes instead of the whole record). CPE keys are the
lower-cased vendor and product of each *vulnerable* criterion (non-vulnerable ones name the
platform a product runs on).

``INDEX_VERSION`` names the rules these rows follow. Every import records it on its snapshot;
a database whose rows were written under older rules is re-indexed from the stored records
when it is opened (:mod:`medsec.storage.reindex`), so that a change of keys never leaves old
data unfindable. Bump it whenever ``index_key``, these functions or the entry encoding change.

=======  ===================================================================================
1        (no version recorded) keys before OSV's ``Name:Variant`` release keys
2        release keys (``ubuntu:22.04``, ``red hat:8``, Root.io as its base) and match data
=======  ===================================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from medsec.domain.advisory import Advisory, AffectedPackage
from medsec.domain.ecosystem import index_key
from medsec.storage import bulk
from medsec.storage import schema as t
from medsec.storage.codec import encode_match

INDEX_VERSION = 2


@dataclass
class IndexRows:
    """The index rows of a batch of advisories, written together (imports and re-indexing)."""

    ids: list[tuple[Any, ...]] = field(default_factory=list)
    packages: list[tuple[Any, ...]] = field(default_factory=list)
    cpes: list[tuple[Any, ...]] = field(default_factory=list)

    def add(self, advisory: Advisory, pk: int, seq: int) -> set[str]:
        """Add the rows of one advisory; the base ecosystems of its packages."""
        self.ids.extend([(alias, pk, seq) for alias in alias_keys(advisory)])
        packages = package_rows(advisory)
        self.packages.extend([(n, b, e, pk, seq, entry) for n, b, e, entry in packages])
        self.cpes.extend([(p, v, pk, seq) for p, v in cpe_keys(advisory)])
        return {b for _, b, _, _ in packages}

    def write(self, conn: Connection) -> None:
        """Insert the rows (after their advisories) and start over."""
        bulk.insert_rows(conn, t.advisory_ids, self.ids)
        bulk.insert_rows(conn, t.affected_index, self.packages)
        bulk.insert_rows(conn, t.cpe_index, self.cpes)
        self.ids, self.packages, self.cpes = [], [], []


def alias_keys(advisory: Advisory) -> list[str]:
    """The advisory's id and aliases, without repeats: the ``advisory_ids`` rows."""
    return list(dict.fromkeys(advisory.ids))


def package_rows(advisory: Advisory) -> list[tuple[str, str, str, bytes]]:
    """``(name, base ecosystem, ecosystem, match data)`` per package key: the
    ``affected_index`` rows, each with the advisory's head and the positioned ``affected``
    entries stored under its key (:func:`medsec.storage.codec.encode_match`)."""
    grouped: dict[tuple[str, str, str], list[tuple[int, AffectedPackage]]] = {}
    for at, affected in enumerate(advisory.affected):
        if not affected.ecosystem or not affected.name:
            continue
        ecosystem, name = index_key(affected.ecosystem, affected.name)
        grouped.setdefault((name, ecosystem.split(":", 1)[0], ecosystem), []).append((at, affected))
    return [(*key, encode_match(advisory, entries)) for key, entries in grouped.items()]


def cpe_keys(advisory: Advisory) -> list[tuple[str, str]]:
    """``(product, vendor)`` of every vulnerable CPE criterion, lower-cased, without repeats."""
    keys: dict[tuple[str, str], None] = {}
    for configuration in advisory.configurations:
        for node in configuration.nodes:
            for match in node.matches:
                if not match.vulnerable:
                    continue
                vendor, product = match.vendor_product
                if vendor and product and vendor != "*" and product != "*":
                    keys[(cpe_unescape(product).lower(), cpe_unescape(vendor).lower())] = None
    return list(keys)


def cpe_unescape(value: str) -> str:
    """CPE 2.3 formatted-string escapes removed: ``node\\.js`` → ``node.js``."""
    return value.replace("\\", "") if "\\" in value else value


def osv_base(ecosystem: str) -> str:
    """The base OSV ecosystem as indexed (``Debian:12`` → ``debian``)."""
    return index_key(ecosystem, "")[0].split(":", 1)[0]
