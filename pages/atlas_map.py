"""The map page: filters in the sidebar, the map with the matching places, a list of them, and a place's panel."""
import datetime as dt

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.escape import markdown_text
from geo.export.wording import cited_sources, describe_selection, sources_line
from geo.filters import countries_left_out, filter_places
from geo.search import matching_text, snippet
from geo.record import chosen_roles
from geo.mapview import base_map, clicked_place, place_layers
from geo.model import STATUSES
from geo.text import DEFAULT_TITLE
from ui.data import atlas_or_stop, country_names, outlines_text, payload_of
from geo.urlstate import ASPECTS, DEFAULT_ASPECT
from ui.exports import export_panel, png_button
from ui.page_assets import briefing_css, page_behaviour, phone_css
from ui.panel import place_panel
from ui.sidebar import aspect_input, filter_sidebar, show_notices, slide_title, sync_address, title_input

LIST_LIMIT = 50  # each button costs every rerun about 0.3 ms, and no one scrolls a longer list: they search

atlas = atlas_or_stop()
names = country_names()
selection = filter_sidebar(atlas, names)
shown = filter_places(atlas.places, selection)
known_ids = {p.id for p in atlas.places}
briefing = bool(st.session_state.get("briefing"))
if briefing and not st.session_state.get("was_briefing"):
    st.session_state.to_top = st.session_state.get("to_top", 0) + 1  # a new slide starts at the top of the page
st.session_state.was_briefing = briefing


def _draw_map() -> None:
    """The live map; a pick on it opens that place and moves focus to its panel."""
    view = st.session_state.get("view")
    center = zoom = None
    if view is not None:  # an explicit view in the address wins; otherwise the map fits what is shown
        center, zoom = [view.lat, view.lon], view.zoom
    returned = st_folium(
        base_map(outlines_text(), briefing=briefing), key="atlas-map", height=620, use_container_width=True,
        feature_group_to_add=place_layers(shown, payload_of(atlas), st.session_state.get("site"), fit=view is None,
                                          chosen=atlas.place(st.session_state.get("site") or ""),
                                          start_view=(view.lat, view.lon, view.zoom) if view is not None else None),
        layer_control=folium.LayerControl(collapsed=True),
        center=center, zoom=zoom, returned_objects=["last_active_drawing", "last_object_clicked_count"])
    picked, st.session_state.map_clicks = clicked_place(returned, st.session_state.get("map_clicks"), known_ids)
    if picked:
        st.session_state.site = picked
        st.session_state.panel_focus = st.session_state.get("panel_focus", 0) + 1
    # The address is written here, as soon as the place is known and before its panel is drawn: a Close clicked the
    # moment the panel appears then finds the place in the address already, instead of the address arriving later
    # and reopening it.
    sync_address(selection, atlas)


def _pick(place_id: str) -> None:
    st.session_state.site = place_id
    st.session_state.focus = place_id
    st.session_state.panel_focus = st.session_state.get("panel_focus", 0) + 1


def _close() -> None:
    st.session_state.site = None


summary = f"{len(shown)} of {len(atlas.places)} places · data as of {atlas.as_of}"
if briefing:
    label, width, height = ASPECTS[st.session_state.get("aspect") or DEFAULT_ASPECT]
    briefing_css(width, height)
    with st.container(key="slide"):
        st.title(markdown_text(slide_title(atlas)), anchor=False)
        st.markdown(f"**{markdown_text(describe_selection(atlas, shown, selection))}** · {summary}")
        _draw_map()
        prepared = dt.date.today().isoformat()
        st.caption(markdown_text(f"{sources_line(cited_sources(atlas, shown))} Prepared {prepared}."))
    st.caption("Everything above this line is the slide: take a screenshot of it, or download it as an image.")
    title_box, shape_box, download_box, leave_box = st.columns([4, 3, 2, 2], vertical_alignment="bottom")
    with title_box:
        title_input(atlas, "briefing_title", "Slide title")
    with shape_box:
        aspect_input("aspect_choice")
    with download_box:
        png_button(atlas, shown, selection, slide_title(atlas), key="briefing-png", shape=(width, height))
    with leave_box:
        st.button("Leave briefing mode", key="leave-briefing", icon=":material/close_fullscreen:",
                  on_click=lambda: st.session_state.update(briefing=False), use_container_width=True,
                  help="Back to the map with its filters, panel and controls (the browser's Back does the same)")
else:
    st.title(markdown_text(atlas.title or DEFAULT_TITLE), anchor=False)
    show_notices()
    if shown:
        st.caption(f"Showing {summary}")
    left_out = countries_left_out(atlas.places, selection)
    left_out_note = st.empty()  # always one slot, so the map below keeps its place and its frame is never rebuilt
    if left_out:
        mention = "profile mentions" if len(left_out) == 1 else "profiles mention"
        left_out_note.caption(f"Also {len(left_out)} country {mention} "
                   f"{'this mineral' if len(selection.minerals) == 1 else 'these minerals'} "
                   f"({markdown_text(', '.join(p.name for p in left_out))}); choose the kind “Country” to show them.")
    if not shown:
        st.info(f"No place matches these filters (0 of {len(atlas.places)}). "
                "Clear or widen the filters in the sidebar.")

    phone_css()
    map_column, panel_column = st.columns([5, 3], gap="medium")
    with map_column, st.container(key="map-box"):
        _draw_map()
    site = atlas.place(st.session_state.get("site") or "")
    with panel_column:
        if site is not None:
            with st.container(key="place-panel"):
                st.button("Close", key="close-panel", icon=":material/close:", on_click=_close, type="tertiary",
                          help="Close this place's panel (Escape)")
                if site not in shown:
                    st.caption("This place is hidden by the current filters.")
                place_panel(site, atlas, names)
        else:
            st.markdown("Click a place on the map, or pick one from the list below the map, to read what the sources "
                        "say about it.")

if not briefing:
    with map_column, st.container(key="map-extras"):
        export_panel(atlas, shown, selection)
        st.markdown(f"#### Places shown ({len(shown)})")
        if len(shown) > LIST_LIMIT:
            st.caption(f"The first {LIST_LIMIT} are listed; search or filter to find the others.")
        for place in shown[:LIST_LIMIT]:
            countries = ", ".join(names.get(c, c) for c in place.countries)
            found = matching_text(place, selection.query) if selection.query else None
            match = f" · {found[0]}: “{snippet(found[1], selection.query)}”" if found and found[0] != "name" else ""
            involved = chosen_roles(place, selection.actors) if selection.actors else ""
            match += f" · {involved}" if involved else ""
            st.button(markdown_text(f"{place.name} — {STATUSES[place.status].label} · {countries}{match}"),
                      key=f"pick-{place.id}", on_click=_pick, args=(place.id,), type="tertiary")

page_behaviour(st.session_state.get("panel_focus", 0), st.session_state.get("to_top", 0))
