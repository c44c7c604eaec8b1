"""The two shapes of a fix: a medsec command line, or an edit naming the file and the key."""

from __future__ import annotations

import pytest

from medsec.engines.compliance.fixes import (
    command,
    command_lines,
    commands,
    edit,
    edit_target,
    inside,
    is_command,
    listed,
    register_edit,
)


def test_commands_are_quoted_for_the_shell_and_read_back() -> None:
    fix = commands(command("db", "update"), command("scan", "my pump", "--today", "2026-12-01"))
    assert fix == "medsec db update && medsec scan 'my pump' --today 2026-12-01"
    assert is_command(fix)
    assert command_lines(fix) == [["db", "update"], ["scan", "my pump", "--today", "2026-12-01"]]
    with pytest.raises(ValueError, match="not a medsec command"):
        command_lines("medsec scan . && rm -rf x")


def test_paths_inside_the_project_as_the_shell_sees_them() -> None:
    assert inside("infusion-pump", "records/vex/vex.cdx.json") == (
        "infusion-pump/records/vex/vex.cdx.json"
    )
    assert inside(".", "records/vex/vex.cdx.json") == "records/vex/vex.cdx.json"
    assert inside("/abs/pump", "x.json") == "/abs/pump/x.json"


def test_edits_name_file_key_value_and_note() -> None:
    fix = edit("medsec.yaml", "interfaces[uart-console].production", "disabled", note="once off")
    assert fix == "medsec.yaml: interfaces[uart-console].production: disabled (once off)"
    assert not is_command(fix)
    assert edit_target(fix) == ("medsec.yaml", "interfaces[uart-console].production")
    # ids may hold colons, dots and spaces: the key ends outside the brackets
    fid = edit("vulnerabilities.yaml", "vulnerabilities[CVE-1@pkg:pypi/a.b].state", "resolved")
    assert edit_target(fid) == ("vulnerabilities.yaml", "vulnerabilities[CVE-1@pkg:pypi/a.b].state")
    assert edit_target(edit("medsec.yaml", "data", note="all of it")) == ("medsec.yaml", "data")
    with pytest.raises(ValueError, match="not an edit"):
        edit_target("medsec scan .")


def test_an_unregistered_threat_is_registered_first() -> None:
    assert register_edit("MD-1@x", "decision", "accept") == (
        "threats.yaml: threats[MD-1@x].decision: accept"
    )
    assert register_edit("MD-1@x", "controls", unregistered={"MD-1@x"}, folder="pump") == (
        "threats.yaml: threats[MD-1@x].controls (register it first: medsec threats pump)"
    )


def test_listed_shows_a_few_then_how_many() -> None:
    assert listed(["a", "b"]) == "a, b"
    assert listed(["a", "b", "c", "d"]) == "a, b, c, … (4 in all)"
