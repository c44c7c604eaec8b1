"""threats.yaml read and written fast, with exactly the bytes ruamel's round trip gave.

The reference is ``read_round_trip``/``dump_round_trip``: how every register was read and
written before (ruamel's round trip of the whole file). Inputs: the example's register (real
assessments, folded and quoted texts, one entry ruamel must write) and edits a person makes.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medsec.domain.errors import InputError
from medsec.domain.threat import RegisterEntry, Threat
from medsec.engines.threats.engine import generate
from medsec.engines.threats.register import merge
from medsec.project import register_file, register_text
from medsec.project.loader import load_project
from medsec.project.parse_cache import cache_path
from medsec.project.register_file import (
    dump_register,
    dump_round_trip,
    load_register,
    read_round_trip,
    register_path,
    write_register,
)
from medsec.services import threats as threat_service

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "infusion-pump"
D1 = date(2026, 1, 1)
D2 = date(2026, 2, 1)


@pytest.fixture(scope="module")
def generated() -> tuple[Threat, ...]:
    """The threats of the example model (whatever the rules are today: tests compare paths)."""
    return tuple(generate(load_project(EXAMPLE)).threats)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example project, its register as the example ships it."""
    root = tmp_path / "pump"
    shutil.copytree(EXAMPLE, root)
    return root


def reference(
    root: Path, threats: tuple[Threat, ...], rewrite: frozenset[str] = frozenset()
) -> str:
    """The register text after a re-run, as ruamel's whole-file round trip wrote it."""
    path = register_path(root)
    stored, doc = read_round_trip(path.read_bytes(), path)
    entries, _ = merge(threats, stored, D2)
    return dump_round_trip(entries, doc, set(rewrite))


def rerun(root: Path, threats: tuple[Threat, ...], rewrite: frozenset[str] = frozenset()) -> str:
    """The register text after a re-run, as medsec writes it now."""
    stored, previous = load_register(root)
    entries, _ = merge(threats, stored, D2)
    return dump_register(entries, previous, rewrite_assessments=sorted(rewrite))


def changed(threats: tuple[Threat, ...]) -> tuple[Threat, ...]:
    """A model change: some threats gone, some retitled and re-scored, some new."""
    out = []
    for i, t in enumerate(threats):
        if i % 7 == 3:
            continue
        if i % 5 == 1:
            t = replace(t, title=t.title + " (revised)", default_v3_1=None)
        out.append(t)
        if i % 9 == 2:
            out.append(replace(t, id=t.id + "-b", title="A new threat: " + t.title))
    return tuple(out)


def lines_of(entries: tuple[RegisterEntry, ...]) -> list[int | None]:
    """The line of each entry (not part of entry equality)."""
    return [e.line for e in entries]


def test_fresh_register_is_written_as_ruamel_wrote_it(tmp_path: Path, generated: tuple) -> None:
    """A fresh register: the same bytes as ruamel's round trip, and it reads back the same."""
    entries, _ = merge(generated, (), D1)
    text = dump_register(entries, None)
    assert text == dump_round_trip(entries, None, set())
    root = tmp_path / "p"
    root.mkdir()
    write_register(root, entries, None)
    assert register_path(root).read_text(encoding="utf-8") == text
    fast, _ = load_register(root)
    cache_path(register_path(root)).unlink()
    slow, _ = load_register(root)
    whole, _ = read_round_trip(register_path(root).read_bytes(), register_path(root))
    assert fast == slow == whole
    assert lines_of(fast) == lines_of(slow) == lines_of(whole)


def test_example_register_reads_as_ruamel_reads_it(project: Path) -> None:
    """Entries and lines of a register people edited are those of the whole-file round trip."""
    path = register_path(project)
    whole, _ = read_round_trip(path.read_bytes(), path)
    fast, previous = load_register(project)
    assert isinstance(previous, register_file.StoredRegister)
    assert fast == whole
    assert lines_of(fast) == lines_of(whole)


def test_rerun_without_change_leaves_the_file_alone(project: Path) -> None:
    """Same model, same register: identical bytes and no write (same inode, same mtime)."""
    threat_service.run(threat_service.ThreatOptions(project, D1, write=True))
    path = register_path(project)
    before = path.read_bytes(), path.stat().st_ino, path.stat().st_mtime_ns
    os.utime(path, ns=(before[2] - 10**9, before[2] - 10**9))  # a rewrite would move mtime
    stamp = path.stat().st_mtime_ns
    result = threat_service.run(threat_service.ThreatOptions(project, D2, write=True))
    assert result.summary.unchanged and not result.summary.new
    assert path.read_bytes() == before[0]
    assert path.stat().st_ino == before[1] and path.stat().st_mtime_ns == stamp


