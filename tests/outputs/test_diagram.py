"""The data-flow diagram: DOT, Mermaid and SVG."""

from __future__ import annotations

import re
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from medsec.domain.model import Boundary, Element, Flow, Interface
from medsec.domain.vocabulary import (
    Authentication,
    BoundaryKind,
    ElementType,
    Encryption,
    InterfaceKind,
    Production,
    Protocol,
)
from medsec.outputs import diagram
from medsec.outputs.diagram import (
    dot_quote,
    flow_label,
    html_text,
    is_weak,
    mermaid_text,
    to_dot,
    to_mermaid,
)
from medsec.outputs.diagram_parts import around, groups, overview_dot
from medsec.outputs.drawing import engine
from medsec.outputs.drawing.engine import to_svg

needs_engine = pytest.mark.skipif(
    engine.find() is None,
    reason="no layout engine (graphviz-pure is a dependency of medsec; or Graphviz's dot)",
)


def _dot_clusters(dot: str) -> dict[str, str | None]:
    """cluster id -> enclosing cluster id, read from the brace structure of the DOT text."""
    parents: dict[str, str | None] = {}
    stack: list[str | None] = []
    for line in dot.splitlines()[1:]:
        m = re.match(r'\s*subgraph "cluster_([^"]+)" \{$', line)
        if m:
            parents[m.group(1)] = next((s for s in reversed(stack) if s), None)
            stack.append(m.group(1))
        elif line.strip() == "}" and stack:
            stack.pop()
    return parents


def _edge(dot: str, source: str, target: str) -> str:
    lines = [x for x in dot.splitlines() if f'"element:{source}" -> "element:{target}"' in x]
    assert len(lines) == 1, lines
    return lines[0]


def _mermaid_nesting(text: str) -> dict[str, str | None]:
    parents: dict[str, str | None] = {}
    stack: list[str] = []
    for line in text.splitlines():
        word = line.strip().split(" ", 1)[0]
        if word == "subgraph":
            sid = line.split()[1]
            parents[sid] = stack[-1] if stack else None
            stack.append(sid)
        elif word == "end":
            assert stack, "'end' without subgraph"
            stack.pop()
    assert not stack, f"unclosed subgraphs: {stack}"
    return parents


# --- labels ------------------------------------------------------------------------------------


def test_flow_label_shows_protocol_and_protection(project):
    labels = {f.id: flow_label(f) for f in project.flows}
    assert labels["tablet-to-pump"] == "ble · ble-numeric-comparison / ble-lesc"
    assert labels["pump-to-his"] == "hl7-mllp · no auth / cleartext"
    assert labels["pump-to-log"] == "internal · auth ? / encryption ?"
    assert flow_label(Flow("x", "a", "b")) == "protocol ? · auth ? / encryption ?"


@pytest.mark.parametrize(
    ("auth", "enc", "weak"),
    [
        (Authentication.MUTUAL_TLS, Encryption.TLS1_3, False),
        (Authentication.BLE_NUMERIC_COMPARISON, Encryption.BLE_LESC, False),
        (Authentication.NONE, Encryption.TLS1_3, True),
        (Authentication.BLE_JUST_WORKS, Encryption.BLE_LESC, True),
        (Authentication.CERTIFICATE, Encryption.NONE, True),
        (Authentication.CERTIFICATE, Encryption.BLE_LEGACY, True),
        (Authentication.CERTIFICATE, Encryption.TLS1_0, True),
        (None, Encryption.TLS1_3, True),
        (Authentication.CERTIFICATE, None, True),
    ],
)
def test_weak_flows(auth, enc, weak):
    assert is_weak(Flow("f", "a", "b", authentication=auth, encryption=enc)) is weak


# --- DOT ---------------------------------------------------------------------------------------


def test_dot_clusters_nest_like_the_boundaries(project):
    assert _dot_clusters(to_dot(project)) == {
        "hospital": None,
        "ward": "hospital",
        "pump": "ward",
        "cloud": None,
    }


def test_dot_elements_sit_in_their_cluster_and_are_shaped_by_type(project):
    dot = to_dot(project)
    pump = dot.index('subgraph "cluster_pump"')
    cloud = dot.index('subgraph "cluster_cloud"')
    fw = dot.index('"element:pump-fw" [')
    assert pump < fw < cloud
    fw_line = next(x for x in dot.splitlines() if x.strip().startswith('"element:pump-fw" ['))
    assert 'shape="box", style="rounded"' in fw_line  # a process
    assert "<td>Pump controller<br/>firmware</td>" in fw_line  # wrapped to print at 8 pt
    assert '"element:dose-log" [shape="cylinder"' in dot
    assert '"element:clinician" [shape="box", style="solid"' in dot


