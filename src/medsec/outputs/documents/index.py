"""The index ``medsec docs build --all`` writes beside the documents: HTML for people, JSON for
scripts. It lists each document with its revision, status and open questions, and each
document that does not apply to the project with the reason.

The JSON also records the sha256 of each file written (``file_digest``) and, for a PDF, the
digest of what it was laid out from (``source_digest``, ``pdf.source_digest``):
:func:`read_recorded` reads them back, so that the next build into the folder keeps a PDF
whose source has not changed (``reuse.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from medsec.domain.document import Document
from medsec.domain.errors import InputError
from medsec.outputs.json import dumps
from medsec.untrusted.jsontext import loads

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}
td,th{border:1px solid #bbb;padding:.3em .6em;text-align:left}.na{color:#666}</style></head>
<body><h1>{{ title }}</h1>
<table><tr><th>Document</th><th>Revision</th><th>Frameworks</th><th>Open questions</th></tr>
{% for e in entries %}<tr>{% if e.file %}<td><a href="{{ e.file }}">{{ e.title }}</a>
<br><code>{{ e.id }}</code></td><td>{{ e.revision }} ({{ e.date }})</td>
<td>{{ e.frameworks }}</td><td>{{ e.open }}</td>{% else %}<td class="na">{{ e.title }}
<br><code>{{ e.id }}</code></td><td class="na" colspan="3">not applicable: {{ e.reason }}</td>
{% endif %}</tr>
{% endfor %}</table></body></html>
"""


@dataclass(frozen=True)
class IndexEntry:
    """One line of the index: a written document, or one that does not apply (with why)."""

    id: str
    title: str
    document: Document | None
    file: str | None  # file name in the folder
    reason: str | None = None
    file_digest: str | None = None  # "sha256:..." of the file as written
    source_digest: str | None = None  # "sha256:..." of what a PDF was laid out from


def _entry(e: IndexEntry) -> dict[str, Any]:
    """An index line as plain data."""
    doc = e.document
    return {
        "id": e.id,
        "title": e.title,
        "file": e.file,
        "revision": doc.header.revision if doc else None,
        "date": doc.header.date.isoformat() if doc else None,
        "frameworks": ", ".join(doc.header.frameworks) if doc else None,
        "open": len(doc.open_questions) if doc else None,
        "reason": e.reason,
        "file_digest": e.file_digest,
        "source_digest": e.source_digest,
    }


def render_index_html(device: str, entries: list[IndexEntry]) -> str:
    """The index as one HTML page with links to the documents (every value escaped)."""
    from jinja2 import Environment

    env = Environment(autoescape=True, keep_trailing_newline=True)
    title = f"Security documentation of {device}"
    return env.from_string(_TEMPLATE).render(title=title, entries=[_entry(e) for e in entries])


def render_index_json(entries: list[IndexEntry]) -> str:
    """The index as JSON: one object per document."""
    return dumps({"documents": [_entry(e) for e in entries]})


@dataclass(frozen=True)
class Recorded:
    """What an earlier build's index.json says of one file it wrote."""

    file: str
    file_digest: str | None
    source_digest: str | None


def _text_or_none(entry: dict[str, Any], key: str, source: str, n: int) -> str | None:
    """``entry[key]`` when text or absent/null (an index from before the field); else an error."""
    value = entry.get(key)
    if value is None or isinstance(value, str):
        return value
    raise InputError.single(source, f"{key} is not text", field=f"documents[{n}]")


def read_recorded(data: bytes, *, source: str) -> dict[str, Recorded]:
    """The files an index.json records, by document id; ``InputError`` when it is not one
    this module wrote (not JSON, no ``documents`` list, an entry without a textual id)."""
    index = loads(data, source=source)
    documents = index.get("documents") if isinstance(index, dict) else None
    if not isinstance(documents, list):
        raise InputError.single(source, "not a document index: no 'documents' list")
    out: dict[str, Recorded] = {}
    for n, entry in enumerate(documents):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise InputError.single(source, "an entry without an id", field=f"documents[{n}]")
        file = _text_or_none(entry, "file", source, n)
        if file is not None:
            out[entry["id"]] = Recorded(
                file,
                _text_or_none(entry, "file_digest", source, n),
                _text_or_none(entry, "source_digest", source, n),
            )
    return out
