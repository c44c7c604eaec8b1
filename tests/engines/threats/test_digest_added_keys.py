"""The architecture digest survives the format's new keys: unset, they do not count."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import MINIMAL, write_project

from medsec.engines.threats.digest import architecture_digest
from medsec.project.loader import load_project

# the digest of MINIMAL as medsec computed it before hosts, transports and lockout existed
RECORDED = "sha256:eab55b2f4e83c3c40cf51c1325baa2597a61c67f411a06c2b661eca4429e44e8"


def test_a_model_without_the_new_keys_keeps_its_recorded_digest(minimal: Path) -> None:
    assert architecture_digest(load_project(minimal)) == RECORDED


def test_setting_a_new_key_changes_the_digest(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "    replay_protection: true\n", "    replay_protection: true\n    transport: wired\n", 1
    )
    assert architecture_digest(load_project(write_project(tmp_path, text))) != RECORDED
