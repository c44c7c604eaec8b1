"""Burp Suite Professional / Enterprise REST API scan results (``GET /v0.1/scan/{task_id}``).

``{"task_id", "scan_status", "scan_metrics", "issue_events": [{"id", "type": "issue_found",
"issue": {"name", "type_index", "serial_number", "origin", "path", "severity", "confidence",
"description", "remediation", "caption", "evidence", "internal_data"}}], "event_logs"}``.

The issues become the findings Burp's XML export gives (``burp``): one per issue type and
host, with the same fingerprint (``burp`` + ``type_index`` + origin), so an issue imported
from the XML export and from the API is one finding. The origin's default port is left out
(``https://host:443`` is ``https://host``), as the XML export writes hosts. A scan that has not
``succeeded`` yet, events other than ``issue_found`` and the severity ``undefined`` are kept
visible as warnings.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from medsec.domain.errors import InputError
from medsec.domain.pentest import ParsedReport, ReportFormat, Severity
from medsec.domain.wording import counted
from medsec.sources.scanners import burp
from medsec.sources.scanners import jsoninput as js
from medsec.sources.scanners import normalise as n
from medsec.sources.scanners.importer import Content, Importer

_SEVERITY = {  # the API's Severity enum
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
    "info": Severity.INFO,
    "false_positive": Severity.INFO,
    "undefined": Severity.INFO,
}
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HINT = "save the JSON response of GET /v0.1/scan/{task_id} from Burp's REST API"


@dataclass
class _Tally:
    """What a report skips or reads loosely, for its warnings."""

    other_events: dict[str, int] = field(default_factory=dict)  # event type -> count
    undefined: int = 0  # issues of severity 'undefined'


def parse(data: bytes, *, source: str) -> ParsedReport:
    """A Burp REST API scan: one finding per issue type and origin, as the XML export."""
    doc = js.obj(js.load_json(data, source), source, "(document)")
    if "issue_events" not in doc:
        keys = ", ".join(sorted(map(str, doc))[:8]) or "none"
        raise InputError.single(
            source,
            f"not a Burp REST API scan: no 'issue_events' (top-level keys: {keys})",
            field="issue_events",
            hint=_HINT,
        )
    events = doc["issue_events"]
    if not isinstance(events, list):
        raise InputError.single(
            source, "expected a list of issue events", field="issue_events", hint=_HINT
        )
    tally = _Tally()
    findings = burp.findings(_issues(events, tally, source))
    return ParsedReport(
        ReportFormat.BURP_API_JSON,
        "Burp Suite (REST API)",
        findings,
        warnings=_warnings(js.string(doc.get("scan_status")), tally),
    )


def _issues(events: list[Any], tally: _Tally, source: str) -> Iterator[burp.Issue]:
    for i, raw in enumerate(events):
        where = f"issue_events[{i}]"
        event = js.obj(raw, source, where)
        kind = event.get("type")
        if not isinstance(kind, str):
            raise InputError.single(
                source, "issue event without a 'type'", field=f"{where}.type", hint=_HINT
            )
        if kind != "issue_found":
            tally.other_events[kind] = tally.other_events.get(kind, 0) + 1
            continue
        yield _issue(
            js.obj(event.get("issue"), source, f"{where}.issue"), f"{where}.issue", tally, source
        )


def _issue(issue: dict[str, Any], where: str, tally: _Tally, source: str) -> burp.Issue:
    name = _required(issue, "name", where, source)
    host = _origin(_required(issue, "origin", where, source), f"{where}.origin", source)
    word = _required(issue, "severity", where, source).strip().lower()
    severity = _SEVERITY.get(word)
    if severity is None:
        raise InputError.single(
            source,
            f"severity {issue['severity']!r} is not high, medium, low, info, false_positive "
            "or undefined",
            field=f"{where}.severity",
        )
    if word == "undefined":
        tally.undefined += 1
    return burp.Issue(
        type=_type_index(issue.get("type_index"), f"{where}.type_index", source),
        host=host,
        name=name,
        severity=severity,
        false_positive=word == "false_positive",
        location=n.url_location(host + (_optional(issue, "path", where, source) or "")),
        detail=_optional(issue, "description", where, source),
        solution=_optional(issue, "remediation", where, source),
    )


def _required(issue: dict[str, Any], key: str, where: str, source: str) -> str:
    """A text field that must be there and not blank."""
    value = _optional(issue, key, where, source)
    if value is None or not value.strip():
        raise InputError.single(
            source, f"issue without '{key}'", field=f"{where}.{key}", hint=_HINT
        )
    return value


def _optional(issue: dict[str, Any], key: str, where: str, source: str) -> str | None:
    """A text field: absent or null is None, any other type than text is an error."""
    value = issue.get(key)
    if value is None or isinstance(value, str):
        return value
    found = f"{type(value).__name__} {value!r}"[:80]
    raise InputError.single(
        source, f"expected text, found {found}", field=f"{where}.{key}", hint=_HINT
    )


def _type_index(value: Any, where: str, source: str) -> str:
    """The issue type number (an integer; digits in text are accepted)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return value.strip()
    raise InputError.single(
        source, f"type_index {value!r} is not an issue type number", field=where, hint=_HINT
    )


def _origin(value: str, where: str, source: str) -> str:
    """``scheme://host[:port]`` without a trailing slash or the scheme's default port."""
    text = value.strip().rstrip("/")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        port, parts = None, None
    if parts is None or not parts.scheme or not parts.hostname:
        raise InputError.single(
            source, f"origin {value!r} is not scheme://host[:port]", field=where, hint=_HINT
        )
    if port is not None and _DEFAULT_PORTS.get(parts.scheme.lower()) == port:
        text = text[: text.rindex(":")]
    return text


def _warnings(status: str | None, tally: _Tally) -> tuple[str, ...]:
    out = []
    if status is not None and status != "succeeded":
        out.append(f"scan status is '{status}', not 'succeeded': the findings may be incomplete")
    for kind, count in sorted(tally.other_events.items()):
        out.append(
            f"{counted(count, 'issue event')} of type '{kind}' skipped: only 'issue_found' is read"
        )
    if tally.undefined:
        out.append(f"{counted(tally.undefined, 'issue')} with severity 'undefined' read as info")
    return tuple(out)


def sniff(head: bytes, name: str) -> bool:
    """A Burp REST API scan: a JSON object with ``issue_events``."""
    return head[:1] == b"{" and b'"issue_events"' in head


IMPORTER = Importer(
    format=ReportFormat.BURP_API_JSON,
    family=burp.TOOL,
    display="Burp Suite (REST API JSON)",
    extensions=(".json",),
    content=Content.JSON,
    sniff=sniff,
    parse=parse,
)
