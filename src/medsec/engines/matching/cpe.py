"""CPE 2.3 names and NVD configurations: which CVE configurations name a component.

Used only for components that have a CPE but no purl match is possible (embedded C libraries,
kernels, firmware); findings made here are lower confidence (see ``matcher``).

* Names: the CPE 2.3 formatted string (``cpe:2.3:a:vendor:product:version:…``, backslash
  escapes such as ``\\:`` and ``\\.`` honoured) and the CPE 2.2 URI (``cpe:/a:vendor:product``).
  Values compare case-insensitively; ``*`` is ANY, ``-`` is NA, and unescaped ``*``/``?``
  inside a value are wildcards.
* A criterion matches a component when part, vendor and product are equal; the version is
  equal (in the generic order, so ``1.2`` = ``1.2.0``) or the criterion's version is ANY/NA and
  the NVD bounds hold (``versionStartIncluding``/``Excluding``, ``versionEndIncluding``/
  ``Excluding``, compared in :data:`~.versions.GENERIC` order); a specific ``update`` must be
  equal (``linux_kernel:6.6:rc1`` does not name 6.6); any other attribute the component leaves
  open (ANY) is accepted.
* A configuration names the component when one of its non-negated nodes holds a *vulnerable*
  criterion that matches and no negated node matches. Criteria with ``vulnerable: false``
  describe the platform ("running on …"); medsec cannot see the platform and does not check
  them: the provenance says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from medsec.domain.advisory import CpeConfiguration, CpeMatch
from medsec.engines.matching.versions import GENERIC, Comparable

ANY = "*"
NA = "-"
_FIELDS = (
    "part",
    "vendor",
    "product",
    "version",
    "update",
    "edition",
    "language",
    "sw_edition",
    "target_sw",
    "target_hw",
    "other",
)
_VERSION, _UPDATE = 3, 4
_CLOSED = (0, 1, 2, _UPDATE)  # attributes a component leaving open (ANY) does not match
_OPEN = tuple(range(_UPDATE + 1, len(_FIELDS)))  # attributes it may leave open


class CpeError(ValueError):
    """Not a CPE 2.3 formatted string or CPE 2.2 URI."""


@dataclass(frozen=True)
class Cpe:
    """A parsed CPE name: eleven attribute values, lower-cased, escapes kept (``\\.``)."""

    values: tuple[str, ...]

    @property
    def vendor(self) -> str:
        """The vendor, unescaped: half of the key advisories are looked up by."""
        return _unescape(self.values[1])

    @property
    def product(self) -> str:
        """The product, unescaped: half of the key advisories are looked up by."""
        return _unescape(self.values[2])

    @property
    def version(self) -> str | None:
        """The version, or ``None`` when the name leaves it open (ANY/NA)."""
        value = self.values[_VERSION]
        return None if value in (ANY, NA) else _unescape(value)


@dataclass(frozen=True)
class CpeHit:
    """A configuration that names the component: the criterion, what matched, the fix."""

    criteria: str
    matched: str  # the criterion with its bounds, and the platform left unchecked
    fixed: tuple[str, ...] = ()


@lru_cache(maxsize=65_536)
def parse_cpe(text: str) -> Cpe:
    """Parse a CPE 2.3 formatted string or a CPE 2.2 URI; :class:`CpeError` otherwise."""
    raw = text.strip()
    lowered = raw.lower()
    if lowered.startswith("cpe:2.3:"):
        body = raw[len("cpe:2.3:") :]
        values = _split(body) if "\\" in body else body.split(":")  # escapes: split by hand
        if len(values) != len(_FIELDS):
            raise CpeError(
                f"a CPE 2.3 name has {len(_FIELDS)} attributes, got {len(values)}: {raw}"
            )
    elif lowered.startswith("cpe:/"):
        parts = [unquote(p) for p in raw[len("cpe:/") :].split(":")]
        if len(parts) > 7:
            raise CpeError(f"a CPE 2.2 URI has at most 7 components: {raw}")
        values = [_escape_uri(p) if p else ANY for p in parts]
        values += [ANY] * (len(_FIELDS) - len(values))
    else:
        raise CpeError(f"not a CPE name (expected 'cpe:2.3:' or 'cpe:/'): {raw}")
    values = [(_normalise(v.lower()) if "\\" in v else v.lower()) if v else ANY for v in values]
    if values[0] not in {"a", "o", "h", ANY}:
        raise CpeError(f"CPE part must be a, o or h: {raw}")
    if values[1] in (ANY, NA) or values[2] in (ANY, NA):
        raise CpeError(f"a CPE needs a vendor and a product: {raw}")
    return Cpe(tuple(values))


def _split(body: str) -> list[str]:
    """The attribute values of a CPE 2.3 body, split at unescaped colons, escapes kept."""
    values, current, escaped = [], [], False
    for char in body:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ":":
            values.append("".join(current))
            current = []
        else:
            current.append(char)
    if escaped:
        raise CpeError(f"CPE ends with a lone backslash: {body}")
    values.append("".join(current))
    return values


def _normalise(value: str) -> str:
    """Drop escapes that do not matter for matching: only ``\\*`` and ``\\?`` keep theirs."""
    return re.sub(r"\\([^*?\\])", r"\1", value)


def _escape_uri(value: str) -> str:
    """A CPE 2.2 URI value in 2.3 form: punctuation backslash-escaped, ANY/NA kept."""
    return re.sub(r"([^A-Za-z0-9_\-*?])", r"\\\1", value) if value not in (ANY, NA) else value


def _unescape(value: str) -> str:
    """A value with its backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", value) if "\\" in value else value


