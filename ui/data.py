"""The validated atlas, shared read-only by every session, from the server's own store.

The store (`geo.datastore`) picks up a saved file on the next run and keeps serving the last version that
validated when a newer one does not; it is not a Streamlit cache, so no client's "clear cache" reaches it.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, TypeVar

import pandas as pd
import streamlit as st

from geo.datastore import DataStore, Served
from geo.events import companion_file
from geo.load import COUNTRY_OUTLINES, country_names, resolve_data_path  # noqa: F401  (country_names: for the pages)
from geo.mapview import MapPayload, map_payload
from geo.model import Atlas
from geo.page_rows import problem_rows
from geo.validate import AtlasError
from ui.navigation import use_app_navigation

log = logging.getLogger("atlas")
T = TypeVar("T")


STORE = DataStore()


def _atlas_payload(atlas: Atlas) -> MapPayload:
    return map_payload(atlas.places)


def payload_of(atlas: Atlas) -> MapPayload:
    """The atlas's map features, serialised once per served version and shared by every session."""
    return STORE.derived(atlas, _atlas_payload)


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
        served = STORE.serve(path)
        if served.rejected:
            _say_the_file_on_disk_was_not_used(path, served)
        return served.atlas
    except FileNotFoundError:
        problems = [("(file)", "-", "file not found")]
    except AtlasError as error:
        problems = [(p.field, p.feature, p.message) for p in error.problems]
    except Exception:  # a bug, not bad data: keep the details in the server log, not on screen
        log.exception("Loading %s failed", path)
        st.error("The atlas could not be loaded because of an internal error. The details are in the server log.")
        st.stop()
    st.error(f"The atlas data in {path.name} cannot be shown: {len(problems)} problem(s) must be fixed first.")
    st.dataframe(pd.DataFrame(problems, columns=["Field", "Feature", "Problem"]), hide_index=True,
                 use_container_width=True)
    st.caption("Run `python -m geo.validate FILE` to check a data file from the command line.")
    st.stop()


def _say_the_file_on_disk_was_not_used(path: Path, served: Served) -> None:
    """Above the page: the data shown is the last good version, and why the file on disk is not."""
    problems = served.rejected
    st.warning(f"The data file {path.name} on disk has {len(problems)} problem(s), so the atlas still shows the "
               f"last version that validated (data as of {served.atlas.as_of}). Run `python -m geo.validate "
               f"{path.name}` to see them, or open the list below.", icon=":material/history:")
    with st.expander("Problems in the file on disk"):
        st.dataframe(pd.DataFrame([(p.field, p.feature, p.message) for p in problems],
                                  columns=["Field", "Feature", "Problem"]), hide_index=True, width="stretch")


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
