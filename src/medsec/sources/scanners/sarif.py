"""SARIF 2.1 (static analysis and other tools), tolerant of pre-release 2.1.0 files.

One finding per result whose ``kind`` is a finding (``fail`` (default), ``open``, ``review``,
``informational``); ``pass`` and ``notApplicable`` results and results whose
``baselineState`` is ``absent`` are not findings. A result suppressed in the source (a
suppression with status ``accepted`` or no status) is kept and marked ``suppressed``.
Fingerprint: ``sarif`` + tool name + rule id + the result's ``partialFingerprints`` /
``fingerprints`` when present, else + file + start line + message text.
"""

from __future__ import annotations

import re
from typing import Any

from medsec.domain.errors import InputError
from medsec.domain.pentest import (
    Finding,
    Location,
    ParsedReport,
    ReportFormat,
    Severity,
    make_fingerprint,
    short_id,
)
from medsec.domain.wording import agree, counted
from medsec.sources.scanners import jsoninput as js
from medsec.sources.scanners import normalise as n
from medsec.sources.scanners.detect import is_json
from medsec.sources.scanners.importer import Content, Importer

TOOL = "sarif"
_LEVEL = {
    "error": Severity.HIGH,
    "warning": Severity.MEDIUM,
    "note": Severity.LOW,
    "none": Severity.INFO,
}
_NOT_FINDINGS = frozenset({"pass", "notApplicable"})
_ARGUMENT = re.compile(r"\{(\d+)\}")
_CWE_TAG = re.compile(r"(?i)cwe[-/_]?(\d{1,5})")


def parse(data: bytes, *, source: str) -> ParsedReport:
    """SARIF 2.1: one finding per result that is a finding."""
    doc = js.obj(js.load_json(data, source), source, "(document)")
    version = js.string(doc.get("version"))
    if version is None or not version.startswith("2.1"):
        raise InputError.single(
            source,
            f"not SARIF 2.1: version is {version!r}" if version else "not SARIF: no 'version'",
            field="version",
            hint="medsec reads SARIF 2.1.0",
        )
    findings: list[Finding] = []
    skipped = 0
    tools = []
    for r, raw_run in enumerate(js.items(doc.get("runs"), source, "runs")):
        run = js.obj(raw_run, source, f"runs[{r}]")
        tool, rules, strings = _tool(run, source, f"runs[{r}].tool")
        tools.append(tool)
        for i, raw in enumerate(js.items(run.get("results"), source, f"runs[{r}].results")):
            where = f"runs[{r}].results[{i}]"
            result = js.obj(raw, source, where)
            if (js.string(result.get("kind")) or "fail") in _NOT_FINDINGS or result.get(
                "baselineState"
            ) == "absent":
                skipped += 1
                continue
            findings.append(_finding(result, tool, rules, strings, where, source))
    warnings = (
        (
            f"{counted(skipped, 'result')} that {agree(skipped, 'is not a finding', 'are not findings')} "
            "skipped (pass, absent)",
        )
        if skipped
        else ()
    )
    name = ", ".join(dict.fromkeys(tools)) or "SARIF"
    return ParsedReport(ReportFormat.SARIF, name, tuple(findings), (), warnings)


def _tool(run: dict[str, Any], source: str, where: str) -> tuple[str, list[Any], dict[str, Any]]:
    tool = js.obj(run.get("tool"), source, where)
    driver = js.obj(tool.get("driver"), source, f"{where}.driver")
    name = js.string(driver.get("name"))
    if name is None:
        raise InputError.single(source, "tool without a name", field=f"{where}.driver.name")
    rules = list(js.items(driver.get("rules"), source, f"{where}.driver.rules"))
    for x, ext in enumerate(js.items(tool.get("extensions"), source, f"{where}.extensions")):
        if isinstance(ext, dict):
            rules.extend(js.items(ext.get("rules"), source, f"{where}.extensions[{x}].rules"))
    strings = driver.get("globalMessageStrings")
    return name, rules, strings if isinstance(strings, dict) else {}


def _rule(result: dict[str, Any], rules: list[Any]) -> dict[str, Any]:
    index = result.get("ruleIndex")
    rule_id = result.get("ruleId") or js.mapping(result.get("rule")).get("id")
    if (
        isinstance(index, int)
        and 0 <= index < len(rules)
        and isinstance(rules[index], dict)
        and (rule_id is None or rules[index].get("id") == rule_id)
    ):
        return js.mapping(rules[index])
    for rule in rules:
        if isinstance(rule, dict) and rule.get("id") == rule_id:
            return rule
    return {}


