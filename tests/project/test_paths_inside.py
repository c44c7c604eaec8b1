"""Issue 12 #11: every path medsec.yaml names stays inside the project, unless --allow-outside.

Before: ``sbom: [/etc/passwd]`` or ``../../…/etc/passwd`` passed ``validate`` and ``sbom ls``
printed the file's first line; a symbolic link out of the project was followed silently.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from tests.helpers import MINIMAL, write_project

from medsec.cli.main import main
from medsec.domain.errors import InputError
from medsec.project.containment import outside_allowed
from medsec.project.loader import load_project

SECRET = "root:x:0:0:secret-first-line"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere" / "passwd"
    secret.parent.mkdir()
    secret.write_text(SECRET + "\n")
    return secret


def _project(tmp_path: Path, sbom: str) -> Path:
    text = MINIMAL.replace(
        "    hazards: [HAZ-1]\n", f"    hazards: [HAZ-1]\n    sbom: ['{sbom}']\n", 1
    )
    assert text != MINIMAL
    return write_project(tmp_path / "proj" / "p", text)


def _names(tmp_path: Path, outside: Path, how: str) -> Path:
    """A project whose first element names the outside file ``how``."""
    if how == "absolute":
        return _project(tmp_path, str(outside))
    if how == "dot-dot":
        return _project(tmp_path, "../" * 8 + str(outside).lstrip("/"))
    root = _project(tmp_path, "sbom/fw.spdx.json" if how == "link" else "linked/passwd")
    if how == "link":
        (root / "sbom").mkdir()
        os.symlink(outside, root / "sbom" / "fw.spdx.json")
    else:  # a folder on the way is a link out of the project
        os.symlink(outside.parent, root / "linked")
    return root


HOW = ["absolute", "dot-dot", "link", "linked-folder"]


@pytest.mark.parametrize("how", HOW)
def test_validate_refuses_a_path_out_of_the_project_with_its_line(
    tmp_path: Path, outside: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    root = _names(tmp_path, outside, how)
    assert main(["validate", str(root)]) == 3
    err = capsys.readouterr().err
    assert "elements[0].sbom[0]" in err and "--allow-outside" in err
    assert "medsec.yaml:" in err
    assert "outside the project" in err or "absolute path" in err


@pytest.mark.parametrize("how", HOW)
def test_sbom_ls_never_prints_the_outside_file(
    tmp_path: Path, outside: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    root = _names(tmp_path, outside, how)
    assert main(["sbom", "ls", str(root)]) == 3
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err


@pytest.mark.parametrize("how", HOW)
def test_allow_outside_accepts_what_the_user_asked_for(
    tmp_path: Path, outside: Path, how: str
) -> None:
    root = _names(tmp_path, outside, how)
    with pytest.raises(InputError):
        load_project(root)
    with outside_allowed():
        assert load_project(root).elements[0].sbom
    with pytest.raises(InputError):  # the permission ends with the command
        load_project(root)


def test_allow_outside_is_an_option_of_the_commands_that_read_project_paths(
    tmp_path: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _names(tmp_path, outside, "absolute")
    main(["validate", str(root), "--allow-outside"])
    assert "outside the project" not in capsys.readouterr().err


def test_links_that_stay_inside_the_project_are_fine(tmp_path: Path) -> None:
    root = _project(tmp_path, "sbom/current.json")
    (root / "sbom").mkdir()
    shutil.copyfile(
        Path(__file__).resolve().parents[2]
        / "examples"
        / "infusion-pump"
        / "sbom"
        / "pump-fw.spdx.json",
        root / "sbom" / "v1.json",
    )
    os.symlink("v1.json", root / "sbom" / "current.json")
    assert load_project(root).elements[0].sbom == ("sbom/current.json",)