@lru_cache(maxsize=16_384)
def _pattern(value: str) -> re.Pattern[str] | None:
    """A regex for a value with unescaped wildcards, or ``None`` for a literal."""
    if not re.search(r"(?<!\\)[*?]", value):
        return None
    out, i = [], 0
    while i < len(value):
        char = value[i]
        if char == "\\" and i + 1 < len(value):
            out.append(re.escape(value[i + 1]))
            i += 2
            continue
        out.append(".*" if char == "*" else "." if char == "?" else re.escape(char))
        i += 1
    return re.compile("".join(out) + r"\Z")


def _attribute_matches(criterion: str, component: str, *, open_ok: bool) -> bool:
    """``criterion`` from NVD against the component's value; ``open_ok``: component ANY passes."""
    if criterion in (ANY, component):
        return True
    if criterion == NA:
        return component in (NA, ANY)
    if component == ANY:
        return open_ok
    pattern = _pattern(criterion)
    return pattern is not None and pattern.match(_unescape(component)) is not None


def criterion_matches(match: CpeMatch, cpe: Cpe, version: str, key: Comparable) -> bool:
    """Whether one NVD criterion names the component at ``version`` (``key``: its generic key)."""
    crit = parse_cpe(match.criteria)
    values, mine = crit.values, cpe.values
    for i in _CLOSED:  # ANY or equal (the usual criterion): no call
        wanted = values[i]
        if wanted not in (ANY, mine[i]) and not _attribute_matches(wanted, mine[i], open_ok=False):
            return False
    for i in _OPEN:
        wanted = values[i]
        if wanted not in (ANY, mine[i]) and not _attribute_matches(wanted, mine[i], open_ok=True):
            return False
    crit_version = values[_VERSION]
    if crit_version not in (ANY, NA):
        pattern = _pattern(crit_version)
        if pattern is not None:
            if pattern.match(version.lower()) is None:
                return False
        else:
            exact = GENERIC.try_key(_unescape(crit_version))
            if exact is None or exact < key or key < exact:
                return False
    return _within_bounds(match, key)


def _within_bounds(match: CpeMatch, version: Comparable) -> bool:
    """Whether the version lies inside the criterion's NVD version bounds (generic order)."""
    if match.version_start_including is not None:
        key = GENERIC.try_key(match.version_start_including)
        if key is None or version < key:
            return False
    if match.version_start_excluding is not None:
        key = GENERIC.try_key(match.version_start_excluding)
        if key is None or not key < version:
            return False
    if match.version_end_including is not None:
        key = GENERIC.try_key(match.version_end_including)
        if key is None or key < version:
            return False
    if match.version_end_excluding is not None:
        key = GENERIC.try_key(match.version_end_excluding)
        if key is None or not version < key:
            return False
    return True


def describe(match: CpeMatch) -> str:
    """The criterion with its version bounds, as the match provenance shows it."""
    bounds = [
        f"{label} {value}"
        for label, value in (
            ("versionStartIncluding", match.version_start_including),
            ("versionStartExcluding", match.version_start_excluding),
            ("versionEndIncluding", match.version_end_including),
            ("versionEndExcluding", match.version_end_excluding),
        )
        if value
    ]
    return f"{match.criteria} [{', '.join(bounds)}]" if bounds else match.criteria


def match_configurations(
    cpe: Cpe, version: str, configurations: Sequence[CpeConfiguration]
) -> CpeHit | None:
    """The first configuration naming the component, as a hit; ``None`` when none does.

    ``version`` is the component's version; it must parse in the generic order (the caller
    checks and reports). Criteria that cannot be parsed are ignored.
    """
    key = GENERIC.try_key(version)
    if key is None:
        return None
    for config in configurations:
        hit = _configuration_hit(config, cpe, version, key)
        if hit is not None:
            return hit
    return None


def _configuration_hit(
    config: CpeConfiguration, cpe: Cpe, version: str, key: Comparable
) -> CpeHit | None:
    """The first vulnerable criterion naming the component, unless a negated node matches."""
    found: CpeMatch | None = None
    platform: list[str] = []
    for node in config.nodes:
        matching = [m for m in node.matches if _safe_matches(m, cpe, version, key)]
        if node.negate:
            if matching:
                return None  # "not this": the configuration excludes the component
            continue
        vulnerable = [m for m in matching if m.vulnerable]
        if found is None and vulnerable:
            found = vulnerable[0]
        platform.extend(describe(m) for m in node.matches if not m.vulnerable)
    if found is None:
        return None
    text = describe(found)
    if platform and config.operator.upper() == "AND":
        text += f"; with {' or '.join(sorted(set(platform)))} (platform not checked)"
    fixed = (found.version_end_excluding,) if found.version_end_excluding else ()
    return CpeHit(found.criteria, text, fixed)


def _safe_matches(match: CpeMatch, cpe: Cpe, version: str, key: Comparable) -> bool:
    """``criterion_matches``, with a criterion that does not parse matching nothing."""
    try:
        return criterion_matches(match, cpe, version, key)
    except CpeError:
        return False
