"""Pure SBOM engines: NTIA/FDA completeness, support rules and status, duplicates, diff, staleness."""

from __future__ import annotations

from datetime import UTC, date, datetime

from medsec.domain.component import (
    Component,
    Origin,
    SbomDocument,
    SbomFormat,
    SupportLevel,
    SupportRule,
    SupportStatus,
)
from medsec.engines.sbom import duplicates, ntia, support
from medsec.engines.sbom.check import DeviceRelease, check_document, staleness
from medsec.engines.sbom.diff import Change, diff
from medsec.engines.sbom.identity import component_key, version_key

TODAY = date(2026, 11, 27)


def comp(name: str, version: str | None = "1.0", **kw: object) -> Component:
    return Component(
        ref=kw.pop("ref", name), name=name, version=version, origin=Origin("s", name), **kw
    )  # type: ignore[arg-type]


def doc(*components: Component, **kw: object) -> SbomDocument:
    return SbomDocument(
        source="s",
        format=SbomFormat.CYCLONEDX_JSON,
        spec_version="1.6",
        components=components,
        **kw,
    )  # type: ignore[arg-type]


def test_ntia_fields_per_component_and_percentages() -> None:
    full = comp(
        "a",
        supplier="A",
        purl="pkg:npm/a@1.0",
        depends_on=("b",),
        support_level=SupportLevel.SUPPORT,
        end_of_support=date(2030, 1, 1),
    )
    bare = comp("b", version=None)
    result = ntia.assess(doc(full, bare, authors=("me",), created=datetime(2026, 1, 1, tzinfo=UTC)))
    first, second = result.components
    assert first.missing == () and first.ntia_complete
    assert second.missing == (
        ntia.Field.SUPPLIER,
        ntia.Field.VERSION,
        ntia.Field.UNIQUE_ID,
        ntia.Field.SUPPORT_LEVEL,
        ntia.Field.END_OF_SUPPORT,
    )  # related through a's edge
    assert result.ntia_complete == 1 and result.missing_support == 1
    assert result.percent(ntia.NTIA_FIELDS) == 70.0
    assert result.percent() == 100 * (7 + 2) / 14
    assert result.has_author and result.has_timestamp
    empty = ntia.assess(doc())
    assert empty.percent() is None and not empty.has_author


def test_relationship_counts_nesting_and_subject() -> None:
    child = comp("c", parent="p")
    lonely = comp("l")
    subject = comp("root", depends_on=("x",))
    x = comp("x")
    result = ntia.assess(doc(comp("p"), child, lonely, x, subject=subject))
    missing = {c.ref: ntia.Field.RELATIONSHIP in c.missing for c in result.components}
    assert missing == {"p": False, "c": False, "l": True, "x": False}


def test_support_rules_first_match_wins_and_records_provenance() -> None:
    rules = (
        SupportRule(
            "support.yaml:3",
            purl="pkg:generic/openssl@3.0.*",
            level=SupportLevel.LIMITED_SUPPORT,
            end_of_support=date(2026, 9, 7),
            rationale="backports",
        ),
        SupportRule("support.yaml:9", purl="pkg:generic/openssl", end_of_support=date(2030, 1, 1)),
        SupportRule("support.yaml:12", name="BUSY*", version="1.3*", element="pump-fw"),
    )
    openssl30 = comp("openssl", "3.0.13", purl="pkg:generic/openssl@3.0.13")
    openssl35 = comp("openssl", "3.5.0", purl="pkg:generic/openssl@3.5.0?arch=arm")
    busybox = comp("busybox", "1.36.1", support_level=SupportLevel.SUPPORT)
    a, b, c = support.apply_rules([openssl30, openssl35, busybox], rules, "pump-fw")
    assert (a.support_source, a.end_of_support, a.support_rationale) == (
        "support.yaml:3",
        date(2026, 9, 7),
        "backports",
    )
    assert (b.support_source, b.end_of_support) == ("support.yaml:9", date(2030, 1, 1))
    assert c.support_source == "support.yaml:12" and c.support_level is SupportLevel.SUPPORT  # kept
    (other,) = support.apply_rules([busybox], rules, "clinician-app")
    assert other.support_source is None


