from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers import MINIMAL, write_project

from medsec.domain.errors import InputError
from medsec.project.loader import load_project


def line_no(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


def problems(folder: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_project(folder)
    return [str(p) for p in info.value.problems]


def test_minimal_loads(minimal: Path) -> None:
    p = load_project(minimal)
    assert p.device.id == "pump"
    assert [e.id for e in p.elements] == ["pump-fw", "tablet"]
    assert p.flows[0].source == "tablet" and p.flows[0].target == "pump-fw"
    assert p.elements[0].line == line_no(MINIMAL, "  - id: pump-fw")
    assert p.hazards_for("pump-fw")[0].id == "HAZ-1"


def test_project_file_can_be_named_directly(minimal: Path) -> None:
    assert load_project(minimal / "medsec.yaml").device.id == "pump"


def test_missing_project_says_how_to_create_one(tmp_path: Path) -> None:
    (msg,) = problems(tmp_path)
    assert "no medsec.yaml" in msg and "medsec init" in msg


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    folder = write_project(tmp_path, "format: medsec/1\ndevice:\n  id: [unclosed\n  name: x\n")
    (msg,) = problems(folder)
    assert "medsec.yaml:" in msg and "malformed YAML" in msg


def test_unknown_key_gets_a_suggestion(tmp_path: Path) -> None:
    folder = write_project(
        tmp_path, MINIMAL.replace("    secure_boot: true", "    secure_bot: true")
    )
    (msg,) = problems(folder)
    n = line_no(MINIMAL, "    secure_boot: true")
    assert f"medsec.yaml:{n}: elements[0].secure_bot: unknown key 'secure_bot'" in msg
    assert "did you mean 'secure_boot'?" in msg


def test_dangling_reference_suggests_the_close_id(tmp_path: Path) -> None:
    folder = write_project(tmp_path, MINIMAL.replace("    to: pump-fw", "    to: pmp-fw"))
    (msg,) = problems(folder)
    assert "flows[0].to: unknown element 'pmp-fw' (did you mean 'pump-fw'?)" in msg
    assert f"medsec.yaml:{line_no(MINIMAL, '    to: pump-fw')}:" in msg


def test_wrong_enum_value_lists_or_suggests(tmp_path: Path) -> None:
    folder = write_project(
        tmp_path, MINIMAL.replace("protocol: ble\n    carries", "protocol: bel\n    carries")
    )
    (msg,) = problems(folder)
    assert "flows[0].protocol: invalid value 'bel'" in msg and "did you mean 'ble'?" in msg


def test_all_errors_reported_at_once(tmp_path: Path) -> None:
    text = MINIMAL.replace("    to: pump-fw", "    to: pmp-fw").replace(
        "applies_to: [tablet-to-pump]", "applies_to: [nowhere]"
    )
    found = problems(write_project(tmp_path, text))
    assert len(found) == 2


def test_duplicate_ids(tmp_path: Path) -> None:
    text = MINIMAL.replace("  - id: tablet\n", "  - id: pump-fw\n").replace(
        "from: tablet", "from: pump-fw"
    )
    found = problems(write_project(tmp_path, text))
    assert any("duplicate element id 'pump-fw'" in m for m in found)


def test_shared_id_namespace(tmp_path: Path) -> None:
    text = MINIMAL.replace("  - id: ble-gatt", "  - id: tablet")
    text = text.replace("needs_interfaces: [ble-gatt]", "needs_interfaces: [tablet]")
    found = problems(write_project(tmp_path, text))
    assert any("id 'tablet' is already used in elements" in m for m in found)


def test_boundary_cycle(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "  - {id: box, name: Enclosure, kind: device}\n  - {id: ward, name: Ward network, kind: network}",
        "  - {id: box, name: Enclosure, kind: device, parent: ward}\n"
        "  - {id: ward, name: Ward network, kind: network, parent: box}",
    )
    found = problems(write_project(tmp_path, text))
    assert any("is its own ancestor" in m for m in found)


def test_large_file_refused_with_limit(tmp_path: Path) -> None:
    folder = write_project(tmp_path)
    with (folder / "medsec.yaml").open("a") as handle:
        handle.write("# " + "x" * 1000 + "\n" * 1)
        handle.truncate(50 * 1024 * 1024)
    (msg,) = problems(folder)
    assert "50.0 MiB" in msg and "limit" in msg


def test_alias_bomb_refused(tmp_path: Path) -> None:
    bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        bomb.append(
            f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]"
        )
    folder = write_project(tmp_path, "\n".join(bomb) + "\n")
    (msg,) = problems(folder)
    assert "alias" in msg


def test_not_utf8(tmp_path: Path) -> None:
    tmp_path.joinpath("medsec.yaml").write_bytes(b"format: medsec/1\ndevice: \xff\xfe\n")
    (msg,) = problems(tmp_path)
    assert "not UTF-8" in msg


def test_future_format_refused(tmp_path: Path) -> None:
    (msg,) = problems(write_project(tmp_path, MINIMAL.replace("medsec/1", "medsec/9")))
    assert "unsupported format 'medsec/9'" in msg


def test_missing_required_key(tmp_path: Path) -> None:
    (msg,) = problems(
        write_project(tmp_path, MINIMAL.replace("  manufacturer: ACME Medical GmbH\n", ""))
    )
    assert "device.manufacturer: required key is missing" in msg


def test_bad_retention_explained(tmp_path: Path) -> None:
    (msg,) = problems(
        write_project(tmp_path, MINIMAL.replace("retention: P30D", "retention: 30 days"))
    )
    assert "ISO 8601" in msg


def test_design_document_example_has_dangling_refs(shared: Path) -> None:
    folder = Path(__file__).resolve().parents[1] / "fixtures" / "projects" / "design-example"
    found = problems(folder)
    assert any("unknown element 'clinician-app'" in m for m in found)


def test_atomic_write_keeps_a_normal_file_mode(tmp_path: Path) -> None:
    from medsec.project.atomic import write_atomic

    target = tmp_path / "out.txt"
    write_atomic(target, "x")
    assert target.stat().st_mode & 0o044  # readable by group/others as with open()
    target.chmod(0o640)
    write_atomic(target, "y")
    assert target.stat().st_mode & 0o777 == 0o640 and target.read_text() == "y"


def test_impossible_date_is_a_located_error(tmp_path: Path) -> None:
    text = MINIMAL + "reviews:\n  - {item: threat-risk-analysis, date: 2025-13-40, by: J. Doe}\n"
    (msg,) = problems(write_project(tmp_path, text))
    assert "reviews[0].date" in msg and f"medsec.yaml:{len(text.splitlines())}" in msg
