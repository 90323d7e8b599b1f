"""The map page: filters in the sidebar, the map with the matching places, a list of them, and a place's panel."""
import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.escape import markdown_text
from geo.export.wording import cited_sources, describe_selection, sources_line
from geo.filters import countries_left_out, filter_places
from geo.search import matching_text, snippet
from geo.mapview import base_map, clicked_place, place_layers
from geo.model import STATUSES
from ui.data import atlas_or_stop, country_names, outlines_text, payload_of
from ui.exports import export_panel
from ui.panel import place_panel
from ui.sidebar import filter_sidebar, show_notices, sync_address

LIST_LIMIT = 50  # each button costs every rerun about 0.3 ms, and no one scrolls a longer list: they search
BRIEFING_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stExpandSidebarButton"] {display: none !important;}
</style>"""

atlas = atlas_or_stop()
names = country_names()
selection = filter_sidebar(atlas, names)
shown = filter_places(atlas.places, selection)
known_ids = {p.id for p in atlas.places}
briefing = bool(st.session_state.get("briefing"))

if briefing:
    st.html(BRIEFING_CSS)
st.title(markdown_text(atlas.title or "Central Asia Critical Minerals Atlas"), anchor=False)
if briefing:
    st.markdown(f"**{markdown_text(describe_selection(atlas, shown, selection))}** · {len(shown)} of "
                f"{len(atlas.places)} places · data as of {atlas.as_of}")
else:
    show_notices()
    if shown:
        st.caption(f"Showing {len(shown)} of {len(atlas.places)} places · data as of {atlas.as_of}")
    left_out = countries_left_out(atlas.places, selection)
    left_out_note = st.empty()  # always one slot, so the map below keeps its place and its frame is never rebuilt
    if left_out:
        left_out_note.caption(f"Also {len(left_out)} country {'profile mentions' if len(left_out) == 1 else 'profiles mention'} "
                   f"{'this mineral' if len(selection.minerals) == 1 else 'these minerals'} "
                   f"({markdown_text(', '.join(p.name for p in left_out))}); choose the kind “Country” to show them.")
if not shown:
    st.info(f"No place matches these filters (0 of {len(atlas.places)}). Clear or widen the filters in the sidebar.")

map_column, panel_column = st.columns([5, 3], gap="medium")
with map_column:
    view = st.session_state.get("view")
    center = zoom = None
    if view is not None:  # an explicit view in the address wins; otherwise the map fits what is shown
        center, zoom = [view.lat, view.lon], view.zoom
    returned = st_folium(
        base_map(outlines_text(), briefing=briefing), key="atlas-map", height=620, use_container_width=True,
        feature_group_to_add=place_layers(shown, payload_of(atlas), st.session_state.get("site"), fit=view is None,
                                          chosen=atlas.place(st.session_state.get("site") or "")),
        layer_control=folium.LayerControl(collapsed=True),
        center=center, zoom=zoom, returned_objects=["last_active_drawing", "last_object_clicked_count"])
    picked, st.session_state.map_clicks = clicked_place(returned, st.session_state.get("map_clicks"), known_ids)
    if picked:
        st.session_state.site = picked
    if briefing:
        st.caption(markdown_text(sources_line(cited_sources(atlas, shown))))
        st.button("Leave briefing mode", key="leave-briefing", icon=":material/close_fullscreen:",
                  on_click=lambda: st.session_state.update(briefing=False),
                  help="Back to the map with its filters, panel and controls")

site = atlas.place(st.session_state.get("site") or "")
with panel_column:
    if site is not None:
        if site not in shown:
            st.caption("This place is hidden by the current filters.")
        place_panel(site, atlas, names)
    elif not briefing:
        st.markdown("Click a place on the map, or pick one from the list below the map, to read what the sources "
                    "say about it.")


def _pick(place_id: str) -> None:
    st.session_state.site = place_id
    st.session_state.focus = place_id


if not briefing:
    with map_column:
        export_panel(atlas, shown, selection)
        st.markdown(f"#### Places shown ({len(shown)})")
        if len(shown) > LIST_LIMIT:
            st.caption(f"The first {LIST_LIMIT} are listed; search or filter to find the others.")
        for place in shown[:LIST_LIMIT]:
            countries = ", ".join(names.get(c, c) for c in place.countries)
            found = matching_text(place, selection.query) if selection.query else None
            match = f" · {found[0]}: “{snippet(found[1], selection.query)}”" if found and found[0] != "name" else ""
            st.button(markdown_text(f"{place.name} — {STATUSES[place.status].label} · {countries}{match}"),
                      key=f"pick-{place.id}", on_click=_pick, args=(place.id,), type="tertiary")

sync_address(selection)
