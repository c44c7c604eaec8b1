"""MD-19: Mobile companion app stores patient data or tokens in unprotected storage."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import DataItem, Project
from medsec.domain.threat import RuleMeta, Stride
from medsec.domain.vocabulary import DataCategory
from medsec.engines.threats.rule import Outcome
from medsec.engines.threats.rules._stored_data import unencrypted_at_rest


def sensitive(item: DataItem) -> bool:
    """Personal data or credentials: what a mobile app must not keep in the clear."""
    return item.category.personal or item.category is DataCategory.CREDENTIAL


class Md19MobileStorage:
    """A lost phone, backup or other app reads patient data or tokens the app stores."""

    meta = RuleMeta(
        id="MD-19",
        title="Mobile app stores patient data or tokens unprotected",
        stride=(Stride.INFORMATION_DISCLOSURE,),
        cwe=("CWE-922", "CWE-312"),
        capec=("CAPEC-37",),
        cvss_v3_1="CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
        # another app on the phone, or a lost or stolen phone: local, whatever its links
        cvss_from_model=("C", "I", "A"),
        mitigation=(
            "Keep tokens and keys in the Android Keystore / iOS Keychain, encrypt the app "
            "database with a Keystore-bound key, exclude it from cloud backups, and keep "
            "patient data out of logs and shared storage."
        ),
        description=(
            "Another app, a backup or a lost and rooted phone exposes the patient data and "
            "the session tokens the companion app keeps in plain storage; the tokens then give "
            "access to the device and the cloud account."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Elements inside mobile boundaries holding personal data or credentials unencrypted."""
        return unencrypted_at_rest(project, sensitive, mobile=True)


RULE = Md19MobileStorage()
