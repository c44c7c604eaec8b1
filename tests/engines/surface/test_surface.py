"""Attack-surface score: the documented formula, monotonicity, observed services, comparison."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.engines.pentest.test_mapping import MAPPED
from tests.helpers import MINIMAL, write_project

from medsec.domain.model import Interface, Project
from medsec.domain.pentest import Service
from medsec.domain.surface import SurfaceRecord
from medsec.domain.vocabulary import (
    Authentication,
    Encryption,
    Exposure,
    InterfaceKind,
    Production,
    Protocol,
)
from medsec.engines.surface.compare import (
    attributes,
    compare,
    previous_record,
    version_key,
    weights,
)
from medsec.engines.surface.score import surface
from medsec.project.loader import load_project


def test_formula_on_a_small_project(tmp_path: Path) -> None:
    s = surface(load_project(write_project(tmp_path / "a", MINIMAL)))
    (ble,) = s.entries
    assert ble.weight == 4.0  # adjacent 4 x (1 + strong auth 0 + strong enc 0)
    assert s.score == 4.0 and s.findings == ()
    s = surface(load_project(write_project(tmp_path / "b", MAPPED)))
    weights_by_id = {e.interface: e.weight for e in s.entries}
    # hl7: network 6 x (1 + no auth 1 + no enc 1); telnet disabled 0; portal: internet 10 x 1
    assert weights_by_id == {"ble-gatt": 4.0, "hl7": 18.0, "telnet": 0.0, "portal": 10.0}
    assert s.score == 32.0
    rules = sorted(f.rule for f in s.findings)
    assert rules == ["weak-authentication", "weak-encryption"]


def test_debug_and_unneeded_and_observed(tmp_path: Path) -> None:
    text = MAPPED.replace(
        "data:\n",
        "  - {id: uart, element: pump-fw, kind: debug, protocol: uart, exposure: physical,"
        " authentication: none, production: enabled}\ndata:\n",
        1,
    )
    project = load_project(write_project(tmp_path, text))
    s = surface(project, [Service("10.0.0.7", 22, "tcp", "ssh"), Service("10.0.0.7", 2575, "tcp")])
    uart = next(e for e in s.entries if e.interface == "uart")
    assert uart.weight == 1.0 * (1 + 1 + 0 + 2 + 1)  # physical, no auth, debug, unneeded
    assert [(o.port, o.status, o.weight) for o in s.observed] == [
        (22, "undeclared", 24.0),
        (2575, "declared", 0.0),
    ]
    assert s.score == 32.0 + 5.0 + 24.0
    rules = {f.rule for f in s.findings}
    assert {"debug-in-production", "unneeded", "undeclared-port"} <= rules
    ssh = next(f for f in s.findings if f.rule == "undeclared-port")
    assert "close port 22/tcp (ssh) on pump-fw" in ssh.recommendation


interfaces = st.builds(
    Interface,
    id=st.sampled_from(["a", "b", "c", "d", "e"]),
    element=st.just("pump-fw"),
    kind=st.sampled_from(list(InterfaceKind)),
    protocol=st.none() | st.sampled_from(list(Protocol)),
    exposure=st.none() | st.sampled_from(list(Exposure)),
    authentication=st.none() | st.sampled_from(list(Authentication)),
    encryption=st.none() | st.sampled_from(list(Encryption)),
    production=st.none() | st.just(Production.ENABLED),
    needed_for=st.sampled_from([(), ("program",)]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(interfaces, min_size=1, max_size=5, unique_by=lambda i: i.id), st.data())
def test_disabling_an_interface_lowers_the_score(
    items: list[Interface], data: st.DataObject
) -> None:
    base = _project()
    before = surface(replace(base, interfaces=tuple(items)))
    n = data.draw(st.integers(0, len(items) - 1))
    off = data.draw(st.sampled_from([Production.DISABLED, Production.REMOVED]))
    changed = [replace(i, production=off) if k == n else i for k, i in enumerate(items)]
    after = surface(replace(base, interfaces=tuple(changed)))
    assert after.score < before.score
    stronger = [
        replace(i, authentication=Authentication.MUTUAL_TLS, encryption=Encryption.TLS1_3)
        if k == n
        else i
        for k, i in enumerate(items)
    ]
    assert surface(replace(base, interfaces=tuple(stronger))).score <= before.score


_BASE: list[Project] = []


def _project() -> Project:
    if not _BASE:
        import tempfile

        folder = Path(tempfile.mkdtemp())
        _BASE.append(load_project(write_project(folder, MINIMAL)))
    return _BASE[0]


def test_compare_with_the_previous_release(tmp_path: Path) -> None:
    old = load_project(write_project(tmp_path / "old", MAPPED))
    old_surface = surface(replace(old, device=replace(old.device, version="1.0.0")))
    record = SurfaceRecord(
        "records/surface/1.0.0.json",
        "1.0.0",
        None,
        old_surface.score,
        tuple(weights(old_surface).items()),
        tuple(attributes(old_surface).items()),
    )
    new = replace(
        old,
        device=replace(old.device, version="1.1.0"),
        interfaces=tuple(
            replace(i, authentication=Authentication.CERTIFICATE) if i.id == "hl7" else i
            for i in old.interfaces
        ),
    )
    now = surface(new, [Service("10.0.0.7", 22, "tcp", "ssh")])
    result = compare(now, record)
    changes = {c.subject: (c.change, c.before, c.after, c.why) for c in result.changes}
    assert changes == {
        "10.0.0.7:22/tcp": ("added", 0.0, 24.0, "new: service=ssh status=undeclared"),
        "hl7": ("shrank", 18.0, 12.0, "authentication none → certificate"),
    }
    assert result.delta == 18.0
    assert previous_record([record], "1.1.0") is record
    assert previous_record([record], "1.0.0") is None
    assert version_key("3.10.0") > version_key("3.9.1") > version_key("3.9")
