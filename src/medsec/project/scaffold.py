"""The commented starting point ``medsec init`` writes."""

from __future__ import annotations

import re

TEMPLATE = """\
# medsec device security project (format medsec/1). Reference: docs/format.md
# Attributes you leave out mean "unknown": medsec reports them once per element as missing
# information instead of guessing. Ids: lowercase letters, digits and '-'.
format: medsec/1
device:
  id: {id}
  name: {name}
  version: 0.1.0
  manufacturer: Your Company GmbH
  intended_use: Describe the intended use here
  markets: [EU, US]
  cyber_device: true                 # FD&C Act 524B: software + connects to the internet
  security_contact: psirt@example.com
  disclosure_policy: https://example.com/security/cvd

boundaries:                          # trust boundaries: device|network|cloud|mobile|home|physical
  - {{id: device, name: Device enclosure, kind: device}}
  - {{id: hospital-net, name: Hospital network, kind: network}}

elements:                            # DFD nodes: process | data_store | actor
  - id: firmware
    name: Device firmware
    type: process
    boundary: device
    function: therapy                # therapy|diagnosis|monitoring|clinical-workflow|phi|system-secret|other
    safety_critical: true
    patients: 1
    sbom: []                         # e.g. [sbom/firmware.cdx.json]
    credentials: unique-per-device   # none|unique-per-device|shared-default|hardcoded
    secure_boot: true
    update: {{signed: true, rollback_protection: true, channel: https, atomic: true}}  # atomic: A/B or recovery
    security_logging: true
    parses_untrusted_input: false    # true: file/protocol parsers fed from outside (fuzz them)
  - id: clinician
    name: Clinician
    type: actor
    boundary: hospital-net

flows:
  - id: clinician-to-firmware
    from: clinician
    to: firmware
    protocol: user-interface
    carries: commands                # data|commands|code
    authentication: password
    encryption: none

interfaces:                          # every entry point of the attack surface
  - id: touchscreen
    element: firmware
    kind: user-interface             # network|wireless|usb|serial|debug|removable-media|user-interface|api
    protocol: user-interface
    exposure: physical               # physical|local|adjacent|network|internet
    authentication: password
    lockout: true                    # failed logins are limited (lockout, back-off)
    production: enabled              # enabled|disabled|removed
    needed_for: [operate]

data: []
use_cases:
  - {{id: operate, name: Operate the device, needs_data: [], needs_interfaces: [touchscreen]}}
controls: []
hazards: []
policy:
  risk_acceptance: medium
  review_interval_days: 365
  triage_days: {{critical: 7, high: 14, medium: 30, low: 90}}
  remediation_days: {{critical: 30, high: 60, medium: 180, low: 365}}
activities: []
reviews: []
pentests: []
"""


def slug(name: str) -> str:
    """A device id from a name: lower-case letters, digits and dashes."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text or "device"


def scaffold(name: str) -> str:
    """The commented ``medsec.yaml`` for a device of that name."""
    safe = name.replace('"', "'")
    return TEMPLATE.format(id=slug(name), name=f'"{safe}"')
