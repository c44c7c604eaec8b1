"""The checklist as JUnit XML: one test case per item, so CI dashboards show pass, gap and fail."""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement, tostring

from medsec.domain.checklist import ItemStatus
from medsec.outputs.checklist.view import ChecklistView
from medsec.outputs.renderer import Format
from medsec.outputs.xmlchars import xml_text


def render(view: ChecklistView) -> str:
    """One suite named after the device; an item not passing is a failure listing its findings.

    ElementTree escapes markup but writes any character as it is: every text goes through
    ``xml_text`` first, so a control character in a name is ``\\x07``, not a file no parser reads.
    """
    checklist = view.checklist
    failing = [i for i in checklist.items if i.status is not ItemStatus.PASS]
    suite = Element(
        "testsuite",
        {
            "name": xml_text(f"medsec check {view.device.id}"),
            "tests": str(len(checklist.items)),
            "failures": str(len(failing)),
            "errors": "0",
            "skipped": "0",
        },
    )
    for item in checklist.items:
        case = SubElement(
            suite,
            "testcase",
            {
                "classname": "medsec.checklist" + (".mandatory" if item.mandatory else ".beyond"),
                "name": item.id.value,
            },
        )
        if item.status is not ItemStatus.PASS:
            failure = SubElement(
                case, "failure", {"message": xml_text(item.summary), "type": item.status.value}
            )
            failure.text = xml_text(
                "\n".join(
                    f"[{f.severity.value}] {f.message}"
                    + (f" ({f.path}{':' + str(f.line) if f.line else ''})" if f.path else "")
                    for f in item.findings
                )
            )
        else:
            out = SubElement(case, "system-out")
            out.text = xml_text("\n".join(e.message for e in item.evidence))
    suites = Element("testsuites", {"name": "medsec"})
    suites.append(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(suites, encoding="unicode") + "\n"


RENDERER: Format[ChecklistView] = Format(
    "junit", "application/xml", ".xml", "one test case per item, for CI dashboards", render
)
