"""MD-25: Interface enabled in production although no use case needs it.

THREATS.md c.6 MD-25 (network stack crash) needs robustness attributes the model does not
have; this id covers the wider attack-surface finding behind it: every enabled interface
brings a stack to attack, so one that no use case needs should be disabled or removed.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import RuleMeta, Stride, Trigger
from medsec.engines.judgements import switched_off
from medsec.engines.threats.rule import Outcome, interface_trig, unknown_interface
from medsec.engines.threats.rules._needs import needed_interfaces
from medsec.engines.threats.rules._protection import surface_outcome


class Md25UnneededInterface:
    """Every enabled interface is attack surface; one no use case needs is surface for nothing."""

    meta = RuleMeta(
        id="MD-25",
        title="Interface enabled but needed by no use case",
        stride=(
            Stride.INFORMATION_DISCLOSURE,
            Stride.ELEVATION_OF_PRIVILEGE,
            Stride.DENIAL_OF_SERVICE,
        ),
        cwe=("CWE-1125",),
        capec=("CAPEC-169",),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        mitigation=(
            "Disable or remove the interface in production builds (compile the driver out, "
            "close the port, depopulate the connector), or name the use case that needs it "
            "so its risk is assessed and tested."
        ),
        description=(
            "The interface adds attack surface (a protocol stack, a parser, a login) that no "
            "intended use of the device requires; a flaw in it compromises or crashes the "
            "device for no clinical benefit."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Enabled interfaces that no use case needs; unknown when the project has no use cases."""
        needed = needed_interfaces(project)
        for i in project.interfaces:
            if switched_off(i) or i.needed_for or i.id in needed:
                continue
            if not project.use_cases:
                yield unknown_interface(i, "needed_for")
                continue
            triggers = (
                interface_trig(i, "needed_for", "none"),
                Trigger("use_cases.needs_interfaces", f"no use case lists {i.id}"),
            )
            yield from surface_outcome(i, triggers)


RULE = Md25UnneededInterface()
