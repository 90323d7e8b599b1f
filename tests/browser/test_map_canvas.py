"""The live map canvas in real headless Chromium with no internet: every place visible and clickable at every zoom,
the view fitted to what is shown, labels without collisions, keyboard access and the offline basemap notice."""
import copy
import json
import math
import shutil

import pytest

from geo.filters import Selection, filter_places
from geo.load import load_atlas
from harness import ARTIFACTS, Server, map_frame, wait_for_drawn
from helpers import MINIMAL, TEST_DATA

ATLAS = load_atlas()
STATUSES = ("production", "exploration", "announced", "occurrence")
# km east and north of a point in Kazakhstan: neighbours 1 to 20 km apart
OFFSETS_KM = [(0, 0), (1, 0), (0, 2), (3, 3), (6, -1), (10, 4), (14, 12), (20, 0), (-5, 8), (-12, -6)]


def synthetic_data(folder):
    raw = json.loads(MINIMAL.read_text(encoding="utf-8"))
    template = next(f for f in raw["features"] if f["geometry"]["type"] == "Point")
    lat0, lon0 = 48.0, 66.0
    features = []
    for i, (east, north) in enumerate(OFFSETS_KM):
        feature = copy.deepcopy(template)
        pid = f"near-{i}"
        feature["id"] = feature["properties"]["id"] = pid
        feature["properties"]["name"] = f"Near {i}"
        feature["properties"]["aliases"] = []
        feature["properties"]["status"] = STATUSES[i % len(STATUSES)]
        feature["properties"]["location_precision"] = {"km": 0.5, "description": "Synthetic point"}
        feature["geometry"]["coordinates"] = [round(lon0 + east / (111.32 * math.cos(math.radians(lat0))), 6),
                                              round(lat0 + north / 110.57, 6)]
        features.append(feature)
    raw["features"] = features
    path = folder / "near.geojson"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    shutil.copy(TEST_DATA / "sources.json", folder / "sources.json")
    return path


@pytest.fixture(scope="module")
def near_server(tmp_path_factory):
    started = Server(data=synthetic_data(tmp_path_factory.mktemp("near")))
    yield started
    started.stop()


def open_map(page, url, count):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(url)
    frame = map_frame(page)
    wait_for_drawn(frame, count)
    settle(frame)
    return frame


def settle(frame):
    """Wait until the map has stopped moving and the canvas has laid out symbols and labels."""
    frame.wait_for_function("window.atlasLabelReport !== undefined && !window.map._animatingZoom "
                            "&& !(window.map._panAnim && window.map._panAnim._inProgress)")
    frame.wait_for_timeout(400)


HITS = """() => {
  const box = document.querySelector('.leaflet-container').getBoundingClientRect();
  return Array.from(document.querySelectorAll('.leaflet-marker-icon[data-place]')).map(el => {
    const r = el.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
    const inside = x > box.left + 4 && x < box.right - 4 && y > box.top + 4 && y < box.bottom - 4;
    const hit = document.elementFromPoint(x, y);
    const owner = hit && hit.closest('[data-place]');
    return {id: el.dataset.place, w: r.width, h: r.height, inside: inside,
            owner: owner ? owner.dataset.place : null, x: x, y: y};
  });
}"""


def check_hits(frame, wanted):
    hits = frame.evaluate(HITS)
    assert sorted(h["id"] for h in hits) == sorted(wanted)
    inside = [h for h in hits if h["inside"]]
    assert inside, "no point symbol inside the map"
    for h in inside:
        assert h["w"] >= 32 and h["h"] >= 32, h
        assert h["owner"] == h["id"], f"the centre of {h['id']} belongs to {h['owner']}"
    return inside


def points_of(atlas):
    return [p for p in atlas.places if p.geometry.geom_type == "Point"]


def centre_of(points):
    return (sum(p.geometry.y for p in points) / len(points), sum(p.geometry.x for p in points) / len(points))


