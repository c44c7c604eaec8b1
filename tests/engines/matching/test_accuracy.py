"""The accuracy benchmark as a test: no unexplained disagreement with the real OSV records."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import matching_accuracy


def test_no_unexplained_disagreement(shared: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not (shared / "fixtures" / "advisories").is_dir():
        pytest.skip("no advisory fixtures in shared/")
    status = matching_accuracy.main(["--shared", str(shared)])
    out = capsys.readouterr().out
    assert "Unexplained disagreements: 0" in out, out
    assert status == 0
    for ecosystem in ("go", "pypi", "packagist", "maven", "npm", "alpine"):
        assert f"\n{ecosystem} " in out
