"""``medsec threats score ID``: the MITRE rubric asked question by question in the terminal."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import typer

from medsec.domain.errors import UsageError
from medsec.engines.threats import rubric
from medsec.services.threats import ensure_threat, store_rubric


def _parse(answers: list[str]) -> dict[str, str]:
    """The ``--answer QUESTION=VALUE`` pairs as a rubric dict, rejected early when invalid."""
    out: dict[str, str] = {}
    for item in answers:
        qid, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--answer '{item}': expected QUESTION=yes|no|unknown")
        out[qid.strip().upper()] = value.strip().lower()
    try:
        rubric.validate(out)
    except rubric.RubricError as exc:
        raise UsageError(str(exc)) from None
    return out


def interactive_score(root: Path, threat_id: str, given: list[str], today: date) -> None:
    """Ask the rubric questions --answer left open, then store and print the CVSS vectors."""
    answers = _parse(given)
    ensure_threat(root, threat_id, today)
    while (question := rubric.next_question(answers)) is not None:
        if not sys.stdin.isatty() and given:
            raise UsageError(f"rubric incomplete: answer {question.id} ({question.text})")
        typer.echo(f"[{question.metric}] {question.id}: {question.text}", err=True)
        if question.help:
            typer.echo(f"      {question.help}", err=True)
        reply = typer.prompt("      yes / no / unknown", err=True).strip().lower()
        if reply in ("y", "n", "u"):
            reply = {"y": "yes", "n": "no", "u": "unknown"}[reply]
        if reply not in rubric.ANSWERS:
            typer.echo("      please answer yes, no or unknown", err=True)
            continue
        answers[question.id] = reply
    v3, v4, score3, score4 = store_rubric(root, threat_id, answers, today)
    typer.echo(f"{threat_id}: {v3} ({score3}) · {v4} ({score4})")
