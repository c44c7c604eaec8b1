"""The manual MDS2 answers: ``documents/mds2.yaml``, validated with located errors.

What the model cannot say (an ISAO membership, auto-logoff, anti-malware) is written once per
question id::

    DOC-9: No
    ALOF-1: {answer: Yes, note: "Session lock after 5 minutes, configurable 1-30 minutes"}

An id the form does not have (with the nearest one it has), an answer other than Yes, No,
N/A or See note, a "See note" without a note, or an id answered twice is an error naming the
file and line; every problem is reported at once. Whether an answer contradicts the model is
decided where the model is known (``medsec.engines.mds2.form.contradictions``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from medsec.domain.errors import Diagnostic, InputError
from medsec.domain.wording import agree
from medsec.engines.mds2.model import ManualAnswer, Mds2Answer
from medsec.engines.mds2.questions import canonical, nearest
from medsec.project.loader import project_file
from medsec.project.yamlfile import YamlDocument, load_yaml

MDS2_ANSWERS = "documents/mds2.yaml"
_VALUES = {a.value.lower(): a for a in Mds2Answer}
_KEYS = ("answer", "note")


def mds2_answers_path(root: Path) -> Path:
    """Where the answers file of the project at ``root`` lives."""
    return project_file(root).parent / MDS2_ANSWERS


def load_mds2_answers(root: Path) -> dict[str, ManualAnswer]:
    """The project's manual MDS2 answers by question id ({} without a file); InputError if bad."""
    path = mds2_answers_path(root)
    if not path.exists():
        return {}
    return parse_mds2_answers(load_yaml(path, MDS2_ANSWERS))


def parse_mds2_answers(doc: YamlDocument) -> dict[str, ManualAnswer]:
    """The answers of a loaded answers file; every problem raised together as an InputError."""
    if doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        raise InputError.single(doc.path, "expected a mapping of question ids to answers", line=1)
    out: dict[str, ManualAnswer] = {}
    problems: list[Diagnostic] = []
    for key, raw in doc.data.items():
        line = doc.lines.line([str(key)])
        qid = canonical(str(key))
        if qid is None:
            near = nearest(str(key))
            hint = f"did you mean '{near}'?" if near else "the ids are listed in docs/mds2.md"
            problems.append(Diagnostic(doc.path, f"unknown MDS2 question '{key}'", line, hint=hint))
            continue
        if qid in out:
            first = out[qid].line
            problems.append(
                Diagnostic(doc.path, f"{qid} is already answered on line {first}", line, qid)
            )
            continue
        answer, problem = _answer(qid, raw, doc.path, line)
        if problem is not None:
            problems.append(problem)
        elif answer is not None:
            out[qid] = answer
    if problems:
        raise InputError(problems)
    return out


def _answer(
    qid: str, raw: Any, path: str, line: int | None
) -> tuple[ManualAnswer | None, Diagnostic | None]:
    """One answer (a bare value, or ``{answer, note}``), or the problem with it."""
    note: Any = ""
    value = raw
    if isinstance(raw, dict):
        unknown = sorted(str(k) for k in raw if str(k) not in _KEYS)
        if unknown:
            keys = agree(len(unknown), "key", "keys")
            message = f"unknown {keys} {', '.join(unknown)}; an answer has 'answer' and 'note'"
            return None, Diagnostic(path, message, line, qid)
        value, note = raw.get("answer"), raw.get("note") or ""
    if value is None or value == "":
        return None, None  # left empty: still open
    if isinstance(value, bool):
        value = "Yes" if value else "No"
    chosen = _VALUES.get(str(value).strip().lower()) if isinstance(value, str) else None
    if chosen is None:
        message = f"answer {value!r} is not one of Yes, No, N/A, See note"
        return None, Diagnostic(path, message, line, qid, hint="the form allows these four")
    if not isinstance(note, (str, int, float)):
        return None, Diagnostic(path, "the note must be text", line, qid)
    text = str(note).strip()
    if chosen is Mds2Answer.SEE_NOTE and not text:
        return None, Diagnostic(path, "'See note' needs a note", line, qid, hint="add note: ...")
    return ManualAnswer(qid, chosen, text, path, line), None
