"""The documents registry: unique ids, and one shape per answers key across every document."""

from __future__ import annotations

from medsec.outputs.documents.registry import DOCUMENTS, questions


def test_one_key_is_one_question_in_every_document() -> None:
    shapes: dict[str, set[tuple[str, tuple[str, ...], tuple[str, ...]]]] = {}
    users: dict[str, list[str]] = {}
    for spec in DOCUMENTS.values():
        for q in spec.questions:
            shapes.setdefault(q.key, set()).add((q.kind.value, q.columns, q.required))
            users.setdefault(q.key, []).append(spec.meta.id)
    conflicting = {k: (v, users[k]) for k, v in shapes.items() if len(v) > 1}
    assert not conflicting, conflicting
    assert set(questions()) == set(shapes)


def test_ids_are_the_registry_keys_and_every_document_has_frameworks() -> None:
    for doc_id, spec in DOCUMENTS.items():
        assert spec.meta.id == doc_id
        assert spec.meta.frameworks and spec.meta.title and spec.meta.summary
