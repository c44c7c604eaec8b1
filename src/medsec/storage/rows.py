"""The index keys an advisory is stored under: its ids, its packages, its CPE products.

Package keys use :func:`medsec.domain.ecosystem.index_key`, the same function the matcher
uses to look components up. CPE keys are the lower-cased vendor and product of each
*vulnerable* criterion (non-vulnerable ones name the platform a product runs on).
"""

from __future__ import annotations

from medsec.domain.advisory import Advisory
from medsec.domain.ecosystem import index_key


def alias_keys(advisory: Advisory) -> list[str]:
    """The advisory's id and aliases, without repeats: the ``advisory_ids`` rows."""
    return list(dict.fromkeys(advisory.ids))


def package_keys(advisory: Advisory) -> list[tuple[str, str, str]]:
    """``(name, base ecosystem, ecosystem)`` per affected package, without repeats."""
    keys: dict[tuple[str, str, str], None] = {}
    for affected in advisory.affected:
        if not affected.ecosystem or not affected.name:
            continue
        ecosystem, name = index_key(affected.ecosystem, affected.name)
        keys[(name, ecosystem.split(":", 1)[0], ecosystem)] = None
    return list(keys)


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
