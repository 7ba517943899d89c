"""Objects kept on disk, one after another, with only their places held in memory.

A large run's per-device results are written here as worker processes finish them
(:func:`dump_all`), and read back one at a time whenever the run's devices are walked (reports,
history, the terminal summary). Memory then stays flat with the size of the fleet. A spool behaves as
a read-only sequence; ``spool[i] = item`` writes a new version of one item (the old bytes stay unused).
A spool sent to another process (pickled) reads the same files there, while the sender keeps them.
"""

from __future__ import annotations

import pickle
import shutil
import uuid
import weakref
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Generic, TypeVar, overload

from netinspect.core.runtime import forget_folder, temp_folder

T = TypeVar("T")
_PROTOCOL = pickle.HIGHEST_PROTOCOL


def dump_all(items: Iterable[Any], folder: str) -> tuple[str, list[int]]:
    """Write `items` to a new file in `folder` (from any process); -> (file, offset of each item)."""
    path = str(Path(folder) / f"{uuid.uuid4().hex}.pickle")
    offsets = []
    with open(path, "wb") as handle:
        for item in items:
            offsets.append(handle.tell())
            pickle.dump(item, handle, protocol=_PROTOCOL)
    return path, offsets


class Spool(Sequence[T], Generic[T]):
    """A sequence whose items live in pickle files of a temporary folder (removed with the spool)."""

    def __init__(self, folder: str | None = None) -> None:
        self.folder = folder or temp_folder()
        self._files: list[str] = []
        self._places: list[tuple[int, int]] = []  # (file number, offset) per item
        self._readers: dict[int, IO[bytes]] = {}
        self._writer: IO[bytes] | None = None
        self._handles: list[IO[bytes]] = []  # every file opened, closed with the spool
        # files closed and the folder removed with the spool (or at exit), also when close() is not called
        self._finalizer = weakref.finalize(self, _close, self._handles, None if folder else self.folder)

    def adopt(self, path: str, offsets: list[int]) -> None:
        """Take over the items another process wrote with :func:`dump_all`, after the ones held."""
        self._files.append(path)
        number = len(self._files) - 1
        self._places.extend((number, offset) for offset in offsets)

    def append(self, item: T) -> None:
        self._places.append(self._write(item))

    def extend(self, items: Iterable[T]) -> None:
        for item in items:
            self.append(item)

    def __setitem__(self, index: int, item: T) -> None:
        self._places[index] = self._write(item)

    def _write(self, item: T) -> tuple[int, int]:
        if self._writer is None:
            self._files.append(str(Path(self.folder) / f"{uuid.uuid4().hex}.pickle"))
            self._writer = open(self._files[-1], "wb")  # noqa: SIM115 - closed in close()
            self._handles.append(self._writer)
            self._writer_no = len(self._files) - 1
        offset = self._writer.tell()
        pickle.dump(item, self._writer, protocol=_PROTOCOL)
        self._writer.flush()
        return self._writer_no, offset

    def __len__(self) -> int:
        return len(self._places)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._load(*self._places[i]) for i in range(*index.indices(len(self)))]
        return self._load(*self._places[index])

    def __iter__(self) -> Iterator[T]:
        for number, offset in list(self._places):
            yield self._load(number, offset)

    def _load(self, number: int, offset: int) -> T:
        reader = self._readers.get(number)
        if reader is None:
            reader = self._readers[number] = open(self._files[number], "rb")  # noqa: SIM115 - closed in close()
            self._handles.append(reader)
        reader.seek(offset)
        item: T = pickle.load(reader)
        return item

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Spool of {len(self)} items in {self.folder}>"

    def close(self) -> None:
        self._finalizer()
        self._readers, self._writer = {}, None

    def __getstate__(self) -> dict[str, Any]:
        """Sent to another process, a spool reads the same files (the sender keeps and removes them)."""
        return {"folder": self.folder, "files": self._files, "places": self._places}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.folder, self._files, self._places = state["folder"], state["files"], state["places"]
        self._readers, self._writer, self._handles = {}, None, []
        self._finalizer = weakref.finalize(self, _close, self._handles, None)


def _close(handles: list[IO[bytes]], folder: str | None) -> None:
    for handle in handles:
        handle.close()
    handles.clear()
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        forget_folder(folder)