@pytest.mark.parametrize("which", ["shipped", "near"])
def test_every_point_is_clickable_at_every_zoom(which, server, near_server, page):
    srv, atlas = (server, ATLAS) if which == "shipped" else (near_server, load_atlas(near_server.data))
    points = [p.id for p in points_of(atlas)]
    frame = open_map(page, srv.url, len(atlas.places))
    check_hits(frame, points)
    lat, lon = centre_of(points_of(atlas)) if which == "near" else (44.7, 67.7)
    for zoom in (4, 5, 6):
        frame.evaluate(f"window.map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
        settle(frame)
        check_hits(frame, points)
        page.screenshot(path=str(ARTIFACTS / f"canvas-{which}-z{zoom}.png"))
    # At zoom 5 a click on each symbol opens that very place.
    frame.evaluate(f"window.map.setView([{lat}, {lon}], 5, {{animate: false}})")
    settle(frame)
    targets = check_hits(frame, points)
    if which == "shipped":
        targets = [h for h in targets if h["id"] in ("balasausqandiq", "kurumsak")]
    for h in targets:
        frame.evaluate(f"window.map.setView([{lat}, {lon}], 5, {{animate: false}})")
        settle(frame)
        h = next(x for x in frame.evaluate(HITS) if x["id"] == h["id"])
        box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
        page.mouse.click(box["x"] + h["x"], box["y"] + h["y"])
        page.wait_for_function(f"new URL(location.href).searchParams.get('site') === {json.dumps(h['id'])}",
                               timeout=15_000)
        name = atlas.place(h["id"]).name
        page.locator('[data-testid="stMain"]').get_by_role("heading", name=name).first.wait_for(timeout=15_000)
    assert page.errors == []


def producing_on_top(frame):
    return frame.evaluate("""() => {
      const el = document.querySelector('[data-place="balasausqandiq"]'), r = el.getBoundingClientRect();
      return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2).closest('[data-place]')
        .dataset.place;
    }""")


def test_producing_site_is_never_covered(server, page):
    frame = open_map(page, server.url, len(ATLAS.places))
    for zoom in (4, 5, 6):
        frame.evaluate(f"window.map.setView([44.7, 67.7], {zoom}, {{animate: false}})")
        settle(frame)
        assert producing_on_top(frame) == "balasausqandiq"
        kurumsak = frame.evaluate("atlasCanvas.state.markers.find(m => m.atlasProps.id === 'kurumsak').atlasSpot")
        balasausqandiq = frame.evaluate(
            "atlasCanvas.state.markers.find(m => m.atlasProps.id === 'balasausqandiq').atlasSpot")
        assert max(abs(kurumsak["x"] - balasausqandiq["x"]), abs(kurumsak["y"] - balasausqandiq["y"])) >= 32
    assert frame.locator("path.atlas-leader").count() >= 1  # the moved symbol points back to its true place


FITS = """(ids) => {
  const map = window.map, view = map.getBounds();
  const bounds = L.latLngBounds([]);
  ids.forEach(id => { const el = document.querySelector(`[data-place="${id}"]`); });
  return {zoom: map.getZoom(), south: view.getSouth(), west: view.getWest(), north: view.getNorth(),
          east: view.getEast()};
}"""


def check_fitted(frame, places):
    view = frame.evaluate("(() => { const b = window.map.getBounds(); return {zoom: window.map.getZoom(), "
                          "south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast()}; })()")
    south = min(p.geometry.bounds[1] for p in places)
    west = min(p.geometry.bounds[0] for p in places)
    north = max(p.geometry.bounds[3] for p in places)
    east = max(p.geometry.bounds[2] for p in places)
    assert view["south"] <= south and view["west"] <= west and view["north"] >= north and view["east"] >= east, view
    needed = frame.evaluate(f"Math.min(7, window.map.getBoundsZoom(L.latLngBounds([[{south}, {west}], "
                            f"[{north}, {east}]]), false, L.point(40, 40)))")
    assert view["zoom"] >= needed, f"zoom {view['zoom']} is further out than needed ({needed})"


def test_the_map_fits_what_is_shown(server, page):
    frame = open_map(page, server.url, len(ATLAS.places))
    check_fitted(frame, ATLAS.places)
    frame.evaluate("window.__sameFrame = true")
    page.locator('[data-testid="stMultiSelect"]').filter(has_text="Mineral").locator("input").click()
    page.get_by_role("option", name="Vanadium", exact=True).click()
    page.keyboard.press("Escape")
    vanadium = list(filter_places(ATLAS.places, Selection(minerals=frozenset({"vanadium"}))))  # sites only
    wait_for_drawn(frame, len(vanadium))
    frame.wait_for_timeout(800)
    settle(frame)
    check_fitted(frame, vanadium)
    page.screenshot(path=str(ARTIFACTS / "canvas-vanadium.png"))
    # A rerun for the same selection (here: a click on a shown place) keeps the view the user has.
    frame.evaluate("window.map.setView([46.0, 66.0], 6, {animate: false})")
    page.locator('[data-testid="stMain"]').get_by_role("button", name="Lisakovsk").first.click()
    page.wait_for_function("new URL(location.href).searchParams.get('site') === 'lisakovsk'")
    frame.wait_for_timeout(800)
    settle(frame)
    check_fitted(frame, vanadium)
    page.get_by_role("button", name="Clear filters").click()
    wait_for_drawn(frame, len(ATLAS.places))
    frame.wait_for_timeout(800)
    settle(frame)
    check_fitted(frame, ATLAS.places)
    assert frame.evaluate("window.__sameFrame === true"), "the map frame was reloaded"
    assert page.errors == []


def test_an_explicit_view_in_the_address_is_not_fitted(server, page):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(server.url + "?lat=43.2&lon=76.9&zoom=7")
    frame = map_frame(page)
    wait_for_drawn(frame, len(ATLAS.places))
    settle(frame)
    assert frame.evaluate("window.map.getZoom()") == 7


@pytest.mark.parametrize("which", ["shipped", "near"])
def test_labels_one_per_place_and_never_overlapping(which, server, near_server, page):
    srv, atlas = (server, ATLAS) if which == "shipped" else (near_server, load_atlas(near_server.data))
    frame = open_map(page, srv.url, len(atlas.places))
    labelled = {p.id for p in atlas.places if p.geometry.geom_type == "Point" or p.kind == "country"}
    report = frame.evaluate("window.atlasLabelReport")
    basemap = {i for i in [*report["shown"], *report["dropped"]] if i.startswith("country-name:")}
    assert (set(report["shown"]) | set(report["dropped"])) - basemap == labelled
    assert not set(report["shown"]) & set(report["dropped"])
    assert all(reason for reason in report["dropped"].values())
    boxes = frame.evaluate("Array.from(document.querySelectorAll('[data-label]')).map(e => {"
                           "const r = e.getBoundingClientRect(); return [e.dataset.label, r.left, r.top, r.right, "
                           "r.bottom]; })")
    assert sorted(b[0] for b in boxes) == sorted(report["shown"])
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2], f"{a[0]} overlaps {b[0]}"
    if which == "shipped":  # every deposit is named at the fitted view, and the neighbouring countries too
        assert {p.id for p in points_of(atlas)} <= set(report["shown"])
        assert {"country-name:CHN", "country-name:RUS"} <= set(report["shown"])
    page.screenshot(path=str(ARTIFACTS / f"canvas-labels-{which}.png"))
    control = frame.evaluate("document.querySelector('.leaflet-control-layers').textContent")
    assert "Labels" in control


