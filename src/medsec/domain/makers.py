"""Fast constructors of frozen domain values, for the few places that make tens of thousands.

A frozen dataclass's ``__init__`` stores each field with ``object.__setattr__`` (about 1.5 us
for a 14-field :class:`~medsec.domain.vulnerability.Finding`); a scan of 10,000 components
makes some 60,000 findings, match results and match details. :func:`maker` gives a function
that fills the instance's dict directly, field by field in field order, as ``pickle`` restores
a frozen dataclass: the same value (equal, same hash, same ``__dict__`` order, still frozen) in
a third of the time. The function is generated from the field names, as ``dataclasses``
generates ``__init__`` itself.

Only for classes whose ``__init__`` merely stores its arguments: no ``__post_init__``, no
``__slots__``, no ``InitVar`` nor ``init=False`` field (:func:`maker` refuses the others;
``tests/domain/test_makers.py`` checks every class it is used for).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import Any, TypeVar

T = TypeVar("T")


def maker(cls: type[T]) -> Callable[..., T]:
    """A function of the field values in field order (all positional, all required) that
    makes the same ``cls`` instance as ``cls(*values)``, without running ``__init__``."""
    if not is_dataclass(cls) or "__slots__" in vars(cls) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: not a plain dataclass (slots, __post_init__)")
    own = fields(cls)
    if any(not f.init for f in own) or len(own) != len(cls.__dataclass_fields__):
        raise TypeError(f"{cls.__name__}: a field is not an __init__ argument")
    names = [f.name for f in own]
    if any(not name.isidentifier() for name in names):  # never: field names are identifiers
        raise TypeError(f"{cls.__name__}: unexpected field names")
    stores = "".join(f"    d[{name!r}] = {name}\n" for name in names)
    source = f"def make({', '.join(names)}):\n    o = new(cls)\n    d = o.__dict__\n{stores}    return o\n"
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
    exec(compile(source, f"<maker {cls.__name__}>", "exec"), scope)  # noqa: S102 (our text)
    made: Callable[..., T] = scope["make"]
    made.__doc__ = f"A {cls.__name__} of its field values, in field order."
    return made
