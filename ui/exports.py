"""Export buttons for what the map shows; each file is made only when its button is pressed."""
from __future__ import annotations

import datetime as dt
import re
from typing import Sequence

import streamlit as st

from geo.export import alt_text, export_csv, export_geojson, export_html, export_pdf, png_bytes
from geo.filters import Selection
from geo.model import Atlas, Place
from ui.data import outlines_text
from ui.sidebar import title_input


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "atlas"


def _pdf(atlas: Atlas, places: Sequence[Place], selection: Selection, title: str) -> bytes:
    import io

    buffer = io.BytesIO()
    export_pdf(atlas, places, selection, title, None, buffer)
    return buffer.getvalue()


def png_button(atlas: Atlas, places: Sequence[Place], selection: Selection, title: str, key: str,
               shape: tuple[float, float] | None = None) -> None:
    """The 300 dpi map image of what is shown, at the slide's shape when there is one; made only when pressed."""
    st.download_button("Download as image", data=lambda: png_bytes(atlas, places, selection, title, shape=shape)[0],
                       file_name=f"{_slug(title)}-{dt.date.today().isoformat()}.png", mime="image/png",
                       on_click="ignore", key=key, icon=":material/download:", use_container_width=True,
                       help="The same map as a 300 dpi PNG at the slide's shape, with title, legend, scale and "
                            "sources")


def export_panel(atlas: Atlas, places: Sequence[Place], selection: Selection) -> None:
    with st.expander("Export for a briefing", icon=":material/download:"):
        title = title_input(atlas, "export_title")
        name = f"{_slug(title)}-{dt.date.today().isoformat()}"
        st.caption(f"{len(places)} place(s), with the current filters.")
        columns = st.columns(5)
        buttons = (
            ("PNG map", "png", "image/png", lambda: png_bytes(atlas, places, selection, title)[0]),
            ("PDF sheet", "pdf", "application/pdf", lambda: _pdf(atlas, places, selection, title)),
            ("HTML map", "html", "text/html",
             lambda: export_html(atlas, places, selection, title, outlines_text()).encode("utf-8")),
            ("GeoJSON", "geojson", "application/geo+json", lambda: export_geojson(atlas, places).encode("utf-8")),
            ("CSV", "csv", "text/csv", lambda: export_csv(atlas, places).encode("utf-8-sig")),
        )
        for column, (label, extension, mime, make) in zip(columns, buttons):
            column.download_button(label, data=make, file_name=f"{name}.{extension}", mime=mime,
                                   on_click="ignore", key=f"export-{extension}", use_container_width=True)
        # A keyed text area keeps what it first showed; new filters or a new title bring new alt text, while an edit
        # the user made to the current one stays.
        alt = alt_text(atlas, places, selection, title)
        if st.session_state.get("export_alt_for") != alt:
            st.session_state.export_alt = st.session_state.export_alt_for = alt
        st.text_area("Alt text for the PNG map", height=80, key="export_alt")
