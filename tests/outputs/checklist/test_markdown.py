from __future__ import annotations

from dataclasses import replace

from medsec.domain.checklist import ItemId
from medsec.outputs.checklist import ChecklistView, markdown


def test_markdown_names_every_item_and_escapes_the_device(check_view: ChecklistView) -> None:
    view = replace(check_view, device=replace(check_view.device, name="Pump | 1"))
    md = markdown.render(view)
    for item in ItemId:
        assert f"`{item.value}`" in md
    assert md.startswith("# medsec check: Pump \\| 1\n")
