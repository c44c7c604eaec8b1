"""Issue 12, defects 7 and 10: every text reaching SPDX tag-value or CycloneDX XML goes through
that format's one escaping function, and any string round-trips (or comes back escaped)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medsec.domain.component import Component, Origin, SupportStatus
from medsec.domain.device_sbom import DeviceSbom, ElementSbom
from medsec.outputs.sbom import cyclonedx, spdx2, text
from medsec.outputs.sbom.spdx2 import tag_value
from medsec.outputs.sbom.view import ListingView
from medsec.outputs.xmlchars import xml_text
from medsec.sources.sbom import normalise
from medsec.sources.sbom.registry import read

INJECTION = "x\n</text>\nPackageName: injected\nSPDXID: SPDXRef-injected"
TEXT = st.text(max_size=40) | st.sampled_from(
    [INJECTION, "<text>", "</text>", "a\r\nb", "a\rb", "\x07", "\x00", "\ufffe", "\x85"]
)


def device(name: str, version: str = "1", description: str | None = None) -> DeviceSbom:
    """A device whose one element holds one component with the given texts."""
    component = Component(
        ref="fw:c",
        name=name,
        version=version,
        description=description,
        supplier=name,
        purl=f"pkg:generic/{name}",
        origin=Origin("c.json", "c"),
    )
    element = ElementSbom("fw", "Firmware", (component,), roots=("fw:c",))
    return DeviceSbom("pump", "Pump", "1.0", "ACME", datetime(2026, 1, 1, tzinfo=UTC), (element,))


# --- 7. SPDX tag-value -------------------------------------------------------------------------


def test_a_name_cannot_inject_a_package_into_tag_value() -> None:
    text = spdx2.render_tagvalue(device(INJECTION))
    back = read(text.encode(), source="export.spdx").document
    assert "injected" not in {c.name for c in back.components}
    assert len(back.components) == 3  # the device, the element, the component
    assert "PackageName: <text>x\n<\\/text>\nPackageName: injected" in text


def tag_value_oracle(text: str) -> str:
    """What the reader must give back for ``text``, from the tag-value rule alone: values with
    a line break or a leading <text> are wrapped and their </text> written as <\\/text>; a
    NUL is written as \\x00."""
    text = text.replace("\x00", "\\x00")
    wrapped = bool(re.search(r"[\r\n]", text)) or text.lstrip().startswith("<text>")
    return normalise.text(text.replace("</text>", "<\\/text>") if wrapped else text) or ""


@settings(max_examples=300, deadline=None)
@given(name=TEXT, version=TEXT, description=TEXT)
def test_any_text_round_trips_through_tag_value(name: str, version: str, description: str) -> None:
    sbom = device(name, version, description)
    back = read(spdx2.render_tagvalue(sbom).encode(), source="export.spdx").document
    assert len(back.components) == 3, "a value created or swallowed a package"
    component = next(c for c in back.components if c.ref == spdx2.spdx_id("fw:c"))
    assert component.name == tag_value_oracle(name or "(unnamed)")
    assert (component.version or "") == tag_value_oracle(version)
    assert (component.description or "") == tag_value_oracle(description)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("plain", "plain"),
        (True, "true"),
        ("two\nlines", "<text>two\nlines</text>"),
        ("<text>starts like a block", "<text><text>starts like a block</text>"),
        ("a\n</text>b", "<text>a\n<\\/text>b</text>"),
        ("one line </text> is harmless", "one line </text> is harmless"),
        ("nul\x00inside", "nul\\x00inside"),
    ],
)
def test_tag_value_escaping_rule(value: object, written: str) -> None:
    assert tag_value(value) == written


# --- 10. CycloneDX XML -------------------------------------------------------------------------


def test_a_control_character_in_a_name_is_escaped_not_a_crash() -> None:
    xml = cyclonedx.render_xml(device("zl\x07ib\x00"))
    back = read(xml.encode(), source="export.cdx.xml").document
    assert "zl\\x07ib\\x00" in {c.name for c in back.components}


def xml_oracle(text: str) -> str:
    """What comes back: forbidden characters escaped, then tabs and line breaks made spaces
    (cyclonedx-python-lib writes these fields as XML Schema normalizedString)."""
    return normalise.text(re.sub(r"\r\n|\t|\n|\r", " ", xml_text(text))) or ""


@settings(max_examples=200, deadline=None)
@given(name=TEXT, version=TEXT, description=TEXT)
def test_any_text_survives_cyclonedx_xml(name: str, version: str, description: str) -> None:
    sbom = device(name or "n", version, description)
    back = read(cyclonedx.render_xml(sbom).encode(), source="export.cdx.xml").document
    component = next(c for c in back.components if c.ref == "fw:c")
    assert component.name == xml_oracle(name or "n")
    assert (component.version or "") == xml_oracle(version)
    assert (component.description or "") == xml_oracle(description)


@given(st.text())
def test_xml_text_keeps_what_xml_allows_and_escapes_the_rest(text: str) -> None:
    safe = xml_text(text)
    assert not re.search("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", safe)
    if safe == text:
        return
    assert re.search(r"\\x[0-9a-f]{2}|\\u[0-9a-f]{4}", safe)


def test_json_exports_keep_control_characters_as_they_are() -> None:
    sbom = device("zl\x07ib")
    back = read(cyclonedx.render_json(sbom).encode(), source="export.cdx.json").document
    assert "zl\x07ib" in {c.name for c in back.components}
    assert replace(sbom).elements[0].components[0].name == "zl\x07ib"  # the model is untouched


# --- terminal tables ---------------------------------------------------------------------------


def test_terminal_tables_show_control_characters_as_escapes() -> None:
    hostile = device("evil\x1b[2J\nNAME").elements[0].components[0]
    listing = text.listing(ListingView(items=((hostile, SupportStatus.UNKNOWN),), warnings=()))
    assert "\x1b" not in listing and "evil\\x1b[2J\\x0aNAME" in listing
    assert len(listing.splitlines()) == 4  # header, one row, blank line, count
