"""One shape for every output format: a :class:`Renderer` and one :class:`Registry` per subject.

A renderer is metadata (the ``--format`` name, media type, file suffix, one line of help) plus
``render(view) -> str | bytes``. Each subject (the checklist, the threat register, a scan, the
device SBOM, ...) lists its renderers in one registry of literals, in its package under
``outputs/``; the CLI takes its ``--format`` choices and help from that registry and looks the
chosen name up before it computes anything. Nothing is discovered at run time: a reader of a
registry sees every format the subject has.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from medsec.domain.errors import UsageError

ViewT = TypeVar("ViewT")
ViewT_contra = TypeVar("ViewT_contra", contravariant=True)


class Renderer(Protocol[ViewT_contra]):
    """One output format of one subject: what it is called and how it turns a view into a file."""

    @property
    def name(self) -> str:
        """The ``--format`` value, e.g. ``sarif``."""
        ...

    @property
    def media_type(self) -> str:
        """The IANA media type of the output, e.g. ``application/sarif+json``."""
        ...

    @property
    def suffix(self) -> str:
        """The usual file suffix, e.g. ``.sarif``."""
        ...

    @property
    def help(self) -> str:
        """One line for ``--help``: what the format is for."""
        ...

    def render(self, view: ViewT_contra, /) -> str | bytes:
        """The whole output for ``view``: text (str) or a binary document (bytes)."""
        ...


@dataclass(frozen=True)
class Format(Generic[ViewT]):
    """A renderer made of metadata and one function: what a format module declares."""

    name: str
    media_type: str
    suffix: str
    help: str
    render: Callable[[ViewT], str | bytes]


class Registry(Mapping[str, Renderer[ViewT]]):
    """The output formats of one subject, in ``--help`` order; the first one is the default."""

    def __init__(self, subject: str, *renderers: Renderer[ViewT]) -> None:
        """Keep the renderers by name; an empty registry or a repeated name is a bug."""
        names = [r.name for r in renderers]
        if not names or len(set(names)) != len(names):
            raise ValueError(f"{subject}: a registry needs renderers with distinct names: {names}")
        self.subject = subject
        self._by_name: dict[str, Renderer[ViewT]] = dict(zip(names, renderers, strict=True))

    def __getitem__(self, name: str) -> Renderer[ViewT]:
        """The renderer called ``name`` (KeyError if none; the CLI uses :meth:`choose`)."""
        return self._by_name[name]

    def __iter__(self) -> Iterator[str]:
        """The format names, in ``--help`` order."""
        return iter(self._by_name)

    def __len__(self) -> int:
        """How many formats the subject has."""
        return len(self._by_name)

    def __repr__(self) -> str:
        """The subject and its format names, for debugging."""
        return f"Registry({self.subject!r}: {', '.join(self)})"

    @property
    def names(self) -> tuple[str, ...]:
        """Every format name, in order."""
        return tuple(self._by_name)

    @property
    def default(self) -> str:
        """The format used when ``--format`` is not given: the first one listed."""
        return self.names[0]

    def help(self) -> str:
        """``--format`` help: the choices, then one line per format."""
        described = "; ".join(f"{r.name}: {r.help}" for r in self._by_name.values())
        return f"{' | '.join(self)}. {described}."

    def choose(self, name: str, option: str = "--format") -> Renderer[ViewT]:
        """The renderer called ``name``; a usage error listing the formats when there is none."""
        renderer = self._by_name.get(name)
        if renderer is None:
            raise UsageError(f"{option}: '{name}' is not one of {', '.join(self)}")
        return renderer