def test_dot_edges_carry_id_and_protocol_and_weak_ones_are_red_dashed(project):
    dot = to_dot(project)
    strong = _edge(dot, "clinician", "pump-fw")
    assert 'label="tablet-to-pump\\nble"' in strong
    assert "dashed" not in strong and "#c62828" not in strong
    weak = _edge(dot, "pump-fw", "his")
    assert 'label="pump-to-his\\nhl7-mllp"' in weak
    assert 'style="dashed"' in weak and 'color="#c62828"' in weak
    unknown = _edge(dot, "pump-fw", "dose-log")
    assert 'style="dashed"' in unknown


def test_dot_lists_interfaces_in_their_element_and_highlights_enabled_debug(project):
    dot = to_dot(project)
    fw = next(x for x in dot.splitlines() if x.strip().startswith('"element:pump-fw" ['))
    assert 'bgcolor="#ffcdd2"' in fw and "<b>jtag: ENABLED<br/>in production</b>" in fw
    assert "uart (disabled)" in fw
    assert '"interface:' not in dot  # no interface nodes: rows of their element


def test_dot_every_text_is_one_size_for_print(project):
    sizes = set(re.findall(r'fontsize="(\d+)"', to_dot(project)))
    assert sizes == {str(diagram.FONT_SIZE)}
    assert "point-size" not in to_dot(project)


def test_dot_muted_neighbours_are_grey_without_interfaces(project):
    dot = to_dot(project, muted=frozenset({"pump-fw"}))
    fw = next(x for x in dot.splitlines() if x.strip().startswith('"element:pump-fw" ['))
    assert 'color="#9e9e9e"' in fw and "jtag" not in fw


def test_html_labels_escape_markup():
    assert html_text('a<b>&"c"') == "a&lt;b&gt;&amp;&quot;c&quot;"
    assert html_text("tab\there") == "tab here"


def test_parts_of_a_large_diagram(project):
    group = groups(project)
    assert group["pump-fw"] == "hospital" and group["fleet"] == "cloud"
    part, muted = around(project, "cloud")
    assert {e.id for e in part.elements} - muted == {"fleet"}
    assert muted and all(group[m] != "cloud" for m in muted)
    assert all("fleet" in (f.source, f.target) for f in part.flows)
    assert {b.id for b in part.boundaries} >= {"cloud", "hospital"}
    overview = overview_dot(project)
    assert '"group:hospital" -> "group:cloud"' in overview or (
        '"group:cloud" -> "group:hospital"' in overview
    )
    assert "flows inside" in overview


def test_dot_quotes_user_text():
    assert dot_quote('say "hi"') == '"say \\"hi\\""'
    assert dot_quote("back\\slash \\N") == '"back\\\\slash \\\\N"'
    assert dot_quote("two\nlines") == '"two\\nlines"'
    assert dot_quote("trailing\\") == '"trailing\\\\"'


def test_dot_escapes_names_and_ids(project):
    nasty = replace(
        project,
        elements=(
            *project.elements,
            Element('x"y', 'He said "stop" \\ <b>', ElementType.PROCESS, boundary="pump"),
        ),
    )
    dot = to_dot(nasty)
    assert '"element:x\\"y" [' in dot
    assert "He said &quot;stop&quot; \\<br/>&lt;b&gt;" in dot  # escaped, then wrapped


def test_dot_is_deterministic(project, build_project):
    assert to_dot(project) == to_dot(project) == to_dot(build_project())


def test_dot_keeps_elements_of_unknown_or_cyclic_boundaries(project):
    odd = replace(
        project,
        boundaries=(
            Boundary("a", "A", BoundaryKind.DEVICE, parent="b"),
            Boundary("b", "B", BoundaryKind.DEVICE, parent="a"),
            Boundary("c", "C", BoundaryKind.DEVICE, parent="missing"),
        ),
        elements=(
            Element("e1", "E1", ElementType.PROCESS, boundary="a"),
            Element("e2", "E2", ElementType.PROCESS, boundary="c"),
            Element("e3", "E3", ElementType.PROCESS, boundary="nowhere"),
        ),
        flows=(),
        interfaces=(Interface("orphan", "no-such-element", InterfaceKind.USB),),
    )
    dot = to_dot(odd)
    for node in ("element:e1", "element:e2", "element:e3", "interface:orphan"):
        assert f'"{node}" [' in dot  # an interface of no known element: a box of its own
    assert _dot_clusters(dot) == {"c": None, "a": None, "b": "a"}
    assert dot.count("{") == dot.count("}")


# --- Mermaid -----------------------------------------------------------------------------------


def test_mermaid_is_well_formed_and_nested(project):
    text = to_mermaid(project)
    assert text.startswith("flowchart LR\n")
    assert _mermaid_nesting(text) == {
        "b_hospital": None,
        "b_ward": "b_hospital",
        "b_pump": "b_ward",
        "b_cloud": None,
    }
    for line in text.splitlines()[1:]:
        # every quoted string is closed and holds no raw quote
        assert line.count('"') % 2 == 0, line


