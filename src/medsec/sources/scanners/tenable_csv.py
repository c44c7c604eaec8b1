"""Tenable.sc and Tenable.io / Vulnerability Management CSV exports, read as Nessus findings.

Tenable's consoles export the findings of Nessus scans as CSV in three header layouts:
Tenable.sc's "Vulnerability Detail List" (``Plugin, Plugin Name, Severity, IP Address, DNS
Name, Protocol, Port, Plugin Output, ..., First Discovered, Last Observed``), Tenable.io's
vulnerability export (``Asset UUID, IPv4 Address, FQDN, Plugin ID, Plugin Name, Severity,
..., First Seen, Last Seen, State``) and Tenable Vulnerability Management's findings export
(``asset.host_name, definition.id, definition.name, severity, port, output, ...``). Columns
are found by name, in any order and case (see ``table.key``). An export with the Nessus CSV
layout (``Plugin ID, Risk, Host, Port, Name``) is left to ``nessus_csv``.

A finding is a plugin on a host, protocol and port, built by ``nessus.nessus_finding``: the
same issue read from a ``.nessus`` file, a Nessus CSV or a Tenable CSV has one fingerprint.
The host is the scan target's name (``Host`` / ``asset.host_name``) when the export has it,
else the IP address, else the DNS name. Rows of one plugin, host, port and output are merged
(exports that repeat a finding per CVE). First and last seen dates end the evidence; a row in
state ``Fixed`` is imported with the scanner's word "fixed" (like a tester's status).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from medsec.domain.errors import Diagnostic, InputError
from medsec.domain.pentest import Finding, FindingState, ParsedReport, ReportFormat, Severity
from medsec.domain.wording import agree, counted
from medsec.sources.scanners import nessus_csv
from medsec.sources.scanners import normalise as n
from medsec.sources.scanners.detect import csv_columns
from medsec.sources.scanners.importer import Content, Importer
from medsec.sources.scanners.nessus import SEVERITIES, TOOL, nessus_finding
from medsec.sources.scanners.table import Row, header_names, key, read_table

WHAT = "Tenable CSV export"
# what a row says -> its header spellings, in the order they are preferred
SPELLINGS: dict[str, tuple[str, ...]] = {
    "plugin": ("Plugin", "Plugin ID", "definition.id"),
    "title": ("Plugin Name", "Name", "definition.name"),
    "severity": ("Severity", "Risk"),
    "host": (
        "Host",
        "asset.host_name",
        "IP Address",
        "IPv4 Address",
        "IPv4",
        "IP",
        "asset.display_ipv4_address",
        "asset.ipv4_addresses",
        "IPv6 Address",
        "asset.display_ipv6_address",
        "asset.ipv6_addresses",
        "DNS Name",
        "FQDN",
        "asset.display_fqdn",
        "asset.fqdn",
        "Host Name",
        "Asset Name",
        "NetBIOS Name",
        "asset.netbios_name",
    ),
    "port": ("Port",),
    "protocol": ("Protocol",),
    "cve": ("CVE", "CVEs", "definition.cve"),
    "cvss3": (
        "CVSS V3 Base Score",
        "CVSS3 Base Score",
        "CVSS v3.0 Base Score",
        "definition.cvss3.base_score",
    ),
    "vector3": (
        "CVSS V3 Vector",
        "CVSS3 Vector",
        "CVSS v3.0 Vector",
        "definition.cvss3.base_vector",
    ),
    "cvss2": (
        "CVSS V2 Base Score",
        "CVSS Base Score",
        "CVSS v2.0 Base Score",
        "definition.cvss2.base_score",
    ),
    "vector2": (
        "CVSS V2 Vector",
        "CVSS Vector",
        "CVSS v2.0 Vector",
        "definition.cvss2.base_vector",
    ),
    "cwe": ("CWE", "definition.cwe"),
    "xref": ("Cross References", "definition.references"),
    "output": ("Plugin Output", "Plugin Text", "output"),
    "synopsis": ("Synopsis", "definition.synopsis"),
    "description": ("Description", "definition.description"),
    "solution": ("Solution", "Steps to Remediate", "definition.solution"),
    "first": ("First Discovered", "First Seen", "First Found", "first_observed", "first_found"),
    "last": ("Last Observed", "Last Seen", "Last Found", "last_seen", "last_found"),
    "state": ("State", "Vulnerability State"),
}
REQUIRED = ("plugin", "title", "severity", "host", "port")
_SEVERITY = {
    "info": Severity.INFO,
    "informational": Severity.INFO,
    "none": Severity.INFO,
    "low": Severity.LOW,
    "medium": Severity.MEDIUM,
    "high": Severity.HIGH,
    "critical": Severity.CRITICAL,
}
_STATE: dict[str, FindingState | None] = {
    "open": None,  # still there: the workflow decides (a fixed finding seen again reopens)
    "new": None,
    "active": None,
    "reopened": None,
    "resurfaced": None,
    "fixed": FindingState.FIXED,
}
_NOTHING = frozenset({"", "n/a", "na", "null", "none", "-"})
_LABEL = re.compile(r"^\s*Plugin Output:[ \t]*\n?", re.IGNORECASE)
_OUTPUT_TAGS = re.compile(r"</?plugin_output>", re.IGNORECASE)
_XREF_CWE = re.compile(r"(?i)\bCWE\s*[#:]\s*(\d{1,5})\b")
_SEP = re.compile(r"[\s,;]+")
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}
_SC_DATE = re.compile(r"^([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4})\b")  # Feb 9, 2024 10:48:42 UTC
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")  # 2023-06-08T01:07:18.371Z


@dataclass(frozen=True)
class Layout:
    """Which spellings this file's header uses: per thing a row says, the keys present."""

    keys: dict[str, tuple[str, ...]]  # "host" -> ("ipaddress", "dnsname")
    names: dict[str, str]  # "host" -> "IP Address": the column named in errors
    tool: str  # Tenable.sc, Tenable.io or Tenable Vulnerability Management

    def get(self, row: Row, what: str) -> str | None:
        """The first filled cell of ``what`` in ``row``, in the preferred spelling's order."""
        keys = self.keys.get(what)
        return row.get(*keys) if keys else None


