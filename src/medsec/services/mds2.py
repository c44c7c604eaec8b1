"""Use case: the MDS2 form of a project (``medsec mds2 build``) and the diff of two forms.

One ``medsec check`` evaluation feeds the derivation; the manual answers are read from
``documents/mds2.yaml``; an answer that contradicts the model stops the build (InputError,
exit 3) before anything is written. ``diff`` reads two forms as ``mds2 build`` wrote them
(JSON or xlsx) and lists the answers that changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from medsec.domain.errors import InputError, UsageError
from medsec.engines.compliance.context import CheckContext
from medsec.engines.mds2.derive import derive
from medsec.engines.mds2.diff import changes
from medsec.engines.mds2.form import contradictions, fill
from medsec.engines.mds2.model import Change, Mds2Form, Snapshot
from medsec.outputs.mds2 import json as mds2_json
from medsec.outputs.mds2 import xlsx
from medsec.project.mds2_answers import load_mds2_answers
from medsec.services.check import CheckOptions
from medsec.services.check import run as run_check
from medsec.untrusted.files import read_input

MAX_FORM_BYTES = 20 * 1024 * 1024  # a filled form is ~50 KB; anything near this is not one


@dataclass(frozen=True)
class Mds2Options:
    """What ``medsec mds2 build`` builds: a project as of a date."""

    root: Path
    today: date


def form_of(ctx: CheckContext, root: Path) -> Mds2Form:
    """The filled form of the project checked in ``ctx``; InputError on contradictions."""
    derived = derive(ctx)
    manual = load_mds2_answers(root)
    problems = contradictions(derived, manual)
    if problems:
        raise InputError(problems)
    return fill(ctx, derived, manual)


def build(options: Mds2Options) -> Mds2Form:
    """Check the project, derive what the model says, add the answers file, fill the form."""
    result = run_check(CheckOptions(options.root, options.today))
    return form_of(result.context, options.root)


def read_form(path: Path) -> Snapshot:
    """A form as ``mds2 build`` wrote it, JSON or xlsx (told by its first bytes)."""
    shown = str(path)
    data = read_input(path, max_bytes=MAX_FORM_BYTES, display=shown, what="MDS2 forms")
    if data[:2] == b"PK":
        return xlsx.parse(data, source=shown)
    if data.lstrip()[:1] == b"{":
        return mds2_json.parse(data, source=shown)
    raise InputError.single(
        shown, "not an MDS2 form: expected the JSON or xlsx that 'medsec mds2 build' writes"
    )


def diff(old: Path, new: Path) -> tuple[Snapshot, Snapshot, tuple[Change, ...]]:
    """The two forms and the answers that changed from ``old`` to ``new``."""
    if old.resolve() == new.resolve():
        raise UsageError("mds2 diff: OLD and NEW are the same file")
    before, after = read_form(old), read_form(new)
    return before, after, changes(before, after)
