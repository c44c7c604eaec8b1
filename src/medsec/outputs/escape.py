"""Escaping user text for the text formats that share it (Markdown tables)."""

from __future__ import annotations


def markdown_cell(text: str) -> str:
    """Text safe inside one Markdown table cell: pipes escaped, line breaks joined."""
    return text.replace("|", "\\|").replace("\n", " ")
