"""Write a synthetic device model of N elements and N flows (realistic mix of attributes)."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

PROTOCOLS = [
    "ble",
    "wifi",
    "https",
    "hl7-mllp",
    "mqtts",
    "usb",
    "http",
    "dicom",
    "fhir",
    "internal",
]
AUTH = [
    "none",
    "password",
    "certificate",
    "mutual-tls",
    "ble-just-works",
    "ble-numeric-comparison",
    "token",
]
ENC = ["none", "tls1.2", "tls1.3", "ble-lesc", "ble-legacy", "tls1.0", "wpa2"]
FUNCTIONS = [
    "therapy",
    "diagnosis",
    "monitoring",
    "clinical-workflow",
    "phi",
    "system-secret",
    "other",
]
CREDS = ["none", "unique-per-device", "shared-default", "hardcoded"]


def model(n: int, seed: int = 7) -> str:
    rnd = random.Random(seed)
    lines = [
        "format: medsec/1",
        "device: {id: synthetic, name: Synthetic device, version: 1.0.0, manufacturer: Bench GmbH}",
        "boundaries:",
        "  - {id: dev, name: Device, kind: device}",
        "  - {id: net, name: Network, kind: network}",
        "  - {id: cloud, name: Cloud, kind: cloud}",
        "data:",
        "  - {id: phi, name: PHI, category: health, retention: P30D}",
        "elements:",
    ]
    for i in range(n):
        kind = rnd.choice(["process", "process", "process", "data_store", "actor"])
        attrs = [
            f"id: e{i}",
            f"name: Element {i}",
            f"type: {kind}",
            f"boundary: {rnd.choice(['dev', 'net', 'cloud'])}",
        ]
        if kind != "actor":
            attrs.append(f"function: {rnd.choice(FUNCTIONS)}")
        if kind == "process":
            attrs += [
                f"credentials: {rnd.choice(CREDS)}",
                f"secure_boot: {rnd.choice(['true', 'false'])}",
                f"security_logging: {rnd.choice(['true', 'false'])}",
                f"patients: {rnd.choice([1, 1, 1, 20])}",
                "update: {{signed: {}, rollback_protection: {}, channel: {}}}".format(
                    rnd.choice(["true", "false"]),
                    rnd.choice(["true", "false"]),
                    rnd.choice(["https", "http", "ble"]),
                ),
            ]
        if kind == "data_store":
            attrs += ["stores: [phi]", f"encryption_at_rest: {rnd.choice(['true', 'false'])}"]
        lines.append("  - {" + ", ".join(attrs) + "}")
    lines.append("flows:")
    for i in range(n):
        a, b = rnd.sample(range(n), 2)
        lines.append(
            "  - {"
            + ", ".join(
                [
                    f"id: f{i}",
                    f"from: e{a}",
                    f"to: e{b}",
                    f"protocol: {rnd.choice(PROTOCOLS)}",
                    f"carries: {rnd.choice(['data', 'commands', 'code'])}",
                    f"authentication: {rnd.choice(AUTH)}",
                    f"encryption: {rnd.choice(ENC)}",
                    f"replay_protection: {rnd.choice(['true', 'false'])}",
                    "data: [phi]" if rnd.random() < 0.3 else "data: []",
                ]
            )
            + "}"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("-n", type=int, default=1000)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    (args.folder / "medsec.yaml").write_text(model(args.n), encoding="utf-8")


if __name__ == "__main__":
    main()