def test_rerun_matches_round_trip_on_the_example(project: Path, generated: tuple) -> None:
    """Re-runs (same model, changed model, a rubric rewrite) write what the round trip wrote."""
    for threats in (generated, changed(generated)):
        assert rerun(project, threats) == reference(project, threats)
    some = frozenset(t.id for t in generated[::4])
    assert rerun(project, generated, some) == reference(project, generated, some)


def test_comments_stay_on_untouched_and_edited_entries(project: Path, generated: tuple) -> None:
    """A person's comments survive a re-run, on entries medsec leaves and entries it updates."""
    entries, _ = merge(generated, (), D1)
    write_register(project, entries, None)
    path = register_path(project)
    kept, edited = entries[0].threat.id, entries[1].threat.id
    text = path.read_text(encoding="utf-8")
    for tid, note in ((kept, "kept"), (edited, "edited")):
        head = f"  - id: {tid}\n"
        assert head in text
        text = text.replace(
            head, f"  - id: {tid}  # {note} by QA\n    # reviewed on 2026-03-01 ({note})\n"
        )
    # the person also decided on the entry medsec is about to change
    start = text.index(f"  - id: {edited}")
    end = text.index("\n  - id: ", start) + 1
    text = text[:end] + "    decision: mitigate  # see CAPA-12\n" + text[end:]
    path.write_text(text, encoding="utf-8")
    threats = tuple(
        replace(t, title=t.title + " (revised)") if t.id == edited else t for t in generated
    )
    expected = reference(project, threats)
    out = rerun(project, threats)
    assert out == expected
    for note in ("kept", "edited"):
        assert f"  # {note} by QA\n" in out and f"# reviewed on 2026-03-01 ({note})\n" in out
    assert "(revised)" in out and "    decision: mitigate  # see CAPA-12\n" in out


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["comment", "eol", "blank", "quote", "decide"]),
        st.integers(min_value=0, max_value=10**6),
        st.sampled_from([0, 2, 4, 6, 8]),
    ),
    min_size=1,
    max_size=6,
)


def edited(text: str, edits: list[tuple[str, int, int]]) -> str:
    """The register after a person's edits: comments, blank lines, quotes, decisions."""
    lines = text.split("\n")
    start = register_file.PREFIX.count("\n")
    for kind, at, indent in edits:
        i = start + at % (len(lines) - start - 1)
        line = lines[i]
        if kind == "comment":
            lines.insert(i, " " * indent + "# a note")
        elif kind == "eol":
            lines[i] = line + "  # why"
        elif kind == "blank":
            lines.insert(i, "")
        elif kind == "quote" and line.startswith("    rule: "):
            lines[i] = f"    rule: '{line[10:]}'"
        elif kind == "decide" and line.startswith("  - id: "):
            lines.insert(i + 1, "    decision: accept\n    rationale: 'reviewed: low'")
    return "\n".join(lines)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS, model_changed=st.booleans())
def test_any_edit_rerun_matches_round_trip(
    tmp_path: Path, generated: tuple, edits: list[tuple[str, int, int]], model_changed: bool
) -> None:
    """Whatever a person edited, a re-run writes (or refuses) exactly as the round trip did."""
    root = tmp_path / f"p{abs(hash((tuple(edits), model_changed)))}"
    root.mkdir()
    path = register_path(root)
    text = EXAMPLE.joinpath("threats.yaml").read_text(encoding="utf-8")
    path.write_text(edited(text, edits), encoding="utf-8")
    threats = changed(generated) if model_changed else generated
    try:
        expected: str | None = reference(root, threats)
    except InputError as exc:
        expected = None
        problem = str(exc)
    if expected is None:
        with pytest.raises(InputError) as info:
            rerun(root, threats)
        assert str(info.value) == problem
        return
    assert rerun(root, threats) == expected