@dataclass
class _Item:
    """One finding's values; rows of one plugin, host, port and output add their CVEs."""

    ident: tuple[str, str, str, str, str]
    plugin: str
    host: str
    protocol: str | None
    port: int | None
    title: str
    severity: Severity
    scores: tuple[float | None, str | None]
    cwe: tuple[str, ...]
    cves: list[str] = field(default_factory=list)
    evidence: str | None = None
    solution: str | None = None
    status: FindingState | None = None


def layout(header: list[str], written: dict[str, str], source: str) -> Layout:
    """The spellings present in ``header`` (normalised keys; ``written``: as the file spells
    them, for messages); a required column missing is an error."""
    present = set(header)
    keys: dict[str, tuple[str, ...]] = {}
    names: dict[str, str] = {}
    for what, spellings in SPELLINGS.items():
        found = tuple(dict.fromkeys(key(s) for s in spellings if key(s) in present))
        if found:
            keys[what] = found
            names[what] = written.get(found[0], spellings[0])
    missing = [" or ".join(SPELLINGS[w][:3]) for w in REQUIRED if w not in keys]
    if missing:
        raise InputError.single(
            source,
            f"missing {agree(len(missing), 'column', 'columns')} {'; '.join(missing)} in the "
            f"header of this {WHAT}",
            line=1,
            hint=f"columns found: {', '.join(written.values())}",
        )
    if "plugin" in present:
        tool = "Tenable.sc"
    elif "definitionid" in present:
        tool = "Tenable Vulnerability Management"
    else:
        tool = "Tenable.io"
    return Layout(keys, names, tool)


def parse(data: bytes, *, source: str) -> ParsedReport:
    """A Tenable CSV export: one Nessus finding per plugin, host, protocol and port."""
    header, rows = read_table(data, source, required=(), what=WHAT)
    columns = layout(header, header_names(data), source)
    items: dict[tuple[str, str, str, str, str], _Item] = {}
    problems: list[Diagnostic] = []
    several = 0
    for row in rows:
        try:
            item, many = _item(row, columns, source)
        except InputError as error:
            problems.extend(error.problems)
            continue
        several += many
        kept = items.setdefault(item.ident, item)
        if kept is not item:
            kept.cves.extend(item.cves)
    if problems:
        raise InputError(problems)
    warnings: tuple[str, ...] = ()
    if several:
        warnings = (
            f"{counted(several, 'row')} {agree(several, 'lists', 'list')} several host addresses: "
            "the first is the host",
        )
    findings = tuple(_finding(item) for item in items.values())
    return ParsedReport(ReportFormat.TENABLE_CSV, columns.tool, findings, warnings=warnings)


