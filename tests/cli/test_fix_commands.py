"""Every "what to do" that ``medsec check`` prints for the example does what it says.

A fix is a medsec command or an edit (``engines/compliance/fixes.py``). Each command is run as
printed, in-process, from the folder holding the project (the example copied to a temporary
folder, its advisories imported into a fresh database), then the checklist is judged again:
every finding the command was attached to must have changed (gone, or a different message or
severity). Each edit must name a file of the project and a key that exists there, or one to
add under a parent that exists.

The example is judged as it is, after a scan (as the golden tests do), and in a few states
that bring out the other command fixes (no register, no surface record, an old scan, ...).
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from tests.conftest import EXAMPLE

from medsec.cli.main import main
from medsec.engines.compliance.fixes import command_lines, edit_target, is_command
from medsec.engines.sbom.ntia import Field

TODAY = "2026-12-01"
NAME = EXAMPLE.name  # the project folder, as the commands name it
Finding = dict[str, Any]
Key = tuple[str, str | None, str, str]


def _key(f: Finding) -> Key:
    """What makes a finding the same finding: rule, subject, message, severity (not its line)."""
    return f["rule"], f["subject"], f["message"], f["severity"]


def _run(*argv: str) -> None:
    """One medsec command, in-process; it must succeed."""
    code = main(list(argv))
    assert code == 0, f"medsec {shlex.join(argv)} exited {code}"


def _scanned(project: Path) -> None:
    """The example after its yearly scan (as the golden tests run it)."""
    _run("scan", NAME)


def _no_register(project: Path) -> None:
    """No threats.yaml yet."""
    (project / "threats.yaml").unlink()


def _no_surface_record(project: Path) -> None:
    """No attack-surface record of any release."""
    shutil.rmtree(project / "records" / "surface")


def _no_assessments(project: Path) -> None:
    """Scanned, but vulnerabilities.yaml was never started."""
    (project / "vulnerabilities.yaml").unlink()
    _run("scan", NAME, "--no-stubs")


def _old_scan(project: Path) -> None:
    """The last scan is more than a year old (its record moved back in time)."""
    _run("scan", NAME)
    record = project / "records" / "scans" / f"{TODAY}.json"
    data = json.loads(record.read_text())
    data["scan"]["date"] = "2025-10-01"
    (record.parent / "2025-10-01.json").write_text(json.dumps(data))
    record.unlink()


def _uart_disabled(project: Path) -> None:
    """The cause of the open pentest finding (the UART console) is gone from the model."""
    path = project / "medsec.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: uart-console\n")
    end = text.index("    production: enabled\n", start)
    rest = text[end + len("    production: enabled\n") :]
    path.write_text(text[:end] + "    production: disabled\n" + rest, encoding="utf-8")


STATES: dict[str, Callable[[Path], None] | None] = {
    "as-is": None,
    "scanned": _scanned,
    "no-register": _no_register,
    "no-surface-record": _no_surface_record,
    "no-assessments": _no_assessments,
    "old-scan": _old_scan,
    "uart-disabled": _uart_disabled,
}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example's advisories imported once into a SQLite database the tests share."""
    path = tmp_path_factory.mktemp("db") / "db.sqlite"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MEDSEC_DB", str(path))
        mp.setenv("CI", "true")
        assert main(["db", "import", str(EXAMPLE / "advisories")]) == 0
    yield path


@pytest.fixture
def place(database: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[str], Path]:
    """A fresh copy of the example in a state; the working folder is the one holding it."""
    monkeypatch.setenv("MEDSEC_DB", str(database))
    monkeypatch.setenv("MEDSEC_TODAY", TODAY)
    monkeypatch.setenv("CI", "true")
    count = iter(range(1000))

    def make(state: str) -> Path:
        base = tmp_path / f"{state}-{next(count)}"
        shutil.copytree(EXAMPLE, base / NAME)
        monkeypatch.chdir(base)
        prepare = STATES[state]
        if prepare is not None:
            prepare(base / NAME)
        return base / NAME

    return make


def _check(project: Path) -> list[Finding]:
    """Every finding ``medsec check --format json`` reports for the project, in order."""
    out = project.parent / "check.json"
    assert main(["check", NAME, "--format", "json", "--output", str(out)]) in (0, 1)
    return [f for item in json.loads(out.read_text())["items"] for f in item["findings"]]


def _commands(findings: list[Finding]) -> dict[str, list[Key]]:
    """Each command fix, with the findings it is attached to."""
    out: dict[str, list[Key]] = {}
    for f in findings:
        if f["fix"] and is_command(f["fix"]):
            out.setdefault(f["fix"], []).append(_key(f))
    return out


@pytest.mark.parametrize("state", list(STATES))
def test_every_printed_command_changes_its_finding(
    state: str, place: Callable[[str], Path]
) -> None:
    commands = _commands(_check(place(state)))
    if state != "as-is":  # the example as it is has its own case: run what is new here
        seen = {(c, k) for c, keys in _commands(_check(place("as-is"))).items() for k in keys}
        commands = {
            c: keys for c, keys in commands.items() if any((c, k) not in seen for k in keys)
        }
    assert commands or state == "scanned", f"no new command fix in state {state}"
    for fix, keys in commands.items():
        unchanged = _unchanged(place, state, fix, keys)
        assert not unchanged, f"'{fix}' left these findings as they were: {unchanged}"


