"""The example project as ``medsec check`` judged it, and twins of it with other statuses.

Requirement-matrix tests start from the example's real evidence (its check context, its
checklist) and, where a test needs a project whose items all pass or all fail, replace the
items' statuses: the rows must follow whatever the checklist says.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

from tests.conftest import EXAMPLE

from medsec.domain.checklist import Checklist, ItemId, ItemStatus
from medsec.domain.document import Answer, Answers, AnswerValue
from medsec.outputs.documents.spec import DocumentInputs
from medsec.services.check import CheckOptions
from medsec.services.check import run as run_check

TODAY = date(2026, 12, 4)
ANSWERS = "documents/answers.yaml"


def copy_example(folder: Path) -> Path:
    """A copy of the example project in ``folder`` (documents write revision records)."""
    target = folder / EXAMPLE.name
    shutil.copytree(EXAMPLE, target)
    return target


def checked(root: Path) -> DocumentInputs:
    """The project at ``root`` as ``medsec check`` judges it, without answers."""
    result = run_check(CheckOptions(root, TODAY))
    return DocumentInputs(result.checklist, result.context, Answers({}), lambda dot: None)


def with_statuses(
    inputs: DocumentInputs, statuses: dict[ItemId, ItemStatus] | ItemStatus
) -> DocumentInputs:
    """The same evidence with the items' statuses replaced (a pass keeps no findings)."""
    items = []
    for r in inputs.checklist.items:
        status = statuses if isinstance(statuses, ItemStatus) else statuses.get(r.id, r.status)
        findings = () if status is ItemStatus.PASS else r.findings
        items.append(replace(r, status=status, findings=findings))
    return replace(inputs, checklist=Checklist(tuple(items)))


def with_answers(inputs: DocumentInputs, **values: AnswerValue) -> DocumentInputs:
    """The same evidence with more manual answers, as if written one a line in the answers file."""
    added = {
        key: Answer(key, value, ANSWERS, line)
        for line, (key, value) in enumerate(values.items(), 1)
    }
    return replace(inputs, answers=Answers(inputs.answers.values | added))
