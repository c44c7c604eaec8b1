"""Write a synthetic Nessus v2 (.nessus) file with N ReportItems spread over hosts.

    python benchmarks/nessus_generate.py OUT.nessus [-n 10000] [--hosts 100]

Items look like real ones: attributes, CVSS 2 and 3 scores and vectors, CVE and CWE lists,
synopsis, description, solution and plugin output of realistic length. Deterministic.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from xml.sax.saxutils import escape

DESCRIPTION = (
    "The remote service accepts connections encrypted using SSL 2.0 and/or SSL 3.0. These "
    "versions of SSL are affected by several cryptographic flaws, including an insecure padding "
    "scheme with CBC ciphers and insecure session renegotiation and resumption schemes. An "
    "attacker can exploit these flaws to conduct man-in-the-middle attacks or to decrypt "
    "communications between the affected service and clients. "
) * 2
SOLUTION = (
    "Consult the application's documentation to disable SSL 2.0 and 3.0. Use TLS 1.2 or later."
)
SERVICES = [(22, "ssh"), (80, "www"), (443, "www"), (2575, "hl7"), (8883, "mqtt"), (0, "general")]


def item(rng: random.Random, n: int) -> str:
    port, svc = rng.choice(SERVICES)
    severity = rng.choice([0, 0, 1, 2, 2, 3, 4])
    plugin = 10000 + n
    cves = "".join(
        f"<cve>CVE-20{rng.randint(10, 24)}-{rng.randint(1000, 49999)}</cve>"
        for _ in range(rng.randint(0, 4))
    )
    score = round(rng.uniform(0.1, 10.0), 1)
    return (
        f'<ReportItem port="{port}" svc_name="{svc}" protocol="tcp" severity="{severity}" '
        f'pluginID="{plugin}" pluginName="Synthetic check {plugin}" pluginFamily="General">\n'
        f"<cvss3_base_score>{score}</cvss3_base_score>\n"
        "<cvss3_vector>CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N</cvss3_vector>\n"
        f"<cvss_base_score>{score}</cvss_base_score>\n<cvss_vector>CVSS2#AV:N/AC:L/Au:N/C:P/I:P/A:N</cvss_vector>\n"
        f"{cves}<cwe>{rng.randint(20, 1300)}</cwe>\n"
        f"<risk_factor>{['None', 'Low', 'Medium', 'High', 'Critical'][severity]}</risk_factor>\n"
        f"<synopsis>Synthetic finding {n}.</synopsis>\n<description>{escape(DESCRIPTION)}</description>\n"
        f"<solution>{escape(SOLUTION)}</solution>\n"
        f"<plugin_output>{escape(f'Detected on port {port}: banner {n}. ' * 6)}</plugin_output>\n"
        "</ReportItem>\n"
    )


def generate(path: Path, n: int, hosts: int) -> int:
    rng = random.Random(20260827)
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" ?>\n<NessusClientData_v2>\n<Report name="synthetic">\n')
        per_host = max(1, n // hosts)
        written = 0
        h = 0
        while written < n:
            out.write(f'<ReportHost name="10.{h // 250}.{h % 250}.{h % 7 + 1}"><HostProperties>')
            out.write(
                f'<tag name="host-ip">10.{h // 250}.{h % 250}.{h % 7 + 1}</tag></HostProperties>\n'
            )
            for _ in range(min(per_host, n - written)):
                out.write(item(rng, written))
                written += 1
            out.write("</ReportHost>\n")
            h += 1
        out.write("</Report>\n</NessusClientData_v2>\n")
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--hosts", type=int, default=100)
    args = parser.parse_args()
    size = generate(args.out, args.n, args.hosts)
    print(f"wrote {args.out}: {args.n} ReportItems, {size / 1_048_576:.1f} MiB")


if __name__ == "__main__":
    main()
