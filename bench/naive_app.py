"""The naive peer: this atlas built the way most Streamlit + folium tutorials do it, for the benchmark to beat.

Every rerun reads and validates the data again (no cache), makes one `folium.Marker` per place with its quotes in a
`folium.Popup`, draws areas and corridors as `folium.GeoJson`, rebuilds the whole map, and hands it to `st_folium`
with the default `returned_objects`, so every pan and zoom reruns the script. The only departure from the tutorial
pattern: the map loads Leaflet from the app's vendored copies, because folium's CDN links never load offline and the
map would not draw at all.

It runs like the app (`ATLAS_DATA=...`), but Streamlit serves `static/` only from beside the main script, so
`bench.servers.stage_naive_app` runs it from a folder that holds a copy of the repository's `static/`.
"""
from __future__ import annotations

import html

import folium
import streamlit as st
from shapely.geometry import mapping
from streamlit_folium import st_folium

from geo.load import load_atlas, resolve_data_path
from geo.mapview import LEAFLET_CSS, LEAFLET_JS
from geo.model import MINERALS, Atlas, Place


def load() -> Atlas:
    return load_atlas(resolve_data_path())


def filter_by_minerals(places: tuple[Place, ...], minerals: list[str]) -> list[Place]:
    return [p for p in places if not minerals or set(p.minerals) & set(minerals)]


def popup_html(place: Place) -> str:
    quotes = "".join(f"<blockquote>{html.escape(q.text)}</blockquote>" for q in place.quotes)
    return f"<b>{html.escape(place.name)}</b>{quotes}"


def build_map(places: list[Place]) -> folium.Map:
    m = folium.Map(location=[45.0, 62.0], zoom_start=4)
    m.default_js, m.default_css = list(LEAFLET_JS), list(LEAFLET_CSS)
    for place in places:
        popup = folium.Popup(popup_html(place), max_width=400)
        if place.geometry.geom_type == "Point":
            folium.Marker([place.geometry.y, place.geometry.x], popup=popup, tooltip=place.name).add_to(m)
        else:
            feature = {"type": "Feature", "geometry": mapping(place.geometry),
                       "properties": {"id": place.id, "name": place.name}}
            folium.GeoJson(feature, popup=popup, tooltip=place.name).add_to(m)
    return m


def main() -> None:
    st.title("Central Asia Critical Minerals Atlas")
    atlas = load()
    chosen = st.sidebar.multiselect("Mineral", list(MINERALS), format_func=lambda key: MINERALS[key].label)
    places = filter_by_minerals(atlas.places, chosen)
    st.write(f"{len(places)} places")
    st_folium(build_map(places))


if __name__ == "__main__":
    main()
