"""The medical-device threat rule library: one rule per module, listed explicitly.

Each module holds one rule (metadata plus ``check(project)``) and its test lives beside it.
Add a rule by writing its module and listing it here; nothing is discovered at run time.
"""

from __future__ import annotations

from medsec.engines.threats.rule import Rule
from medsec.engines.threats.rules import (
    md01_ble_pairing,
    md02_ble_open_interface,
    md03_cleartext_link,
    md04_unsigned_update,
    md05_update_rollback,
    md06_cleartext_update,
    md07_secure_boot,
    md08_clinical_cleartext,
    md09_clinical_peer_auth,
    md10_untrusted_parser,
    md11_default_credentials,
    md12_hardcoded_credentials,
    md13_debug_port,
    md14_serial_console,
    md15_usb_service,
    md16_remote_service,
    md17_remote_session_logging,
    md18_phi_at_rest,
    md19_mobile_storage,
    md20_object_authorization,
    md21_certificate_validation,
    md22_command_replay,
    md23_therapy_command_auth,
    md24_wireless_dos,
    md25_unneeded_interface,
    md26_cleartext_service,
    md27_multi_patient,
    md28_security_logging,
    md29_unauthenticated_link,
    md30_sensor_spoofing,
    md31_weak_crypto,
    md32_cloud_data_minimisation,
    md33_internet_exposure,
    md34_bus_bridge,
)

RULES: tuple[Rule, ...] = (
    md01_ble_pairing.RULE,
    md02_ble_open_interface.RULE,
    md03_cleartext_link.RULE,
    md04_unsigned_update.RULE,
    md05_update_rollback.RULE,
    md06_cleartext_update.RULE,
    md07_secure_boot.RULE,
    md08_clinical_cleartext.RULE,
    md09_clinical_peer_auth.RULE,
    md10_untrusted_parser.RULE,
    md11_default_credentials.RULE,
    md12_hardcoded_credentials.RULE,
    md13_debug_port.RULE,
    md14_serial_console.RULE,
    md15_usb_service.RULE,
    md16_remote_service.RULE,
    md17_remote_session_logging.RULE,
    md18_phi_at_rest.RULE,
    md19_mobile_storage.RULE,
    md20_object_authorization.RULE,
    md21_certificate_validation.RULE,
    md22_command_replay.RULE,
    md23_therapy_command_auth.RULE,
    md24_wireless_dos.RULE,
    md25_unneeded_interface.RULE,
    md26_cleartext_service.RULE,
    md27_multi_patient.RULE,
    md28_security_logging.RULE,
    md29_unauthenticated_link.RULE,
    md30_sensor_spoofing.RULE,
    md31_weak_crypto.RULE,
    md32_cloud_data_minimisation.RULE,
    md33_internet_exposure.RULE,
    md34_bus_bridge.RULE,
)

__all__ = ["RULES"]
