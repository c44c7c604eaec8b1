"""Package ecosystems: purl types ↔ OSV ecosystem names, and the index keys both sides share.

OSV writes an ecosystem as ``Base[:release]`` ("PyPI", "Debian:12", "Alpine:v3.18",
"Red Hat:rhel_aus:8.4::appstream"); a purl writes it as a type plus, for distributions, a
namespace and a ``distro`` qualifier. Storage indexes advisories by :func:`index_key` and the
matcher looks components up with the same function, so both sides agree on what "the same
package" means:

* the ecosystem key is the OSV name lower-cased with its release kept (``"debian:12"``);
  :func:`base_ecosystem` drops the release (``"debian"``) for look-ups without one;
* the name key follows each ecosystem's own equivalence rule: PEP 503 for PyPI, case-folding
  where the registry is case-insensitive (NuGet, Packagist, crates.io with ``-``/``_``), the
  exact name elsewhere (Go module paths and Maven coordinates are case-sensitive).

Everything here is a pure mapping: no I/O, no registry look-ups.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

# purl type → OSV ecosystem (for types whose ecosystem does not depend on the namespace)
PURL_TO_OSV: Mapping[str, str] = {
    "pypi": "PyPI",
    "npm": "npm",
    "maven": "Maven",
    "golang": "Go",
    "cargo": "crates.io",
    "gem": "RubyGems",
    "nuget": "NuGet",
    "composer": "Packagist",
    "hex": "Hex",
    "pub": "Pub",
    "hackage": "Hackage",
    "cran": "CRAN",
    "swift": "SwiftURL",
    "conan": "ConanCenter",
    "github": "GitHub Actions",
    "bitnami": "Bitnami",
}

# purl namespace (deb/apk/rpm vendor) → OSV distribution ecosystem
DISTRO_TO_OSV: Mapping[str, str] = {
    "debian": "Debian",
    "ubuntu": "Ubuntu",
    "alpine": "Alpine",
    "wolfi": "Wolfi",
    "chainguard": "Chainguard",
    "redhat": "Red Hat",
    "rhel": "Red Hat",
    "rocky": "Rocky Linux",
    "rocky-linux": "Rocky Linux",
    "almalinux": "AlmaLinux",
    "alma": "AlmaLinux",
    "opensuse": "openSUSE",
    "suse": "SUSE",
    "sles": "SUSE",
    "mageia": "Mageia",
    "openeuler": "openEuler",
    "photon": "Photon OS",
}

# lower-cased OSV base ecosystem → purl type
OSV_TO_PURL: Mapping[str, str] = {
    **{osv.lower(): purl for purl, osv in PURL_TO_OSV.items()},
    "debian": "deb",
    "ubuntu": "deb",
    "alpine": "apk",
    "wolfi": "apk",
    "chainguard": "apk",
    "red hat": "rpm",
    "rocky linux": "rpm",
    "almalinux": "rpm",
    "opensuse": "rpm",
    "suse": "rpm",
    "mageia": "rpm",
    "openeuler": "rpm",
    "photon os": "rpm",
}

DEBIAN_CODENAMES: Mapping[str, str] = {
    "stretch": "9",
    "buster": "10",
    "bullseye": "11",
    "bookworm": "12",
    "trixie": "13",
    "forky": "14",
}

_PEP503 = re.compile(r"[-_.]+")
_RELEASE_DIGITS = re.compile(r"(\d+(?:\.\d+)*)")


@lru_cache(maxsize=4096)  # a few hundred distinct names at most; called per affected package
def normalise_ecosystem(ecosystem: str) -> str:
    """The ecosystem key: the OSV name lower-cased, surrounding blanks removed, release kept."""
    return ":".join(part.strip() for part in ecosystem.strip().split(":")).lower()


def base_ecosystem(ecosystem: str) -> str:
    """The ecosystem key without its release: ``"Debian:12"`` → ``"debian"``."""
    return normalise_ecosystem(ecosystem).split(":", 1)[0]


def normalise_name(ecosystem: str, name: str) -> str:
    """A package name in the form under which the ecosystem considers two names equal."""
    base = base_ecosystem(ecosystem)
    name = name.strip()
    if base == "pypi":
        return _PEP503.sub("-", name).lower()
    if base == "crates.io":
        return name.lower().replace("_", "-")
    if base in {"nuget", "packagist", "hex", "pub", "hackage"}:
        return name.lower()
    return name


def index_key(ecosystem: str, name: str) -> tuple[str, str]:
    """The ``(ecosystem, name)`` key an advisory is stored under and a component looked up by."""
    return normalise_ecosystem(ecosystem), normalise_name(ecosystem, name)


def osv_ecosystem_for_purl(
    purl_type: str, namespace: str | None = None, qualifiers: Mapping[str, str] | None = None
) -> str | None:
    """The OSV ecosystem of a purl, with the distribution release when the purl states one.

    ``pkg:deb/debian/curl?distro=debian-12`` → ``"Debian:12"``;
    ``pkg:apk/alpine/musl?distro=3.18.4`` → ``"Alpine:v3.18"``; ``pkg:rpm/redhat/…`` →
    ``"Red Hat"``. Unknown types give ``None`` (the caller says "no advisory source").
    """
    kind = purl_type.lower()
    if kind in PURL_TO_OSV:
        return PURL_TO_OSV[kind]
    if kind not in {"deb", "apk", "rpm", "alpm"}:
        return None
    vendor = (namespace or "").lower()
    base = DISTRO_TO_OSV.get(vendor)
    if base is None:
        return None
    release = _release(base, (qualifiers or {}).get("distro", ""))
    return f"{base}:{release}" if release else base


def _release(base: str, distro: str) -> str:
    """The OSV release suffix of a distro qualifier (``debian-12`` → ``12``, Alpine ``v3.18``)."""
    text = distro.strip().lower()
    if not text:
        return ""
    for prefix in (base.lower() + "-", base.lower().replace(" ", "") + "-"):
        text = text.removeprefix(prefix)
    if base == "Debian":
        return DEBIAN_CODENAMES.get(text, _major(text))
    if base == "Alpine":
        found = _RELEASE_DIGITS.search(text)
        if not found:
            return ""
        parts = found.group(1).split(".")
        return "v" + ".".join(parts[:2])
    if base == "Ubuntu":
        found = _RELEASE_DIGITS.search(text)
        return found.group(1) if found else ""
    return _major(text)


def _major(text: str) -> str:
    """The major number of the first version-like text in a distro qualifier, or ``""``."""
    found = _RELEASE_DIGITS.search(text)
    return found.group(1).split(".")[0] if found else ""


def purl_type_for_osv(ecosystem: str) -> str | None:
    """The purl type of an OSV ecosystem name (``"Debian:12"`` → ``"deb"``), or ``None``."""
    return OSV_TO_PURL.get(base_ecosystem(ecosystem))


def osv_name_for_purl(purl_type: str, namespace: str | None, name: str) -> str:
    """The package name as OSV writes it for a purl's namespace and name.

    Maven joins group and artifact with ``:``; Go, npm scopes and Packagist join with ``/``;
    distribution packages drop the vendor namespace.
    """
    kind = purl_type.lower()
    if not namespace or kind in {"deb", "apk", "rpm", "alpm"}:
        return name
    if kind == "maven":
        return f"{namespace}:{name}"
    return f"{namespace}/{name}"


def is_known_ecosystem(ecosystem: str) -> bool:
    """Whether the base of an OSV ecosystem name is one medsec can map to a purl type."""
    return base_ecosystem(ecosystem) in OSV_TO_PURL
