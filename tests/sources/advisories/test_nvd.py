from __future__ import annotations

import contextlib
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medsec.domain.errors import InputError
from medsec.sources.advisories import nvd


def test_every_real_record_parses(nvd_dir: Path) -> None:
    files = sorted(nvd_dir.glob("*.json"))
    assert len(files) >= 20
    for file in files:
        page = nvd.parse(file.read_bytes(), source=str(file))
        assert [a.id for a in page.advisories] == [file.stem]
        assert page.advisories[0].source == "nvd"


def test_libwebp_record(nvd_dir: Path) -> None:
    page = nvd.parse((nvd_dir / "CVE-2023-4863.json").read_bytes(), source="x")
    (advisory,) = page.advisories
    assert advisory.severity[0].type == "CVSS_V3"
    assert advisory.severity[0].vector == "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H"
    assert advisory.cwes == ("CWE-787",)
    assert advisory.details.startswith("Heap buffer overflow in libwebp")
    criteria = [m.criteria for c in advisory.configurations for n in c.nodes for m in n.matches]
    assert "cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*" in criteria
    chrome = advisory.configurations[0].nodes[0].matches[0]
    assert chrome.version_end_excluding == "116.0.5845.187"
    assert advisory.modified is not None and advisory.modified.tzinfo is not None
    assert page.total_results == 1 and page.next_index is None


def test_pagination() -> None:
    doc = {"resultsPerPage": 2, "startIndex": 0, "totalResults": 5, "vulnerabilities": []}
    assert nvd.parse(orjson.dumps(doc), source="p").next_index == 2
    doc["startIndex"] = 4
    assert nvd.parse(orjson.dumps(doc), source="p").next_index is None


def test_rejected_cve_is_withdrawn() -> None:
    cve = {"id": "CVE-2020-1", "vulnStatus": "Rejected", "lastModified": "2024-01-01T00:00:00.000"}
    page = nvd.parse(orjson.dumps({"vulnerabilities": [{"cve": cve}]}), source="p")
    assert page.advisories[0].withdrawn is not None


def test_a_page_cut_in_half_is_an_error(nvd_dir: Path) -> None:
    data = (nvd_dir / "CVE-2023-4863.json").read_bytes()
    with pytest.raises(InputError, match="cut short"):
        nvd.parse(data[: len(data) // 2], source="half.json")


def test_legacy_and_foreign_documents() -> None:
    with pytest.raises(InputError, match=r"1\.1 feed"):
        nvd.parse(b'{"CVE_Items": []}', source="old.json")
    with pytest.raises(InputError, match="vulnerabilities"):
        nvd.parse(b'{"id": "GHSA-x"}', source="osv.json")
    with pytest.raises(InputError, match="not a CPE"):
        bad = {"id": "CVE-1-1", "configurations": [{"nodes": [{"cpeMatch": [{"criteria": "x"}]}]}]}
        nvd.parse(orjson.dumps({"vulnerabilities": [{"cve": bad}]}), source="bad.json")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_never_crashes_on_garbage(data: bytes) -> None:
    with contextlib.suppress(InputError):
        nvd.parse(data, source="fuzz")


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-1000, 1000) | st.text(max_size=5),
        lambda c: (
            st.lists(c, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "cve",
                        "configurations",
                        "nodes",
                        "cpeMatch",
                        "metrics",
                        "weaknesses",
                        "descriptions",
                    ]
                ),
                c,
                max_size=4,
            )
        ),
        max_leaves=12,
    )
)
def test_never_crashes_on_odd_shapes(cve: object) -> None:
    with contextlib.suppress(InputError):
        nvd.parse(orjson.dumps({"vulnerabilities": [{"cve": cve}]}), source="fuzz")
