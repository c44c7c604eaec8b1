"""Issue 13, acceptance 7: sign-offs expire when what they cover changes.

Before: a release review dated before every design change and before the new threat-model
review was not flagged, and adding an SBOM path to an element invalidated the architecture
review. Now ``medsec review`` records digests of the architecture, the model, the threat
register and the SBOMs; the release review must follow every other review and match today's
model, register and SBOMs; the threat and risk analysis review covers the architecture (not
SBOM paths) and the register.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE

from medsec.cli.main import main

NAME = EXAMPLE.name


@pytest.fixture
def project(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A copy of the example, checked on 2026-12-01 from the folder holding it."""
    monkeypatch.setenv("MEDSEC_TODAY", "2026-12-01")
    monkeypatch.setenv("MEDSEC_DB", str(tmp_path / "db.sqlite"))
    monkeypatch.setenv("CI", "true")
    shutil.copytree(EXAMPLE, tmp_path / NAME)
    monkeypatch.chdir(tmp_path)
    return tmp_path / NAME


def _findings(project: Path, item: str) -> dict[str, list[str]]:
    """Rule → messages of one checklist item."""
    out = project.parent / "check.json"
    assert main(["check", NAME, "--format", "json", "--output", str(out)]) in (0, 1)
    found = next(i for i in json.loads(out.read_text())["items"] if i["id"] == item)
    rules: dict[str, list[str]] = {}
    for f in found["findings"]:
        rules.setdefault(f["rule"].split("/", 1)[1], []).append(f["message"])
    return rules


def _review(item: str) -> None:
    assert main(["review", NAME, "--item", item, "--by", "A. Lindqvist"]) == 0


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_release_review_before_the_new_threat_model_review_is_flagged(project: Path) -> None:
    assert "release-review-outdated" in _findings(project, "security-by-design")  # no digests
    _review("threat-risk-analysis")
    (message,) = _findings(project, "security-by-design")["release-review-outdated"]
    assert message == (
        "the release review (2026-09-14) predates the review of threat-risk-analysis (2026-12-01)"
    )
    _review("release-review")
    assert "release-review-outdated" not in _findings(project, "security-by-design")
    threat_rules = _findings(project, "threat-risk-analysis")
    assert not {"architecture-changed", "register-changed"} & set(threat_rules)


def test_a_design_change_after_the_sign_offs_makes_both_stale(project: Path) -> None:
    _review("threat-risk-analysis")
    _review("release-review")
    medsec = project / "medsec.yaml"
    _replace(
        medsec,
        "    lockout: true                    # GOOD: three wrong PINs",
        "    lockout: false  #",
    )
    (message,) = _findings(project, "security-by-design")["release-review-outdated"]
    assert message.startswith("since the release review (2026-12-01): the model changed")
    assert {"architecture-changed", "register-changed"} <= set(
        _findings(project, "threat-risk-analysis")
    )


def test_an_sbom_path_is_not_architecture_but_the_release_covers_the_sboms(
    project: Path,
) -> None:
    _review("threat-risk-analysis")
    _review("release-review")
    medsec = project / "medsec.yaml"
    shutil.copy(project / "sbom" / "cloud-service.cdx.json", project / "sbom" / "drug-lib.cdx.json")
    _replace(
        medsec,
        "    credentials: shared-default\n",
        "    credentials: shared-default\n    sbom: [sbom/drug-lib.cdx.json]\n",
    )
    assert "architecture-changed" not in _findings(project, "threat-risk-analysis")
    (message,) = _findings(project, "security-by-design")["release-review-outdated"]
    assert message == "since the release review (2026-12-01): the model changed, the SBOMs changed"


def test_a_changed_sbom_file_makes_the_release_review_stale(project: Path) -> None:
    _review("threat-risk-analysis")
    _review("release-review")
    _replace(
        project / "sbom" / "cloud-service.cdx.json", '"version": "0.110.0"', '"version": "0.110.1"'
    )
    (message,) = _findings(project, "security-by-design")["release-review-outdated"]
    assert message == "since the release review (2026-12-01): the SBOMs changed"
    assert "architecture-changed" not in _findings(project, "threat-risk-analysis")
