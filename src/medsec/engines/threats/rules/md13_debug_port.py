"""MD-13: Debug port (JTAG, SWD, debug UART) enabled on production hardware."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import RuleMeta, Stride, Trigger
from medsec.engines.judgements import is_debug_interface, switched_off
from medsec.engines.threats.rule import Outcome, interface_trig, unknown_interface
from medsec.engines.threats.rules._protection import surface_outcome


class Md13DebugPort:
    """A probe on an open debug port reads firmware and keys and writes modified code."""

    meta = RuleMeta(
        id="MD-13",
        title="Debug port enabled in production",
        stride=(Stride.TAMPERING, Stride.INFORMATION_DISCLOSURE, Stride.ELEVATION_OF_PRIVILEGE),
        cwe=("CWE-1191", "CWE-1244"),
        capec=("CAPEC-401",),
        cvss_v3_1="CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        mitigation=(
            "Lock the debug access port in production (readout protection / APPROTECT / "
            "JTAG fuse), depopulate the header, or require authenticated debug with a "
            "per-device challenge; verify the lock in the end-of-line test."
        ),
        description=(
            "With the enclosure open, an attacker (or a curious technician) attaches a debug "
            "probe, reads firmware and keys out of memory and writes modified code, because the "
            "debug port stays open on production units."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Debug interfaces (kind debug, JTAG, SWD) not stated disabled or removed in production.

        An interface of unstated kind might be a debug port: its kind is asked (once, here).
        """
        for i in project.interfaces:
            if not is_debug_interface(i):
                if i.kind is None and not switched_off(i):
                    yield unknown_interface(i, "kind")
                continue
            shown: list[Trigger] = []
            if i.kind is not None:
                shown.append(interface_trig(i, "kind", i.kind))
            if i.protocol is not None:
                shown.append(interface_trig(i, "protocol", i.protocol))
            yield from surface_outcome(i, shown)


RULE = Md13DebugPort()
