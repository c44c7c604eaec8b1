"""What to do about a checklist finding, in one of two shapes a person (and a test) can act on.

A fix is either

- a **command**: one or more medsec command lines joined by `` && ``. Run as printed from the
  folder ``medsec check`` was run in, it changes the finding (clears it, or moves it on). It
  names the project folder as the user named it (``CheckContext.project_dir``); words in
  capitals (``NAME``, ``WHY``) are placeholders for the person to fill in; or
- an **edit**: ``FILE: KEY`` naming the file (relative to the project folder) and the key to
  set, optionally ``: VALUE`` and a note in parentheses, e.g. ``medsec.yaml:
  interfaces[uart-console].production: disabled``. ``name[id]`` selects the list item (or
  mapping entry) with that id, ``name[]`` a new or any item of a list.

Both are plain text in :class:`~medsec.domain.checklist.CheckFinding` ``.fix``, so every
renderer shows them as they are; the helpers here build them (and read them back, for tests
and tools) so that the two shapes never drift.
"""

from __future__ import annotations

import posixpath
import shlex
from collections.abc import Collection

from medsec.domain.paths import REGISTER_FILE

PROGRAM = "medsec"
AND = " && "
_SHOWN = 3


def command(*words: str) -> str:
    """One medsec command line, each word shell-quoted where it needs it."""
    return shlex.join([PROGRAM, *words])


def commands(*lines: str) -> str:
    """Several command lines run one after the other (each only if the previous succeeded)."""
    return AND.join(lines)


def inside(folder: str, relative: str) -> str:
    """A path inside the project folder, as the user's shell sees it from where they ran check."""
    return relative if folder in ("", ".") else posixpath.join(folder, relative)


def edit(file: str, key: str, value: str | None = None, *, note: str | None = None) -> str:
    """``FILE: KEY[: VALUE][ (NOTE)]``: the file and key to edit, what to put there, and why."""
    text = f"{file}: {key}"
    if value:
        text += f": {value}"
    if note:
        text += f" ({note})"
    return text


def register_edit(
    threat: str,
    key: str,
    value: str | None = None,
    *,
    note: str | None = None,
    unregistered: Collection[str] = (),
    folder: str = ".",
) -> str:
    """An edit of one threat's entry in threats.yaml; one not registered yet says how to add it."""
    if threat in unregistered:
        first = f"register it first: {command('threats', folder)}"
        note = f"{first}; {note}" if note else first
    return edit(REGISTER_FILE, f"threats[{threat}].{key}", value, note=note)


def listed(names: list[str] | tuple[str, ...], shown: int = _SHOWN) -> str:
    """A short list for a fix: the first few names, then how many in all."""
    head = ", ".join(names[:shown])
    return head if len(names) <= shown else f"{head}, … ({len(names)} in all)"


def is_command(fix: str) -> bool:
    """Whether a fix is a command (else it is an edit)."""
    return fix.startswith(PROGRAM + " ")


def command_lines(fix: str) -> list[list[str]]:
    """The argument vectors of a command fix, without the program name, in order."""
    out = []
    for line in fix.split(AND):
        words = shlex.split(line)
        if not words or words[0] != PROGRAM:
            raise ValueError(f"not a medsec command line: {line!r}")
        out.append(words[1:])
    return out


def edit_target(fix: str) -> tuple[str, str]:
    """The (file, key) an edit fix names."""
    file, sep, rest = fix.partition(": ")
    if not sep or is_command(fix):
        raise ValueError(f"not an edit fix: {fix!r}")
    depth, end = 0, len(rest)
    for i, char in enumerate(rest):  # the key ends at ': ' or ' (' outside brackets
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth == 0 and rest[i : i + 2] in (": ", " ("):
            end = i
            break
    return file, rest[:end]
