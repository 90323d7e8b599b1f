"""The map's pieces: payloads safe inside a script, one symbol per look, clustering only for big data."""
import dataclasses
import json

from shapely.geometry import Point

from geo.load import COUNTRY_OUTLINES, load_atlas
from geo.mapview import (CLUSTER_MIN, base_map, fit_bounds, fit_key, label_priority, legend_markup, map_payload,
                         place_layers, script_json, short_name)
from geo.style import legend_rows

from helpers import MINIMAL, PAYLOADS


def test_script_json_cannot_close_the_script_element():
    text = script_json({"name": "</script><script>alert(1)</script>", "x": "a & b <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script>", "x": "a & b <!--"}


def test_payload_shares_symbols_and_keeps_only_what_the_map_needs():
    atlas = load_atlas()
    payload = map_payload(atlas.places)
    assert set(payload.features) == {p.id for p in atlas.places}
    symbols = json.loads(payload.symbols_json)
    points = [p for p in atlas.places if p.geometry.geom_type == "Point"]
    assert 0 < len(symbols) <= len(points)
    feature = json.loads(payload.features["balasausqandiq"])
    assert set(feature["properties"]) == {"id", "name", "symbol", "rank", "label", "prio"}
    assert feature["geometry"]["coordinates"] == [atlas.place("balasausqandiq").geometry.x,
                                                  atlas.place("balasausqandiq").geometry.y]


def test_long_names_are_shortened_on_the_map_only():
    atlas = load_atlas(MINIMAL)
    long = dataclasses.replace(atlas.places[0], name="x" * 5000)
    name = json.loads(map_payload([long]).features[long.id])["properties"]["name"]
    assert len(name) == 200 and name.endswith("…")


def _rendered(groups):
    m = base_map(COUNTRY_OUTLINES.read_text(encoding="utf-8"))
    for group in groups:
        group.add_to(m)
    return m.get_root().render()


def test_small_sets_are_pins_with_uncertainty_circles_and_big_sets_are_clustered():
    atlas = load_atlas(MINIMAL)
    small = _rendered(place_layers(atlas.places))
    assert "cluster: false" in small and "atlasMap.uncertainty(" in small
    deposit = atlas.places[0]
    many = [dataclasses.replace(deposit, id=f"p{i}", geometry=Point(60 + i * 0.001, 48.0)) for i in range(CLUSTER_MIN)]
    big = _rendered(place_layers(many))
    assert "cluster: true" in big and "atlasMap.uncertainty(" not in big


def test_hostile_text_never_reaches_the_map_script_as_markup(tmp_path):
    from helpers import write_hostile_atlas

    atlas = load_atlas(write_hostile_atlas(tmp_path))
    page = _rendered(place_layers(atlas.places))
    markup = [p for p in PAYLOADS if "<" in p]
    assert markup and all(payload not in page for payload in markup)
    assert page.count("<script") == page.count("</script>")  # no element opened or closed by data


def test_template_syntax_in_data_is_neither_run_nor_an_error():
    """The map's scripts are Jinja templates; data that looks like template code must come out as written."""
    atlas = load_atlas(MINIMAL)
    named = [dataclasses.replace(p, name=f"{PAYLOADS[-1]} {p.name}") for p in atlas.places]
    page = _rendered(place_layers(named))
    assert page.count(PAYLOADS[-1]) == len(named)
    assert "jinjaran" not in page


def test_base_map_loads_nothing_from_outside():
    page = base_map(COUNTRY_OUTLINES.read_text(encoding="utf-8")).get_root().render()
    scripts = [line for line in page.splitlines() if "<script src=" in line or 'rel="stylesheet"' in line]
    assert scripts and all("/app/static/" in line for line in scripts), scripts


def test_labels_are_short_and_producing_sites_win_collisions():
    atlas = load_atlas()
    assert short_name("Zhana Kazakhstan rare-earth area (Kuirektykol)") == "Zhana Kazakhstan rare-ear…"
    assert short_name("Kurumsak") == "Kurumsak"
    production, exploration = atlas.place("balasausqandiq"), atlas.place("kurumsak")
    country = atlas.place("kaz")
    assert label_priority(production) > label_priority(exploration) > label_priority(country)


def test_fit_bounds_cover_the_shown_places_and_the_key_follows_the_selection():
    atlas = load_atlas()
    points = [atlas.place("balasausqandiq"), atlas.place("lisakovsk")]
    (south, west), (north, east) = fit_bounds(points)
    for p in points:
        assert south <= p.geometry.y <= north and west <= p.geometry.x <= east
    assert fit_bounds([]) is None
    assert fit_key(["a", "b"], None) == fit_key(["b", "a"], None)
    assert fit_key(["a", "b"], None) != fit_key(["a"], None) != fit_key(["a"], "a")


def test_layers_fit_only_when_asked():
    atlas = load_atlas(MINIMAL)
    fitted = _rendered(place_layers(atlas.places))
    kept = _rendered(place_layers(atlas.places, fit=False))
    assert '"fit":true' in fitted and '"fit":false' in kept


def test_legend_lists_only_what_is_shown():
    atlas = load_atlas()
    producing = [atlas.place("balasausqandiq")]
    rows = {heading: [r.label for r in rows] for heading, rows in legend_rows(producing)}
    assert rows["Status (shape)"] == ["In production"]
    assert rows["Mineral (colour)"] == ["Vanadium"]
    assert "Export corridor" not in rows.get("Other layers", [])
    assert "Export corridor" in legend_markup(atlas.places) and "Export corridor" not in legend_markup(producing)
    assert len(legend_rows()) == 3  # everything, for exports


def test_briefing_map_has_no_controls_or_notice():
    outlines = COUNTRY_OUTLINES.read_text(encoding="utf-8")
    page = base_map(outlines, briefing=True).get_root().render()
    assert "Control.FullScreen.js" not in page and '"attributionControl": false' in page.replace("False", "false")
    assert '"briefing":true' in page
    assert '"briefing":false' in base_map(outlines).get_root().render()


def test_the_immediate_click_report_still_matches_streamlit_folium():
    """`atlasMap.reportClick` (static/atlas/map.js) is the one place that writes streamlit-folium's private frontend
    state. It copies what the component's own delayed report would send; if an upgrade changes any of the parts it
    relies on, this fails and names what to re-check, rather than the map quietly sending every click twice."""
    from importlib.metadata import version
    from pathlib import Path

    import streamlit_folium

    assert version("streamlit-folium") == "0.27.4", (
        "streamlit-folium was upgraded: re-check atlasMap.reportClick in static/atlas/map.js against its frontend "
        "(window.__GLOBAL_DATA__, previous_data, the 250 ms debounce, the order of the returned values), then "
        "update this version")
    build = Path(streamlit_folium.__file__).parent / "frontend" / "build" / "static" / "js"
    bundle = "".join(path.read_text(encoding="utf-8") for path in build.glob("main.*.js"))
    relied_on = {
        "the click state lives on window.__GLOBAL_DATA__": "window.__GLOBAL_DATA__={",
        "a click is sent 250 ms after the last event": "(updateComponentValue,250)",
        "a value equal to previous_data is not sent again": ")!==JSON.stringify(u)&&(e.previous_data=u,",
        "the value goes out through setComponentValue": '"streamlit:setComponentValue"',
        "the component's message fields": "isStreamlitMessage",
    }
    missing = [meaning for meaning, text in relied_on.items() if text not in bundle]
    assert missing == [], f"streamlit-folium's frontend changed: {missing}"
    count = bundle.index("last_object_clicked_count:e.last_object_clicked_count")
    drawing = bundle.index("last_active_drawing:e.last_active_drawing", count)
    assert drawing > count  # the returned values in the order reportClick sends them
