from __future__ import annotations

from xml.etree import ElementTree

from medsec.domain.checklist import ItemId, ItemStatus
from medsec.outputs.checklist import ChecklistView, junit


def test_junit_one_case_per_item(check_view: ChecklistView) -> None:
    root = ElementTree.fromstring(junit.render(check_view))
    assert root.find("testsuite").get("name") == f"medsec check {check_view.device.id}"  # type: ignore[union-attr]
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == [i.value for i in ItemId]
    failing = [c for c in cases if c.find("failure") is not None]
    items = check_view.checklist.items
    assert len(failing) == sum(1 for i in items if i.status is not ItemStatus.PASS)
    assert root.find("testsuite").get("failures") == str(len(failing))  # type: ignore[union-attr]
