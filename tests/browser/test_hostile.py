"""Hostile data and hostile links: text is shown literally, nothing runs, nothing crashes."""
import json
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from harness import Server, map_frame, wait_for_drawn
from helpers import MINIMAL, PAYLOADS, write_hostile_atlas, copy_companions

CANARY = "window.top.__pwned === undefined && window.__pwned === undefined"
FIRE_CLICK = """id => {
  const layer = Object.values(window.map._layers).find(l => l.feature && l.feature.properties.id === id);
  const at = layer.getLatLngs ? layer.getLatLngs().flat(3)[0] : layer.getLatLng();
  layer.fire("click", {latlng: at}, true);
}"""
EXPORTS = ("png", "pdf", "html", "geojson", "csv")
READING_PAGES = ("places", "sources", "timeline", "key_figures", "changes", "about")


def panel_heading(page):
    return page.locator('[data-testid="stMain"]').get_by_role("heading", name="What the sources say")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    started = Server(write_hostile_atlas(tmp_path_factory.mktemp("hostile")))
    yield started
    started.stop()


def assert_no_canary(page, frame=None):
    assert page.evaluate(CANARY), "a payload ran in the page"
    if frame is not None:
        assert frame.evaluate(CANARY), "a payload ran in the map frame"


def test_payloads_in_every_field_stay_text(hostile_server, page):
    page.goto(hostile_server.url)
    frame = map_frame(page)
    wait_for_drawn(frame, 3)
    for place_id in ("test-area", "test-corridor", "test-deposit"):
        element = frame.locator(f'[data-place="{place_id}"]')
        element.hover(force=True)
        if place_id == "test-corridor":  # a thin line: click it through Leaflet rather than at its box's centre
            frame.evaluate(FIRE_CLICK, place_id)
        else:
            element.click(force=True)
        page.wait_for_function(f"new URL(location.href).searchParams.get('site') === '{place_id}'")
        panel_heading(page).wait_for()
        assert_no_canary(page, frame)
    main = page.locator('[data-testid="stMain"]')
    text = main.inner_text()
    for payload in [*PAYLOADS[:6], PAYLOADS[-1]]:
        assert payload in text, payload
    assert "$5 million and $3 million" in text and main.locator(".katex").count() == 0
    assert main.locator('a[href^="javascript:"]').count() == 0
    tooltip = frame.evaluate("Array.from(document.querySelectorAll('.leaflet-tooltip')).map(t => t.textContent)")
    assert any(PAYLOADS[0] in t or PAYLOADS[1] in t or PAYLOADS[2] in t for t in tooltip), tooltip
    assert frame.locator(".leaflet-tooltip img").count() == 0
    assert page.errors == []
    assert_no_canary(page, frame)


def test_every_panel_opens_from_the_list_without_running_anything(hostile_server, page):
    page.goto(hostile_server.url)
    frame = map_frame(page)
    wait_for_drawn(frame, 3)
    buttons = page.locator('[data-testid="stMain"] button[kind="tertiary"]')
    for index in range(buttons.count()):
        buttons.nth(index).click()
        panel_heading(page).wait_for()
        assert_no_canary(page, frame)


def test_every_export_is_made_and_the_html_map_runs_nothing(hostile_server, page, tmp_path):
    page.goto(hostile_server.url)
    frame = map_frame(page)
    wait_for_drawn(frame, 3)
    page.get_by_text("Export for a briefing").click()
    alt_text = page.get_by_label("Alt text for the PNG map")
    alt_text.wait_for()
    assert PAYLOADS[0] in alt_text.input_value()  # the title, as text
    files = {}
    for extension in EXPORTS:
        with page.expect_download(timeout=120_000) as download:
            page.locator(f".st-key-export-{extension} button").click()
        files[extension] = tmp_path / download.value.suggested_filename
        download.value.save_as(files[extension])
        assert files[extension].suffix == f".{extension}" and files[extension].stat().st_size > 0
        assert_no_canary(page, frame)
    assert page.locator('[data-testid="stException"]').count() == 0

    exported = json.loads(files["geojson"].read_text(encoding="utf-8"))
    shown = {f["properties"]["id"]: f["properties"]["name"] for f in exported["features"]}
    assert shown == {f["properties"]["id"]: f["properties"]["name"] for f in
                     json.loads(Path(hostile_server.data).read_text(encoding="utf-8"))["features"]}

    standalone = page.context.browser.new_page()  # the HTML map on its own, as a reader opens the file
    try:
        standalone.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        errors = []
        standalone.on("pageerror", lambda e: errors.append(str(e)))
        standalone.goto(files["html"].as_uri())
        standalone.wait_for_function("document.querySelectorAll('[data-place]').length === 3")
        assert standalone.evaluate(CANARY) and errors == []
        text = standalone.locator("body").inner_text()
        assert PAYLOADS[0] in text and PAYLOADS[1] in text  # the title and a source's title, as text
    finally:
        standalone.close()


@pytest.mark.parametrize("path", READING_PAGES)
def test_reading_pages_show_hostile_text_literally(hostile_server, page, path):
    page.goto(hostile_server.url + path)
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=30_000)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=30_000)  # run done
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.errors == []
    assert_no_canary(page)
    if path == "sources":
        expected = [*PAYLOADS[:6], PAYLOADS[-1]]
        try:  # a loaded machine may still be drawing the list after the run indicator has gone
            page.wait_for_function("""(expected) => {
              const main = document.querySelector('[data-testid="stMain"]');
              return main && expected.every(p => main.innerText.includes(p));
            }""", arg=expected, timeout=30_000)
        except PlaywrightTimeout:
            pass
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert [p for p in expected if p not in text] == []


def test_javascript_link_is_refused_and_shown_as_text(tmp_path, page):
    raw = json.loads(MINIMAL.read_text(encoding="utf-8"))
    raw["features"][0]["properties"]["location_source"]["url"] = "javascript:window.top.__pwned=7"
    (tmp_path / "atlas.geojson").write_text(json.dumps(raw), encoding="utf-8")
    copy_companions(tmp_path)
    server = Server(tmp_path / "atlas.geojson")
    try:
        page.goto(server.url)
        page.get_by_text("1 problem(s) must be fixed first").wait_for(timeout=30_000)
        assert page.locator('a[href^="javascript:"]').count() == 0
        assert page.locator('[data-testid="stException"]').count() == 0
        assert_no_canary(page)
    finally:
        server.stop()


@pytest.mark.parametrize("query", [
    "?mineral=<script>window.top.__pwned=8</script>&site=${window.top.__pwned=9}",
    "?zoom=99&lat=NaN&lon=1e309",
    "?mineral=vanadium&mineral=%F0%9F%AA%A8&country=&q=" + "x" * 5000,
    "?site=`+(window.top.__pwned=10)+`&kind=deposit,,",
])
def test_hostile_links_render_a_clean_default_with_a_notice(server, page, query):
    page.goto(server.url + query)
    frame = map_frame(page)
    frame.wait_for_function("document.querySelectorAll('[data-place]').length > 0")
    page.locator('[data-testid="stAlertContentWarning"]').first.wait_for(timeout=20_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    zoom = frame.evaluate("window.map.getZoom()")
    assert 2 <= zoom <= 18
    assert_no_canary(page, frame)
