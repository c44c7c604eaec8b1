"""MD-21: TLS without certificate (and hostname) validation."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Flow, Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.engines.judgements import in_host_flow
from medsec.engines.threats.rule import Outcome, flow_target, flow_trig, unknown_flow
from medsec.engines.threats.rules._protection import TLS_ENCRYPTION, TLS_PROTOCOLS


def uses_tls(flow: Flow) -> bool:
    """TLS by the stated encryption, or by the protocol (https, mqtts ...) when none is stated."""
    if flow.encryption is not None:
        return flow.encryption in TLS_ENCRYPTION
    return flow.protocol in TLS_PROTOCOLS


class Md21CertificateValidation:
    """A man in the middle presents any certificate and the TLS client accepts it."""

    meta = RuleMeta(
        id="MD-21",
        title="TLS without certificate validation",
        stride=(Stride.SPOOFING, Stride.TAMPERING, Stride.INFORMATION_DISCLOSURE),
        cwe=("CWE-295", "CWE-297"),
        capec=("CAPEC-94",),
        cvss_v3_1="CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N",
        mitigation=(
            "Validate the peer's certificate chain and hostname on every TLS connection; pin "
            "the backend's CA (or public key) in the device and test in CI that a self-signed "
            "or wrong-host certificate is refused."
        ),
        description=(
            "An attacker on the path presents any certificate and reads or alters the traffic "
            "as if it were in cleartext, because the client does not validate the server "
            "certificate or hostname."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """TLS flows stated without certificate validation."""
        for f in project.flows:
            if not uses_tls(f) or in_host_flow(project, f):
                continue
            if f.certificate_validation is None:
                yield unknown_flow(f, "certificate_validation")
            elif f.certificate_validation is False:
                trigger = flow_trig(f, "certificate_validation", False)
                yield Match(flow_target(f), (trigger,))


RULE = Md21CertificateValidation()
