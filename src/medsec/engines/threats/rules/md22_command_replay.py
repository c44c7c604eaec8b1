"""MD-22: Commands accepted without replay protection (no nonce, counter or timestamp)."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.domain.vocabulary import Carries
from medsec.engines.judgements import in_host_flow
from medsec.engines.threats.rule import Outcome, flow_target, flow_trig, unknown_flow
from medsec.engines.threats.rules._protection import LOCAL_PROTOCOLS
from medsec.engines.threats.titles import link_title


class Md22CommandReplay:
    """A recorded command is sent again later and the device executes it again."""

    meta = RuleMeta(
        id="MD-22",
        title="Commands without replay protection",
        stride=(Stride.TAMPERING, Stride.SPOOFING),
        cwe=("CWE-294",),
        capec=("CAPEC-60",),
        cvss_v3_1="CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H",
        mitigation=(
            "Bind every command to a session and a monotonic counter or nonce inside the "
            "authenticated (MAC'd) payload, reject stale or repeated counters, and make "
            "therapy commands idempotent with an explicit confirmation."
        ),
        description=(
            "An attacker who once records a valid command (e.g. a bolus) can send it again "
            "later and the device executes it, even if the link is encrypted, because "
            "commands carry no freshness."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Non-local flows carrying commands stated without replay protection."""
        for f in project.flows:
            if f.carries is not Carries.COMMANDS or f.protocol in LOCAL_PROTOCOLS:
                continue
            if in_host_flow(project, f):
                continue
            if f.replay_protection is None:
                yield unknown_flow(f, "replay_protection")
            elif f.replay_protection is False:
                triggers = (
                    flow_trig(f, "carries", f.carries),
                    flow_trig(f, "replay_protection", False),
                )
                title = link_title(project, f, "Captured {what}{via} replayed to {receiver}{harm}")
                yield Match(flow_target(f), triggers, title=title)


RULE = Md22CommandReplay()
