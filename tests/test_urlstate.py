import pytest

from geo.filters import Selection
from geo.urlstate import MAX_NOTICES, UrlState, View, read_query, write_query

IDS = ("balasausqandiq", "lisakovsk")
COUNTRIES = ("KAZ", "UZB", "KGZ")


def read(**params):
    return read_query({k: v if isinstance(v, list) else [v] for k, v in params.items()}, IDS, COUNTRIES)


def test_a_shared_link_reproduces_filters_site_and_view():
    state = read(mineral="vanadium", status="production", country="KAZ", site="balasausqandiq",
                 lat="45.5", lon="68.25", zoom="6")
    assert state.selection == Selection(minerals=frozenset({"vanadium"}), statuses=frozenset({"production"}),
                                        countries=frozenset({"KAZ"}))
    assert state.site == "balasausqandiq" and state.view == View(45.5, 68.25, 6)
    assert state.notices == ()


def test_state_round_trips_through_the_address():
    state = UrlState(Selection(minerals=frozenset({"lithium", "vanadium"}), countries=frozenset({"UZB"}),
                               query="Бала"), "lisakovsk", View(44.0, 60.5, 5))
    params = write_query(state)
    assert params == {"mineral": "lithium,vanadium", "country": "UZB", "q": "Бала", "site": "lisakovsk",
                      "lat": "44.0000", "lon": "60.5000", "zoom": "5"}
    assert read(**params) == state


def test_lenient_spellings_are_accepted():
    state = read(mineral="Rare-Earths,VANADIUM", country="kaz", status="transport-route")
    assert state.selection.minerals == {"rare_earth_elements", "vanadium"}
    assert state.selection.countries == {"KAZ"} and state.selection.statuses == {"transport_route"}


def test_repeated_keys_add_up():
    assert read(mineral=["vanadium", "lithium"]).selection.minerals == {"vanadium", "lithium"}


@pytest.mark.parametrize("params, words", [
    ({"mineral": "gold"}, "Ignored mineral='gold': not a known mineral."),
    ({"country": "<script>alert(1)</script>"}, "Ignored country='<script>alert(1)</script>'"),
    ({"site": "atlantis"}, "Ignored site='atlantis': no such place"),
    ({"colour": "red"}, "Ignored unknown parameter 'colour'."),
    ({"lat": "NaN", "lon": "60", "zoom": "5"}, "Ignored lat='NaN': not a finite number."),
    ({"lat": "abc", "lon": "60", "zoom": "5"}, "Ignored lat='abc': not a number."),
    ({"lat": "45", "zoom": "5"}, "lat, lon and zoom must be given together"),
    ({"q": "x" * 500}, "Shortened the search text"),
])
def test_bad_values_are_dropped_with_a_notice(params, words):
    state = read(**params)
    assert any(words in notice for notice in state.notices), state.notices
    assert state.site is None and state.view is None


def test_out_of_range_view_is_clamped_with_a_notice():
    state = read(lat="120", lon="200", zoom="99")
    assert state.view == View(85.0, 180.0, 18)
    assert len(state.notices) == 3


def test_huge_values_are_not_echoed_whole():
    state = read(mineral="v" * 100_000)
    (notice,) = state.notices
    assert len(notice) < 120


def test_briefing_mode_round_trips_and_unknown_modes_are_dropped():
    state = read(mode="briefing", mineral="vanadium")
    assert state.briefing and write_query(state) == {"mineral": "vanadium", "mode": "briefing"}
    other = read(mode="edit")
    assert not other.briefing and other.notices == ("Ignored mode='edit': the only mode is 'briefing'.",)


def test_briefing_title_and_aspect_round_trip():
    state = read(mode="briefing", title="  Vanadium   in Kazakhstan ", aspect="4:3")
    assert (state.title, state.aspect) == ("Vanadium in Kazakhstan", "4:3")
    assert write_query(state) == {"mode": "briefing", "title": "Vanadium in Kazakhstan", "aspect": "4:3"}
    assert read(**write_query(state)) == state


def test_a_bad_aspect_falls_back_to_the_slide_and_a_long_title_is_cut():
    state = read(aspect="square", title="x" * 500)
    assert state.aspect == "16:9" and len(state.title) == 120
    assert state.notices == ("Shortened the title to 120 characters.",
                             "Ignored aspect='square': use one of 16:9, 4:3, a4.")
    assert "aspect" not in write_query(read(mode="briefing", aspect="16:9"))


def test_thousands_of_junk_values_give_a_few_notices_and_a_count():
    junk = {f"junk{i}": ["x"] for i in range(10_000)}
    state = read_query({**junk, "mineral": ["vanadium"]}, IDS, COUNTRIES)
    assert state.selection.minerals == {"vanadium"}
    assert len(state.notices) == MAX_NOTICES
    assert state.notices[-1] == f"…and {10_000 - MAX_NOTICES + 1} more parts of the address were ignored or corrected."
    assert state.notices[0] == "Ignored unknown parameter 'junk0'."