def _unchanged(place: Callable[[str], Path], state: str, fix: str, keys: list[Key]) -> list[Key]:
    """The findings a command fix leaves as they were, run on a fresh copy in that state."""
    lines = command_lines(fix)
    assert all(argv[:2] != ["db", "update"] for argv in lines), f"needs the network: {fix}"
    project = place(state)
    for argv in lines:
        _run(*argv)
    after = Counter(_key(f) for f in _check(project))
    return [k for k in keys if after[k]]


def test_a_command_that_fixes_nothing_is_caught(place: Callable[[str], Path]) -> None:
    """A command that only shows the components leaves the NTIA gap as it was."""
    ntia = [_key(f) for f in _check(place("as-is")) if f["rule"] == "sbom/ntia-incomplete"]
    assert ntia
    assert _unchanged(place, "as-is", f"medsec sbom ls {NAME}", ntia) == ntia


def test_state_names_cover_distinct_commands(place: Callable[[str], Path]) -> None:
    """The states bring out the commands they are there for (else they test nothing new)."""
    fixes = {state: set(_commands(_check(place(state)))) for state in STATES}
    assert f"medsec scan {NAME}" in fixes["as-is"]  # no scan record yet
    assert f"medsec threats {NAME}" in fixes["no-register"]
    assert f"medsec surface {NAME} --record" in fixes["no-surface-record"]
    assert f"medsec scan {NAME}" in fixes["no-assessments"]
    assert f"medsec scan {NAME}" in fixes["old-scan"]
    fixed = f"medsec pentest set PT-2026-01 {NAME} -e pt-2026 --state fixed --change REF --by NAME"
    assert fixed in fixes["uart-disabled"]
    vex = f"medsec vex {NAME} --format cyclonedx -o {NAME}/records/vex/vex.cdx.json"
    assert vex in fixes["as-is"]
    assert f"medsec review {NAME} --item threat-risk-analysis --by NAME" in fixes["as-is"]


# --- edits ------------------------------------------------------------------------------------

_PART = re.compile(r"^([A-Za-z_]+)(?:\[([^\]]*)\])?$")
_ID_KEYS = ("id", "activity", "name", "item", "purl")


def _parts(key: str) -> list[tuple[str, str | None]]:
    """``a[x].b[].c`` as [(a, x), (b, ""), (c, None)]: dots inside brackets stay in the id."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(key + "."):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "." and depth == 0:
            found = _PART.match(key[start:i])
            assert found, f"not a key path: {key!r}"
            parts.append((found[1], found[2]))
            start = i + 1
    return parts


def _select(node: Any, wanted: str) -> Any:
    """The list item with that id (``id``, ``activity``, ``name``, ``purl``), or the mapping entry."""
    if isinstance(node, dict):
        return node.get(wanted)
    for item in node if isinstance(node, list) else ():
        if isinstance(item, dict) and any(item.get(k) == wanted for k in _ID_KEYS):
            return item
    return None


def _resolves(data: Any, key: str) -> bool:
    """Whether the key exists, or is the last key to add under a parent that exists."""
    parts = _parts(key)
    node = data
    for i, (name, wanted) in enumerate(parts):
        last = i == len(parts) - 1
        if not isinstance(node, dict) or name not in node:
            return last and not wanted
        node = node[name]
        if wanted is None:
            continue
        if wanted == "":  # a new (or any) item of a list
            if not isinstance(node, list):
                return False
            node = node[0] if node else {}
            continue
        node = _select(node, wanted)
        if node is None:
            return False
    return True


def _edit_ok(project: Path, fix: str) -> str | None:
    """Why an edit fix does not hold for the project (None: it holds)."""
    file, key = edit_target(fix)
    path = project / file
    if not path.is_file():
        return f"{file} does not exist"
    if path.suffix == ".json":  # an SBOM: the key is the NTIA fields to state
        names = {f.value for f in Field}
        return None if set(key.split(", ")) <= names else f"{key!r} names no SBOM field"
    if _resolves(YAML(typ="safe").load(path.read_text(encoding="utf-8")), key):
        return None
    if f"register it first: medsec threats {NAME}" in fix:  # the command adds the entry
        _run("threats", NAME)
        if _resolves(YAML(typ="safe").load(path.read_text(encoding="utf-8")), key):
            return None
    return f"{key!r} is not in {file} (nor its parent)"


@pytest.mark.parametrize("state", ["as-is", "scanned"])
def test_every_finding_has_a_command_or_an_edit(state: str, place: Callable[[str], Path]) -> None:
    project = place(state)
    findings = _check(project)
    assert findings
    wrong = []
    for f in findings:
        fix = f["fix"]
        if not fix:
            wrong.append(f"{f['rule']}: no fix")
        elif not is_command(fix) and (why := _edit_ok(project, fix)):
            wrong.append(f"{f['rule']}: {fix}: {why}")
    assert not wrong, "\n".join(wrong)


def test_the_edit_checker_refuses_what_does_not_exist(place: Callable[[str], Path]) -> None:
    project = place("as-is")
    assert _edit_ok(project, "medsec.yaml: interfaces[uart-console].production: disabled") is None
    assert _edit_ok(project, "medsec.yaml: interfaces[uart-console].new_key: x") is None
    assert _edit_ok(project, "medsec.yaml: interfaces[no-such].production: disabled")
    assert _edit_ok(project, "medsec.yaml: nothing.production: disabled")
    assert _edit_ok(project, "nowhere.yaml: a: b")
    assert _edit_ok(project, "sbom/pump-fw.spdx.json: colour: red")