def test_enter_on_a_focused_marker_opens_it(server, page):
    frame = open_map(page, server.url, len(ATLAS.places))
    frame.locator('[data-place="lisakovsk"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_function("new URL(location.href).searchParams.get('site') === 'lisakovsk'", timeout=15_000)
    page.locator('[data-testid="stMain"]').get_by_role("heading", name="Lisakovsk").first.wait_for(timeout=15_000)


def test_satellite_offline_keeps_the_outlines_and_says_so(server, page):
    frame = open_map(page, server.url, len(ATLAS.places))
    assert frame.evaluate("document.querySelectorAll('path[aria-label]:not([role])').length") == 0
    frame.locator(".leaflet-control-layers").hover()
    frame.get_by_text("Satellite (Esri)").click()
    frame.wait_for_function("(document.querySelector('.atlas-offline-notice') || {}).textContent === "
                            "'Satellite (Esri) basemap unavailable offline: showing country outlines'",
                            timeout=15_000)
    outlines = frame.evaluate("Array.from(document.querySelectorAll('.leaflet-atlas-basemap-pane path'))"
                              ".filter(p => p.getBoundingClientRect().width > 0).length")
    assert outlines > 10
    # the tiles that never arrived are not credited; the outlines' source is
    credit = frame.locator(".leaflet-control-attribution").inner_text()
    assert "Esri" not in credit and "Natural Earth" in credit, credit
    page.screenshot(path=str(ARTIFACTS / "canvas-satellite-offline.png"))
