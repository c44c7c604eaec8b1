"""OSV as an advisory source: records streamed one file at a time into an import.

Kept apart from ``osv`` so that the YAML loader ``osv`` needs is imported only when an OSV
record is read. Every broken record is reported (up to a limit) and the import then fails as
a whole, unless ``skip_invalid`` turns them into warnings. Records of ecosystems medsec cannot
map to a package URL are kept, with one warning per base ecosystem (``Foo:1`` and ``Foo:2`` are
one), at most ``MAX_UNKNOWN`` of them and then one line counting the rest: an import of many
unknown ecosystems stays a short list. ``Name:Variant`` forms of known ecosystems
(``Root:Debian:12``, ``Ubuntu:Pro:18.04:LTS``, ``Red Hat:enterprise_linux:8::baseos``) are known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from medsec.domain.advisory import Advisory, SourceKind
from medsec.domain.ecosystem import base_ecosystem, is_known_ecosystem
from medsec.domain.errors import Diagnostic, InputError
from medsec.sources.advisories.source import Collection, FeedSource, Files, Loaded, Record

MAX_PROBLEMS = 20
MAX_NOTES = 50  # warnings kept per import; the rest are counted
MAX_UNKNOWN = 20  # unknown base ecosystems named per import; the rest are counted
SUFFIXES = (".json", ".yaml", ".yml")


def sniff(head: bytes, name: str) -> bool:
    """Any other JSON object (after KEV and NVD in the registry), or a file named ``.yaml``."""
    return head[:1] == b"{" or name.lower().endswith((".yaml", ".yml"))


def load(files: Files, collection: Collection, /, *, skip_invalid: bool) -> Loaded:
    """The records, parsed lazily while the store imports them."""
    return Loaded(_records(collection, files, skip_invalid))


def _records(collection: Collection, entries: Files, skip_invalid: bool) -> Iterator[Record]:
    parse = osv_parser()
    problems: list[Diagnostic] = []
    unknown: set[str] = set()
    notes: list[Diagnostic] = []
    for source, data in entries:
        try:
            advisory = parse(data, source=source, notes=notes)
        except InputError as error:
            if skip_invalid:
                collection.skipped += 1
                collection.warnings.extend(error.problems[:3])
                continue
            problems.extend(error.problems[:3])
            if len(problems) >= MAX_PROBLEMS:
                break
            continue
        _warn_unknown_ecosystems(collection, advisory, source, unknown)
        if notes:
            _keep_notes(collection, notes)
        if not problems:
            yield advisory
    if len(unknown) > MAX_UNKNOWN:
        collection.warnings.append(
            Diagnostic(
                collection.origin,
                f"{len(unknown) - MAX_UNKNOWN} more ecosystems medsec does not map to package "
                f"URLs ({len(unknown)} in all); their records are stored but will not match",
            )
        )
    if collection.notes_dropped:
        collection.warnings.append(
            Diagnostic(collection.origin, f"... and {collection.notes_dropped} more notes")
        )
    if problems:
        more = " (stopped counting)" if len(problems) >= MAX_PROBLEMS else ""
        problems.append(
            Diagnostic(
                collection.origin,
                f"invalid OSV records{more}: nothing was imported, the previous data is kept",
                hint="fix or remove them, or import with --skip-invalid",
            )
        )
        raise InputError(problems)


def _warn_unknown_ecosystems(
    collection: Collection, advisory: Advisory, source: str, unknown: set[str]
) -> None:
    """One warning per base ecosystem medsec cannot map, the first ``MAX_UNKNOWN`` of them."""
    for affected in advisory.affected:
        ecosystem = affected.ecosystem
        if not ecosystem or is_known_ecosystem(ecosystem):
            continue
        base = base_ecosystem(ecosystem)
        if base in unknown:
            continue
        unknown.add(base)
        if len(unknown) <= MAX_UNKNOWN:
            collection.warnings.append(
                Diagnostic(
                    source,
                    f"ecosystem '{ecosystem}' is not one medsec maps to package URLs; "
                    "its records are stored but will not match SBOM components",
                    field="affected.ecosystem",
                )
            )


def _keep_notes(collection: Collection, notes: list[Diagnostic]) -> None:
    room = max(0, MAX_NOTES - len(collection.warnings))
    collection.warnings.extend(notes[:room])
    collection.notes_dropped += max(0, len(notes) - room)
    notes.clear()


def osv_parser() -> Callable[..., Advisory]:
    """``medsec.sources.advisories.osv.parse``, imported when first needed."""
    from medsec.sources.advisories import osv

    parser: Callable[..., Advisory] = osv.parse
    return parser


SOURCE = FeedSource(
    kind=SourceKind.OSV,
    sniff=sniff,
    load=load,
    bundled=True,
    suffixes=SUFFIXES,
    record_per_file=True,
)
