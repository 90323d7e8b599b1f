"""The map's own script (static/atlas/*.js) in headless Chromium on static pages, without Streamlit: seconds, not
minutes. The pages are the app's folium map (`base_map` + `place_layers`, rendered by folium) served with the
repository's static/ folder from a local server; the view-in-address test wraps the map in a page that loads
page.js, as the app's main document does."""
from __future__ import annotations

import dataclasses
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from shapely.geometry import Point

from geo.load import COUNTRY_OUTLINES, load_atlas
from geo.mapview import CLUSTER_MIN, base_map, place_layers
from liveapp import MAP_FRAME

ROOT = Path(__file__).resolve().parents[2]
ATLAS = load_atlas()
SELECTED = "lisakovsk"
START_VIEW = (43.2, 76.9, 7)
# A dense grid of synthetic deposits in central Kazakhstan (0.05°, about 5 km, apart), more than clustering needs;
# dense, so a zoom on one cluster draws few markers and the test stays fast.
GRID_LATS, GRID_LONS = [48 + 0.05 * i for i in range(25)], [66 + 0.05 * j for j in range(25)]
assert len(GRID_LATS) * len(GRID_LONS) > CLUSTER_MIN


def _synthetic_places() -> tuple:
    """Copies of one shipped deposit at each grid point: valid places, enough of them to be clustered."""
    model = next(p for p in ATLAS.places if p.geometry.geom_type == "Point")
    return tuple(dataclasses.replace(model, id=f"synthetic-{i}-{j}", name=f"Synthetic {i}-{j}",
                                     geometry=Point(lon, lat))
                 for i, lat in enumerate(GRID_LATS) for j, lon in enumerate(GRID_LONS))


SYNTHETIC = _synthetic_places()


def _map_page(places, **layers) -> str:
    """The app's map of `places` as one static HTML page."""
    fmap = base_map(COUNTRY_OUTLINES.read_text(encoding="utf-8"))
    for group in place_layers(places, **layers):
        group.add_to(fmap)
    return fmap.get_root().render()