def test_mermaid_labels_and_weak_link_styles(project):
    text = to_mermaid(project)
    assert 'e_clinician -->|"ble · ble-numeric-comparison / ble-lesc"| e_pump_fw' in text
    assert 'e_pump_fw -.->|"hl7-mllp · no auth / cleartext"| e_his' in text
    assert 'e_dose_log[("Dose log")]' in text
    assert "class i_jtag exposed" in text
    links = [x.strip() for x in text.splitlines() if re.search(r" (---|-->|-\.->)", x)]
    style = next(x for x in text.splitlines() if x.strip().startswith("linkStyle"))
    indices = [int(n) for n in style.split()[1].split(",")]
    assert indices and all("-.->" in links[n] for n in indices)
    assert sum("-.->" in x for x in links) == len(indices)


def test_mermaid_escapes_special_characters(project):
    assert (
        mermaid_text('a "b" <script>&#x`|\n')
        == "a #quot;b#quot; #lt;script#gt;#amp;#35;x#96;#124; "
    )
    nasty = replace(
        project,
        device=replace(project.device, name="n"),
        elements=(
            Element("end", 'The "end" <script>alert(1)</script>', ElementType.ACTOR),
            Element("a-b", "dash", ElementType.ACTOR),
            Element("a_b", "underscore", ElementType.ACTOR),
        ),
        boundaries=(),
        interfaces=(),
        flows=(Flow("f", "end", "a-b", name='x"|y'),),
    )
    text = to_mermaid(nasty)
    assert "<script>" not in text
    assert 'e_end["The #quot;end#quot; #lt;script#gt;alert(1)#lt;/script#gt;"]' in text
    ids = re.findall(r"^\s*(\w+)\[", text, flags=re.MULTILINE)
    assert ids == ["e_end", "e_a_b", "e_a_b_2"]
    assert '|"x#quot;#124;y<br/>protocol ? · auth ? / encryption ?"|' in text


def test_mermaid_is_deterministic(project, build_project):
    assert to_mermaid(project) == to_mermaid(build_project())


# --- SVG ---------------------------------------------------------------------------------------


def test_to_svg_without_an_engine_is_none(monkeypatch, project):
    monkeypatch.setattr(engine, "find", lambda: None)
    assert to_svg(to_dot(project)) is None


def test_the_bundled_engine_is_found_without_path(monkeypatch):
    monkeypatch.setenv("PATH", "")
    found = engine.find()
    if found is None:
        pytest.skip("graphviz-pure is not installed in this environment (a dependency of medsec)")
    assert found.name.startswith(engine.BUNDLED)


def test_system_dot_is_the_fallback(monkeypatch, tmp_path: Path):
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\necho '<svg></svg>'\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(engine, "_scripts_dirs", list)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert engine.find() == fake
    assert to_svg("digraph {}") == "<svg></svg>\n"


@needs_engine
def test_to_svg_renders_an_inline_svg(project):
    svg = to_svg(to_dot(project))
    assert svg is not None
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg
    for cluster in ("hospital", "ward", "pump", "cloud"):
        assert f"<title>cluster_{cluster}</title>" in svg
    assert "pump&#45;to&#45;his" in svg or "pump-to-his" in svg
    assert svg == to_svg(to_dot(project))


@needs_engine
def test_to_svg_parses_escaped_user_text(project):
    nasty = replace(
        project,
        elements=(
            *project.elements,
            Element('q"id', 'Say "hi" <script>alert(1)</script> \\N', ElementType.PROCESS),
        ),
        flows=(*project.flows, Flow("odd", 'q"id', "his", protocol=Protocol.HTTP)),
        interfaces=(
            *project.interfaces,
            Interface("s<w>d", 'q"id', InterfaceKind.DEBUG, production=None),
        ),
    )
    svg = to_svg(to_dot(nasty))
    assert svg is not None
    assert "<script>" not in svg and "<w>" not in svg
    assert "&lt;script&gt;" in svg and "s&lt;w&gt;d" in svg


def test_to_svg_failure_is_none(monkeypatch):
    monkeypatch.setattr(engine, "find", lambda: Path("/bin/false"))
    assert to_svg("digraph {}") is None


@needs_engine
def test_to_svg_invalid_dot_is_none():
    assert to_svg("digraph { this is not dot") is None


def test_interface_production_unknown_is_highlighted_for_debug():
    iface = Interface("swd", "fw", InterfaceKind.DEBUG, protocol=Protocol.SWD)
    assert diagram.exposed_debug(iface)
    assert diagram.interface_lines(iface) == ("swd", "debug · swd · production ?")
    assert not diagram.exposed_debug(replace(iface, production=Production.REMOVED))