def _item(row: Row, columns: Layout, source: str) -> tuple[_Item, bool]:
    """A row's values (and whether its host cell named several addresses), or the row's error."""
    plugin, hosts = _plugin(row, columns, source), _hosts(row, columns, source)
    protocol, port = (columns.get(row, "protocol") or "").lower(), _port(row, columns, source)
    output = _output(columns.get(row, "output"))
    item = _Item(
        ident=(plugin, hosts[0].lower(), protocol, str(port or 0), output or ""),
        plugin=plugin,
        host=hosts[0],
        protocol=protocol or None,
        port=port,
        title=columns.get(row, "title") or f"Nessus plugin {plugin}",
        severity=_severity(row, columns, source),
        scores=_scores(row, columns, source),
        cwe=_cwes(row, columns),
        cves=[columns.get(row, "cve") or ""],
        evidence=_evidence(row, columns, output),
        solution=columns.get(row, "solution"),
        status=_state(row, columns, source),
    )
    return item, len(hosts) > 1


def _finding(item: _Item) -> Finding:
    """The item as the one Nessus finding shape (``nessus_finding``), with Tenable's status."""
    cvss, vector = item.scores
    finding = nessus_finding(
        plugin=item.plugin,
        host=item.host,
        protocol=item.protocol,
        port=item.port,
        title=item.title,
        severity=item.severity,
        cvss=cvss,
        vector=vector,
        cwe=item.cwe,
        cve=n.cves(item.cves),
        evidence=item.evidence,
        solution=item.solution,
    )
    if item.status is None:
        return finding
    return replace(finding, tester_status=item.status)


def _bad(
    source: str, row: Row, columns: Layout, what: str, message: str, hint: str | None = None
) -> InputError:
    """The row's error, at its line and in its column as the file names it."""
    return InputError.single(
        source, message, line=row.line, field=columns.names.get(what, what), hint=hint
    )


def _plugin(row: Row, columns: Layout, source: str) -> str:
    """The plugin id: a number, required."""
    plugin = columns.get(row, "plugin")
    if not plugin or not (plugin.isascii() and plugin.isdigit()):
        what = f"plugin id {plugin!r} is not a number" if plugin else "no plugin id"
        raise _bad(source, row, columns, "plugin", what, "the Tenable plugin number, e.g. 42873")
    return plugin


def _hosts(row: Row, columns: Layout, source: str) -> list[str]:
    """The host cell's addresses (an asset may list several); at least one is required."""
    hosts = [h for h in _SEP.split(columns.get(row, "host") or "") if h]
    if not hosts:
        raise _bad(source, row, columns, "host", "no host (IP address or DNS name)")
    return hosts


def _port(row: Row, columns: Layout, source: str) -> int | None:
    """The port: blank or 0 is none; anything but a number 0-65535 is an error."""
    text = columns.get(row, "port") or "0"
    if not (text.isascii() and text.isdigit()) or int(text) > 65535:
        raise _bad(source, row, columns, "port", f"invalid port {text!r}", "a number 0-65535")
    return int(text) or None


def _severity(row: Row, columns: Layout, source: str) -> Severity:
    """Info/Low/Medium/High/Critical, or Tenable's numbers 0-4."""
    text = (columns.get(row, "severity") or "").strip()
    word = text.lower()
    if word.isascii() and word.isdigit() and int(word) < len(SEVERITIES):
        return SEVERITIES[int(word)]
    severity = _SEVERITY.get(word)
    if severity is None:
        raise _bad(
            source,
            row,
            columns,
            "severity",
            f"invalid severity {text!r}" if text else "no severity",
            "Info, Low, Medium, High, Critical or 0-4",
        )
    return severity


