"""The data users see: the last version of the data files that validated, held by the server process.

A version is the atlas file and the files read beside it (sources, record, actors), known by their modification
times and sizes, so a saved file is picked up by the next run without re-reading unchanged ones. A version that
fails validation (a broken save, or a file caught half-written) never replaces the one users see: the store keeps
serving the last good version and reports the problems of the file on disk beside it. The store belongs to the
server process, not to a cache that a client's request could clear.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from geo.load import SHIPPED_ACTORS, SHIPPED_RECORD, SHIPPED_SOURCES, load_atlas
from geo.model import Atlas
from geo.validate import AtlasError, Problem

Version = tuple[tuple[str, int, int], ...]
T = TypeVar("T")


def version_of(path: Path) -> Version:
    """Name, modification time and size of the atlas file and each companion file beside it; raises
    FileNotFoundError when the atlas file itself is missing."""
    stat = path.stat()
    files = [(path.name, stat.st_mtime_ns, stat.st_size)]
    for shipped in (SHIPPED_SOURCES, SHIPPED_RECORD, SHIPPED_ACTORS):
        beside = path.parent / shipped.name
        try:
            companion = beside.stat()
        except OSError:
            continue
        files.append((shipped.name, companion.st_mtime_ns, companion.st_size))
    return tuple(files)


@dataclass(frozen=True)
class Served:
    """What a run shows: the atlas, and the problems of a newer file on disk that could not replace it (if any)."""

    atlas: Atlas
    rejected: tuple[Problem, ...] = ()


class DataStore:
    """The last good atlas per data file, shared by every session; safe to call from many threads at once."""

    def __init__(self, load: Callable[[Path], Atlas] = load_atlas):
        self._load = load
        self._lock = threading.Lock()
        self._good: dict[Path, tuple[Version, Atlas]] = {}
        self._bad: dict[Path, tuple[Version, AtlasError]] = {}
        self._derived: dict[Callable, tuple[Atlas, object]] = {}  # the latest atlas each was built for

    def serve(self, path: Path) -> Served:
        """The atlas to show for `path`. Raises `AtlasError` (or FileNotFoundError) only while no version of the
        file has ever validated; after that a broken file on disk is reported in `rejected` instead."""
        with self._lock:
            try:
                version = version_of(path)
            except FileNotFoundError:
                if path in self._good:
                    return Served(self._good[path][1], (Problem(str(path), "-", "(file)", "file not found"),))
                raise
            good = self._good.get(path)
            if good is not None and good[0] == version:
                return Served(good[1])
            bad = self._bad.get(path)
            if bad is None or bad[0] != version:
                try:
                    atlas = self._load(path)
                except AtlasError as error:
                    bad = self._bad[path] = (version, error)
                else:
                    self._good[path] = (version, atlas)
                    self._bad.pop(path, None)
                    return Served(atlas)
            if good is None:
                raise bad[1]
            return Served(good[1], bad[1].problems)

    def derived(self, atlas: Atlas, build: Callable[[Atlas], T]) -> T:
        """`build(atlas)`, made once per served atlas and kept while that atlas is served (e.g. its map features)."""
        with self._lock:
            kept = self._derived.get(build)
            if kept is None or kept[0] is not atlas:
                kept = self._derived[build] = (atlas, build(atlas))
            return kept[1]
