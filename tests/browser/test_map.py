"""The map in real headless Chromium with no internet: drawn, filtered, clicked, and shareable."""
import pytest

from geo.filters import Selection, filter_places
from geo.load import load_atlas

from harness import ARTIFACTS, drawn_places, map_frame, wait_for_drawn

ATLAS = load_atlas()
TILE_HOSTS = ("basemaps.cartocdn.com", "arcgisonline.com", "opentopomap.org")


def expected_ids(**facets):
    return sorted(p.id for p in filter_places(ATLAS.places, Selection(**{k: frozenset(v) for k, v in facets.items()})))


def test_map_draws_every_place_offline_and_saves_a_screenshot(server, page):
    page.goto(server.url)
    frame = map_frame(page)
    wait_for_drawn(frame, len(ATLAS.places))
    assert sorted(drawn_places(frame)) == sorted(p.id for p in ATLAS.places)
    markers = frame.evaluate("document.querySelectorAll('.leaflet-marker-icon svg').length")
    assert markers == sum(p.geometry.geom_type == "Point" for p in ATLAS.places)
    frame.wait_for_selector(".atlas-offline-notice", timeout=15_000)  # tiles blocked: outline basemap instead
    assert frame.evaluate("document.querySelector('.atlas-legend') !== null")
    assert frame.evaluate("document.querySelector('.leaflet-control-scale') !== null")
    assert all(any(host in url for host in TILE_HOSTS) for url in page.blocked), page.blocked
    assert page.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)


def test_filter_in_sidebar_updates_map_in_place_and_fits_the_view_to_it(server, page):
    page.goto(server.url)
    frame = map_frame(page)
    wait_for_drawn(frame, len(ATLAS.places))
    frame.evaluate("window.map.setView([47.0, 70.0], 6, {animate: false}); window.__sameFrame = true;")
    page.locator('[data-testid="stMultiSelect"]').filter(has_text="Mineral").locator("input").click()
    page.get_by_role("option", name="Vanadium", exact=True).click()
    page.keyboard.press("Escape")
    wanted = expected_ids(minerals={"vanadium"})
    wait_for_drawn(frame, len(wanted))
    assert sorted(drawn_places(frame)) == wanted
    assert frame.evaluate("window.__sameFrame === true"), "the map frame was reloaded"
    inside = "ids => ids.every(id => window.map.getBounds().contains(atlasCanvas.state.markers.concat([])" \
             ".filter(m => m.atlasProps.id === id).map(m => m.atlasTrue)[0] || window.map.getCenter()))"
    points = [p.id for p in ATLAS.places if p.id in wanted and p.geometry.geom_type == "Point"]
    frame.wait_for_function(f"({inside})({points!r})".replace("'", '"'), timeout=10_000)
    page.wait_for_function("new URL(location.href).searchParams.get('mineral') === 'vanadium'")


def test_filter_from_a_shared_link(server, page):
    page.goto(server.url + "?mineral=rare_earth_elements&country=KAZ")
    frame = map_frame(page)
    wanted = expected_ids(minerals={"rare_earth_elements"}, countries={"KAZ"})
    assert wanted and len(wanted) < len(ATLAS.places)
    wait_for_drawn(frame, len(wanted))
    assert sorted(drawn_places(frame)) == wanted


def test_clicking_a_marker_opens_its_panel_with_a_verbatim_quote_and_citation(server, page):
    place = ATLAS.place("balasausqandiq")
    quote = place.quotes[0]
    citation = ATLAS.sources[quote.source]
    page.goto(server.url)
    frame = map_frame(page)
    wait_for_drawn(frame, len(ATLAS.places))
    pin = place.geometry
    frame.evaluate(f"window.map.setView([{pin.y}, {pin.x}], 9, {{animate: false}})")  # neighbours overlap at zoom 4
    frame.locator('[data-place="balasausqandiq"]').click()
    panel = page.locator('[data-testid="stMain"]')
    panel.get_by_text(quote.text, exact=False).first.wait_for(timeout=15_000)
    text = panel.inner_text()
    assert place.name in text and citation.title in text and citation.publisher in text
    page.wait_for_function("new URL(location.href).searchParams.get('site') === 'balasausqandiq'")