def _scores(row: Row, columns: Layout, source: str) -> tuple[float | None, str | None]:
    """The CVSS v3 score and vector, else v2's; a filled score that is not 0-10 is an error."""
    for what, vector, prefix in (("cvss3", "vector3", "CVSS:3.0/"), ("cvss2", "vector2", "CVSS2#")):
        text = columns.get(row, what)
        if text is None or text.lower() in _NOTHING:
            continue
        score = n.score(text)
        if score is None:
            raise _bad(source, row, columns, what, f"invalid CVSS score {text!r}", "0.0 to 10.0")
        spelled = columns.get(row, vector)
        if spelled and spelled.lower() not in _NOTHING and not spelled.upper().startswith("CVSS"):
            spelled = prefix + spelled  # as the .nessus file spells it
        return score, spelled
    return None, None


def _cwes(row: Row, columns: Layout) -> tuple[str, ...]:
    """CWE ids from a CWE column and from cross references (``CWE #200``)."""
    listed = _SEP.split(columns.get(row, "cwe") or "")
    referenced = _XREF_CWE.findall(columns.get(row, "xref") or "")
    return n.cwes(*listed, *referenced)


def _output(text: str | None) -> str | None:
    """Plugin output without Tenable.sc's ``Plugin Output:`` label and ``<plugin_output>`` tags."""
    if not text:
        return None
    return n.clean(_OUTPUT_TAGS.sub("", _LABEL.sub("", text, count=1)))


def _evidence(row: Row, columns: Layout, output: str | None) -> str | None:
    """The plugin output (else synopsis, else description), then when Tenable saw it."""
    seen = [
        f"{label} {day}"
        for label, what in (("first seen", "first"), ("last seen", "last"))
        if (day := _day(columns.get(row, what)))
    ]
    line = f"Tenable: {', '.join(seen)}" if seen else ""
    body = output or columns.get(row, "synopsis") or columns.get(row, "description")
    text = n.clean(body, n.MAX_TEXT - len(line) - 1 if line else n.MAX_TEXT)
    return "\n".join(p for p in (text, line) if p) or None


def _day(text: str | None) -> str | None:
    """A Tenable date as ``YYYY-MM-DD`` (``Feb 9, 2024 10:48:42 UTC`` or ISO); else as written."""
    if not text or text.lower() in _NOTHING:
        return None
    if iso := _ISO_DATE.match(text):
        return iso.group(1)
    sc = _SC_DATE.match(text)
    month = _MONTHS.get(sc.group(1).lower()) if sc else None
    if sc and month:
        return f"{sc.group(3)}-{month:02d}-{int(sc.group(2)):02d}"
    return text[:40]


def _state(row: Row, columns: Layout, source: str) -> FindingState | None:
    """Tenable's vulnerability state: ``Fixed`` becomes the finding's status, the others none."""
    text = columns.get(row, "state")
    if text is None:
        return None
    if text.lower() not in _STATE:
        raise _bad(
            source,
            row,
            columns,
            "state",
            f"invalid state {text!r}",
            "New, Active, Resurfaced, Fixed (or OPEN, REOPENED, FIXED)",
        )
    return _STATE[text.lower()]


def _keys(what: str) -> frozenset[str]:
    """Every spelling of ``what`` as a normalised column key."""
    return frozenset(key(s) for s in SPELLINGS[what])


_PLUGIN_KEYS, _TITLE_KEYS = _keys("plugin"), _keys("title")
_NESSUS_LAYOUT = frozenset(nessus_csv.REQUIRED)


def sniff(head: bytes, name: str) -> bool:
    """A Tenable export: a plugin and a plugin name column, but not the Nessus CSV layout."""
    columns = csv_columns(head)
    return (
        bool(columns & _PLUGIN_KEYS)
        and bool(columns & _TITLE_KEYS)
        and not _NESSUS_LAYOUT.issubset(columns)
    )


IMPORTER = Importer(
    format=ReportFormat.TENABLE_CSV,
    family=TOOL,  # "nessus": the .nessus file's fingerprints
    aliases=("tenable",),
    display="Tenable.sc / Tenable.io (CSV)",
    extensions=(".csv",),
    content=Content.TEXT,
    sniff=sniff,
    parse=parse,
)