def test_cache_is_used_and_ignored_when_the_file_changed(
    project: Path, generated: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing leaves a parse cache of the bytes written; an edit of the file makes it stale."""
    entries, _ = merge(generated, (), D1)
    write_register(project, entries, None)
    path = register_path(project)
    assert cache_path(path).is_file()
    read_text = register_text.parse_entry
    monkeypatch.setattr(register_file, "parse_entry", lambda chunk: pytest.fail("text read"))
    cached, _ = load_register(project)
    whole, _ = read_round_trip(path.read_bytes(), path)
    assert cached == whole and lines_of(cached) == lines_of(whole)
    path.write_text(path.read_text(encoding="utf-8").replace("    rule: ", "    rule:  ", 1))
    monkeypatch.setattr(register_file, "parse_entry", read_text)
    fresh, _ = load_register(project)  # the cache no longer matches: the text is read
    whole, _ = read_round_trip(path.read_bytes(), path)
    assert fresh == whole and lines_of(fresh) == lines_of(whole)


def test_a_broken_cache_is_ignored(project: Path, generated: tuple) -> None:
    """A cache that is not JSON, or of another shape, is read past: the text decides."""
    entries, _ = merge(generated, (), D1)
    write_register(project, entries, None)
    path = register_path(project)
    cache = cache_path(path)
    good = cache.read_bytes()
    whole, _ = read_round_trip(path.read_bytes(), path)
    shifted = good.replace(b'"entries":[[true,true,[', b'"entries":[[true,true,[7,', 1)
    other_code = good.replace(b'"code":"', b'"code":"0', 1)
    assert good != shifted and good != other_code
    for broken in (b"{not json", shifted, other_code, good.replace(b"parse-cache/1", b"other/9")):
        cache.write_bytes(broken)
        again, previous = load_register(project)
        assert again == whole and not previous.cached


def test_duplicate_id_in_medsec_layout_is_located(project: Path, generated: tuple) -> None:
    """Two entries with one id: the located error of the whole-file read."""
    entries, _ = merge(generated, (), D1)
    write_register(project, entries, None)
    path = register_path(project)
    text = path.read_text(encoding="utf-8")
    first = text[text.index("  - id: ") : text.index("  - id: ", text.index("  - id: ") + 1)]
    path.write_text(text + first, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_register(project)
    assert "duplicate threat id" in str(info.value) and "threats.yaml:" in str(info.value)


def _bomb(name: str) -> str:
    """An entry whose extra keys expand, through aliases, to about 100,000 nodes."""
    lines = [f"  - id: X@{name}", "    rule: X", f"    target: {{kind: flow, id: {name}}}"]
    lines.append(f"    l0: &{name}0 [x, x, x, x, x, x, x, x, x, x]")
    for level in range(1, 5):
        refs = ", ".join([f"*{name}{level - 1}"] * 10)
        lines.append(f"    l{level}: &{name}{level} [{refs}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("bombs", [1, 3])
def test_alias_bombs_are_refused_across_entries(tmp_path: Path, bombs: int) -> None:
    """Aliases in entries ruamel reads count against one budget: the error of the whole read."""
    root = tmp_path / "p"
    root.mkdir()
    path = register_path(root)
    path.write_text(register_file.PREFIX + "".join(_bomb(f"b{i}") for i in range(bombs)))
    with pytest.raises(InputError) as expected:
        read_round_trip(path.read_bytes(), path)
    with pytest.raises(InputError) as info:
        load_register(root)
    assert str(info.value) == str(expected.value)
    assert ("alias bomb" in str(info.value)) == (bombs > 1)


def test_a_deep_entry_in_medsec_layout_is_refused_before_ruamel_reads_it(
    project: Path, generated: tuple
) -> None:
    """The line reader leaves an entry it cannot read to ruamel: one nested 30,000 deep is
    refused by the depth check first (libyaml would overflow its C stack), located."""
    entries, _ = merge(generated, (), D1)
    write_register(project, entries, None)
    path = register_path(project)
    text = path.read_text(encoding="utf-8")
    second = text.index("  - id: ", text.index("  - id: ") + 1)
    bomb = "  - id: X@deep\n    rule: X\n    nested: " + "[" * 30_000 + "\n"
    path.write_text(text[:second] + bomb + text[second:], encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_register(project)
    line = text[:second].count("\n") + 3
    assert f"threats.yaml:{line}: nested deeper than" in str(info.value)


def test_a_rerun_reads_its_own_threats_back_from_the_cache(project: Path, generated: tuple) -> None:
    """Given this run's threats, the cached entries that record one of them exactly (and no
    assessment) hold that very threat; merging gives what it gives without them."""
    entries, _ = merge(generated, (), D1)
    decided = replace(
        entries[0], assessment=replace(entries[0].assessment, rationale="out of scope")
    )
    write_register(project, (decided, *entries[1:]), None)
    plain, _ = load_register(project)
    retitled = replace(generated[1], title="Another title")
    known = (generated[0], retitled, *generated[2:])
    shared, stored = load_register(project, known)
    assert stored.cached and lines_of(shared) == lines_of(plain)
    assert merge(known, shared, D2) == merge(known, plain, D2)
    assert shared[0].threat is not generated[0]  # assessed: read from its record
    assert shared[1].threat is not retitled and shared[1].threat.title != "Another title"
    assert all(e.threat is t for e, t in zip(shared[2:], generated[2:], strict=True))


def test_an_edit_rereads_only_the_entries_it_touched(
    project: Path, generated: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a person comments one entry, the cache still gives the others (by their text's
    digest); once written back, the commented entry is not read or written by ruamel again."""
    entries, _ = merge(generated, (), D1)
    write_register(project, entries, None)
    path = register_path(project)
    tid = entries[3].threat.id
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"  - id: {tid}\n", f"  - id: {tid}  # reviewed\n"))
    read: list[str] = []
    parse = register_text.parse_entry
    monkeypatch.setattr(register_file, "parse_entry", lambda c: read.append(c) or parse(c))
    stored, previous = load_register(project)
    whole, _ = read_round_trip(path.read_bytes(), path)
    assert stored == whole and lines_of(stored) == lines_of(whole)
    assert [chunk.split("\n")[0] for chunk in read] == [f"  - id: {tid}  # reviewed"]
    assert not previous.cached
    expected = reference(project, generated)
    write_register(project, merge(generated, stored, D2)[0], previous)
    assert path.read_text(encoding="utf-8") == expected
    monkeypatch.setattr(register_file, "_ruamel_node", lambda *_: pytest.fail("ruamel read"))
    monkeypatch.setattr(register_file, "_ruamel_text", lambda *_: pytest.fail("ruamel write"))
    stored, previous = load_register(project, generated)
    assert previous.cached and len(read) == 1
    write_register(project, merge(generated, stored, D2)[0], previous)
    assert path.read_text(encoding="utf-8") == expected


