"""Cached access to the validated atlas, shared read-only by every session.

The cache key is the data file's path, modification time and size, so a replaced file is picked up by new runs.
The `Atlas` is immutable, so one copy serves all sessions (cache_resource, not cache_data).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, TypeVar

import pandas as pd
import streamlit as st

from geo.events import companion_file
from geo.load import COUNTRY_OUTLINES, country_names, load_atlas, resolve_data_path  # noqa: F401  (country_names: for the pages)
from geo.mapview import MapPayload, map_payload
from geo.model import Atlas
from geo.page_rows import problem_rows
from geo.validate import AtlasError
from ui.navigation import use_app_navigation

log = logging.getLogger("atlas")
T = TypeVar("T")


@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_atlas(path: str, mtime_ns: int, size: int) -> Atlas:
    return load_atlas(Path(path))


@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_payload(path: str, mtime_ns: int, size: int) -> MapPayload:
    return map_payload(_cached_atlas(path, mtime_ns, size).places)


def payload_of(atlas: Atlas) -> MapPayload:
    """The atlas's map features, serialised once per data file version and shared by every session."""
    stat = Path(atlas.path).stat()
    return _cached_payload(atlas.path, stat.st_mtime_ns, stat.st_size)


@st.cache_resource(show_spinner=False)
def outlines_text() -> str:
    """The shipped country outlines as GeoJSON text; parsed per map build so folium never shares a mutable dict."""
    return COUNTRY_OUTLINES.read_text(encoding="utf-8")


def atlas_or_stop() -> Atlas:
    """The atlas, or a page listing every problem in the data (and nothing else) when it does not validate.

    Every page calls this first, so it is also where a page makes sure it runs inside the app's navigation.
    """
    use_app_navigation()
    path = resolve_data_path()
    try:
        stat = path.stat()
        return _cached_atlas(str(path), stat.st_mtime_ns, stat.st_size)
    except FileNotFoundError:
        problems = [("(file)", "-", "file not found")]
    except AtlasError as error:
        problems = [(p.field, p.feature, p.message) for p in error.problems]
    except Exception:  # a bug, not bad data: keep the details in the server log, not on screen
        log.exception("Loading %s failed", path)
        st.error("The atlas could not be loaded because of an internal error. The details are in the server log.")
        st.stop()
    st.error(f"The atlas data in {path.name} cannot be shown: {len(problems)} problem(s) must be fixed first.")
    st.caption(f"File: {path}")
    st.dataframe(pd.DataFrame(problems, columns=["Field", "Feature", "Problem"]), hide_index=True,
                 use_container_width=True)
    st.caption("Run `python -m geo.validate FILE` to check a data file from the command line.")
    st.stop()


def companion_or_stop(atlas: Atlas, filename: str, load: Callable[[Path, Atlas], T], what: str) -> T:
    """A file kept beside the atlas (events, change log), loaded and checked; otherwise a notice, and the page stops."""
    path = companion_file(atlas, filename)
    if path is None:
        st.info(f"This data set has no {filename} beside its atlas file, so there is no {what} to show.")
        st.stop()
    try:
        return load(path, atlas)
    except AtlasError as error:
        st.error(f"The {what} in {path.name} cannot be shown: {len(error.problems)} problem(s) must be fixed first.")
        st.dataframe(pd.DataFrame(problem_rows(error)), hide_index=True, width="stretch")
        st.stop()
