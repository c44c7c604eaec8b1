"""MP-04: Pseudonymised data re-identifiable in the cloud that also holds its key.

Pseudonymisation protects only as long as the key (the table or secret that maps pseudonyms
back to identities) is kept apart from the data (GDPR Art. 4(5)). A cloud boundary that holds
both, stored or received, re-identifies every patient for whoever reads it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from medsec.domain.model import DataItem, DataTrait, Element, Project
from medsec.domain.threat import Linddun, Match, RuleMeta, Trigger
from medsec.domain.vocabulary import DataCategory, ElementType
from medsec.engines.threats.rule import Outcome, element_target, element_trig, flow_trig
from medsec.engines.threats.rules._privacy import cloud_of, items, pseudonymised

_KEY = DataTrait.PSEUDONYM_KEY


def _pseudonymous(item: DataItem) -> bool:
    """Personal data that is pseudonymised (anonymous data has nothing to re-identify)."""
    return item.category is not DataCategory.ANONYMOUS and pseudonymised(item) is True


def _shown(item: DataItem) -> str:
    """``dose-history (health, pseudonymised)``, ``pseudonym-map (personal; pseudonym-key)``."""
    if _KEY in item.traits:
        return f"{item.id} ({item.category.value}; {_KEY.value})"
    if item.category is DataCategory.PSEUDONYMISED:
        return f"{item.id} (pseudonymised)"
    return f"{item.id} ({item.category.value}, pseudonymised)"


def holdings(
    project: Project, e: Element, found: dict[str, DataItem]
) -> Iterator[tuple[DataItem, Trigger]]:
    """The items an element stores or receives, each with the trigger that says so."""
    for d in dict.fromkeys(e.stores):
        if d in found:
            yield found[d], element_trig(e, "stores", _shown(found[d]))
    for f in project.flows_into(e.id):
        for d in dict.fromkeys(f.data):
            if d in found:
                yield found[d], flow_trig(f, "data", _shown(found[d]))


class Mp04ReidentificationKey:
    """The cloud that holds pseudonymised data and its key re-identifies every patient."""

    meta = RuleMeta(
        id="MP-04",
        title="Pseudonymised data re-identifiable in the cloud that holds its key",
        stride=(),
        linddun=(Linddun.IDENTIFYING, Linddun.LINKING),
        cwe=("CWE-359", "CWE-212"),
        capec=("CAPEC-118",),
        cvss_v3_1="CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N",
        cvss_from_model=("C", "I", "A"),
        mitigation=(
            "Keep the pseudonymisation key where the identities are (the hospital, or a key "
            "service of another operator outside this cloud boundary); give the cloud only the "
            "pseudonyms, and re-identify in the hospital when care needs it (GDPR Art. 4(5))."
        ),
        description=(
            "The cloud boundary holds pseudonymised patient data and the key that maps the "
            "pseudonyms back to identities; an operator, an insider or anyone who breaches "
            "the boundary re-identifies every patient, so the pseudonymisation protects nothing."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Elements holding a pseudonym key in a cloud boundary that also holds pseudonymised data."""
        found = items(project)
        keys: dict[str, list[tuple[Element, Trigger]]] = defaultdict(list)
        data: dict[str, list[Trigger]] = defaultdict(list)
        for e in project.elements:
            cloud = cloud_of(project, e) if e.type is not ElementType.ACTOR else None
            if cloud is None:
                continue
            for item, trigger in holdings(project, e, found):
                if _KEY in item.traits:
                    keys[cloud].append((e, trigger))
                elif _pseudonymous(item):
                    data[cloud].append(trigger)
        for cloud in sorted(keys):
            if not data[cloud]:
                continue
            where = Trigger(f"boundaries[{cloud}].kind", "cloud")
            beside = min(data[cloud], key=str)
            held: dict[str, list[Trigger]] = defaultdict(list)
            for e, trigger in keys[cloud]:
                held[e.id].append(trigger)
            for eid in sorted(held):
                target = element_target(project.element(eid))
                yield Match(target, (*held[eid], beside, where))


RULE = Mp04ReidentificationKey()
