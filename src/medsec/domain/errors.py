"""The one error root and its families, each with diagnostics that say what to do next."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Diagnostic:
    """One located problem in an input: ``file:line: field: problem (hint)``."""

    path: str
    message: str
    line: int | None = None
    field: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        text = (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )
        return f"{text} ({self.hint})" if self.hint else text


class MedsecError(Exception):
    """Root of every error medsec raises on purpose."""

    def diagnostics(self) -> str:
        return str(self)


@dataclass
class InputError(MedsecError):
    """A file the user gave us is malformed; carries every problem found, not just the first."""

    problems: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.diagnostics())

    @classmethod
    def single(
        cls,
        path: str,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> InputError:
        return cls([Diagnostic(path=path, message=message, line=line, field=field, hint=hint)])

    def diagnostics(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class UsageError(MedsecError):
    """The command was called in a way that cannot work (bad option combination, no project)."""


class SourceUnavailableError(MedsecError):
    """An external source (feed, database server) could not be reached."""
