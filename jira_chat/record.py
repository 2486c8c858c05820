"""`Record`: the frozen dataclass of every record on the start-up path, cheap to define.

Why not `@dataclass(frozen=True)`: on Python 3.11 a dataclass compiles each generated method
(`__init__`, `__repr__`, `__eq__`, `__hash__`, and for frozen ones `__setattr__` and
`__delattr__`) with its own `exec` at import. For the ~40 records `ask KEY` loads, that was
about half of jira-chat's own import time (bench/bench_cli.py). A `Record` subclass is
a dataclass with only `__init__` generated; the other methods are written once, here, and
behave as the generated ones do: fields compared and hashed as a tuple in order (those with
`compare=False` left out), `repr` as the dataclass's, and no assignment after `__init__`.
"""

from __future__ import annotations

import dataclasses
from typing import Any, dataclass_transform


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
class Record:
    """Subclass it instead of decorating: `class UserRef(Record): ident: str`."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclasses.dataclass(cls, repr=False, eq=False)  # only __init__ is generated

    def __setattr__(self, name: str, value: Any) -> None:
        """Each field is set once, by `__init__`; after that the record is read-only."""
        if name in self.__dict__ or name not in self.__dataclass_fields__:  # type: ignore[attr-defined]
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def _compared(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in dataclasses.fields(self) if f.compare)  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Record)
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        hashed = (
            getattr(self, f.name)
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
            if (f.compare if f.hash is None else f.hash)
        )
        return hash(tuple(hashed))

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{f.name}={getattr(self, f.name)!r}"
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
            if f.repr
        )
        return f"{type(self).__qualname__}({shown})"
