"""OSV records → :class:`~medsec.domain.advisory.Advisory`.

Reads the OSV schema (1.0–1.7) as JSON, or as YAML the way the PyPA advisory database writes it
(loaded with PyYAML's base loader on libyaml: every scalar stays a string, so ``0.10`` is not
read as the float ``0.1``, and nothing is constructed from tags; libyaml parses such records
about six times faster than ruamel's pure-Python base loader, which made YAML import 5× its
parse time). ``database_specific`` and
``ecosystem_specific`` are ignored except ``database_specific.cwe_ids`` (CWEs) and
``database_specific.severity`` (a qualitative label, kept as a ``DATABASE`` severity).

Lenient where the data is merely untidy, strict where matching would go wrong silently:

* an :class:`InputError` naming the JSON path for a record that cannot be matched correctly:
  no ``id``; ``affected``, ``ranges``, ``events`` or ``versions`` that are not lists; a
  package without ecosystem or name; a range without any ``introduced`` event;
* a note (``notes``, when given) and the rest of the record kept for the untidy: an unknown
  range type (that range is skipped), an unknown ecosystem, an event with two kinds (split),
  a bad timestamp, a GIT range without ``repo``, ``fixed`` mixed with ``last_affected``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import orjson
import yaml

from medsec.domain.advisory import (
    Advisory,
    AffectedPackage,
    Event,
    EventKind,
    RangeType,
    SeverityScore,
    VersionRange,
)
from medsec.domain.ecosystem import base_ecosystem
from medsec.domain.errors import Diagnostic, InputError
from medsec.untrusted.depth import check_depth
from medsec.untrusted.plain_yaml import load_plain

MAX_BYTES = 64 * 1024 * 1024  # one record is a few KB; osv-scanner reports can be large

# the OSV schema's ecosystem names (shared/schemas/osv/ecosystems.json), lower-cased
OSV_ECOSYSTEMS = frozenset(
    name.lower()
    for name in (
        *("AlmaLinux", "Alpaquita", "Alpine", "Android", "Azure Linux", "Bioconductor"),
        *("BellSoft Hardened Containers", "Bitnami", "CRAN", "Chainguard", "CleanStart"),
        *("ConanCenter", "Debian", "Docker Hardened Images", "Echo", "FreeBSD", "GHC"),
        *("GitHub Actions", "Go", "Hackage", "Hex", "Julia", "Kubernetes", "Linux", "Mageia"),
        *("Maven", "MinimOS", "NuGet", "OSS-Fuzz", "Packagist", "Photon OS", "Pub", "PyPI"),
        *("Red Hat", "Rocky Linux", "Root", "RubyGems", "SUSE", "SwiftURL", "TuxCare"),
        *("Ubuntu", "VSCode", "Wolfi", "crates.io", "npm", "opam", "openEuler", "openSUSE"),
    )
)

_EVENT_KINDS = {kind.value: kind for kind in EventKind}
_FRACTION = re.compile(r"\.(\d+)")

_STRINGS = {str}  # the types of a versions list of strings only


def parse(data: bytes, *, source: str, notes: list[Diagnostic] | None = None) -> Advisory:
    """One OSV record (JSON or YAML). Problems that are not fatal go to ``notes``."""
    obj = load(data, source=source)
    return from_obj(obj, source=source, notes=notes)


def parse_many(
    data: bytes, *, source: str, notes: list[Diagnostic] | None = None
) -> list[Advisory]:
    """Several records: a JSON array, an osv.dev ``{"vulns": [...]}`` response, an OSV-Scanner
    JSON report (``results[].packages[].vulnerabilities[]``, de-duplicated by id), or one."""
    obj = load(data, source=source)
    if isinstance(obj, list):
        return [
            from_obj(item, source=source, path=f"[{i}]", notes=notes) for i, item in enumerate(obj)
        ]
    if isinstance(obj, dict) and isinstance(obj.get("vulns"), list):
        return [
            from_obj(item, source=source, path=f"vulns[{i}]", notes=notes)
            for i, item in enumerate(obj["vulns"])
        ]
    if isinstance(obj, dict) and isinstance(obj.get("results"), list):
        return _scanner_report(obj["results"], source, notes)
    return [from_obj(obj, source=source, notes=notes)]


def load(data: bytes, *, source: str) -> Any:
    """JSON when the text starts with ``{`` or ``[``, YAML otherwise; size-limited.

    YAML is measured for nesting before libyaml sees it (``untrusted.depth``: one scan of the
    text, here and nowhere else on the way in): 30,000 ``[`` would overflow libyaml's C stack
    and a few hundred make the reader recurse too deep. orjson refuses JSON nested deeper than
    1,024 levels itself (a located "invalid JSON" error), and the reader below walks records
    to a fixed depth only.
    """
    if len(data) > MAX_BYTES:
        raise InputError.single(
            source, f"file is {len(data):,} bytes, over the {MAX_BYTES:,}-byte limit for OSV data"
        )
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"["):
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            raise InputError.single(source, f"invalid JSON: {exc.msg}", line=exc.lineno) from None
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.single(source, f"not UTF-8 text: {exc.reason}") from None
    check_depth(decoded, source=source)  # libyaml composes recursively: a bomb would crash it
    try:
        return load_plain(decoded)  # every scalar a string, no tag constructed (libyaml)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        raise InputError.single(source, f"invalid YAML: {exc.problem}", line=line) from None
    except yaml.YAMLError as exc:
        raise InputError.single(source, f"invalid YAML: {exc}") from None


def from_obj(
    obj: Any, *, source: str, path: str = "", notes: list[Diagnostic] | None = None
) -> Advisory:
    """An OSV record already decoded from JSON/YAML; ``path`` prefixes field paths."""
    return _Reader(source, path, notes).record(obj)


def _scanner_report(
    results: list[Any], source: str, notes: list[Diagnostic] | None
) -> list[Advisory]:
    seen: dict[str, Advisory] = {}
    for r, result in enumerate(results):
        packages = result.get("packages") if isinstance(result, dict) else None
        for p, package in enumerate(packages if isinstance(packages, list) else []):
            vulns = package.get("vulnerabilities") if isinstance(package, dict) else None
            for v, vuln in enumerate(vulns if isinstance(vulns, list) else []):
                path = f"results[{r}].packages[{p}].vulnerabilities[{v}]"
                advisory = from_obj(vuln, source=source, path=path, notes=notes)
                seen.setdefault(advisory.id, advisory)
    return list(seen.values())


class _Reader:
    def __init__(self, source: str, path: str, notes: list[Diagnostic] | None) -> None:
        self.source = source
        self.prefix = path
        self.notes = notes

    def _path(self, field: str) -> str:
        if not self.prefix:
            return field
        return f"{self.prefix}.{field}" if field else self.prefix

    def error(self, field: str, message: str, hint: str | None = None) -> InputError:
        return InputError.single(self.source, message, field=self._path(field) or None, hint=hint)

    def note(self, field: str, message: str) -> None:
        if self.notes is not None:
            self.notes.append(Diagnostic(self.source, message, field=self._path(field) or None))

    def record(self, obj: Any) -> Advisory:
        if not isinstance(obj, dict):
            raise self.error("", "not an OSV record: expected a JSON/YAML object")
        ident = obj.get("id")
        if not isinstance(ident, str) or not ident.strip():
            raise self.error("id", "an OSV record needs a non-empty string 'id'")
        if "modified" not in obj:
            self.note("modified", "missing (required by the OSV schema)")
        extra = obj.get("database_specific")
        extra = extra if isinstance(extra, dict) else {}
        return Advisory(
            id=ident.strip(),
            source="osv",
            aliases=self.strings(obj.get("aliases"), "aliases"),
            related=self.strings(obj.get("related"), "related"),
            summary=self.text(obj.get("summary"), "summary"),
            details=self.text(obj.get("details"), "details"),
            published=self.timestamp(obj.get("published"), "published"),
            modified=self.timestamp(obj.get("modified"), "modified"),
            withdrawn=self.timestamp(obj.get("withdrawn"), "withdrawn"),
            severity=self.severity(obj.get("severity"), "severity")
            + self.label(extra.get("severity")),
            affected=self.affected(obj.get("affected")),
            references=self.references(obj.get("references")),
            cwes=self.strings(extra.get("cwe_ids"), "database_specific.cwe_ids"),
        )

    # --- descriptive fields: untidy values are noted and dropped ---------------------------

    def text(self, value: Any, field: str) -> str:
        if value is None or isinstance(value, str):
            return value or ""
        self.note(field, f"expected a string, got {type(value).__name__}; ignored")
        return ""

    def strings(self, value: Any, field: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.note(field, f"expected a list of strings, got {type(value).__name__}; ignored")
            return ()
        kept = tuple(v.strip() for v in value if isinstance(v, str) and v.strip())
        if len(kept) != len(value):
            self.note(field, "entries that are not strings ignored")
        return kept

    def timestamp(self, value: Any, field: str) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        if isinstance(value, str):
            text = _FRACTION.sub(lambda m: "." + (m.group(1) + "000000")[:6], value.strip(), 1)
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                pass
            else:
                return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        self.note(field, f"not an RFC 3339 timestamp: {value!r}; ignored")
        return None

    def severity(self, value: Any, field: str) -> tuple[SeverityScore, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.note(field, "expected a list; ignored")
            return ()
        scores = []
        for i, item in enumerate(value):
            kind = item.get("type") if isinstance(item, dict) else None
            score = item.get("score") if isinstance(item, dict) else None
            if isinstance(kind, str) and isinstance(score, str) and score.strip():
                scores.append(SeverityScore(kind.strip(), score.strip()))
            else:
                self.note(f"{field}[{i}]", "a severity needs a 'type' and a 'score'; ignored")
        return tuple(scores)

    @staticmethod
    def label(value: Any) -> tuple[SeverityScore, ...]:
        return (
            (SeverityScore("DATABASE", value.strip()),)
            if isinstance(value, str) and value.strip()
            else ()
        )

    def references(self, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            return ()
        urls = (item.get("url") for item in value if isinstance(item, dict))
        return tuple(url.strip() for url in urls if isinstance(url, str) and url.strip())

    # --- matching data: wrong shapes are errors ---------------------------------------------

    def affected(self, value: Any) -> tuple[AffectedPackage, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.error("affected", "expected a list of affected packages")
        return tuple(self.package(item, f"affected[{i}]") for i, item in enumerate(value))

    def package(self, item: Any, field: str) -> AffectedPackage:
        if not isinstance(item, dict):
            raise self.error(field, "expected an object")
        ecosystem, name, purl = "", "", None
        package = item.get("package")
        if package is not None:
            if not isinstance(package, dict):
                raise self.error(f"{field}.package", "expected an object")
            ecosystem = self.required(package, "ecosystem", f"{field}.package")
            name = self.required(package, "name", f"{field}.package")
            if base_ecosystem(ecosystem) not in OSV_ECOSYSTEMS:
                self.note(f"{field}.package.ecosystem", f"unknown OSV ecosystem {ecosystem!r}")
            raw_purl = package.get("purl")
            purl = raw_purl.strip() if isinstance(raw_purl, str) and raw_purl.strip() else None
        ranges = item.get("ranges")
        if ranges is not None and not isinstance(ranges, list):
            raise self.error(f"{field}.ranges", "expected a list of ranges")
        versions = item.get("versions")
        if versions is not None and not isinstance(versions, list):
            raise self.error(f"{field}.versions", "expected a list of versions")
        parsed = (self.range(r, f"{field}.ranges[{i}]") for i, r in enumerate(ranges or []))
        return AffectedPackage(
            ecosystem=ecosystem,
            name=name,
            purl=purl,
            ranges=tuple(r for r in parsed if r is not None),
            versions=self.versions(versions, f"{field}.versions"),
            severity=self.severity(item.get("severity"), f"{field}.severity"),
        )

    def required(self, obj: dict[str, Any], key: str, field: str) -> str:
        value = obj.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{field}.{key}", f"a package needs a '{key}'")
        return value.strip()

    def versions(self, values: list[Any] | None, field: str) -> tuple[str, ...]:
        """A ``versions`` list; its field paths are made only for a value that needs a word
        (PyPI records list hundreds of versions: a path per version cost a third of a parse)."""
        if not values:
            return ()
        if set(map(type, values)) == _STRINGS:  # all plain strings (checked in C)
            return tuple([v.strip() for v in values])
        return tuple(self.version(v, f"{field}[{i}]") for i, v in enumerate(values))

    def version(self, value: Any, field: str) -> str:
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.note(field, f"a number, not a string: read as {str(value)!r}")
            return str(value)
        raise self.error(field, f"expected a version string, got {type(value).__name__}")

    def range(self, item: Any, field: str) -> VersionRange | None:
        if not isinstance(item, dict):
            raise self.error(field, "expected an object")
        kind = item.get("type")
        if not isinstance(kind, str) or kind not in RangeType.__members__:
            self.note(
                f"{field}.type",
                f"unknown range type {kind!r} (not SEMVER, ECOSYSTEM or GIT); range skipped",
            )
            return None
        events_value = item.get("events")
        if not isinstance(events_value, list):
            raise self.error(f"{field}.events", "expected a list of events")
        events = tuple(e for i, raw in enumerate(events_value) for e in self.events(raw, field, i))
        if not any(e.kind is EventKind.INTRODUCED for e in events):
            raise self.error(
                f"{field}.events",
                "a range needs at least one 'introduced' event",
                hint='use {"introduced": "0"} for \'from the first version\'',
            )
        if len({e.version for e in events}) < len(events):
            self.note(f"{field}.events", "the same version appears in several events")
        kinds = {e.kind for e in events}
        if EventKind.FIXED in kinds and EventKind.LAST_AFFECTED in kinds:
            self.note(
                f"{field}.events",
                "'fixed' and 'last_affected' in one range (the schema forbids it)",
            )
        repo = item.get("repo")
        repo = repo.strip() if isinstance(repo, str) and repo.strip() else None
        if kind == "GIT" and repo is None:
            self.note(f"{field}.repo", "a GIT range needs a 'repo'")
        return VersionRange(RangeType(kind), events, repo)

    def events(self, raw: Any, ranged: str, i: int) -> list[Event]:
        """The event(s) of ``events[i]`` of the range at ``ranged``; the usual one-key object of
        a version string is read without building its field path."""
        if isinstance(raw, dict) and len(raw) == 1:
            ((key, value),) = raw.items()
            if key in _EVENT_KINDS and isinstance(value, str):
                return [Event(_EVENT_KINDS[key], value.strip())]
        field = f"{ranged}.events[{i}]"
        if not isinstance(raw, dict):
            raise self.error(field, "expected an event object")
        found = [(key, value) for key, value in raw.items() if key in _EVENT_KINDS]
        if not found:
            self.note(
                field, f"no introduced/fixed/last_affected/limit key in {sorted(raw)}; ignored"
            )
            return []
        if len(found) > 1:
            self.note(field, "several kinds in one event (the schema allows one); read separately")
        return [
            Event(_EVENT_KINDS[key], self.version(value, f"{field}.{key}")) for key, value in found
        ]