def drawn_and_listening(page, url):
    """The map page with every place drawn, recording each message it sends to the server from then on."""
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    page.goto(url)
    frame = map_frame(page)
    wait_for_drawn(frame, len(ATLAS.places))
    page.wait_for_timeout(1500)  # let start-up messages settle before counting
    return frame, sent


def test_a_click_runs_the_app_once(server, page):
    """The map reports a click at once and the component's own delayed report finds nothing new: one run, not two."""
    frame, sent = drawn_and_listening(page, server.url)
    frame.evaluate("window.map.setView([52.55, 62.5], 8, {animate: false})")
    before = len(sent)
    frame.locator('[data-place="lisakovsk"]').click()
    page.wait_for_function("new URL(location.href).searchParams.get('site') === 'lisakovsk'")
    page.wait_for_timeout(1000)  # past the component's own delayed report
    reruns = [p for p in sent[before:] if isinstance(p, bytes) and b"lisakovsk" in p]
    assert len(reruns) == 1, f"{len(reruns)} messages reported the click"


# Counts Leaflet's animated zooms in the map frame, from before the map exists.
COUNT_ZOOM_ANIMATIONS = """
  if (window.top !== window) {
    window.zoomAnimations = 0;
    var wait = setInterval(function () {
      if (!window.L || !L.Map) { return; }
      clearInterval(wait);
      var animate = L.Map.prototype._animateZoom;
      L.Map.prototype._animateZoom = function () { window.zoomAnimations += 1; return animate.apply(this, arguments); };
    }, 1);
  }"""


def test_view_is_kept_in_the_address(server, page):
    """A shared view opens at once, so a pan straight after is neither dropped nor undone, and reaches the address.

    (A map that zooms in from the overview drops a pan asked for while that animation runs.)"""
    page.add_init_script(COUNT_ZOOM_ANIMATIONS)
    page.goto(server.url + "?lat=43.2&lon=76.9&zoom=7")
    frame = map_frame(page)
    frame.wait_for_function("window.map.getZoom() === 7")
    assert frame.evaluate("window.zoomAnimations") == 0
    centre = frame.evaluate("[window.map.getCenter().lat, window.map.getCenter().lng]")
    # Leaflet centres on whole pixels, so the centre may be up to one pixel off: at zoom 7 that is 360° / (256 · 2⁷)
    # of longitude, and less of latitude.
    one_pixel = 360 / (256 * 2 ** 7)
    assert centre == pytest.approx([43.2, 76.9], abs=one_pixel)
    frame.evaluate("window.map.setView([50.0, 60.0], 5, {animate: false})")
    page.wait_for_function("new URL(location.href).searchParams.get('zoom') === '5'")
    assert "lat=50.0000" in page.url and "lon=60.0000" in page.url


def test_a_pan_made_while_a_filter_change_runs_stays_in_the_address(server, page):
    """The app writes the address after its run from the copy it had when the run began; the map's newer view must
    win, so the address still reproduces what the user sees."""
    page.goto(server.url + "?lat=43.2&lon=76.9&zoom=7")  # a view in the address: the filter change keeps it
    frame = map_frame(page)
    wait_for_drawn(frame, len(ATLAS.places))
    page.locator('[data-testid="stMultiSelect"]').filter(has_text="Mineral").locator("input").click()
    page.get_by_role("option", name="Vanadium", exact=True).click()
    frame.evaluate("window.map.setView([50.0, 60.0], 5, {animate: false})")  # before the run has ended
    page.keyboard.press("Escape")
    wait_for_drawn(frame, len(expected_ids(minerals={"vanadium"})))
    page.wait_for_function("new URL(location.href).searchParams.get('mineral') === 'vanadium'")
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')")
    address = page.evaluate("Object.fromEntries(new URL(location.href).searchParams)")
    assert {k: address.get(k) for k in ("lat", "lon", "zoom")} == {"lat": "50.0000", "lon": "60.0000", "zoom": "5"}
    assert frame.evaluate("[window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]") == \
        pytest.approx([50.0, 60.0, 5])


