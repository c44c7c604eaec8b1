from dataclasses import replace

from medsec.domain.checklist import ItemStatus
from medsec.domain.vocabulary import ElementType
from medsec.engines.compliance.context import SbomFact
from medsec.engines.compliance.items._fixtures import builder, context, project, rules
from medsec.engines.compliance.items.sbom import (
    ITEM,
    end_of_support,
    ntia_complete,
    sbom_analysed,
    sbom_exists,
    sbom_listed,
    support_data,
)
from medsec.engines.sbom.ntia import ComponentCompleteness, Field
from medsec.engines.threats.rules._fixtures import element

FW = element("fw", sbom=("sbom/fw.json",))
PATH = "sbom/fw.json"
COMPLETE = SbomFact("fw", PATH, True, components=10, complete_components=10, missing_support=0)


def test_sbom_listed() -> None:
    b = builder(ITEM)
    assert not sbom_listed(b, element("fw"))
    assert b.rules() == ["no-sbom"]
    b = builder(ITEM)
    assert sbom_listed(b, FW) and b.rules() == []


def test_sbom_exists_in_the_project_or_as_read() -> None:
    b = builder(ITEM)
    assert not sbom_exists(b, project(), FW, PATH, None)
    assert not sbom_exists(b, project(), FW, PATH, SbomFact("fw", PATH, exists=False))
    assert b.rules() == ["sbom-missing", "sbom-missing"]
    b = builder(ITEM)
    assert sbom_exists(b, project(existing_files=frozenset({PATH})), FW, PATH, None)
    assert sbom_exists(b, project(), FW, PATH, COMPLETE)
    assert b.rules() == []


def test_sbom_analysed() -> None:
    b = builder(ITEM)
    assert not sbom_analysed(b, FW, PATH, None)
    assert not sbom_analysed(b, FW, PATH, SbomFact("fw", PATH, True, problem="not JSON"))
    assert b.rules() == ["sbom-not-analysed", "sbom-unreadable"]
    b = builder(ITEM)
    assert sbom_analysed(b, FW, PATH, COMPLETE) and b.rules() == []


def test_ntia_complete() -> None:
    b = builder(ITEM)
    ntia_complete(b, FW, SbomFact("fw", PATH, True, components=10, complete_components=7))
    assert b.rules() == ["ntia-incomplete"]
    assert b.findings[0].message.startswith("'sbom/fw.json': 3 of 10 components lack NTIA")
    b = builder(ITEM)
    ntia_complete(b, FW, COMPLETE)
    ntia_complete(b, FW, SbomFact("fw", PATH, True, components=0))
    assert b.rules() == []


def test_support_data() -> None:
    b = builder(ITEM)
    support_data(b, FW, SbomFact("fw", PATH, True, components=3, missing_support=2))
    assert b.rules() == ["no-support-data"]
    b = builder(ITEM)
    support_data(b, FW, COMPLETE)
    assert b.rules() == []


def test_end_of_support() -> None:
    b = builder(ITEM)
    end_of_support(b, FW, SbomFact("fw", PATH, True, past_end_of_support=("zlib", "openssl")))
    assert b.rules() == ["end-of-support", "end-of-support"]
    b = builder(ITEM)
    end_of_support(b, FW, COMPLETE)
    assert b.rules() == []


def test_evaluate_judges_software_elements_only() -> None:
    hardware = element("board", software=False)
    actor = element("nurse", type=ElementType.ACTOR)
    p = project(elements=(FW, hardware, actor), existing_files=frozenset({PATH}))
    r = ITEM.evaluate(context(p, sboms=(COMPLETE,)))
    assert r.status is ItemStatus.PASS
    assert [e.message for e in r.evidence] == ["fw: sbom/fw.json with 10 components (10 complete)"]
    r = ITEM.evaluate(context(p))
    assert rules(r) == ["sbom-not-analysed"]


def _lacking(label: str, *missing: Field) -> ComponentCompleteness:
    return ComponentCompleteness(label, label, missing)


def test_ntia_fix_names_the_fields_and_components_and_what_lists_them_all() -> None:
    lacking = tuple(_lacking(f"c{i}@1", Field.SUPPLIER) for i in range(4))
    fact = replace(
        COMPLETE,
        complete_components=5,
        incomplete=(*lacking, _lacking("d@2", Field.END_OF_SUPPORT)),
    )
    b = builder(ITEM)
    ntia_complete(b, FW, fact, "pump")
    assert b.findings[0].fix == (
        "sbom/fw.json: supplier: missing for c0@1, c1@1, c2@1, … (4 in all) (state it in the "
        "tool that generates the SBOM; medsec sbom check pump --format json lists each component)"
    )


def test_support_fixes_name_support_yaml_entries() -> None:
    fact = replace(
        COMPLETE,
        missing_support=1,
        incomplete=(_lacking("hal@1.2", Field.SUPPORT_LEVEL),),
        past_end_of_support=("org.x/libxml2@2.9.14", "openssl@3.0.13"),
        past_end_entries=("", "pkg:generic/openssl@3.0.*"),
    )
    b = builder(ITEM)
    support_data(b, FW, fact)
    end_of_support(b, FW, fact)
    why = (
        "(with rationale and compensating_controls: [CONTROL-ID], the risk acceptance of "
        "shipping it; or upgrade it)"
    )
    assert [f.fix for f in b.findings] == [
        "support.yaml: components[]: level and end_of_support for hal@1.2 (or state them in the "
        "SBOM)",
        f"support.yaml: components[]: name: libxml2, approver: NAME {why}",
        f"support.yaml: components[pkg:generic/openssl@3.0.*].approver: NAME {why}",
    ]
    assert "without a risk acceptance" in b.findings[1].message
