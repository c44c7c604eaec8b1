"""Collecting located warnings while a parser reads leniently."""

from __future__ import annotations

from medsec.domain.errors import Diagnostic


class Notes:
    """Warnings for one source file; ``location`` is a field path or ``line N``."""

    def __init__(self, source: str) -> None:
        """Start with no warnings for ``source``."""
        self.source = source
        self.items: list[Diagnostic] = []

    def warn(
        self,
        message: str,
        *,
        field: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        """Record a warning at a field or line, with an optional hint on what to do."""
        self.items.append(
            Diagnostic(path=self.source, message=message, line=line, field=field, hint=hint)
        )

    def freeze(self) -> tuple[Diagnostic, ...]:
        """The warnings so far, as the immutable tuple a result carries."""
        return tuple(self.items)
