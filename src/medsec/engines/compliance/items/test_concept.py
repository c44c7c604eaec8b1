from medsec.domain.checklist import ItemStatus
from medsec.domain.pentest import Service
from medsec.domain.surface import SurfaceRecord
from medsec.domain.vocabulary import (
    Authentication,
    Encryption,
    InterfaceKind,
    Production,
    Protocol,
)
from medsec.engines.compliance.items._fixtures import builder, context, project, rules
from medsec.engines.compliance.items.concept import (
    ITEM,
    debug_closed,
    interfaces_declared,
    links_protected,
    needed,
    observed_services,
    production_state,
    service_fix,
    surface_growth,
    surface_record_current,
    surface_recorded,
)
from medsec.engines.pentest.mapping import MappingIssue
from medsec.engines.surface.score import surface
from medsec.engines.threats.rules._fixtures import interface, use_case

JTAG = interface("jtag", kind=InterfaceKind.DEBUG, protocol=Protocol.JTAG)
WIFI = interface(
    "wifi",
    kind=InterfaceKind.WIRELESS,
    protocol=Protocol.WIFI,
    authentication=Authentication.CERTIFICATE,
    encryption=Encryption.WPA3,
    production=Production.ENABLED,
    needed_for=("update",),
)


def _record(version: str, score: float, rationale: str | None = None) -> SurfaceRecord:
    return SurfaceRecord(f"records/surface/{version}.json", version, None, score, (), (), rationale)


def test_interfaces_declared() -> None:
    b = builder(ITEM)
    assert not interfaces_declared(b, project())
    assert b.rules() == ["no-interfaces"]
    b = builder(ITEM)
    assert interfaces_declared(b, project(interfaces=(WIFI,)))
    assert b.rules() == []


def test_production_state() -> None:
    b = builder(ITEM)
    production_state(b, JTAG)
    assert b.rules() == ["production-unknown"]
    b = builder(ITEM)
    production_state(b, WIFI)
    assert b.rules() == []


def test_needed_by_a_use_case_or_for_a_stated_purpose() -> None:
    loose = interface("telnet", production=Production.ENABLED)
    b = builder(ITEM)
    needed(b, loose, set())
    assert b.rules() == ["unneeded"]
    b = builder(ITEM)
    needed(b, loose, {"telnet"})  # a use case needs it
    needed(b, WIFI, set())  # needed_for is stated
    assert b.rules() == []


def test_debug_closed() -> None:
    swd_as_serial = interface("swd", kind=InterfaceKind.SERIAL, protocol=Protocol.SWD)
    b = builder(ITEM)
    debug_closed(b, JTAG)
    debug_closed(b, swd_as_serial)
    assert b.rules() == ["debug-open", "debug-open"]
    assert "debug port 'jtag' (jtag) is enabled in production" in b.findings[0].message
    b = builder(ITEM)
    uart_console = interface("uart", kind=InterfaceKind.SERIAL, protocol=Protocol.UART)
    debug_closed(b, uart_console)  # a serial console is judged elsewhere (MD-14), not here
    debug_closed(b, WIFI)
    assert b.rules() == []


def test_links_protected() -> None:
    open_link = interface(
        "hl7",
        kind=InterfaceKind.NETWORK,
        authentication=Authentication.NONE,
        encryption=Encryption.NONE,
    )
    just_works = interface(
        "ble",
        kind=InterfaceKind.WIRELESS,
        authentication=Authentication.BLE_JUST_WORKS,
        encryption=Encryption.BLE_LESC,
    )
    unstated = interface("api", kind=InterfaceKind.API)
    b = builder(ITEM)
    for i in (open_link, just_works, unstated):
        links_protected(b, i)
    assert b.rules() == [
        "unauthenticated",
        "unencrypted",
        "unauthenticated",
        "unauthenticated",
        "unencrypted",
    ]
    assert [f.message for f in b.findings][-2:] == [
        "api interface 'api' is not authenticated (not stated)",
        "api interface 'api' is not strongly encrypted (not stated)",
    ]
    b = builder(ITEM)
    links_protected(b, WIFI)
    links_protected(b, interface("usb", kind=InterfaceKind.USB))  # carries no link
    assert b.rules() == []


def test_observed_services() -> None:
    scan = (Service("10.9.9.9", 22, "tcp", "ssh"),)
    b = builder(ITEM)
    observed_services(b, context(project(interfaces=(WIFI,)), services=scan))
    assert b.rules() == ["undeclared-host"]
    assert (
        b.findings[0].fix == "medsec.yaml: pentest_targets[]: host: 10.9.9.9, element: ELEMENT-ID"
    )
    b = builder(ITEM)
    observed_services(b, context(project(interfaces=(WIFI,))))
    assert b.rules() == [] and b.evidence == []


def test_surface_recorded() -> None:
    p = project(interfaces=(WIFI,))
    b = builder(ITEM)
    assert surface_recorded(b, context(p)) is None
    assert b.rules() == ["no-surface-record"]
    b = builder(ITEM)
    assert surface_recorded(b, context(p, surface_history=(_record("1.0.0", 1.0),)))
    assert b.rules() == []


