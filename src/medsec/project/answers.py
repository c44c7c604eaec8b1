"""The manual answers of ``medsec docs``: ``documents/*.yaml`` in the project, validated.

What evidence cannot supply (the personnel of the management plan, the benefit-risk statement,
the QMS a device is developed under) is written once, as ``key: value``, in any YAML file under
``documents/``; every document that needs the fact reads the same key. Keys and types come
from the questions the documents declare: an unknown key (with the nearest known one), a value
of the wrong type, a record without a required column or a key answered in two files is a
located error, all of them reported at once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from medsec.domain.document import Answer, AnswerKind, Answers, AnswerValue, Question
from medsec.domain.errors import Diagnostic, InputError
from medsec.domain.wording import agree
from medsec.project.loader import project_file
from medsec.project.yamlfile import YamlDocument, load_yaml

ANSWERS_DIR = "documents"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def answers_files(root: Path) -> list[Path]:
    """The answers files of the project at ``root``, in name order (none: an empty list)."""
    folder = project_file(root).parent / ANSWERS_DIR
    if not folder.is_dir():
        return []
    # documents/mds2.yaml holds MDS2 answers by question id (project/mds2_answers.py)
    return sorted(
        p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.name != "mds2.yaml"
    )


def load_answers(root: Path, questions: Mapping[str, Question]) -> Answers:
    """Every answer under ``documents/``, checked against ``questions``; InputError if any is bad."""
    values: dict[str, Answer] = {}
    problems: list[Diagnostic] = []
    for file in answers_files(root):
        shown = f"{ANSWERS_DIR}/{file.name}"
        doc = load_yaml(file, shown)
        for answer in _answers_of(doc, questions, problems):
            if answer.key in values:
                first = values[answer.key]
                problems.append(
                    Diagnostic(
                        shown,
                        f"'{answer.key}' is already answered in {first.path}:{first.line}",
                        line=answer.line,
                        hint="answer each key once",
                    )
                )
                continue
            values[answer.key] = answer
    if problems:
        raise InputError(problems)
    return Answers(values)


def _answers_of(
    doc: YamlDocument, questions: Mapping[str, Question], problems: list[Diagnostic]
) -> list[Answer]:
    """The valid answers of one file; what is wrong goes to ``problems``."""
    if doc.data is None:
        return []
    if not isinstance(doc.data, dict):
        problems.append(Diagnostic(doc.path, "expected a mapping of answers (key: value)", line=1))
        return []
    out = []
    for key, raw in doc.data.items():
        line = doc.lines.line([str(key)])
        question = questions.get(str(key))
        if question is None:
            problems.append(_unknown(doc.path, str(key), line, questions))
            continue
        value, problem = _typed(question, raw)
        if problem is not None:
            problems.append(Diagnostic(doc.path, problem, line=line, field=str(key)))
            continue
        if value is not None:
            out.append(Answer(str(key), value, doc.path, line))
    return out


def _unknown(
    path: str, key: str, line: int | None, questions: Mapping[str, Question]
) -> Diagnostic:
    """An unknown key, with the nearest known one when there is one."""
    near = difflib.get_close_matches(key, list(questions), n=1)
    hint = f"did you mean '{near[0]}'?" if near else "run 'medsec docs questions' for the keys"
    return Diagnostic(path, f"unknown key '{key}'", line=line, hint=hint)


def _typed(q: Question, raw: Any) -> tuple[AnswerValue | None, str | None]:
    """The value as the question's kind, or the reason it is not one (None: left empty)."""
    if raw is None or raw == "" or raw == []:
        return None, None
    if q.kind is AnswerKind.TEXT:
        return _text(raw)
    if q.kind is AnswerKind.BOOL:
        return (raw, None) if isinstance(raw, bool) else (None, "expected true or false")
    if q.kind is AnswerKind.DATE:
        return _date(raw)
    if q.kind is AnswerKind.LIST:
        return _list(raw)
    return _records(q, raw)


def _text(raw: Any) -> tuple[AnswerValue | None, str | None]:
    """A string answer (numbers are written as text)."""
    if isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
        return str(raw).strip(), None
    return None, "expected text"


def _date(raw: Any) -> tuple[AnswerValue | None, str | None]:
    """An ISO date answer."""
    if isinstance(raw, date):
        return raw, None
    if isinstance(raw, str) and _ISO_DATE.match(raw):
        try:
            return date.fromisoformat(raw), None
        except ValueError:
            pass
    return None, f"expected a date (YYYY-MM-DD), found {raw!r}"


def _list(raw: Any) -> tuple[AnswerValue | None, str | None]:
    """A list of strings (a single string counts as a list of one)."""
    items = [raw] if isinstance(raw, str) else raw
    if isinstance(items, list) and all(isinstance(i, (str, int, float)) for i in items):
        return tuple(str(i).strip() for i in items), None
    return None, "expected a list of text items"


def _records(q: Question, raw: Any) -> tuple[AnswerValue | None, str | None]:
    """A list of mappings with the question's columns; required columns filled."""
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        return None, f"expected a list of mappings with keys {', '.join(q.columns)}"
    records = []
    for n, item in enumerate(raw, 1):
        unknown = sorted(str(k) for k in item if str(k) not in q.columns)
        if unknown:
            return (
                None,
                f"item {n}: unknown {agree(len(unknown), 'key', 'keys')} {', '.join(unknown)}; "
                f"use {', '.join(q.columns)}",
            )
        missing = [c for c in q.required if not item.get(c)]
        if missing:
            return None, f"item {n}: missing {', '.join(missing)}"
        if not all(isinstance(v, (str, int, float)) or v is None for v in item.values()):
            return None, f"item {n}: values must be text"
        records.append({str(k): str(v) for k, v in item.items() if v is not None})
    return tuple(records), None
