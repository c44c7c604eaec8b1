"""One direction per interface: the FDA labeling and the security guide state the engine's.

Which way an interface's traffic goes is judged once, by
:func:`medsec.engines.firewall.interface_direction`; the FDA labeling's ports table, the security
guide's ports table and its firewall rules must all say the same of every interface.
"""

from __future__ import annotations

import pytest
from tests.outputs.documents.specs.checked_example import checked, copy_example

from medsec.domain.document import Section, Table
from medsec.engines.firewall import interface_direction
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.fda_premarket import SPEC as FDA
from medsec.outputs.documents.specs.security_guide import SPEC as GUIDE


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> DocumentInputs:
    """The example as judged today, no answers, no drawings."""
    return checked(copy_example(tmp_path_factory.mktemp("directions")))


def _table(sections: tuple[Section, ...], caption: str) -> Table:
    """The one table of these sections whose caption starts with ``caption``."""
    (table,) = (t for s in sections for t in s.tables if t.caption.startswith(caption))
    return table


def _columns(table: Table, *names: str) -> dict[str, tuple[str, ...]]:
    """Each row's first cell (the interface or rule id) -> the cells of the columns ``names``."""
    at = [table.columns.index(n) for n in names]
    return {r.cells[0]: tuple(r.cells[i] for i in at) for r in table.rows}


def test_the_fda_labeling_and_the_security_guide_state_the_engines_direction(
    example: DocumentInputs,
) -> None:
    p = example.ctx.project
    labeling = _columns(
        _table(FDA.sections(example), "Ports and interfaces"), "Direction", "Endpoints"
    )
    ports = _columns(
        _table(GUIDE.sections(example), "Ports, protocols and services"), "Direction", "Peers"
    )
    assert set(labeling) == {i.id for i in p.interfaces}
    assert ports and set(ports) < set(labeling)  # the guide lists the enabled ones
    for i in p.interfaces:
        way, peers = interface_direction(p, i)
        assert labeling[i.id] == (way, ", ".join(peers) or "-"), i.id
        if i.id in ports:
            assert ports[i.id] == labeling[i.id], i.id
    # the example has interfaces of each kind: one way, both ways, and without a flow
    assert {way for way, _ in labeling.values()} == {"incoming", "both", "not stated"}
    assert labeling["wifi"] == ports["wifi"] == ("not stated", "-")


def test_every_firewall_rule_agrees_with_the_direction_of_its_interfaces(
    example: DocumentInputs,
) -> None:
    labeling = _columns(
        _table(FDA.sections(example), "Ports and interfaces"),
        "Element",
        "Protocol / port",
        "Direction",
        "Endpoints",
    )
    rules = _columns(
        _table(GUIDE.sections(example), "Required firewall rules"),
        "Source",
        "Destination",
        "Protocol",
    )
    checked_ends = 0
    for rule, (source, destination, protocol) in rules.items():
        src, dst, proto = source.split(" (")[0], destination.split(" (")[0], protocol.split()[0]
        for element, interface_protocol, way, peers in labeling.values():
            if interface_protocol.split(" / ")[0] != proto:
                continue
            if element == dst:  # the rule lets traffic into this interface, from src
                assert way in ("incoming", "both") and src in peers.split(", "), rule
                checked_ends += 1
            if element == src:  # and out of this one, to dst
                assert way in ("outgoing", "both") and dst in peers.split(", "), rule
                checked_ends += 1
    assert checked_ends >= 4