def test_surface_record_current() -> None:
    p = project(interfaces=(WIFI,))
    now = surface(p, ()).score
    b = builder(ITEM)
    surface_record_current(b, context(p), _record("1.0.0", now + 1))
    assert b.rules() == ["surface-record-stale"]
    b = builder(ITEM)
    surface_record_current(b, context(p), _record("1.0.0", now))
    assert b.rules() == []


def test_surface_growth_needs_a_rationale() -> None:
    current = _record("1.0.0", 4.0)
    b = builder(ITEM)
    history = (_record("0.9.0", 1.0), current)
    surface_growth(b, context(surface_history=history), current)
    assert b.rules() == ["surface-grew"]
    b = builder(ITEM)
    explained = _record("1.0.0", 4.0, "BLE added")
    surface_growth(b, context(surface_history=(_record("0.9.0", 1.0), explained)), explained)
    shrunk = (_record("0.9.0", 9.0), current)
    surface_growth(b, context(surface_history=shrunk), current)
    assert b.rules() == []
    assert [e.message for e in b.evidence] == [
        "attack surface of 1.0.0: score 4.0 (0.9.0: 1.0, +3.0); rationale: BLE added",
        "attack surface of 1.0.0: score 4.0 (0.9.0: 9.0, -5.0)",
    ]


def test_debug_port_of_unknown_state_is_asked_not_reported_open() -> None:
    """Unknown is never insecure: only the production-unknown gap, no debug-open failure."""
    p = project(interfaces=(JTAG, WIFI), use_cases=(use_case(interfaces=("wifi",)),))
    r = ITEM.evaluate(context(p))
    assert rules(r)[:1] == ["production-unknown"]
    assert "debug-open" not in rules(r)
    assert r.status is ItemStatus.GAP
    assert r.evidence[0].message == "2 interfaces declared, 1 enabled in production"


def test_evaluate_in_interface_order_and_fails_on_an_open_debug_port() -> None:
    jtag_on = interface(
        "jtag", kind=InterfaceKind.DEBUG, protocol=Protocol.JTAG, production=Production.ENABLED
    )
    jtag_off = interface("jtag", kind=InterfaceKind.DEBUG, production=Production.DISABLED)
    r = ITEM.evaluate(context(project(interfaces=(jtag_on, WIFI))))
    assert r.status is ItemStatus.FAIL
    assert rules(r) == ["unneeded", "debug-open", "no-surface-record"]
    quiet = project(interfaces=(jtag_off, WIFI))
    recorded = (_record("1.0.0", surface(quiet, ()).score),)
    r = ITEM.evaluate(context(quiet, surface_history=recorded))
    assert r.status is ItemStatus.PASS, rules(r)


def test_interface_of_unknown_state_is_not_called_enabled() -> None:
    """No 'enabled but needed by no use case' for an interface whose state is not stated."""
    telnet = interface("telnet", kind=InterfaceKind.NETWORK, protocol=Protocol.TELNET)
    r = ITEM.evaluate(context(project(interfaces=(telnet,))))
    assert "unneeded" not in rules(r)
    assert rules(r)[:3] == ["production-unknown", "unauthenticated", "unencrypted"]
    assert r.evidence[0].message == "1 interface declared, 0 enabled in production"


def test_fixes_name_the_key_to_edit_or_the_command_to_run() -> None:
    b = builder(ITEM)
    debug_closed(b, JTAG)
    links_protected(b, interface("api", kind=InterfaceKind.API))
    assert [f.fix for f in b.findings] == [
        "medsec.yaml: interfaces[jtag].production: disabled (once fused, locked or removed on "
        "production units)",
        "medsec.yaml: interfaces[api].authentication: mutual-tls|certificate|token (once the "
        "interface authenticates its peers)",
        "medsec.yaml: interfaces[api].encryption: tls1.3|tls1.2 (once the link is encrypted)",
    ]
    p = project(interfaces=(WIFI,))
    b = builder(ITEM)
    surface_recorded(b, context(p, project_dir="my device"))
    current = _record("1.0.0", 4.0)
    history = (_record("0.9.0", 1.0), current)
    surface_growth(b, context(surface_history=history, project_dir="pump"), current)
    assert [f.fix for f in b.findings] == [
        "medsec surface 'my device' --record",
        "medsec surface pump --record --rationale WHY",
    ]


def test_service_fixes_per_issue() -> None:
    undeclared = MappingIssue("undeclared-port", "", "10.0.0.1", 22, "tcp", "fw", service="ssh")
    off = MappingIssue("disabled-port", "", "10.0.0.1", 23, "tcp", "fw", interface="telnet")
    assert service_fix(undeclared) == (
        "medsec.yaml: interfaces[]: element: fw, port: 22 (ssh), with the use case that needs "
        "it (or close the port in production)"
    )
    assert service_fix(off) == (
        "medsec.yaml: interfaces[telnet].production: enabled (or close the port: the build "
        "does not match the model)"
    )
