from __future__ import annotations

from medsec.domain.checklist import ItemId, ItemStatus
from medsec.outputs.checklist import ChecklistView, text


def test_text_names_every_item_and_the_device(check_view: ChecklistView) -> None:
    plain = text.render(check_view)
    device = check_view.device
    assert plain.startswith(f"medsec check: {device.name} {device.version}\n")
    for item in ItemId:
        assert item.value in plain
    failing = [i for i in check_view.checklist.items if i.status is not ItemStatus.PASS]
    assert failing and all(
        f"- {f.severity.value}: {f.message}" in plain for f in failing[0].findings
    )
