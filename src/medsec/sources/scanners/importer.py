"""What a scanner (pentest report) importer is: one Protocol, and its usual implementation.

An importer is metadata (format, tool family, name, file extensions, encoding), a sniffer that
recognises its reports from their first bytes, and a pure parser. The registry
(``registry.IMPORTERS``) lists every importer once; detection, ``--as``, the CLI help and the
"medsec reads ..." hint are all derived from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from medsec.domain.pentest import ParsedReport, ReportFormat


class Content(StrEnum):
    """How a report is encoded, told by its first non-blank byte."""

    XML = "xml"
    JSON = "json"
    TEXT = "text"  # CSV, JSON Lines or empty


class Parser(Protocol):
    """``parse(data, *, source)``: the whole report, or an ``InputError`` located in ``source``."""

    def __call__(self, data: bytes, /, *, source: str) -> ParsedReport: ...


class ScannerImporter(Protocol):
    """One report format medsec imports."""

    @property
    def format(self) -> ReportFormat:
        """The exact format (``--as`` accepts its value)."""

    @property
    def family(self) -> str:
        """The tool family: ``--as`` name and the first part of every fingerprint."""

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other ``--as`` names of the family (``greenbone`` for ``openvas``)."""

    @property
    def display(self) -> str:
        """Name for people: ``Nessus (.nessus)``."""

    @property
    def extensions(self) -> tuple[str, ...]:
        """Usual file name endings (for help and file pickers; detection reads content)."""

    @property
    def content(self) -> Content:
        """Its encoding: ``--as FAMILY`` picks the family member matching the file's."""

    def sniff(self, head: bytes, name: str, /) -> bool:
        """Whether ``head`` (the first 64 KiB, BOM and leading blanks removed) is this format."""

    def parse(self, data: bytes, /, *, source: str) -> ParsedReport:
        """The report's findings and services; a malformed report raises ``InputError``."""


@dataclass(frozen=True)
class Importer:
    """The usual :class:`ScannerImporter`: metadata as data, plus a sniffer and a parser."""

    format: ReportFormat
    family: str
    display: str
    extensions: tuple[str, ...]
    content: Content
    sniff: Callable[[bytes, str], bool]
    parse: Parser
    aliases: tuple[str, ...] = ()
