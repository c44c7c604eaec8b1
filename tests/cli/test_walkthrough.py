"""The example's walkthrough, replayed: from today's state to all nine checklist items passing.

``examples/infusion-pump/README.md`` documents, under "Walkthrough", every step from the
example as it is to ``medsec check`` passing all nine items: each step is a ``sh`` block of
medsec commands (run from the repository root) or an edit, a fenced block whose info string
names a file of the project after the language (```` ```yaml medsec.yaml ````). An edit of a
YAML or JSON file that exists sets the keys it shows (mappings merge key by key; a list of
mappings merges its items by their identifying key (:data:`ID_KEYS`), new ones are appended;
any other value replaces what is there); a block naming a file that does not exist creates it
with that text.

This test parses the steps from the README and runs them on a copy of the example (commands
in-process, as of the walkthrough's date), then checks that every item passes.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from tests.conftest import EXAMPLE, REPO

from medsec.cli.main import main

README = EXAMPLE / "README.md"
PROJECT = EXAMPLE.relative_to(REPO).as_posix()  # examples/infusion-pump, as the steps name it
TODAY = "2026-12-01"
SECTION = "## Walkthrough"
HEADING = re.compile(r"^### (\d+)\. (.+)$", re.M)
BLOCK = re.compile(r"^```(\w+)(?: (\S+))?\n(.*?)^```", re.M | re.S)
# what identifies an item of a list: medsec.yaml and threats.yaml ids, activities, SBOM
# components (CycloneDX bom-ref, SPDX SPDXID), support.yaml entries (purl or name)
ID_KEYS = ("id", "activity", "bom-ref", "SPDXID", "purl", "name")


@dataclass(frozen=True)
class Step:
    """One numbered step: its title and its blocks (language, target file or None, text)."""

    number: int
    title: str
    blocks: tuple[tuple[str, str | None, str], ...]


def walkthrough_steps(text: str) -> list[Step]:
    """The numbered steps of the README's walkthrough section, in order."""
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    section = text[start : end if end >= 0 else len(text)]
    heads = list(HEADING.finditer(section))
    steps = []
    for i, head in enumerate(heads):
        body = section[head.end() : heads[i + 1].start() if i + 1 < len(heads) else len(section)]
        blocks = tuple((m[1], m[2], m[3]) for m in BLOCK.finditer(body))
        steps.append(Step(int(head[1]), head[2].strip(), blocks))
    return steps


def commands(text: str) -> list[list[str]]:
    """The medsec command lines of a ``sh`` block (continuations joined, comments dropped)."""
    joined = re.sub(r"\\\n\s*", " ", text)
    lines = [line.split(" #", 1)[0].strip() for line in joined.splitlines()]
    return [shlex.split(line)[1:] for line in lines if line.startswith("medsec ")]


def _merge_list(target: list[Any], patch: list[Any]) -> None:
    """Items of ``patch`` merged into the item of ``target`` with the same id, else appended."""
    for item in patch:
        key = next((k for k in ID_KEYS if k in item), None)
        found = next(
            (t for t in target if key and isinstance(t, dict) and t.get(key) == item[key]), None
        )
        if found is None:
            target.append(item)
        else:
            merge(found, item)


def merge(target: dict[str, Any], patch: dict[str, Any]) -> None:
    """Set the keys ``patch`` shows in ``target``: what an edit step means."""
    for key, value in patch.items():
        current = target.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            merge(current, value)
        elif (
            isinstance(value, list)
            and isinstance(current, list)
            and value
            and all(isinstance(v, dict) for v in value)
        ):
            _merge_list(current, value)
        else:
            target[key] = value


def apply_edit(project: Path, file: str, text: str) -> None:
    """An edit step: merge the YAML (or JSON) into an existing file, or create the file."""
    path = project / file
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if path.suffix == ".json":
        doc = json.loads(path.read_text(encoding="utf-8"))
        merge(doc, json.loads(text))
        path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    data = yaml.load(path.read_text(encoding="utf-8"))
    merge(data, YAML(typ="safe").load(text))
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)


def run_step(step: Step, root: Path) -> None:
    """Run one step's commands and edits in ``root`` (the folder holding ``examples/``)."""
    for lang, file, text in step.blocks:
        if file is not None:
            apply_edit(root / PROJECT, file, text)
        elif lang == "sh":
            for argv in commands(text):
                code = main(argv)
                assert code in (0, 1), (
                    f"step {step.number}: medsec {shlex.join(argv)} exited {code}"
                )


def checklist(root: Path) -> tuple[int, list[dict[str, Any]]]:
    """``medsec check`` of the project: its exit code and items."""
    out = root / "check.json"
    code = main(["check", PROJECT, "--format", "json", "--output", str(out)])
    return code, json.loads(out.read_text())["items"]


def remaining(items: list[dict[str, Any]]) -> str:
    """What still keeps items from passing, one line per finding (for the failure message)."""
    return "\n".join(
        f"{i['id']}: {f['rule'].split('/', 1)[1]}: {f['message']}"
        for i in items
        for f in i["findings"]
    )


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example at examples/infusion-pump under a fresh folder, the working folder."""
    shutil.copytree(EXAMPLE, tmp_path / PROJECT)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MEDSEC_TODAY", TODAY)
    monkeypatch.setenv("MEDSEC_DB", str(tmp_path / "db.sqlite"))
    monkeypatch.setenv("CI", "true")
    return tmp_path


def test_the_walkthrough_has_numbered_steps_each_a_command_or_an_edit() -> None:
    steps = walkthrough_steps(README.read_text(encoding="utf-8"))
    assert [s.number for s in steps] == list(range(1, len(steps) + 1))
    for s in steps:
        assert s.blocks, f"step {s.number} ({s.title}) has no command or edit"
        for lang, file, text in s.blocks:
            assert file is not None or (lang == "sh" and commands(text)), (s.number, lang)


def test_the_walkthrough_takes_the_example_to_all_nine_items_passing(root: Path) -> None:
    steps = walkthrough_steps(README.read_text(encoding="utf-8"))
    run_step(steps[0], root)  # the data and the first scan: today's state
    code, items = checklist(root)
    assert code == 1 and not all(i["status"] == "pass" for i in items)
    for step in steps[1:]:
        run_step(step, root)
    code, items = checklist(root)
    assert all(i["status"] == "pass" for i in items), remaining(items)
    assert code == 0


def test_an_edit_sets_keys_and_merges_list_items_by_id(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "# kept\nitems:\n  - id: x\n    v: 1\n    w: [1, 2]\n  - id: y\n    v: 2\n",
        encoding="utf-8",
    )
    apply_edit(tmp_path, "a.yaml", "items:\n  - {id: y, v: 3}\n  - {id: z, v: 4}\nnew: true\n")
    apply_edit(tmp_path, "a.yaml", "items:\n  - {id: x, w: [3]}\n")
    data = YAML(typ="safe").load((tmp_path / "a.yaml").read_text(encoding="utf-8"))
    assert data == {
        "items": [{"id": "x", "v": 1, "w": [3]}, {"id": "y", "v": 3}, {"id": "z", "v": 4}],
        "new": True,
    }
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8").startswith("# kept")
    apply_edit(tmp_path, "b/new.csv", "a,b\n")
    assert (tmp_path / "b" / "new.csv").read_text(encoding="utf-8") == "a,b\n"
