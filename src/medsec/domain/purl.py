"""Package URLs as medsec reads them: ``packageurl`` is the authority, with a fast path.

``PackageURL.from_string`` splits a purl with ``urllib``'s URL parser and normalises every part
twice (once decoding, once more in the constructor): about 20 us a purl, the largest cost per
component of a scan. Most purls in SBOMs are plain: ``pkg:<type>/<namespace>/<name>@<version>``
of letters, digits and ``. _ - ~ +``, a few ``key=value`` qualifiers, no percent-escapes, no
colon, no subpath. For those, :func:`parse_purl` splits the text itself — the steps
``from_string`` takes, which on such text are plain string operations — and hands the parts to
``packageurl``'s own normalisation functions once (on text without escapes both passes give the
same values). Anything else (escapes, ``:``, ``#``, other characters, purl types whose
normalisation depends on qualifiers) goes to ``PackageURL.from_string`` itself.

The fast path's answer is the library's: the same ``PackageURL`` value, field by field, with the
qualifiers in the same order. ``tests/domain/test_purl.py`` checks it on every purl of the
shared SBOM fixtures and on generated edge cases; :func:`library_parse` is the reference.
"""

from __future__ import annotations

import re
from functools import lru_cache

from packageurl import (
    PackageURL,
    normalize_name,
    normalize_namespace,
    normalize_version,
)

# the plain shape: type, a path of unreserved characters and "@" "/" (not starting with "/"),
# optional qualifiers of the same characters and "=" "&"; nothing the URL parser would treat
# specially (":", "#", "%", blanks, controls, "//" at the start of the path)
_PLAIN = re.compile(
    r"pkg:([A-Za-z][A-Za-z0-9._-]*)/([A-Za-z0-9._~+@-][A-Za-z0-9._~+@/-]*)"
    r"(?:\?([A-Za-z0-9._~+@/=&-]*))?"
)
# the purl types the fast path takes: those whose normalisation reads no qualifier ("mlflow"
# does, and packageurl tests some types as substrings of "mlflow" and "cpan")
_FAST_TYPES = frozenset(
    (
        *("pypi", "npm", "maven", "golang", "cargo", "gem", "nuget", "composer", "hex"),
        *("pub", "hackage", "cran", "bioconductor", "swift", "conan", "github", "bitnami"),
        *("deb", "apk", "rpm", "alpm", "generic", "oci", "docker"),
    )
)
# a qualifier key packageurl accepts (lower-cased): ASCII letters, digits, ". - _", no digit first
_KEY = re.compile(r"[a-z._-][a-z0-9._-]*")
# characters that the versionless purl (``to_string``) writes unescaped
_UNESCAPED = re.compile(r"[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*")


def library_parse(purl: str) -> PackageURL | None:
    """``PackageURL.from_string``, ``None`` when it refuses the text: the reference."""
    try:
        return PackageURL.from_string(purl)
    except ValueError:
        return None


@lru_cache(maxsize=65_536)
def parse_purl(purl: str) -> PackageURL | None:
    """The parsed purl, or ``None`` when ``packageurl`` refuses it; parsed once per process, so
    the matcher and the finding ids share one parse (it is most of a scan's cost per purl)."""
    fast = _fast_parse(purl)
    return fast if fast is not None else library_parse(purl)


def _fast_parse(purl: str) -> PackageURL | None:
    """``from_string`` of a plain purl, or ``None``: not plain, let the library decide."""
    found = _PLAIN.fullmatch(purl)
    if found is None:
        return None
    kind, path, query = found.groups()
    kind = kind.lower()
    if kind not in _FAST_TYPES:
        return None
    namespace = ""
    if kind == "npm" and path.startswith("@"):
        namespace, _, path = path.partition("/")
    rest, at, version = path.rpartition("@")
    if not at:
        rest, version = version, ""
    parts = [part for part in rest.strip("/").split("/") if part]
    name = ""
    if not namespace and len(parts) > 1:
        name, namespace = parts[-1], "/".join(parts[:-1])
    elif len(parts) == 1:
        name = parts[0]
    name = normalize_name(name, None, kind, encode=None) or ""
    if not name:
        return None  # the library refuses it, with its own message
    qualifiers = _qualifiers(query) if query else {}
    if qualifiers is None:
        return None
    values = (
        kind,
        normalize_namespace(namespace, kind, encode=None),
        name,
        normalize_version(version, kind, encode=None),
        qualifiers,
        None,
    )
    made: PackageURL = tuple.__new__(PackageURL, values)
    return made


def _qualifiers(query: str) -> dict[str, str] | None:
    """``normalize_qualifiers`` of plain qualifiers (nothing to decode), or ``None`` for what it
    refuses (a pair without ``=``, a key of other characters): the library then says why."""
    pairs: dict[str, str] = {}
    for item in query.split("&"):
        key, equals, value = item.partition("=")
        if not equals:
            return None
        key = key.lower()
        if key and value:
            if not _KEY.fullmatch(key):
                return None
            pairs[key] = value  # a repeated key: the last value, as the library keeps it
    return dict(sorted(pairs.items()))


@lru_cache(maxsize=65_536)
def purl_without_version(purl: str) -> str:
    """``pkg:type/namespace/name`` of a purl; a purl that does not parse is cut at its ``@``."""
    p = parse_purl(purl.strip())
    if p is None:
        head = purl.strip().split("?", 1)[0].split("#", 1)[0]
        slash = head.rfind("/")
        at = head.find("@", slash + 1)
        return head[:at] if at > 0 else head
    return versionless(p)


def versionless(p: PackageURL) -> str:
    """``PackageURL(type, namespace, name).to_string()``, written directly when no part needs
    escaping (a parsed purl's parts are normalised already)."""
    plain = f"{p.namespace}/{p.name}" if p.namespace else p.name
    if p.type in _FAST_TYPES and _UNESCAPED.fullmatch(plain):
        return f"pkg:{p.type}/{plain}"
    return str(PackageURL(type=p.type, namespace=p.namespace, name=p.name).to_string())
