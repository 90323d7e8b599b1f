"""The live map as a briefing canvas, in real headless Chromium with no internet: every place visible and
clickable at every zoom, the map fitted to what was chosen, the legend limited to what is shown, keyboard access
to places, and offline basemaps that never blank the map."""
import copy
import json

import pytest

from geo.filters import Selection, filter_places
from geo.load import load_atlas

from harness import ARTIFACTS, Server, drawn_places, map_frame, wait_for_drawn
from helpers import MINIMAL, copy_companions

ATLAS = load_atlas()
POINTS = [p.id for p in ATLAS.places if p.geometry.geom_type == "Point"]

# Every marker's centre, and what the browser finds there: the place under the pointer must be that place.
HIT_TEST = """() => Array.from(document.querySelectorAll('.leaflet-marker-icon[data-place]')).map(el => {
  const r = el.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
  const hit = document.elementFromPoint(x, y), owner = hit && hit.closest('[data-place]');
  const control = hit && hit.closest('.leaflet-control');
  return {id: el.dataset.place, hit: owner ? owner.dataset.place : null, w: r.width, h: r.height,
          control: control ? control.className : null,
          inside: x >= 0 && y >= 0 && x <= innerWidth && y <= innerHeight};
})"""


def set_view(frame, lat, lon, zoom):
    frame.evaluate(f"window.map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
    frame.wait_for_timeout(300)  # the spread is recomputed on zoomend, in the same task; one frame to paint


def assert_every_symbol_is_its_own(frame, ids):
    found = {m["id"]: m for m in frame.evaluate(HIT_TEST)}
    assert set(ids) <= set(found)
    for place_id in ids:
        mark = found[place_id]
        if not mark["inside"] or mark["control"]:
            continue  # off screen, or under the legend or a button: the user pans; fitted views keep them clear
        assert mark["hit"] == place_id, f"{place_id} is covered by {mark['hit']}"
        assert mark["w"] >= 32 and mark["h"] >= 32, f"{place_id} target is {mark['w']}x{mark['h']} px"


@pytest.mark.parametrize("zoom", [4, 5, 6])
def test_every_shipped_point_is_visible_and_clickable(server, page, zoom):
    page.goto(server.url + "?lat=46.5&lon=66&zoom=4")
    frame = map_frame(page)
    wait_for_drawn(frame, len(ATLAS.places))
    set_view(frame, 46.5, 66.0, zoom)
    assert_every_symbol_is_its_own(frame, POINTS)
    bala = frame.evaluate(HIT_TEST)
    target = next(m for m in bala if m["id"] == "balasausqandiq")
    assert target["inside"]
    frame.locator('.leaflet-marker-icon[data-place="balasausqandiq"]').click()
    page.locator('[data-testid="stMain"] h3').filter(has_text="Balasausqandiq").first.wait_for(timeout=20_000)
    page.wait_for_function("new URL(location.href).searchParams.get('site') === 'balasausqandiq'")
    if zoom == 5:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map-zoom5-separated.png"))


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    """Five deposits 1 to 20 km apart around one town: the hardest case for symbols that share a spot."""
    folder = tmp_path_factory.mktemp("crowded")
    raw = json.loads(MINIMAL.read_text(encoding="utf-8"))
    template = raw["features"][0]
    offsets_km = [(0, 0), (1, 0), (0, 3), (8, 5), (20, -4)]
    raw["features"] = []
    for i, (dx, dy) in enumerate(offsets_km):
        feature = copy.deepcopy(template)
        feature["id"] = feature["properties"]["id"] = f"crowded-{i}"
        feature["properties"]["name"] = f"Crowded {i}"
        feature["properties"]["status"] = ["production", "exploration", "announced", "occurrence", "exploration"][i]
        feature["geometry"]["coordinates"] = [round(66.0 + dx / 75.0, 6), round(48.0 + dy / 111.0, 6)]
        raw["features"].append(feature)
    path = folder / "atlas.geojson"
    path.write_text(json.dumps(raw), encoding="utf-8")
    copy_companions(folder)
    started = Server(data=path)
    yield started
    started.stop()


@pytest.mark.parametrize("zoom", [4, 5, 6])
def test_places_a_few_km_apart_each_keep_a_clickable_symbol(crowded, page, zoom):
    page.goto(crowded.url + f"?lat=48&lon=66&zoom={zoom}")
    frame = map_frame(page)
    wait_for_drawn(frame, 5)
    set_view(frame, 48.0, 66.0, zoom)
    ids = [f"crowded-{i}" for i in range(5)]
    assert_every_symbol_is_its_own(frame, ids)
    leaders = frame.evaluate("document.querySelectorAll('path.atlas-leader').length")
    assert leaders >= 4  # each spread symbol is tied to its true position
    frame.locator('.leaflet-marker-icon[data-place="crowded-3"]').click()
    page.locator('[data-testid="stMain"] h3').filter(has_text="Crowded 3").first.wait_for(timeout=20_000)


BOUNDS = """ids => {
  const b = window.map.getBounds(), inside = [];
  window.map.eachLayer(l => { if (l.feature && ids.includes(l.feature.properties.id)) {
    const lb = l.getBounds ? l.getBounds() : L.latLngBounds([l.atlasTrue || l.getLatLng()]);
    inside.push([l.feature.properties.id, b.intersects(lb) && (l.getBounds ? true : b.contains(lb))]);
  }});
  const all = L.latLngBounds([]);
  window.map.eachLayer(l => { if (l.feature && ids.includes(l.feature.properties.id)) {
    all.extend(l.getBounds ? l.getBounds() : (l.atlasTrue || l.getLatLng())); }});
  return {inside: inside, zoom: window.map.getZoom(), needed: window.map.getBoundsZoom(all)};
}"""


def assert_fitted(frame, ids):
    frame.wait_for_timeout(1200)  # the fly animation takes 0.6 s
    state = frame.evaluate(BOUNDS, ids)
    assert {i for i, ok in state["inside"] if ok} == set(ids), state
    assert state["zoom"] >= min(state["needed"], 7) - 1, state  # not zoomed out further than needed


def choose(page, label, option):
    page.locator('[data-testid="stMultiSelect"]').filter(has_text=label).locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def test_the_map_fits_each_choice_and_keeps_its_frame(server, page):
    page.goto(server.url + "?lat=40&lon=50&zoom=8")  # a shared view wins at first
    frame = map_frame(page)
    wait_for_drawn(frame, len(ATLAS.places))
    assert frame.evaluate("window.map.getZoom()") == 8
    frame.evaluate("window.__sameFrame = true")
    choose(page, "Mineral", "Rare-earth elements (all)")
    wanted = sorted(p.id for p in filter_places(ATLAS.places, Selection(minerals=frozenset({"rare_earth_elements"}))))
    wait_for_drawn(frame, len(wanted))
    assert_fitted(frame, wanted)
    choose(page, "Country", "Kazakhstan")
    wanted = sorted(p.id for p in filter_places(ATLAS.places, Selection(
        minerals=frozenset({"rare_earth_elements"}), countries=frozenset({"KAZ"}))))
    wait_for_drawn(frame, len(wanted))
    assert_fitted(frame, wanted)
    page.get_by_role("button", name="Clear filters").click()
    wait_for_drawn(frame, len(ATLAS.places))
    assert_fitted(frame, [p.id for p in ATLAS.places])
    assert frame.evaluate("window.__sameFrame === true"), "the map frame was reloaded"
    legend = frame.evaluate("Array.from(document.querySelectorAll('.atlas-legend-row')).filter(r => "
                            "r.style.display !== 'none').map(r => r.dataset.legend)")
    assert "layer:country" in legend and "layer:corridor" in legend


def test_legend_lists_only_what_is_on_the_map(server, page):
    page.goto(server.url + "?mineral=vanadium&country=KAZ")
    frame = map_frame(page)
    wait_for_drawn(frame, len(filter_places(ATLAS.places, Selection(minerals=frozenset({"vanadium"}),
                                                                      countries=frozenset({"KAZ"})))))
    frame.wait_for_timeout(300)
    shown = frame.evaluate("Array.from(document.querySelectorAll('.atlas-legend-row')).filter(r => "
                           "r.offsetParent !== null).map(r => r.textContent)")
    assert "Vanadium" in shown and "In production" in shown and "Exploration" in shown
    assert not {"Uranium", "Export corridor", "Country (click for profile)", "Rare-earth elements"} & set(shown)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-vanadium-kazakhstan.png"))


def test_enter_on_a_focused_place_opens_its_panel(server, page):
    page.goto(server.url + "?lat=50&lon=64&zoom=6")
    frame = map_frame(page)
    wait_for_drawn(frame, len(ATLAS.places))
    marker = frame.locator('.leaflet-marker-icon[data-place="lisakovsk"]')
    assert marker.get_attribute("role") == "button" and marker.get_attribute("tabindex") == "0"
    marker.focus()
    page.keyboard.press("Enter")
    page.locator('[data-testid="stMain"] h3').filter(has_text="Lisakovsk").first.wait_for(timeout=20_000)
    marker = frame.locator('.leaflet-marker-icon[data-place="kurumsak"]')
    marker.focus()
    page.keyboard.press(" ")
    page.locator('[data-testid="stMain"] h3').filter(has_text="Kurumsak").first.wait_for(timeout=20_000)


def test_a_basemap_that_cannot_load_keeps_the_outlines_and_says_so(server, page):
    page.goto(server.url)
    frame = map_frame(page)
    wait_for_drawn(frame, len(ATLAS.places))
    frame.wait_for_selector(".atlas-offline-notice", timeout=15_000)
    count = "document.querySelectorAll('.leaflet-atlas-basemap-pane path').length"
    before = frame.evaluate(count)
    frame.locator(".leaflet-control-layers").hover()
    frame.get_by_text("Satellite (Esri)").click()
    frame.wait_for_function("document.querySelector('.atlas-offline-notice').textContent.includes('Satellite')",
                            timeout=20_000)
    notice = frame.inner_text(".atlas-offline-notice")
    assert "country outlines" in notice
    assert before > 5 and frame.evaluate(count) == before  # the outlines are still drawn under the failed tiles
