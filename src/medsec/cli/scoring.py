"""``medsec threats score ID``: the MITRE rubric asked question by question in the terminal."""

from __future__ import annotations

import sys
import textwrap
from datetime import date
from pathlib import Path

import typer

from medsec.domain.errors import UsageError
from medsec.engines.threats import rubric


def questions_help() -> str:
    """The rubric's question ids for ``medsec threats --help``, metric by metric, unwrapped."""
    lines = [
        "\b",
        "Rubric questions, for 'threats score ID --answer QUESTION=yes|no|unknown'",
        "(an answer may lead to the next one; 'unknown' leads to the worse value):",
    ]
    for metric in rubric.METRIC_ORDER:
        for question in rubric.QUESTIONS.values():
            if question.metric == metric:
                shown = metric if question.id == rubric.START[metric] else ""
                lines += textwrap.wrap(
                    question.text,
                    width=76,
                    initial_indent=f"  {shown:<3}{question.id:<6}",
                    subsequent_indent=" " * 11,
                )
    return "\n".join(lines)


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


def _known(root: Path, threat_id: str, today: date) -> None:
    """A usage error naming the closest id when the project has no such threat (nothing written)."""
    from medsec.project.suggest import did_you_mean
    from medsec.services.threats import ThreatOptions, run

    ids = [t.id for t in run(ThreatOptions(root, today, write=False)).threats]
    if threat_id not in ids:
        hint = did_you_mean(threat_id, ids) or "list them with 'medsec threats'"
        raise UsageError(f"no threat '{threat_id}' in the register ({hint})")


def interactive_score(root: Path, threat_id: str, given: list[str], today: date) -> None:
    """Ask the rubric questions --answer left open, then store and print the CVSS vectors."""
    from medsec.services.threats import store_rubric

    answers = _parse(given)
    _known(root, threat_id, today)  # before a question is asked or a file written
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
