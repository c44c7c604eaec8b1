"""The register's own writer and reader against ruamel's round trip, byte for byte.

ruamel's round-trip dumper wrote every threats.yaml so far; medsec's writer must give the same
bytes for every value it accepts (it refuses the rest, and ruamel writes those). The reader
must read what the writer wrote, and what it reads must be what ruamel reads.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from medsec.project.register_text import EntryWriter, parse_entry, split_entries
from medsec.project.yaml_emit import BlockMap, BlockSeq, FlowMap, FlowSeq, same, string_style
from medsec.project.yamlfile import round_trip_yaml, to_plain

# characters that change how YAML writes a string: indicators, quotes, spaces, non-ASCII
ALPHABET = "abcXYZ0129 :#'\"-_,.[]{}/@()=&*!|>%?`~→Üé\u00a0\t"
WORDS = ["true", "False", "null", "yes", "No", "on", "2026-01-02", "1.5", "0x1F", "~", "-", "a: b"]


def texts(max_size: int = 140) -> st.SearchStrategy[str]:
    """Strings that exercise styles and folding (words and spaces, long enough to fold)."""
    word = st.text(alphabet=ALPHABET, min_size=1, max_size=24) | st.sampled_from(WORDS)
    spaced = st.lists(word, min_size=1, max_size=14).map(" ".join)
    return st.text(alphabet=ALPHABET, max_size=max_size) | spaced | st.sampled_from(WORDS)


scalars = texts() | st.booleans() | st.dates(dt.date(1990, 1, 1), dt.date(2090, 1, 1))
keys = st.sampled_from(["id", "rule", "title", "decision", "rationale", "v3_1", "kind"]) | texts(12)
values = (
    scalars
    | st.lists(scalars, max_size=4).map(FlowSeq)
    | st.lists(scalars, max_size=4).map(BlockSeq)
    | st.lists(st.tuples(keys, scalars), max_size=3).map(lambda p: FlowMap(dict(p).items()))
    | st.lists(st.tuples(keys, scalars), max_size=3).map(lambda p: BlockMap(dict(p).items()))
)
entries = st.lists(st.tuples(keys, values), min_size=1, max_size=6).map(
    lambda p: list(dict(p).items())
)


def node(value: Any) -> Any:
    """A value as ruamel's round trip represents it (the reference writer's input)."""
    if isinstance(value, FlowMap | BlockMap):
        out: Any = CommentedMap((k, node(v)) for k, v in value)
    elif isinstance(value, FlowSeq | BlockSeq):
        out = CommentedSeq(node(v) for v in value)
    else:
        return value
    if isinstance(value, FlowMap | FlowSeq):
        out.fa.set_flow_style()
    return out


def ruamel_text(pairs: list[tuple[str, Any]]) -> str:
    """The entry as ruamel's round-trip dumper writes it inside the register."""
    stream = io.StringIO()
    doc = CommentedMap([("threats", CommentedSeq([node(BlockMap(pairs))]))])
    round_trip_yaml().dump(doc, stream)
    return stream.getvalue().removeprefix("threats:\n")


def plain(value: Any) -> Any:
    """Pairs and collections as plain dicts and lists (what a loader gives)."""
    if isinstance(value, FlowMap | BlockMap | list):
        return {k: plain(v) for k, v in value}
    if isinstance(value, FlowSeq | BlockSeq):
        return [plain(v) for v in value]
    return value


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries)
@example([("title", "Denial of service of e817 → e25")])
@example([("title", "No secure boot: modified firmware runs persistently")])
@example([("rationale", "word " * 40)])
@example([("rationale", "x: " + "word " * 40)])
@example([("triggers", BlockSeq(["elements[e1].update.rollback_protection = false"]))])
def test_writer_writes_what_ruamel_writes(pairs: list[tuple[str, Any]]) -> None:
    """Every entry the writer accepts comes out byte for byte as ruamel writes it."""
    text = EntryWriter().text(pairs)
    if text is not None:
        assert text == ruamel_text(pairs)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries)
def test_reader_reads_what_ruamel_reads(pairs: list[tuple[str, Any]]) -> None:
    """What the reader takes (proved by writing it back) is what ruamel loads from the text."""
    writer = EntryWriter()
    text = writer.text(pairs)
    if text is None:
        return
    read = parse_entry(text)
    if read is None:  # unsure is safe: ruamel reads that entry
        return
    assert writer.text(read) == text
    assert plain(read) == plain(pairs)
    loaded = round_trip_yaml().load("threats:\n" + text)["threats"][0]
    assert to_plain(loaded) == plain(read)


def test_common_register_values_need_no_ruamel() -> None:
    """The values medsec writes on every run are written without asking ruamel."""
    writer = EntryWriter()
    entry = [
        ("id", "MD-07@drug-lib-server"),
        ("rule", "MD-07"),
        ("title", "No secure boot: modified firmware runs persistently"),
        ("target", FlowMap([("kind", "element"), ("id", "drug-lib-server")])),
        ("stride", FlowSeq(["T", "E"])),
        ("baseline", False),
        ("triggers", BlockSeq(["elements[drug-lib-server].secure_boot = false"])),
        ("default_cvss", BlockMap([("v3_1", "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")])),
        ("first_seen", dt.date(2026, 3, 12)),
        ("rationale", "A long rationale that folds: " + "word " * 30 + "end."),
    ]
    text = writer.text(entry)
    assert text == ruamel_text(entry)
    assert parse_entry(text) == entry
    assert string_style("Denial of service of e1 → e2", flow=False) == ""
    assert string_style("true", flow=False) == "'"


def test_writer_refuses_what_it_cannot_write_exactly() -> None:
    """Double quotes, numbers and null are left to ruamel (None), never guessed."""
    writer = EntryWriter()
    assert writer.text([("title", "it's: quoted twice")]) is None
    assert writer.text([("title", "line\nbreak")]) is None
    assert writer.text([("n", 3)]) is None
    assert writer.text([("n", None)]) is None
    assert writer.text([]) is None


def test_same_compares_as_ruamel_does() -> None:
    """Mappings ignore order, styles are ignored, a mapping is never a sequence."""
    assert same(FlowMap([("a", "1"), ("b", "2")]), BlockMap([("b", "2"), ("a", "1")]))
    assert same(FlowSeq(["x"]), BlockSeq(["x"]))
    assert not same(FlowMap([("a", "1")]), FlowSeq([("a", "1")]))
    assert not same(FlowSeq(["x"]), "x")
    assert not same(FlowSeq(["x", "y"]), FlowSeq(["y", "x"]))


def test_split_entries_refuses_other_layouts() -> None:
    """A line at the left margin, CRLF, or another indentation: not medsec's layout (None)."""
    prefix = "format: medsec-threats/1\nthreats:\n"
    good = prefix + "  - id: a\n    rule: A\n  - id: b\n    rule: B\n"
    assert split_entries(good, prefix) == [
        (3, "  - id: a\n    rule: A\n"),
        (5, "  - id: b\n    rule: B\n"),
    ]
    assert split_entries(good.replace("\n", "\r\n"), prefix) is None
    assert split_entries(good + "extra: 1\n", prefix) is None
    assert split_entries(good + "...\n", prefix) is None
    assert split_entries(prefix + "- id: a\n", prefix) is None
    assert split_entries(good.rstrip("\n"), prefix) is None
    assert split_entries("# other\n" + good, prefix) is None
