"""``threats.yaml``: the threat register on disk.

medsec owns the generated keys; the assessment keys belong to people and are never rewritten.
Writing changes as little as ruamel's round trip did (comments, key order and quoting stay),
byte for byte, but fast:

- an entry in medsec's own layout (``register_text``) is read by a small line reader, proved
  by writing it back, and written back by a dedicated writer (or left as it is when nothing
  in it changed);
- an entry a person laid out otherwise (a comment, other quotes) is read and written by
  ruamel's round trip, that entry alone;
- a file laid out otherwise as a whole (a comment in the header, another indentation) is
  read and written by ruamel's round trip as a whole, as it always was.

Beside it, a parse cache holds each entry as read, keyed by the digest of the entry's text:
after a person edits some entries, only those are read again (a review that comments 1% of
the entries no longer makes the whole cache stale), and an entry ruamel wrote that a re-run
leaves as it is (the same values, written back to the same text before) is not read or
written by ruamel again.

A register of 10,000 threats is read in a fraction of a second instead of 35 seconds.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from medsec.domain.errors import InputError
from medsec.domain.paths import REGISTER_FILE
from medsec.domain.threat import RegisterEntry, Threat
from medsec.project.atomic import clean_stale, write_atomic
from medsec.project.parse_cache import read_any_cache, write_cache
from medsec.project.register_entries import (
    ASSESSMENT_KEYS,
    GENERATED_KEYS,
    EntryModel,
    RecordReader,
    RegisterModel,
    assessment_pairs,
    entry_from_fields,
    entry_of,
    generated,
    model_fields,
    record,
    refreshed,
    to_ruamel,
    update_in_place,
)
from medsec.project.register_text import EntryWriter, Pairs, parse_entry, split_entries
from medsec.project.validation import diagnostics_from
from medsec.project.yamlfile import (
    MAX_EXPANDED_NODES,
    expanded_nodes,
    line_of,
    parse_yaml,
    read_bytes,
    round_trip_yaml,
    to_plain,
)
from medsec.untrusted.depth import check_depth

__all__ = [
    "ASSESSMENT_KEYS",
    "GENERATED_KEYS",
    "HEADER",
    "EntryModel",
    "RegisterModel",
    "StoredRegister",
    "dump_register",
    "dump_round_trip",
    "load_register",
    "read_round_trip",
    "register_path",
    "save_register",
    "write_register",
]

HEADER = (
    "medsec threat register (format medsec-threats/1).\n"
    "medsec keeps the generated keys (rule .. first_seen) up to date on every run.\n"
    "Yours: decision (mitigate|accept|transfer|avoid), controls, rationale, approver, date,\n"
    "hazards, rubric (answers of 'medsec threats score ID'), cvss and residual vectors.\n"
    "Threats that no longer apply are marked obsolete: true and kept."
)
PREFIX = "".join(f"# {line}\n" for line in HEADER.split("\n")) + (
    "format: medsec-threats/1\nthreats:\n"
)


# -- One entry written or read by ruamel's round trip ---------------------------------------


def _ruamel_node(chunk: str, display: str, budget: int = MAX_EXPANDED_NODES) -> Any:
    """The round-trip node of one entry's text (comments attached); None if it is not one.

    Read as any YAML file is (alias bombs refused: at most ``budget`` nodes, aliases expanded).
    """
    try:
        raw = ("threats:\n" + chunk).encode("utf-8")
        check_depth(raw, source=display)  # before ruamel recurses
        doc = parse_yaml(raw, display, round_trip=True, max_nodes=budget).data
    except InputError:
        return None
    items = doc.get("threats") if isinstance(doc, CommentedMap) else None
    if not isinstance(items, CommentedSeq) or len(items) != 1:
        return None
    node = items[0]
    return node if isinstance(node, CommentedMap) else None


def _ruamel_text(node: CommentedMap) -> str:
    """One entry's text as ruamel's round trip writes it inside the register."""
    stream = io.StringIO()
    round_trip_yaml().dump(CommentedMap([("threats", CommentedSeq([node]))]), stream)
    return stream.getvalue().removeprefix("threats:\n")


def _node_entry(node: CommentedMap, line: int) -> RegisterEntry:
    """The entry a round-trip node reads as (pydantic validates it)."""
    return entry_from_fields(model_fields(EntryModel.model_validate(to_plain(node))), line)


# -- The register as read -------------------------------------------------------------------


@dataclass
class _Stored:
    """One entry of the register as read: its text, and how it reads and is written back."""

    text: str
    entry: RegisterEntry
    layout: bool  # in medsec's layout (proved when first read): medsec's writer writes it
    pristine: bool  # its text is exactly what medsec writes for ``entry`` (as a new entry)
    pairs: Pairs | None = None  # its values, when read from the text in this run
    node: Any = None  # ruamel's round-trip node, when not in medsec's layout
    cached: list[Any] | None = None  # its cache record, when read from the cache
    key: str | None = None  # the digest of ``text``, when read from the cache
    fixed: bool = False  # ruamel writes ``text`` back as it is for the same generated values


@dataclass(frozen=True)
class StoredRegister:
    """``threats.yaml`` as read, entry by entry, to write it back with the least change."""

    raw: bytes
    items: Mapping[str, _Stored]
    cached: bool  # the parse cache matched these bytes (every entry read from it)


class _TextReader:
    """Reads entries from their text; the entries ruamel reads share one alias-bomb budget."""

    def __init__(self, display: str) -> None:
        """A reader of the register ``display``."""
        self.display = display
        self.writer = EntryWriter()
        self.budget = MAX_EXPANDED_NODES

    def read(self, chunk: str, line: int) -> _Stored | None:
        """One entry: fast in medsec's layout, else by ruamel; None: read the whole file."""
        pairs = parse_entry(chunk)
        try:
            if pairs is not None and self.writer.text(pairs) == chunk:  # proved by writing back
                entry = entry_of(pairs, line)
                pristine = _canonical(entry, self.writer) == chunk
                return _Stored(chunk, entry, True, pristine, pairs)
            node = _ruamel_node(chunk, self.display, self.budget)
            if node is None:
                return None
            self.budget -= expanded_nodes(node, self.display)
            return _Stored(chunk, _node_entry(node, line), False, False, node=node)
        except ValidationError:
            return None


