from medsec.domain.model import Flow
from medsec.domain.vocabulary import (
    DataCategory,
    Encryption,
    Function,
    Protocol,
    Transport,
)
from medsec.engines.threats.rules import md03_cleartext_link
from medsec.engines.threats.rules._fixtures import (
    data_item,
    element,
    flow,
    make_project,
    matches,
    store,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md38_secrets_in_transit import RULE

DATA = [data_item("wifi-psk", DataCategory.CREDENTIAL), data_item("hr", DataCategory.HEALTH)]
RADIO = element("radio")  # the Wi-Fi module on the same board


def provisioning(**kw: object) -> Flow:
    return flow("prov", "fw", "radio", data=("wifi-psk",), **kw)


def test_wifi_key_over_a_cleartext_uart_fires() -> None:
    f = provisioning(protocol=Protocol.UART, encryption=Encryption.NONE)
    (m,) = matches(RULE, make_project(elements=[element(), RADIO], flows=[f], data=DATA))
    assert trigger_texts(m) == [
        "flows[prov].data = wifi-psk (credential)",
        "flows[prov].encryption = none",
    ]


def test_secrets_from_a_key_store_over_http_fire_and_md03_leaves_them() -> None:
    keys = store("keys", function=Function.SYSTEM_SECRET)
    app = element("app", boundary="lan")
    f = flow("keys-out", "keys", "app", protocol=Protocol.HTTP)
    p = make_project(elements=[keys, app], flows=[f], data=DATA)
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "elements[keys].function = system-secret",
        "flows[keys-out].protocol = http",
    ]
    assert matches(md03_cleartext_link.RULE, p) == []


def test_secured_twin_and_other_flows_are_quiet() -> None:
    flows = [
        provisioning(protocol=Protocol.UART, encryption=Encryption.AES_CCM),
        flow("vitals", "fw", "radio", protocol=Protocol.UART, data=("hr",)),
        flow("ipc", "fw", "radio", data=("wifi-psk",), transport=Transport.IN_HOST),
    ]
    p = make_project(elements=[element(), RADIO], flows=flows, data=DATA)
    assert list(RULE.check(p)) == []


def test_unstated_encryption_is_asked() -> None:
    p = make_project(
        elements=[element(), RADIO], flows=[provisioning(protocol=Protocol.SERIAL)], data=DATA
    )
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["encryption"]
