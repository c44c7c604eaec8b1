"""A project's ``support.yaml``: level of support and end of support decided by the manufacturer.

::

    format: medsec-support/1
    components:
      - purl: pkg:generic/openssl          # no version: every version; '*' globs allowed
        level: limitedSupport              # SPDX 3 SupportType
        end_of_support: 2026-09-07
        class: supported                   # IEC 81001-5-1: maintained | supported | required
        rationale: OpenSSL 3.0 LTS; we backport fixes under contract ACME-SEC-12
        approver: A. Lindqvist             # past end of support: the risk acceptance,
        compensating_controls: [ctl-fw-signing]  # with the controls of medsec.yaml that compensate
      - name: busybox                      # or a name glob, optional version glob
        version: "1.35.*"
        element: pump-fw                   # optional: only this element's SBOMs
        end_of_support: 2027-12-31

The first matching entry wins; what it states overrides the SBOM's own fields.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap

from medsec.domain.component import SupportRule
from medsec.domain.errors import InputError
from medsec.domain.wording import agree
from medsec.sources.sbom import normalise
from medsec.sources.sbom.limits import check_size
from medsec.sources.sbom.notes import Notes
from medsec.untrusted.yamltext import load_yaml

FORMAT = "medsec-support/1"
MAX_BYTES = 8 * 1024 * 1024
_KEYS = frozenset(
    {
        "purl",
        "name",
        "version",
        "element",
        "level",
        "end_of_support",
        "class",
        "rationale",
        "approver",
        "compensating_controls",
    }
)


def _load(data: bytes, source: str) -> Any:
    """The YAML (round-trip, for line numbers); bad encoding or syntax raises with its line."""
    return load_yaml(data, source=source, round_trip=True)


def parse(data: bytes, *, source: str) -> tuple[SupportRule, ...]:
    """Rules in file order; any wrong shape or value is an error with its line (all at once)."""
    check_size(len(data), source, MAX_BYTES)
    obj = _load(data, source)
    if obj is None:
        return ()
    if not isinstance(obj, CommentedMap) or obj.get("format", FORMAT) != FORMAT:
        raise InputError.single(source, f"expected a mapping with 'format: {FORMAT}'", line=1)
    items = obj.get("components") or []
    if not isinstance(items, list):
        raise InputError.single(source, "components must be a list", field="components")
    notes = Notes(source)
    rules = []
    for index, item in enumerate(items):
        line = items.lc.item(index)[0] + 1 if hasattr(items, "lc") else None
        rules.append(_rule(item, index, line, notes))
    if notes.items:
        raise InputError(list(notes.items))
    return tuple(rules)


def _rule(item: object, index: int, line: int | None, notes: Notes) -> SupportRule:
    """One rule from an entry; problems are noted so parse reports them all at once."""
    field = f"components[{index}]"
    if not isinstance(item, dict):
        notes.warn("entry must be a mapping", field=field, line=line)
        return SupportRule(location=f"{notes.source}:{line}")
    unknown = sorted(set(map(str, item)) - _KEYS)
    if unknown:
        notes.warn(
            f"unknown {agree(len(unknown), 'key', 'keys')} {', '.join(unknown)}",
            field=field,
            line=line,
            hint="allowed: " + ", ".join(sorted(_KEYS)),
        )
    purl, name = normalise.text(item.get("purl")), normalise.text(item.get("name"))
    if purl is None and name is None:
        notes.warn("entry needs 'purl' or 'name'", field=field, line=line)
    return SupportRule(
        location=f"{notes.source}:{line}",
        purl=purl,
        name=name,
        version=normalise.text(item.get("version")),
        element=normalise.text(item.get("element")),
        level=normalise.support_level(item.get("level"), notes, field, line),
        end_of_support=normalise.end_of_support(item.get("end_of_support"), notes, field, line),
        component_class=normalise.component_class(item.get("class"), notes, field, line),
        rationale=normalise.text(item.get("rationale")),
        approver=normalise.text(item.get("approver")),
        compensating_controls=_ids(item.get("compensating_controls"), notes, field, line),
    )


def _ids(value: object, notes: Notes, field: str, line: int | None) -> tuple[str, ...]:
    """A list of control ids (one id alone is taken as a list of one)."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    ids = tuple(text for v in items if (text := normalise.text(v)) is not None)
    if len(ids) != len(items):
        notes.warn(
            "compensating_controls must be control ids (text)",
            field=f"{field}.compensating_controls",
            line=line,
            hint="compensating_controls: [ctl-network-isolation]",
        )
    return ids
