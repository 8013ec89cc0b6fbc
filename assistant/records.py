"""Small value classes that every start imports, written without ``dataclasses``.

``dataclasses`` generates each class's methods by compiling source text when the class is
made: with its own import, some 5 M instructions a class, which the wizard's first page
and every command paid for three such classes (the message, the machine choice, the
journey). These bases give what those classes used: equality and a ``repr`` by their
fields (the names in ``__slots__``, in the order of ``__init__``'s parameters), and for a
frozen one, a hash and no assignment. Each class writes its own ``__init__``, the
signature a reader sees.
"""

from __future__ import annotations

from typing import Any, cast


class Record:
    """Equal to another of its own class with equal fields; shown as ``Name(field=…)``.
    Not hashable (defining ``__eq__`` alone leaves ``__hash__`` None), as a dataclass."""

    __slots__ = ()

    def _names(self) -> tuple[str, ...]:
        return cast(tuple[str, ...], type(self).__slots__)

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._names())

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Record)
        return self._fields() == other._fields()

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names())
        return f"{type(self).__qualname__}({shown})"


class FrozenRecord(Record):
    """A record whose fields are set once, in ``__init__`` (through ``_set``); hashable
    when its fields are."""

    __slots__ = ()

    def _set(self, name: str, value: object) -> None:
        object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:
        return hash(self._fields())

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle rebuild it through __init__
        return (type(self), self._fields())
