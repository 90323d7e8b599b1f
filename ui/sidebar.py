"""The sidebar filters, mirrored in the page address so a link reproduces what the sender saw."""
from __future__ import annotations

import streamlit as st

from geo.escape import markdown_text
from geo.filters import Selection
from geo.model import KINDS, MINERALS, REE, STATUSES, Atlas
from geo.record import actor_option_label, actor_options
from geo.text import DEFAULT_TITLE
from geo.urlstate import ASPECTS, DEFAULT_ASPECT, MAX_TITLE, VIEW_KEYS, UrlState, read_query, write_query

_WIDGETS = {"minerals": "f_minerals", "statuses": "f_statuses", "countries": "f_countries", "kinds": "f_kinds",
            "actors": "f_actors"}
_QUERY = "f_query"


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _start_session(atlas: Atlas, countries: list[str]) -> None:
    """Seed the widgets from the address once per session; later runs keep the user's own choices."""
    state = read_query(_url_params(), [p.id for p in atlas.places], countries, actor_options(atlas))
    for attribute, key in _WIDGETS.items():
        st.session_state[key] = sorted(getattr(state.selection, attribute))
    st.session_state[_QUERY] = state.selection.query
    st.session_state.site = state.site
    st.session_state.focus = None if state.view else state.site  # a shared view wins over centring on the place
    st.session_state.view = state.view
    st.session_state.notices = state.notices
    st.session_state.briefing = state.briefing
    st.session_state.slide_title = state.title or atlas.title or DEFAULT_TITLE
    st.session_state.aspect = state.aspect
    st.session_state.url_read = True


def _address() -> dict[str, str]:
    """The address as the app last wrote it or the browser now shows it, without the map view the map adds."""
    return {key: st.query_params.get(key) for key in st.query_params if key not in VIEW_KEYS}


def _changed() -> None:
    st.session_state.notices = ()


def _clear() -> None:
    for key in _WIDGETS.values():
        st.session_state[key] = []
    st.session_state[_QUERY] = ""
    _changed()


def mineral_label(key: str) -> str:
    term = MINERALS[key]
    return f"{term.label} (all)" if key == REE else term.label


def filter_sidebar(atlas: Atlas, country_names: dict[str, str]) -> Selection:
    """Draw the filters and return what they select; the address is kept in step."""
    countries = sorted({c for p in atlas.places for c in p.countries}, key=lambda c: country_names.get(c, c))
    if not st.session_state.get("url_read"):
        _start_session(atlas, countries)
    elif st.session_state.get("address") not in (None, _address()):
        # The address changed without the app writing it: the browser's Back or Forward. Follow it, so Back
        # leaves briefing mode or returns to the filters before, instead of being overwritten.
        _start_session(atlas, countries)
    with st.sidebar:
        st.header("Filters")
        st.text_input("Search names, actors, quotes and figures", key=_QUERY, on_change=_changed,
                      placeholder="e.g. Balasauskandyk, Баласаускандык, EBRD", max_chars=100,
                      help="Any spelling or script. Also finds who is involved and the words of quotes and figures.")
        st.multiselect("Mineral", list(MINERALS), key=_WIDGETS["minerals"], format_func=mineral_label,
                       on_change=_changed, help="Rare-earth elements (all) also finds neodymium, terbium, ...")
        st.multiselect("Status", list(STATUSES), key=_WIDGETS["statuses"], on_change=_changed,
                       format_func=lambda k: STATUSES[k].label)
        st.multiselect("Country", countries, key=_WIDGETS["countries"], on_change=_changed,
                       format_func=lambda c: country_names.get(c, c))
        st.multiselect("Kind of place", list(KINDS), key=_WIDGETS["kinds"], on_change=_changed,
                       format_func=lambda k: KINDS[k].label,
                       help="A mineral filter shows sites; choose Country to add the country profiles.")
        st.multiselect("Who is involved", actor_options(atlas), key=_WIDGETS["actors"], on_change=_changed,
                       format_func=lambda a: actor_option_label(atlas, a),
                       help="Governments, agencies, lenders and companies the sources name, e.g. "
                            "'United States — any agency or company'.")
        st.button("Clear filters", on_click=_clear, use_container_width=True)
        st.toggle("Briefing mode", key="briefing",
                  help="Hides the controls and shows title, legend, filters and sources for a clean screenshot.")
    return Selection(query=st.session_state[_QUERY].strip(),
                     **{attribute: frozenset(st.session_state[key]) for attribute, key in _WIDGETS.items()})


def slide_title(atlas: Atlas) -> str:
    """The title typed for the briefing slide and the exports (one value for both), or the atlas's own."""
    return st.session_state.get("slide_title") or atlas.title or DEFAULT_TITLE


def title_input(atlas: Atlas, key: str, label: str = "Title") -> str:
    """A text box for the one shared title. Each box has its own widget key (Streamlit forgets a widget's value
    when it is not drawn), seeded from the shared value whenever it is drawn."""
    if st.session_state.get(key) != slide_title(atlas):
        st.session_state[key] = slide_title(atlas)
    st.text_input(label, key=key, max_chars=MAX_TITLE,
                  on_change=lambda: st.session_state.update(slide_title=" ".join(st.session_state[key].split())),
                  help="Shown on the briefing slide and on every export, and kept in the page address.")
    return slide_title(atlas)


def aspect_input(key: str) -> str:
    """The briefing slide's shape, seeded like `title_input` from the shared value."""
    shared = st.session_state.get("aspect") or DEFAULT_ASPECT
    if st.session_state.get(key) != shared:
        st.session_state[key] = shared
    st.radio("Slide shape", list(ASPECTS), key=key, horizontal=True, format_func=lambda a: ASPECTS[a][0],
             on_change=lambda: st.session_state.update(aspect=st.session_state[key]))
    return st.session_state.get("aspect") or DEFAULT_ASPECT


def sync_address(selection: Selection, atlas: Atlas) -> None:
    """Write filters, place and briefing slide to the address. The map view is added by the map itself as the
    user pans. Each change is a step in the browser's history (Streamlit pushes it)."""
    title = slide_title(atlas)
    wanted = write_query(UrlState(selection, st.session_state.get("site"),
                                  briefing=bool(st.session_state.get("briefing")),
                                  title=None if title == (atlas.title or DEFAULT_TITLE) else title,
                                  aspect=st.session_state.get("aspect") or "16:9"))
    view = {key: st.query_params.get(key) for key in VIEW_KEYS if key in st.query_params}
    if _address() != wanted:
        st.query_params.from_dict({**wanted, **view})
    st.session_state.address = wanted


def show_notices() -> None:
    for notice in st.session_state.get("notices", ()):
        st.warning(markdown_text(notice), icon=":material/link_off:")
