"""FIRST EPSS scores: ``epss_scores-YYYY-MM-DD.csv`` (or ``.csv.gz``).

The first line is a comment with the model and the score date,
``#model_version:v2023.03.01,score_date:2023-03-07T00:00:00+0000``, then the header
``cve,epss,percentile`` and one row per CVE (about 300,000).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from medsec.domain.advisory import EpssScore, SourceKind
from medsec.domain.errors import Diagnostic, InputError
from medsec.sources.advisories.archive import gunzip, is_gzip
from medsec.sources.advisories.source import Collection, FeedSource, Files, Loaded, only

_MAX_PROBLEMS = 50


@dataclass(frozen=True)
class EpssData:
    """Every score of one EPSS file, with the model version and score date."""

    scores: tuple[EpssScore, ...]
    model_version: str = ""
    score_date: datetime | None = None


def parse(data: bytes, *, source: str) -> EpssData:
    """Parse an EPSS CSV; gzip-compressed input is recognised by its magic bytes."""
    if is_gzip(data):
        data = gunzip(data, source=source)
    lines = data.splitlines()
    position = 0
    model, when = "", None
    if lines and lines[0].startswith(b"#"):
        model, when = _comment(lines[0].decode("utf-8", "replace"))
        position = 1
    header = lines[position].strip().lower() if position < len(lines) else b""
    if not header.startswith(b"cve,epss"):
        raise InputError.single(
            source,
            "no 'cve,epss,percentile' header",
            line=position + 1,
            hint="not a FIRST EPSS scores file",
        )
    day = when.date() if when else None
    scores: list[EpssScore] = []
    problems: list[Diagnostic] = []
    for number, raw in enumerate(lines[position + 1 :], start=position + 2):
        if not raw.strip():
            continue
        try:
            scores.append(_row(raw, day))
        except ValueError as error:
            problems.append(Diagnostic(source, str(error), line=number))
            if len(problems) >= _MAX_PROBLEMS:
                break
    if problems:
        raise InputError(problems)
    if not scores:
        raise InputError.single(source, "no scores after the header", hint="file cut short?")
    return EpssData(scores=tuple(scores), model_version=model, score_date=when)


def _row(raw: bytes, day: date | None) -> EpssScore:
    parts = raw.split(b",")
    if len(parts) < 3:
        raise ValueError(f"expected 'cve,epss,percentile', got {raw[:80]!r}")
    cve = parts[0].strip().decode("ascii", "replace")
    if not cve.startswith("CVE-"):
        raise ValueError(f"{cve!r} is not a CVE id")
    epss, percentile = float(parts[1]), float(parts[2])
    if not (0.0 <= epss <= 1.0 and 0.0 <= percentile <= 1.0):
        raise ValueError(f"{cve}: scores must lie between 0 and 1")
    return EpssScore(cve=cve, epss=epss, percentile=percentile, date=day)


def _comment(line: str) -> tuple[str, datetime | None]:
    fields = dict(part.split(":", 1) for part in line.lstrip("#").strip().split(",") if ":" in part)
    model = fields.get("model_version", "").strip()
    when = fields.get("score_date", "").strip()
    if not when:
        return model, None
    text = when.replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":  # +0000 → +00:00
        text = f"{text[:-2]}:{text[-2:]}"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return model, None
    return model, parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def sniff(head: bytes, name: str) -> bool:
    """The ``#model_version`` comment or the ``cve,epss`` header."""
    end = head.find(b"\n")  # the first line, without copying the rest of the head
    return (
        head[: end if end >= 0 else len(head)].lower().startswith((b"#model_version", b"cve,epss"))
    )


def load(files: Files, collection: Collection, /, *, skip_invalid: bool) -> Loaded:
    """All scores, read up front: the score date dates the snapshot."""
    name, data = only(files)
    scores = parse(data, source=name)
    return Loaded(iter(scores.scores), scores.score_date)


SOURCE = FeedSource(kind=SourceKind.EPSS, sniff=sniff, load=load)