# The app's main document, reduced to what page.js needs: the map in a frame titled as streamlit-folium's.
FRAMED = f"""<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<iframe title="{MAP_FRAME.split('"')[1]}" src="/view.html" width="900" height="660"></iframe>
<script src="/app/static/atlas/page.js"></script></body></html>"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A loopback server for the pages, with the repository's static/ folder at /app/static as the app has it."""
    folder = tmp_path_factory.mktemp("map-script")
    (folder / "app").mkdir()
    (folder / "app" / "static").symlink_to(ROOT / "static", target_is_directory=True)
    (folder / "map.html").write_text(_map_page(ATLAS.places, selected=SELECTED), encoding="utf-8")
    (folder / "clustered.html").write_text(_map_page(SYNTHETIC), encoding="utf-8")
    (folder / "view.html").write_text(_map_page(ATLAS.places, fit=False, start_view=START_VIEW), encoding="utf-8")
    (folder / "framed.html").write_text(FRAMED, encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _open(page, url: str):
    page.goto(url)
    page.wait_for_function("window.atlasCanvas && window.atlasCanvas.state && window.atlasLabelReport")
    return page


SHOWN_BY_CLUSTERS = """() => Array.from(document.querySelectorAll('.marker-cluster span'))
    .reduce((sum, el) => sum + Number(el.textContent), 0)"""
# What streamlit-folium reports for a click: it listens on every layer of the map and sends the clicked layer's
# GeoJSON (`last_active_drawing`); this records the id it would send.
RECORD_CLICKS = """() => {
  window.reported = [];
  Object.values(window.atlasCanvas.map._layers).forEach(layer => layer.on && layer.on("click", e => {
    if (e.layer && e.layer.toGeoJSON) { window.reported.push(e.layer.toGeoJSON().properties.id); }
  }));
}"""


def test_places_from_the_cluster_threshold_on_are_clustered_and_open_up_when_zoomed(site, page):
    _open(page, site + "/clustered.html")
    page.wait_for_function(f"({SHOWN_BY_CLUSTERS})() + document.querySelectorAll('[data-place]').length"
                           f" === {len(SYNTHETIC)}")  # chunked loading done: every place in a cluster or shown
    clusters = page.locator(".marker-cluster").count()
    assert 0 < clusters < len(SYNTHETIC) // 4  # far fewer icons than places
    assert page.evaluate("document.querySelectorAll('.atlas-uncertainty').length") == 0  # none on a clustered map
    zoom = page.evaluate("window.atlasCanvas.map.getZoom()")
    page.evaluate("window.atlasCanvas.map.once('zoomend', () => { window.zoomed = true; })")
    page.locator(".marker-cluster").first.click()
    page.wait_for_function(f"window.zoomed && window.atlasCanvas.map.getZoom() > {zoom}")  # a cluster opens up
    lat, lon = GRID_LATS[3], GRID_LONS[4]
    page.evaluate(f"window.atlasCanvas.map.setView([{lat}, {lon}], 14, {{animate: false}})")
    pin = page.locator('[data-place="synthetic-3-4"]')
    pin.wait_for()
    page.evaluate(RECORD_CLICKS)
    pin.click()
    assert set(page.evaluate("window.reported")) == {"synthetic-3-4"}
    assert page.locator(".atlas-pin.atlas-selected").evaluate_all("els => els.map(e => e.dataset.place)") == [
        "synthetic-3-4"]
    assert page.errors == []


def test_the_open_place_wears_the_ring_and_labels_and_legend_are_laid_out(site, page):
    _open(page, site + "/map.html")
    ringed = page.locator(".atlas-selected").evaluate_all("els => els.map(e => e.dataset.place)")
    assert ringed == [SELECTED]
    # The canvas ran once every layer was on the map: labels placed and the legend drawn.
    assert SELECTED in page.evaluate("window.atlasLabelReport.shown")
    assert page.locator(".atlas-label").count() == len(page.evaluate("window.atlasLabelReport.shown"))
    assert page.locator(".atlas-legend").count() == 1
    assert page.errors == []


@pytest.mark.parametrize("how", ["click", "Enter"])
def test_a_click_or_enter_on_a_place_marks_it_at_once_and_reports_that_place(site, page, how):
    _open(page, site + "/map.html")
    page.evaluate(RECORD_CLICKS)
    other = next(p.id for p in ATLAS.places if p.geometry.geom_type == "Point" and p.id != SELECTED)
    pin = page.locator(f'.atlas-pin[data-place="{other}"]')
    if how == "click":
        pin.click()
    else:
        pin.focus()
        page.keyboard.press("Enter")
    assert set(page.evaluate("window.reported")) == {other}  # from each layer the click bubbles through
    assert page.locator(".atlas-pin.atlas-selected").evaluate_all("els => els.map(e => e.dataset.place)") == [other]
    # Outside Streamlit there is no component to report to: the direct report does nothing.
    assert page.evaluate("window.atlasMap.reportClick()") is False
    assert page.errors == []


def _address(page) -> dict:
    return page.evaluate("Object.fromEntries(new URL(location.href).searchParams)")


def test_the_view_is_kept_in_the_address_when_the_app_rewrites_it(site, page):
    page.goto(site + "/framed.html")
    frame = page.wait_for_selector(MAP_FRAME).content_frame()
    frame.wait_for_function("window.atlasLabelReport !== undefined")
    # A shared view opens where it says, and the map writes it into the page's address.
    assert frame.evaluate("window.atlasCanvas.map.getZoom()") == START_VIEW[2]
    frame.evaluate("window.atlasCanvas.map.setView([47.0, 70.0], 6, {animate: false})")
    page.wait_for_function("new URL(location.href).searchParams.get('zoom') === '6'")
    view = {"lat": "47.0000", "lon": "70.0000", "zoom": "6"}
    assert _address(page) == view
    # The app writes the address as Streamlit does after a run: without the view, or with an older copy of it.
    page.evaluate("history.pushState({}, '', location.pathname + '?mineral=vanadium')")
    assert _address(page) == {"mineral": "vanadium", **view}
    page.evaluate("history.replaceState({}, '', '?mineral=lithium&lat=43.2000&lon=76.9000&zoom=7')")
    assert _address(page) == {"mineral": "lithium", **view}
    # Another page's address is left as the app wrote it.
    page.evaluate("history.pushState({}, '', '/places?mineral=lithium')")
    assert _address(page) == {"mineral": "lithium"}
    page.go_back()
    assert _address(page) == {"mineral": "lithium", **view}
    assert page.errors == []
