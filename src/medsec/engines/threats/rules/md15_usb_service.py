"""MD-15: USB port enumerates service mode, mass storage or HID without authentication."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import RuleMeta, Stride
from medsec.domain.vocabulary import Authentication, InterfaceKind, Protocol
from medsec.engines.judgements import switched_off
from medsec.engines.threats.rule import Outcome, interface_trig, unknown_interface
from medsec.engines.threats.rules._protection import surface_outcome

USB_PROTOCOLS = frozenset({Protocol.USB, Protocol.USB_CDC})


class Md15UsbService:
    """A USB device or cable reaches service mode, storage or input without authentication."""

    meta = RuleMeta(
        id="MD-15",
        title="USB service access without authentication",
        stride=(Stride.TAMPERING, Stride.ELEVATION_OF_PRIVILEGE),
        cwe=("CWE-306",),
        capec=("CAPEC-401",),
        cvss_v3_1="CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        mitigation=(
            "Enumerate only the USB classes the product needs; gate service mode behind a "
            "per-device or personal credential (signed service token), do not auto-mount "
            "mass storage, and do not accept HID input outside of a deliberate service state."
        ),
        description=(
            "Anyone who plugs into the USB port reaches the service mode, file system or an "
            "input channel (rubber-ducky HID) without authenticating."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Enabled USB interfaces stated without authentication."""
        for i in project.interfaces:
            usb = i.kind is InterfaceKind.USB or i.protocol in USB_PROTOCOLS
            if not usb or switched_off(i):
                continue
            if i.authentication is None:
                yield unknown_interface(i, "authentication")
            elif i.authentication is Authentication.NONE:
                yield from surface_outcome(
                    i, (interface_trig(i, "authentication", i.authentication),)
                )


RULE = Md15UsbService()