def _message(message: Any, rule: dict[str, Any], strings: dict[str, Any]) -> str:
    if not isinstance(message, dict):
        return ""
    text = js.string(message.get("text"))
    if text is None and message.get("id"):
        table = js.mapping(rule.get("messageStrings"))
        entry = table.get(message["id"]) or strings.get(message["id"])
        text = js.string(entry.get("text")) if isinstance(entry, dict) else None
    args = js.listing(message.get("arguments"))
    if text and args:
        text = _ARGUMENT.sub(
            lambda m: str(args[int(m.group(1))]) if int(m.group(1)) < len(args) else m.group(0),
            text,
        )
    return text or ""


def _location(result: dict[str, Any]) -> Location | None:
    for loc in js.listing(result.get("locations")):
        physical = loc.get("physicalLocation") if isinstance(loc, dict) else None
        if not isinstance(physical, dict):
            continue
        artifact = physical.get("artifactLocation") or {}
        region = physical.get("region") or {}
        uri = js.string(artifact.get("uri")) if isinstance(artifact, dict) else None
        line = region.get("startLine") if isinstance(region, dict) else None
        if uri:
            if "://" in uri and not uri.startswith("file:"):
                return n.url_location(uri)
            return Location(
                file=uri.removeprefix("file://"), line=line if isinstance(line, int) else None
            )
    return None


def _severity(result: dict[str, Any], rule: dict[str, Any]) -> Severity:
    for props in (result.get("properties"), rule.get("properties")):
        if isinstance(props, dict):
            value = n.score(js.string(props.get("security-severity")))
            if value is not None:
                return Severity.from_score(value)
    level = result.get("level")
    if level is None:
        config = rule.get("defaultConfiguration")
        level = config.get("level") if isinstance(config, dict) else None
    return _LEVEL.get(str(level or "warning"), Severity.MEDIUM)


def _suppressed(result: dict[str, Any]) -> bool:
    for s in js.listing(result.get("suppressions")):
        if isinstance(s, dict) and s.get("status", s.get("state", "accepted")) == "accepted":
            return True
    return False


def _cwes(rule: dict[str, Any]) -> tuple[str, ...]:
    props = js.mapping(rule.get("properties"))
    tags = js.listing(props.get("tags"))
    found = [f"CWE-{m}" for t in tags if isinstance(t, str) for m in _CWE_TAG.findall(t)]
    extra = props.get("cwe")
    values = extra if isinstance(extra, list) else [extra]
    return n.cwes(*found, *(str(v) for v in values if v))


def _finding(
    result: dict[str, Any],
    tool: str,
    rules: list[Any],
    strings: dict[str, Any],
    where: str,
    source: str,
) -> Finding:
    rule = _rule(result, rules)
    rule_id = js.string(result.get("ruleId")) or js.string(rule.get("id"))
    message = _message(result.get("message"), rule, strings)
    if rule_id is None and not message:
        raise InputError.single(source, "result without ruleId or message", field=where)
    location = _location(result)
    prints = {
        **js.mapping(result.get("fingerprints")),
        **js.mapping(result.get("partialFingerprints")),
    }
    if prints:
        parts: tuple[object, ...] = tuple(f"{k}={v}" for k, v in sorted(prints.items()))
    else:
        parts = (location.file if location else None, location.line if location else None, message)
    print_ = make_fingerprint(TOOL, tool, rule_id, *parts)
    short = rule.get("shortDescription")
    title = (js.string(short.get("text")) if isinstance(short, dict) else None) or message
    return Finding(
        fingerprint=print_,
        id=short_id(TOOL, print_),
        title=n.clean(title.splitlines()[0] if title else rule_id, 200) or (rule_id or ""),
        severity=_severity(result, rule),
        tool=TOOL,
        rule=rule_id,
        cwe=_cwes(rule),
        locations=(location,) if location else (),
        evidence=n.clean(message),
        suppressed=_suppressed(result),
    )


def open_results(report: ParsedReport) -> int:
    """Results not suppressed: what a SAST evidence file still asks someone to look at."""
    return sum(1 for f in report.findings if not f.suppressed)


def sniff(head: bytes, name: str) -> bool:
    """SARIF: a ``runs`` key beside ``version`` (or the word sarif, as in ``$schema``)."""
    return (
        is_json(head) and b'"runs"' in head and (b'"version"' in head or b"sarif" in head.lower())
    )


IMPORTER = Importer(
    format=ReportFormat.SARIF,
    family=TOOL,
    display="SARIF 2.1",
    extensions=(".sarif", ".sarif.json", ".json"),
    content=Content.JSON,
    sniff=sniff,
    parse=parse,
)
