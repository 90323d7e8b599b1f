"""The map's pieces: payloads safe inside a script, one symbol per look, clustering only for big data."""
import dataclasses
import json

from shapely.geometry import Point

from geo.load import COUNTRY_OUTLINES, load_atlas
from geo.mapview import fit_bounds, fit_key, CLUSTER_MIN, base_map, map_payload, place_layers, script_json

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
    assert set(feature["properties"]) == {"id", "name", "symbol", "rank"}
    assert feature["properties"]["rank"] == max(json.loads(f)["properties"]["rank"] for f in payload.features.values())
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
    assert "L.markerClusterGroup" not in small and "atlas-uncertainty" in small
    deposit = atlas.places[0]
    many = [dataclasses.replace(deposit, id=f"p{i}", geometry=Point(60 + i * 0.001, 48.0)) for i in range(CLUSTER_MIN)]
    big = _rendered(place_layers(many))
    assert "L.markerClusterGroup" in big and "atlas-uncertainty" not in big


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


def test_fit_bounds_cover_every_place_in_leaflet_order():
    atlas = load_atlas()
    bounds = fit_bounds(atlas.places)
    (south, west), (north, east) = bounds
    for place in atlas.places:
        x0, y0, x1, y1 = place.geometry.bounds
        assert south <= y0 + 1e-4 and north >= y1 - 1e-4 and west <= x0 + 1e-4 and east >= x1 - 1e-4, place.id
    assert fit_bounds([]) is None
    point = atlas.place("balasausqandiq")
    assert fit_bounds([point]) == [[round(point.geometry.y, 4), round(point.geometry.x, 4)]] * 2


def test_fit_key_names_the_set_not_its_order():
    assert fit_key(["a", "b"]) == fit_key(["b", "a"]) != fit_key(["a"])
