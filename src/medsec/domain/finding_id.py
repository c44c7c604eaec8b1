"""Stable finding ids: ``<advisory>@<purl without version>`` (or the component name).

The version, qualifiers and subpath are left out so that a decision about a component survives
its next version (the assessment then records the version it was made for, and a different
version flags it for re-review). ``#`` separates a variant, used only when one VEX document
makes different statements about different versions of the same component.

A decision may be keyed to one product (element) of the device: ``<finding id>@<element>``
(:func:`product_key`), e.g. ``CVE-2024-2511@pkg:generic/openssl@pump-fw``, when the same
component is in several products at different versions or with different reachability.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from packageurl import PackageURL

from medsec.domain.purl import parse_purl, purl_without_version
from medsec.domain.vulnerability import ComponentRef

__all__ = [
    "FindingKey",
    "component_key",
    "finding_id",
    "id_for_key",
    "parse_purl",
    "product_key",
    "purl_without_version",
    "split_finding_id",
    "split_product",
]


def component_key(component: ComponentRef) -> str:
    """Versionless purl of a component, or its name: the part of an id that survives upgrades."""
    return purl_without_version(component.purl) if component.purl else component.name


def finding_id(advisory: str, component: ComponentRef | None, variant: str | None = None) -> str:
    """``advisory@component[#variant]``: the stable id human decisions are keyed by."""
    base = advisory if component is None else id_for_key(advisory, component_key(component))
    return f"{base}#{variant}" if variant else base


def id_for_key(advisory: str, key: str) -> str:
    """:func:`finding_id` of a component whose :func:`component_key` is ``key`` (no variant):
    for callers that make many ids of one component."""
    return f"{advisory}@{key}"


@dataclass(frozen=True)
class FindingKey:
    """A finding id taken apart."""

    advisory: str
    subject: str | None  # a versionless purl, or a component name; None: no product named
    variant: str | None = None

    @property
    def purl(self) -> str | None:
        """The subject when it is a purl, ``None`` when it is a plain component name."""
        return self.subject if self.subject and self.subject.startswith("pkg:") else None

    @property
    def name(self) -> str | None:
        """The component name of the subject (a purl's name part), to match SBOM components."""
        if self.subject is None:
            return None
        if self.purl:
            try:
                return str(PackageURL.from_string(self.purl).name)
            except ValueError:
                return self.subject.rsplit("/", 1)[-1]
        return self.subject


def split_finding_id(text: str) -> FindingKey:
    """The advisory (before the first ``@``), the subject and the variant (after ``#``)."""
    advisory, sep, rest = text.partition("@")
    if not sep:
        base, _, variant = advisory.partition("#")
        return FindingKey(base, None, variant or None)
    subject, _, variant = rest.partition("#")
    return FindingKey(advisory, subject or None, variant or None)


_ELEMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def product_key(finding: str, element: str) -> str:
    """The key of a decision about ``finding`` on one product: ``<finding id>@<element>``."""
    return f"{finding}@{element}"


def split_product(key: str) -> tuple[str, str | None]:
    """(finding id, element) of an assessment key; the element is None for a plain finding id.

    A product key has a second ``@`` after the advisory, followed by an element id (lowercase
    letters, digits and ``-``); a versionless purl never holds one.
    """
    advisory, sep, rest = key.partition("@")
    if not sep or "@" not in rest:
        return key, None
    subject, _, element = rest.rpartition("@")
    if not subject or not _ELEMENT_ID.match(element):
        return key, None
    return f"{advisory}@{subject}", element