def test_support_status() -> None:
    def status(**kw: object) -> SupportStatus:
        return support.status(comp("x", **kw), TODAY)

    assert status() is SupportStatus.UNKNOWN
    assert status(support_level=SupportLevel.NO_ASSERTION) is SupportStatus.UNKNOWN
    assert status(end_of_support=date(2026, 1, 1)) is SupportStatus.ENDED
    assert status(support_level=SupportLevel.END_OF_SUPPORT) is SupportStatus.ENDED
    assert status(support_level=SupportLevel.NO_SUPPORT) is SupportStatus.UNSUPPORTED
    assert status(end_of_support=date(2027, 1, 31)) is SupportStatus.ENDING
    assert status(support_level=SupportLevel.SUPPORT) is SupportStatus.SUPPORTED
    assert status(end_of_support=date(2030, 1, 1)) is SupportStatus.SUPPORTED
    accepted = {
        "support_rationale": "backports under contract",
        "support_approver": "QA",
        "compensating_controls": ("ctl-isolation",),
    }
    ended = [
        comp("a", end_of_support=date(2020, 1, 1)),
        comp("b", end_of_support=date(2020, 1, 1), support_rationale="any text"),
        comp("c", end_of_support=date(2020, 1, 1), **accepted),
    ]
    # a rationale alone is a sentence: only a risk acceptance lets it ship past end of support
    assert [c.name for c in support.past_end_without_acceptance(ended, TODAY)] == ["a", "b"]
    assert support.acceptance_missing(ended[1]) == ("approver", "compensating_controls")


def test_identity_and_version_order() -> None:
    assert component_key(comp("x", purl="pkg:npm/%40a/b@1.2?x=y")) == "pkg:npm/%40a/b"
    assert component_key(comp("core", group="org.x")) == "name:org.x/core"
    assert version_key("1.10.0") > version_key("1.9.9")
    assert version_key("v2.0") > version_key("1.99")
    assert version_key("2022.83") > version_key("2020.81")


def test_duplicates_and_conflicts() -> None:
    found = duplicates.find(
        [
            comp("z", "1.2", ref="1"),
            comp("z", "1.3", ref="2"),
            comp("y", ref="3"),
            comp("y", ref="4"),
            comp("q"),
        ]
    )
    assert [(f.name, f.versions, f.duplicate) for f in found] == [
        ("y", ("1.0",), True),
        ("z", ("1.2", "1.3"), False),
    ]


def test_diff_kinds() -> None:
    old = [comp("a", "1.0"), comp("b", "2.0"), comp("c", "1.9"), comp("d", "1.0", supplier="X")]
    new = [
        comp("a", "1.0"),
        comp("b", "1.5"),
        comp("c", "1.10"),
        comp("d", "1.0", supplier="Y"),
        comp("e", "0.1"),
    ]
    changes = {(c.name, c.change) for c in diff(old, new)}
    assert changes == {
        ("b", Change.DOWNGRADED),
        ("c", Change.UPGRADED),
        ("d", Change.CHANGED),
        ("e", Change.ADDED),
    }
    assert [c.change for c in diff(new, [])].count(Change.REMOVED) == 5


def test_check_document_and_staleness() -> None:
    release = DeviceRelease("ACME Pump", "3.2.0", released=date(2026, 6, 1))
    old = doc(comp("a"), created=datetime(2026, 1, 1, tzinfo=UTC))
    assert "before device version 3.2.0" in (staleness(old, release) or "")
    subject = doc(comp("a"), subject=comp("ACME Pump", "3.1.0"))
    assert "describes ACME Pump 3.1.0" in (staleness(subject, release) or "")
    assert staleness(doc(comp("a"), created=datetime(2026, 7, 1, tzinfo=UTC)), release) is None
    checked = check_document(
        doc(comp("a", end_of_support=date(2020, 1, 1)), comp("a", "2.0", ref="a2")),
        element="fw",
        today=TODAY,
        device=release,
    )
    assert [c.label for c in checked.ended_without_rationale] == ["a@1.0"]
    assert checked.conflicts[0].versions == ("1.0", "2.0")
