from __future__ import annotations

import json

from medsec.domain.checklist import ItemId
from medsec.outputs.checklist import ChecklistView
from medsec.outputs.checklist import json as json_out


def test_json_contract(check_view: ChecklistView) -> None:
    doc = json.loads(json_out.render(check_view))
    assert (doc["device"], doc["version"], doc["date"]) == (
        check_view.device.id,
        check_view.device.version,
        "2026-11-27",
    )
    assert [i["id"] for i in doc["items"]] == [i.value for i in ItemId]
    for item in doc["items"]:
        assert item["status"] in {"pass", "gap", "fail"}
        if item["status"] != "pass":
            assert item["findings"] and all("message" in f for f in item["findings"])
