"""``medsec threats --framework stride|linddun|both``: one register, two frameworks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.helpers import MINIMAL, write_project

from medsec.cli.main import main
from medsec.project.register_file import load_register

HEALTH = MINIMAL.replace(
    "    category: technical\n", "    category: health\n    subjects: patients\n"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _ids(out: str) -> list[str]:
    return [t["id"] for t in json.loads(out)["threats"]]


def _entries(text: str) -> list[str]:
    """The register's entries as their texts."""
    return ["  - id: " + e for e in text.split("\n  - id: ")[1:]]


def test_both_is_the_default_and_json_names_the_category(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path, HEALTH)
    code, out, _ = run(capsys, "threats", str(tmp_path), "--format", "json", "--dry-run")
    assert code == 0
    threats = {t["id"]: t for t in json.loads(out)["threats"]}
    assert threats["LINDDUN-DD@tablet-to-pump"]["linddun"] == ["data-disclosure"]
    assert threats["LINDDUN-DD@tablet-to-pump"]["stride"] == []
    assert threats["STRIDE-I@tablet-to-pump"]["linddun"] == []  # a key added, none renamed


def test_linddun_alone_lists_only_privacy_threats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path, HEALTH)
    code, out, _ = run(capsys, "threats", str(tmp_path), "--framework", "linddun", "-f", "json")
    ids = _ids(out)
    assert code == 0 and ids and all(i.startswith(("LINDDUN-", "MP-")) for i in ids)


def test_stride_alone_writes_the_old_register_and_leaves_privacy_entries_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    # a model without personal data: the register is the same whatever the framework
    write_project(old, MINIMAL)
    write_project(new, MINIMAL)
    assert run(capsys, "threats", str(old), "--framework", "stride")[0] == 0
    assert run(capsys, "threats", str(new))[0] == 0
    assert (old / "threats.yaml").read_text() == (new / "threats.yaml").read_text()
    # with personal data: both registers hold the same STRIDE entries, byte for byte
    write_project(old, HEALTH)
    write_project(new, HEALTH)
    run(capsys, "threats", str(old), "--framework", "stride")
    run(capsys, "threats", str(new))
    both = (new / "threats.yaml").read_text()
    stride = (old / "threats.yaml").read_text()
    assert "linddun:" not in stride and "LINDDUN-" in both
    privacy = ("  - id: LINDDUN-", "  - id: MP-")
    assert _entries(stride) == [e for e in _entries(both) if not e.startswith(privacy)]
    # decide a privacy threat; a STRIDE-only run keeps it as it is (not obsolete, not changed)
    text = both
    marker = "  - id: LINDDUN-L@pump-fw\n"
    start = text.index(marker)
    end = text.index("\n  - id: ", start + 1) + 1
    decided = (
        text[:end]
        + (
            "    decision: accept\n    rationale: the pump keeps only the current infusion\n"
            "    approver: DPO\n    date: 2026-11-01\n    expires: 2027-11-01\n"
        )
        + text[end:]
    )
    (new / "threats.yaml").write_text(decided)
    code, _, err = run(capsys, "threats", str(new), "--framework", "stride")
    assert code == 0 and "0 obsolete" in err
    assert (new / "threats.yaml").read_text() == decided
    code, out, _ = run(capsys, "threats", str(new), "-f", "json", "--today", "2026-12-01")
    accepted = next(t for t in json.loads(out)["threats"] if t["id"] == "LINDDUN-L@pump-fw")
    assert accepted["decision"] == "accept" and accepted["status"] == "accepted"
    assert accepted["rationale"] == "the pump keeps only the current infusion"


def test_the_register_round_trip_keeps_linddun_and_decisions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path, HEALTH)
    run(capsys, "threats", str(tmp_path))
    path = tmp_path / "threats.yaml"
    text = path.read_text()
    assert "    stride: []\n    linddun: [data-disclosure]\n" in text
    marker = "  - id: LINDDUN-DD@pump-fw\n"
    end = text.index("\n  - id: ", text.index(marker) + 1) + 1
    path.write_text(
        text[:end] + "    decision: avoid\n    rationale: the pump forwards only\n" + text[end:]
    )
    for _ in range(2):  # the text reader, then the parse cache the first re-run wrote
        code, _, err = run(capsys, "threats", str(tmp_path))
        assert code == 0 and "0 changed" in err and "0 new" in err
        stored, _ = load_register(tmp_path)
        entry = next(e for e in stored if e.threat.id == "LINDDUN-DD@pump-fw")
        assert [c.value for c in entry.threat.linddun] == ["data-disclosure"]
        assert entry.assessment.rationale == "the pump forwards only"


def test_an_unknown_framework_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path, HEALTH)
    code, _, err = run(capsys, "threats", str(tmp_path), "--framework", "plot4ai")
    assert code == 2 and "both, linddun, stride" in err
    assert not (tmp_path / "threats.yaml").exists()


def test_check_judges_privacy_decisions_like_security_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path, HEALTH)
    run(capsys, "threats", str(tmp_path))
    path = tmp_path / "threats.yaml"
    text = path.read_text()
    marker = "  - id: LINDDUN-I@pump-fw\n"
    end = text.index("\n  - id: ", text.index(marker) + 1) + 1
    path.write_text(text[:end] + "    decision: accept\n    approver: DPO\n" + text[end:])
    code, out, _ = run(capsys, "check", str(tmp_path), "-f", "json", "--today", "2026-12-01")
    assert code == 1
    item = next(i for i in json.loads(out)["items"] if i["id"] == "threat-risk-analysis")
    messages = [f["message"] for f in item["findings"]]
    assert any(m.startswith("LINDDUN-I@pump-fw: acceptance needs rationale") for m in messages), (
        messages
    )
    assert any("LINDDUN-" in m and "no risk decision" in m for m in messages)
