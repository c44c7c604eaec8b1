"""Package ecosystems: purl types ↔ OSV ecosystem names, and the index keys both sides share.

OSV writes an ecosystem as ``Base[:release]`` ("PyPI", "Debian:12", "Alpine:v3.18",
"Ubuntu:Pro:18.04:LTS", "Red Hat:enterprise_linux:8::baseos", "Root:Debian:12"); a purl
writes it as a type plus, for distributions, a namespace and a ``distro`` qualifier. Storage
indexes advisories by :func:`index_key` and the matcher looks components up with the same
function, so both sides agree on what "the same package" means:

* the ecosystem key is the base lower-cased plus the *release key*, the one spelling both
  sides reduce a release to (:func:`release_key`): ``"Ubuntu:22.04:LTS"`` and the purl
  qualifier ``distro=ubuntu-22.04`` are both ``"ubuntu:22.04"``; ``"Alpine:v3.18"`` and
  ``distro=3.18.4`` are ``"alpine:v3.18"``; ``"Red Hat:enterprise_linux:8::baseos"`` and
  ``distro=rhel-8.6`` are ``"red hat:8"``. :func:`base_ecosystem` drops the release;
* ``Root:<Base>[:release]`` (Root.io's patched packages, named ``rootio-…``) is keyed as
  ``<Base>[:release]``: its packages are installed as ordinary packages of the base
  distribution or registry; only the version order differs (see ``versions.order_for``);
* the name key follows each ecosystem's own equivalence rule: PEP 503 for PyPI, case-folding
  where the registry is case-insensitive (NuGet, Packagist, crates.io with ``-``/``_``), the
  exact name elsewhere (Go module paths and Maven coordinates are case-sensitive).

Everything here is a pure mapping: no I/O, no registry look-ups.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
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
    "bioconductor": "Bioconductor",  # no purl-spec type; also pkg:cran?repository_url=…bioconductor…
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
    "azurelinux": "Azure Linux",
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
    "azure linux": "rpm",
}

# the OSV distribution ecosystems whose records are scoped to a release: a component without
# a release matches all of them, with a note (the matcher says so)
RELEASED_DISTROS = frozenset(
    (
        *("debian", "ubuntu", "alpine", "red hat", "rocky linux", "almalinux", "opensuse"),
        *("suse", "mageia", "openeuler", "photon os", "azure linux"),
    )
)

DEBIAN_CODENAMES: Mapping[str, str] = {
    "stretch": "9",
    "buster": "10",
    "bullseye": "11",
    "bookworm": "12",
    "trixie": "13",
    "forky": "14",
}

UBUNTU_CODENAMES: Mapping[str, str] = {
    "xenial": "16.04",
    "bionic": "18.04",
    "focal": "20.04",
    "jammy": "22.04",
    "noble": "24.04",
}

# what a purl's distro qualifier may start with, per OSV base (stripped before reading it)
_DISTRO_PREFIXES: Mapping[str, tuple[str, ...]] = {
    "red hat": ("rhel-", "redhat-", "red-hat-"),
    "rocky linux": ("rocky-linux-", "rocky-"),
    "almalinux": ("almalinux-", "alma-"),
    "opensuse": ("opensuse-",),
    "suse": ("sles-", "sle-", "suse-"),
    "photon os": ("photon-os-", "photon-"),
    "azure linux": ("azurelinux-", "azure-linux-"),
}

_PEP503 = re.compile(r"[-_.]+")
_RELEASE_DIGITS = re.compile(r"(\d+(?:\.\d+)*)")
_SUSE_SERVICE_PACK = re.compile(r"(\d+)[\s._-]*sp(\d+)")


@lru_cache(maxsize=4096)  # a few hundred distinct names at most; called per affected package
def normalise_ecosystem(ecosystem: str) -> str:
    """The ecosystem key: the base lower-cased, then its release key when it has one.

    ``"Ubuntu:Pro:18.04:LTS"`` → ``"ubuntu:18.04"``, ``"Root:Alpine:3.18"`` →
    ``"alpine:v3.18"``, ``"Maven:https://maven.google.com"`` keeps its repository.
    """
    parts = [part.strip() for part in ecosystem.strip().split(":")]
    if parts[0].lower() == "root" and len(parts) > 1:
        parts = parts[1:]  # Root.io's packages belong to the base ecosystem they patch
    base = parts[0].lower()
    release = release_key(base, ":".join(parts[1:]))
    return f"{base}:{release}" if release else base


def release_key(base: str, release: str) -> str:
    """The spelling of a release both an OSV ecosystem and a purl ``distro`` reduce to.

    ``base`` is the lower-cased OSV base; ``release`` what follows it in the OSV name (or a
    purl's ``distro`` qualifier without the vendor prefix). Unknown bases keep the text
    lower-cased (``Maven:<repository URL>``, ``Packagist:<repository URL>``).
    """
    text = release.strip().lower()
    if not text or base in {"wolfi", "chainguard"}:  # rolling distributions: no releases
        return ""
    reader = _RELEASE_READERS.get(base)
    return reader(text) if reader is not None else text


def _debian_release(text: str) -> str:
    """``12``, ``debian-12.5``, ``bookworm`` → ``12``; ``sid`` stays ``sid``."""
    text = text.removeprefix("debian-")
    return DEBIAN_CODENAMES.get(text) or _major(text) or text


def _ubuntu_release(text: str) -> str:
    """``22.04:lts``, ``pro:18.04:lts``, ``ubuntu-22.04``, ``jammy`` → the ``YY.MM`` release.

    ``LTS`` and ``Pro`` (Ubuntu Pro/ESM fixes of the same release) are dropped, as osv.dev
    matches them; other variants (``FIPS…``) stay part of the key: their builds differ.
    """
    text = text.removeprefix("ubuntu-")
    kept = [t for t in text.split(":") if t and t not in {"lts", "pro"}]
    kept = [UBUNTU_CODENAMES.get(t, t) for t in kept]
    return ":".join(kept)


def _alpine_release(text: str) -> str:
    """``v3.18``, ``3.18`` (Root), ``3.18.4`` or ``alpine-3.18.4`` (purl) → ``v3.18``."""
    found = _RELEASE_DIGITS.search(text)
    if not found:
        return text  # "edge"
    return "v" + ".".join(found.group(1).split(".")[:2])


def _red_hat_release(text: str) -> str:
    """``enterprise_linux:8::baseos`` or ``rhel-8.6`` → ``8``; other products keep
    ``product:version`` (``rhel_eus:9.4``, ``openshift:4.14``): no purl release equals them."""
    fields = text.split(":")
    if len(fields) == 1:
        return _major(_strip(text, "red hat")) or text
    product, version = fields[0], fields[1]
    if product == "enterprise_linux" and (major := _major(version)):
        return major
    return f"{product}:{version}"


def _suse_release(text: str) -> str:
    """SUSE and openSUSE marketing names and purl qualifiers → ``15.5``, ``12``,
    ``micro-5.5`` or ``tumbleweed``: ``Linux Enterprise Server 15 SP5`` = ``sles-15.5``,
    ``Leap 15.5`` = ``opensuse-leap-15.5``."""
    if "tumbleweed" in text:
        return "tumbleweed"
    packs = list(_SUSE_SERVICE_PACK.finditer(text))
    if packs:
        major, minor = packs[-1].groups()
    else:
        numbers = list(_RELEASE_DIGITS.finditer(text))
        if not numbers:
            return text
        major, _, minor = numbers[-1].group(1).partition(".")
    minor = minor.split(".")[0] or "0"
    number = major if int(minor) == 0 else f"{int(major)}.{int(minor)}"
    return ("micro-" if "micro" in text else "") + number


def _photon_release(text: str) -> str:
    """``3.0``, ``photon-3`` → ``3.0`` (OSV writes Photon OS releases as major.minor)."""
    found = _RELEASE_DIGITS.search(text)
    if not found:
        return text
    major, _, minor = found.group(1).partition(".")
    return f"{major}.{minor.split('.')[0] or '0'}"


def _major_release(text: str) -> str:
    """Rocky Linux, AlmaLinux, Mageia, Azure Linux: the major number (``rocky-8.9`` → ``8``)."""
    return _major(text) or text


def _strip(text: str, base: str) -> str:
    """A purl ``distro`` qualifier without its vendor prefix."""
    for prefix in _DISTRO_PREFIXES.get(base, ()):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


_RELEASE_READERS: Mapping[str, Callable[[str], str]] = {
    "debian": _debian_release,
    "ubuntu": _ubuntu_release,
    "alpine": _alpine_release,
    "red hat": _red_hat_release,
    "suse": lambda text: _suse_release(_strip(text, "suse")),
    "opensuse": lambda text: _suse_release(_strip(text, "opensuse")),
    "photon os": lambda text: _photon_release(_strip(text, "photon os")),
    "rocky linux": lambda text: _major_release(_strip(text, "rocky linux")),
    "almalinux": lambda text: _major_release(_strip(text, "almalinux")),
    "mageia": lambda text: _major_release(text.removeprefix("mageia-")),
    "azure linux": lambda text: _major_release(_strip(text, "azure linux")),
    "openeuler": lambda text: text.removeprefix("openeuler-"),
}


def base_ecosystem(ecosystem: str) -> str:
    """The ecosystem key without its release: ``"Debian:12"`` → ``"debian"``,
    ``"Root:PyPI"`` → ``"pypi"``."""
    return normalise_ecosystem(ecosystem).split(":", 1)[0]


def is_root(ecosystem: str) -> bool:
    """Whether an OSV ecosystem is one of Root.io's (``Root:Debian:12``, ``Root:PyPI``)."""
    return ecosystem.strip().lower().startswith("root:")


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
    ``pkg:apk/alpine/musl?distro=3.18.4`` → ``"Alpine:v3.18"``;
    ``pkg:rpm/redhat/openssl?distro=rhel-8.6`` → ``"Red Hat:8"``; ``pkg:cran/…`` with a
    Bioconductor ``repository_url`` → ``"Bioconductor"``. Unknown types give ``None`` (the
    caller says "no advisory source").
    """
    kind = purl_type.lower()
    given = qualifiers or {}
    if kind == "cran" and "bioconductor" in given.get("repository_url", "").lower():
        return "Bioconductor"
    if kind in PURL_TO_OSV:
        return PURL_TO_OSV[kind]
    if kind not in {"deb", "apk", "rpm", "alpm"}:
        return None
    base = DISTRO_TO_OSV.get((namespace or "").lower())
    if base is None:
        return None
    release = release_key(base.lower(), given.get("distro", ""))
    return f"{base}:{release}" if release else base


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
