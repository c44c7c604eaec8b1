"""Which flows carry credentials or secrets: credential data, or a secret store at an end."""

from __future__ import annotations

from medsec.domain.model import Flow, Project
from medsec.domain.threat import Trigger
from medsec.domain.vocabulary import DataCategory, Function
from medsec.engines.threats.rule import element_trig, trig


def secret_triggers(project: Project, flow: Flow) -> tuple[Trigger, ...]:
    """Why the flow carries secrets: credential data items, or a ``system-secret`` sender.

    Both ends send on a bidirectional flow, so a ``system-secret`` element at either end counts.
    """
    categories = {d.id: d.category for d in project.data}
    found = [
        trig("flows", flow.id, "data", f"{d} (credential)")
        for d in flow.data
        if categories.get(d) is DataCategory.CREDENTIAL
    ]
    senders = (flow.source, flow.target) if flow.bidirectional else (flow.source,)
    for sender in senders:
        element = project.find_element(sender)
        if element is not None and element.function is Function.SYSTEM_SECRET:
            found.append(element_trig(element, "function", element.function))
    return tuple(found)


def carries_secrets(project: Project, flow: Flow) -> bool:
    """Whether the flow carries credentials or secrets (see ``secret_triggers``)."""
    return bool(secret_triggers(project, flow))