def test_a_cached_comment_is_rewritten_when_its_threat_changes(
    project: Path, generated: tuple
) -> None:
    """A commented entry kept as it is while nothing changes goes through ruamel again when
    its generated values change: the text is the round trip's, not the one kept."""
    entries, _ = merge(generated, (), D1)
    write_register(project, entries, None)
    path = register_path(project)
    tid = entries[2].threat.id
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"  - id: {tid}\n", f"  - id: {tid}  # reviewed\n"))
    for _ in range(2):  # the second run keeps the commented entry's text (``fixed``)
        stored, previous = load_register(project, generated)
        write_register(project, merge(generated, stored, D2)[0], previous)
    threats = tuple(replace(t, title="Retitled") if t.id == tid else t for t in generated)
    expected = reference(project, threats)
    stored, previous = load_register(project, threats)
    assert previous.cached and previous.items[tid].fixed
    write_register(project, merge(threats, stored, D2)[0], previous)
    out = path.read_text(encoding="utf-8")
    assert out == expected and "    title: Retitled\n" in out and f"{tid}  # reviewed\n" in out


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS, model_changed=st.booleans())
def test_edits_beside_the_cache_rerun_as_the_round_trip(
    tmp_path: Path, generated: tuple, edits: list[tuple[str, int, int]], model_changed: bool
) -> None:
    """Edits of a register whose parse cache the last write left: two re-runs in a row (the
    second takes the records the first wrote) write what the round trip wrote, or refuse."""
    root = tmp_path / f"c{abs(hash((tuple(edits), model_changed)))}"
    root.mkdir()
    write_register(root, merge(generated, (), D1)[0], None)
    path = register_path(root)
    path.write_text(edited(path.read_text(encoding="utf-8"), edits), encoding="utf-8")
    threats = changed(generated) if model_changed else generated
    for _ in range(2):
        try:
            expected = reference(root, threats)
        except InputError as exc:
            with pytest.raises(InputError) as info:
                load_register(root, threats)
            assert str(info.value) == str(exc)
            return
        stored, previous = load_register(root, threats)
        write_register(root, merge(threats, stored, D2)[0], previous)
        assert path.read_text(encoding="utf-8") == expected