@functools.cache
def _code_version() -> str:
    """A digest of the code the cache records depend on.

    Records are values as read, not text: a change of how entries are read or written makes
    every cache stale.
    """
    from medsec.domain import threat, vocabulary
    from medsec.project import register_entries, register_text, yaml_emit

    digest = hashlib.sha256()
    for module in (threat, vocabulary, register_entries, register_text, yaml_emit):
        try:
            digest.update(Path(str(module.__file__)).read_bytes())
        except OSError:  # no source beside the code (a zipped install): its version then
            digest.update(metadata.version("medsec").encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def _entry_key(text: str) -> str:
    """The digest that ties an entry's cache record to its exact text (13 ms per 14,000)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


_Chunks = list[tuple[int, str]]


def _cache_records(path: Path, raw: bytes, chunks: _Chunks) -> tuple[list[Any], bool] | None:
    """The cache record of each chunk (None: not in the cache), and whether all are exact.

    A cache of exactly these bytes gives every record in order; a cache of other bytes gives
    those of the entries whose text is unchanged, found by its digest.
    """
    found = read_any_cache(path, raw)
    data = found[0] if found is not None else None
    if not isinstance(data, dict) or data.get("code") != _code_version():
        return None
    records = data.get("entries")
    if not isinstance(records, list):
        return None
    if found is not None and found[2] and len(records) == len(chunks):
        return records, True
    by_key = {r[4]: r for r in records if type(r) is list and len(r) == 5 and type(r[4]) is str}
    return [by_key.get(_entry_key(chunk)) for _, chunk in chunks], False


def _from_cache(
    path: Path, raw: bytes, chunks: _Chunks, known: Mapping[str, Threat]
) -> tuple[list[_Stored | None], bool] | None:
    """The entries the parse cache made by this code holds (None where it holds none), and
    whether it was made from exactly these bytes.

    An entry that records exactly one of the ``known`` threats (this run's) is built around it.
    """
    found = _cache_records(path, raw, chunks)
    if found is None:
        return None
    records, exact = found
    reader = RecordReader()
    items: list[_Stored | None] = []
    try:
        for (line, chunk), found_record in zip(chunks, records, strict=True):
            if found_record is None:
                items.append(None)
                continue
            layout, pristine, rec, fixed, key = found_record
            threat = known.get(rec[0]) if known and type(rec[0]) is str else None
            entry = reader.reuse(rec, line, threat) if threat is not None else None
            entry = entry or reader.entry(rec, line)
            key = key if type(key) is str else None
            items.append(
                _Stored(
                    chunk, entry, bool(layout), bool(pristine), None, None, rec, key, fixed is True
                )
            )
    except (ValueError, TypeError, KeyError, IndexError):
        return None  # not a cache this version wrote: read the text
    return items, exact


def _read_entries(
    raw: bytes, path: Path, known: Mapping[str, Threat]
) -> tuple[tuple[RegisterEntry, ...], StoredRegister] | None:
    """The entries of a register in medsec's layout, entry by entry; None when it is not one.

    Entries the parse cache holds come from it; the others are read from their text.
    """
    try:
        chunks = split_entries(raw.decode("utf-8"), PREFIX)
    except UnicodeDecodeError:
        return None
    if chunks is None:
        return None
    found = _from_cache(path, raw, chunks, known)
    cached, exact = found if found is not None else ([None] * len(chunks), False)
    reader = _TextReader(str(path))
    items = []
    for (line, chunk), hit in zip(chunks, cached, strict=True):
        item = hit or reader.read(chunk, line)
        if item is None:
            return None
        items.append(item)
    by_id = {item.entry.threat.id: item for item in items}
    if len(by_id) != len(items):
        return None  # duplicate ids: the full read reports them
    return tuple(item.entry for item in items), StoredRegister(raw, by_id, exact)


def read_round_trip(raw: bytes, path: Path) -> tuple[tuple[RegisterEntry, ...], Any]:
    """Entries and the round-trip document of the whole file, with located errors.

    How every register was read before the fast path; still how a file laid out otherwise is
    read, how errors are located, and the reference the fast path is tested against.
    """
    doc = parse_yaml(raw, str(path), round_trip=True)
    if doc.data is None:
        return (), None
    data = to_plain(doc.data)
    try:
        model = RegisterModel.model_validate(data)
    except ValidationError as exc:
        raise InputError(diagnostics_from(exc, doc.lines, str(path), RegisterModel, data)) from None
    seen: set[str] = set()
    problems = []
    for i, m in enumerate(model.threats):
        if m.id in seen:
            problems.append(
                InputError.single(
                    str(path),
                    f"duplicate threat id '{m.id}'",
                    line=line_of(doc.lines, ("threats", i)),
                    field=f"threats[{i}].id",
                ).problems[0]
            )
        seen.add(m.id)
    if problems:
        raise InputError(problems)
    entries = tuple(
        entry_from_fields(model_fields(m), line_of(doc.lines, ("threats", i)))
        for i, m in enumerate(model.threats)
    )
    return entries, doc.data


def register_path(root: Path) -> Path:
    """Where ``threats.yaml`` lives; ``root`` may be the folder or ``medsec.yaml``."""
    return (root.parent if root.is_file() else root) / REGISTER_FILE


def load_register(
    root: Path, known: Sequence[Threat] = ()
) -> tuple[tuple[RegisterEntry, ...], Any]:
    """Entries and the register as read, to pass to ``dump_register`` (None: no register yet).

    ``known``: the threats this run generated; an entry that stores one of them exactly (and
    no assessment) holds that very threat, so merging and writing compare them by identity.
    """
    path = register_path(root)
    if not path.exists():
        return (), None
    raw = read_bytes(path, str(path))
    by_id = {t.id: t for t in known}
    fast = _read_entries(raw, path, by_id)  # a line reader and a cache: nothing here recurses
    if fast is not None:
        return fast
    check_depth(raw, source=str(path))  # before libyaml or ruamel recurse
    return read_round_trip(raw, path)


# -- Writing --------------------------------------------------------------------------------

# an entry's text and its cache record: [in medsec's layout, pristine, the values as read,
# fixed (``_Stored.fixed``)]; None: no cache. The record's last item, the text's digest
# (``_entry_key``), is added when the register is written (``_render``).
_Out = tuple[str, list[Any] | None]


def _ruamel_out(node: CommentedMap, stored: _Stored | None = None) -> _Out:
    """An entry written by ruamel, with its cache record.

    ``stored``: the entry as read, when ruamel refreshed it with the same generated values
    (and not its assessment): written back to its very text, that text is ``fixed``.
    """
    text = _ruamel_text(node)
    fixed = stored is not None and text == stored.text
    try:
        return text, [False, False, record(_node_entry(node, 0)), fixed]
    except ValidationError:
        return text, None


def _canonical(entry: RegisterEntry, writer: EntryWriter) -> str | None:
    """The text medsec writes for ``entry`` as a new entry (None: ruamel would write it)."""
    return writer.text(generated(entry) + assessment_pairs(entry.assessment))


def _new_out(entry: RegisterEntry, writer: EntryWriter) -> _Out:
    """An entry new to the register."""
    assessed = assessment_pairs(entry.assessment)
    pairs = generated(entry) + assessed
    text = writer.text(pairs)
    if text is None:
        return _ruamel_out(CommentedMap((k, to_ruamel(v)) for k, v in pairs))
    if not assessed:  # reads back as itself, not assessed
        return text, [True, True, record(entry, assessed=False), False]
    read = entry_of(pairs, 0)
    return text, [True, _canonical(read, writer) == text, record(read), False]


def _shape(entry: RegisterEntry) -> tuple[bool, ...]:
    """Which optional generated keys an entry has (a new key would go last, not in place)."""
    t = entry.threat
    return bool(t.cwe), bool(t.capec), bool(entry.first_seen), entry.obsolete, bool(t.linddun)


def _same_written(a: RegisterEntry, b: RegisterEntry) -> bool:
    """Whether the generated keys of both entries are written from the same values.

    Compared field by field (three times faster than comparing tuples of them: this runs
    for every entry of every re-run).
    """
    s, t = a.threat, b.threat
    if s is t:  # the stored entry was built around this run's threat (``load_register``)
        return a.first_seen == b.first_seen and a.obsolete == b.obsolete
    return (
        s.id == t.id
        and s.title == t.title
        and s.rule == t.rule
        and s.baseline == t.baseline
        and s.default_v3_1 == t.default_v3_1
        and s.default_v4_0 == t.default_v4_0
        and s.stride == t.stride
        and s.linddun == t.linddun
        and s.cwe == t.cwe
        and s.capec == t.capec
        and s.target == t.target
        and s.triggers == t.triggers
        and a.first_seen == b.first_seen
        and a.obsolete == b.obsolete
    )


def _pristine_out(entry: RegisterEntry, item: _Stored, writer: EntryWriter) -> _Out | None:
    """A pristine entry refreshed: kept, or written anew when its keys stay the same.

    In place, new values land where the old ones were: with the same keys present, that is
    the text of a new entry with the new generated values and the stored assessment.
    """
    if _same_written(entry, item.entry):
        return item.text, [True, True, item.cached or record(item.entry), False]
    if _shape(entry) != _shape(item.entry):
        return None
    read = RegisterEntry(
        entry.threat, item.entry.assessment, obsolete=entry.obsolete, first_seen=entry.first_seen
    )
    text = _canonical(read, writer)
    return None if text is None else (text, [True, True, record(read), False])


def _layout_out(
    entry: RegisterEntry, item: _Stored, rewrite: bool, writer: EntryWriter
) -> _Out | None:
    """An entry in medsec's layout refreshed (kept as it is when nothing changes); None: ruamel."""
    if item.pristine and not rewrite:
        out = _pristine_out(entry, item, writer)
        if out is not None:
            return out
    pairs = item.pairs
    if pairs is None:
        pairs = parse_entry(item.text)
        if pairs is None or writer.text(pairs) != item.text:
            return None
    fresh = refreshed(pairs, entry, rewrite)
    if fresh is None:
        return item.text, [True, item.pristine, item.cached or record(item.entry), False]
    text = writer.text(fresh)
    if text is None:
        return None
    read = entry_of(fresh, 0)
    return text, [True, _canonical(read, writer) == text, record(read), False]


def _kept_out(entry: RegisterEntry, item: _Stored, rewrite: bool, writer: EntryWriter) -> _Out:
    """An entry already in the register, refreshed with the least change."""
    if item.layout:
        out = _layout_out(entry, item, rewrite, writer)
        if out is not None:
            return out
    same = not rewrite and _same_written(entry, item.entry)
    if same and item.fixed and item.cached is not None:  # ruamel would write it as it is
        return item.text, [False, False, item.cached, True]
    node = item.node if item.node is not None else _ruamel_node(item.text, REGISTER_FILE)
    if node is None:  # read when loaded, so only a cache that lies gets here
        raise InputError.single(REGISTER_FILE, f"entry '{entry.threat.id}' cannot be read again")
    update_in_place(node, entry, rewrite)
    return _ruamel_out(node, item if same else None)


def dump_round_trip(entries: Sequence[RegisterEntry], previous: Any, rewrite: set[str]) -> str:
    """The register through ruamel's round trip as a whole (a file laid out otherwise).

    ``previous`` is the document of ``read_round_trip``; this is the reference writer too.
    """
    if isinstance(previous, CommentedMap) and isinstance(previous.get("threats"), list):
        doc = previous
        seq = doc["threats"]
    else:
        doc = CommentedMap()
        doc["format"] = "medsec-threats/1"
        doc.yaml_set_start_comment(HEADER)
        seq = CommentedSeq()
        doc["threats"] = seq
    by_id = {str(n.get("id")): n for n in seq if isinstance(n, CommentedMap)}
    ordered = CommentedSeq()
    for entry in entries:
        node = by_id.get(entry.threat.id)
        if node is None:
            pairs = generated(entry) + assessment_pairs(entry.assessment)
            node = CommentedMap((k, to_ruamel(v)) for k, v in pairs)
        else:
            update_in_place(node, entry, entry.threat.id in rewrite)
        ordered.append(node)
    seq.clear()
    seq.extend(ordered)
    stream = io.StringIO()
    round_trip_yaml().dump(doc, stream)
    return stream.getvalue()


def _render(
    entries: Sequence[RegisterEntry], previous: Any, rewrite: set[str]
) -> tuple[str, list[Any] | None]:
    """The register's text, and its cache records (None when ruamel wrote it as a whole)."""
    if not entries or not (previous is None or isinstance(previous, StoredRegister)):
        return dump_round_trip(entries, previous, rewrite), None
    stored = previous.items if previous is not None else {}
    writer = EntryWriter()
    texts = [PREFIX]
    records: list[Any] | None = []
    for entry in entries:
        item = stored.get(entry.threat.id)
        if item is None:
            text, rec = _new_out(entry, writer)
        else:
            text, rec = _kept_out(entry, item, entry.threat.id in rewrite, writer)
        texts.append(text)
        if records is not None and rec is not None:
            key = item.key if item is not None and text is item.text else None
            records.append([*rec, key or _entry_key(text)])
        else:
            records = None
    return "".join(texts), records


def dump_register(
    entries: Sequence[RegisterEntry], previous: Any, *, rewrite_assessments: Sequence[str] = ()
) -> str:
    """YAML text of the register; ``previous`` (the register as read) keeps comments and order."""
    return _render(entries, previous, set(rewrite_assessments))[0]


def save_register(root: Path, text: str) -> Path:
    """Write ``threats.yaml`` atomically (not at all when it already holds ``text``); its path."""
    path = register_path(root)
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            clean_stale(path)  # an earlier, interrupted write may have left its temp file
            return path
    except OSError:
        pass
    write_atomic(path, data)
    return path


def write_register(
    root: Path,
    entries: Sequence[RegisterEntry],
    previous: Any,
    *,
    rewrite_assessments: Sequence[str] = (),
) -> Path:
    """Write the register (only when its text changes) and its parse cache; its path."""
    text, records = _render(entries, previous, set(rewrite_assessments))
    path = register_path(root)
    raw = text.encode("utf-8")
    same_text = isinstance(previous, StoredRegister) and previous.raw == raw
    if same_text:
        clean_stale(path)  # nothing to write; an earlier, interrupted write may have left a temp
    else:
        save_register(root, text)
    if records is not None and not (same_text and previous.cached):
        with contextlib.suppress(OSError):  # only a cache: the next run reads the text instead
            data = {"code": _code_version(), "entries": records}
            write_cache(path, raw, data, [])  # lines: reading splits the text, which gives them
    return path
