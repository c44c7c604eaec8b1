"""MD-14: UART/serial console enabled in production without authentication.

A serial port declared as ``kind: debug`` is MD-13; this rule covers serial interfaces that
stay in the product (service console, bootloader prompt) and asks whether they authenticate.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Interface, Project
from medsec.domain.threat import RuleMeta, Stride
from medsec.domain.vocabulary import Authentication, InterfaceKind, Protocol
from medsec.engines.judgements import is_debug_interface, switched_off
from medsec.engines.threats.rule import Outcome, interface_trig, unknown_interface
from medsec.engines.threats.rules._protection import surface_outcome

SERIAL_PROTOCOLS = frozenset({Protocol.UART, Protocol.SERIAL})


def is_serial_console(interface: Interface) -> bool:
    """A serial interface or protocol that is not a debug port (MD-13 covers those)."""
    serial = interface.kind is InterfaceKind.SERIAL or interface.protocol in SERIAL_PROTOCOLS
    return serial and not is_debug_interface(interface)


class Md14SerialConsole:
    """A cable on the serial header gives a shell or boot console without a password."""

    meta = RuleMeta(
        id="MD-14",
        title="Serial console without authentication",
        stride=(Stride.ELEVATION_OF_PRIVILEGE, Stride.TAMPERING),
        cwe=("CWE-306", "CWE-1191"),
        capec=("CAPEC-401",),
        cvss_v3_1="CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        mitigation=(
            "Disable the console and bootloader prompt in production builds, or require a "
            "per-device credential (challenge-response) before any shell or service command; "
            "never autologin as root."
        ),
        description=(
            "An attacker with brief physical access connects to the UART or serial port and "
            "gets a root shell or bootloader prompt without any credential."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Enabled serial consoles (not debug ports) stated without authentication."""
        for i in project.interfaces:
            if not is_serial_console(i) or switched_off(i):
                continue
            if i.authentication is None:
                yield unknown_interface(i, "authentication")
            elif i.authentication is Authentication.NONE:
                yield from surface_outcome(
                    i, (interface_trig(i, "authentication", i.authentication),)
                )


RULE = Md14SerialConsole()
