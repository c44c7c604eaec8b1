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
        """``path:line: field: message (hint)``, the parts that are known."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        text = (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )
        return f"{text} ({self.hint})" if self.hint else text


class MedsecError(Exception):
    """Root of every error medsec raises on purpose."""

    def diagnostics(self) -> str:
        """What the CLI prints for this error: what went wrong and what to do."""
        return str(self)


@dataclass
class InputError(MedsecError):
    """A file the user gave us is malformed; carries every problem found, not just the first."""

    problems: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Make ``str(error)`` the full list of problems, as tracebacks show it."""
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
        """An input error with one located problem: the common case of a parser."""
        return cls([Diagnostic(path=path, message=message, line=line, field=field, hint=hint)])

    def diagnostics(self) -> str:
        """Every problem, one per line, each with its file and place."""
        return "\n".join(str(p) for p in self.problems)


class UsageError(MedsecError):
    """The command was called in a way that cannot work (bad option combination, no project)."""


class SourceUnavailableError(MedsecError):
    """An external source (feed, database server) could not be reached."""