def test_quotes_read_exactly_as_written(server, page):
    """A '$' in a quote stays money (no maths), and the figure keeps its own quote."""
    uzbekistan = ATLAS.place("uzb")
    quote = next(f.quote.text for f in uzbekistan.facts if f.quote and "$500 million" in f.quote.text)
    page.goto(server.url + "?site=uzb")
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("$500 million", exact=False).first.wait_for(timeout=20_000)
    assert quote in main.inner_text().replace("“", "").replace("”", "")
    assert main.locator(".katex").count() == 0


def test_panning_and_zooming_do_not_rerun_the_app(server, page):
    """The map keeps its view to itself: no message goes to the server when the user pans or zooms."""
    frame, sent = drawn_and_listening(page, server.url)
    before = len(sent)
    frame.evaluate("window.map.panBy([200, 120], {animate: false})")
    frame.evaluate("window.map.setZoom(6, {animate: false})")
    frame.evaluate("window.map.setZoom(5, {animate: false})")
    page.wait_for_function("new URL(location.href).searchParams.get('zoom') === '5'")
    page.wait_for_timeout(1000)  # longer than the map component's 250 ms debounce
    assert len(sent) == before, f"{len(sent) - before} message(s) sent to the server by pan/zoom"


def test_clicking_a_country_opens_its_profile(server, page):
    page.goto(server.url)
    frame = map_frame(page)
    wait_for_drawn(frame, len(ATLAS.places))
    frame.evaluate("window.map.setView([46.8, 103.0], 5, {animate: false})")
    frame.locator('[data-place="mng"]').click(force=True)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_role("heading", name="Mongolia").wait_for(timeout=15_000)
    assert "Country profile" in main.inner_text()


def test_layers_basemaps_controls_and_honest_geometry(server, page):
    page.goto(server.url)
    frame = map_frame(page)
    wait_for_drawn(frame, len(ATLAS.places))
    control = frame.evaluate("document.querySelector('.leaflet-control-layers').textContent")
    for name in ("Light (CARTO)", "Satellite (Esri)", "Terrain (OpenTopoMap)", "Outlines only (offline)",
                 "Deposits and occurrences", "Exploration areas", "Export corridors", "Country profiles"):
        assert name in control, name
    assert frame.locator(".leaflet-control-zoom-fullscreen, .leaflet-control-fullscreen a").count() >= 1
    areas = [p.id for p in ATLAS.places if p.kind == "exploration_area"]
    for area in areas:  # vague places are shapes, never pins
        assert frame.evaluate(f"document.querySelector('[data-place=\"{area}\"]').tagName") == "path"
    uncertain = [p for p in ATLAS.places if p.geometry.geom_type == "Point" and p.precision.km >= 1]
    assert frame.locator("path.atlas-uncertainty").count() == len(uncertain)


def test_the_open_place_is_marked_on_the_map(server, page):
    page.goto(server.url + "?site=lisakovsk")
    frame = map_frame(page)
    wait_for_drawn(frame, len(ATLAS.places))
    frame.wait_for_selector('[data-place="lisakovsk"].atlas-selected')
    frame.evaluate("window.map.setView([44.77, 67.7], 8, {animate: false})")
    frame.locator('[data-place="balasausqandiq"]').click()
    frame.wait_for_selector('[data-place="balasausqandiq"].atlas-selected')
    page.wait_for_function("new URL(location.href).searchParams.get('site') === 'balasausqandiq'")
    assert frame.locator(".atlas-selected").count() == 1
