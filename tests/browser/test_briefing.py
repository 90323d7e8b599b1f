"""Briefing mode as a slide, and the place panel from the keyboard, in a real browser with no internet."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from harness import ARTIFACTS, MAP_FRAME, map_frame

MAIN = '[data-testid="stMain"]'


def params(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def idle(page) -> None:
    """Streamlit has finished its run (no running indicator) and the map has drawn its places."""
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    frame = map_frame(page)
    frame.wait_for_function("document.querySelectorAll('[data-place]').length > 0 && window.atlasLabelReport",
                            timeout=30_000)
    frame.wait_for_timeout(500)
    return frame


def open_page(page, url):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(url)
    return idle(page)


def visible_in_frame(frame, selector: str) -> int:
    return frame.evaluate("""(sel) => Array.from(document.querySelectorAll(sel)).filter(e => {
        const s = getComputedStyle(e), r = e.getBoundingClientRect();
        return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0; }).length""",
                          selector)


LEGEND_COVERS = """() => {
  const r = document.querySelector('.atlas-legend-box').getBoundingClientRect();
  return Array.from(document.querySelectorAll(".atlas-pin, .atlas-label:not([data-label^='country-name:'])"))
    .filter(el => { const o = el.getBoundingClientRect();
                    return o.width > 0 && r.left < o.right && o.left < r.right
                      && r.top < o.bottom && o.top < r.bottom; })
    .map(el => el.dataset.place || el.dataset.label);
}"""


def enter_briefing(page, title: str):
    page.get_by_text("Export for a briefing").click()
    box = page.get_by_label("Title", exact=True)
    box.fill(title)
    box.press("Enter")
    page.wait_for_function(f"new URL(location.href).searchParams.get('title') === {title!r}", timeout=15_000)
    page.locator('[data-testid="stSidebar"]').get_by_text("Briefing mode").click()
    page.wait_for_function("new URL(location.href).searchParams.get('mode') === 'briefing'", timeout=15_000)
    page.locator(".st-key-slide").wait_for(timeout=15_000)
    return idle(page)


def slide_geometry(page) -> dict:
    return page.evaluate(f"""() => {{
        const f = document.querySelector('.st-key-slide {MAP_FRAME}').getBoundingClientRect();
        const s = document.querySelector('.st-key-slide').getBoundingClientRect();
        return {{ratio: f.width / f.height, width: f.width, slideTop: s.top, slideBottom: s.bottom,
                 viewportW: innerWidth, viewportH: innerHeight,
                 title: document.querySelector('.st-key-slide h1').textContent}};
    }}""")


def test_briefing_mode_is_a_clean_slide_with_the_typed_title(server, page):
    open_page(page, server.url + "?mineral=vanadium&country=KAZ")
    frame = enter_briefing(page, "Vanadium in Kazakhstan")
    shape = slide_geometry(page)
    assert shape["title"] == "Vanadium in Kazakhstan"
    assert abs(shape["ratio"] - 16 / 9) < 0.02, shape
    # the whole slide is on screen at once, from the top, and uses the width the window allows
    assert 0 <= shape["slideTop"] and shape["slideBottom"] <= shape["viewportH"], shape
    assert shape["width"] > 0.8 * shape["viewportW"], shape
    for control in (".leaflet-control-zoom", ".leaflet-control-layers", ".leaflet-control-attribution",
                    ".atlas-notice", ".leaflet-control-fullscreen"):
        assert visible_in_frame(frame, control) == 0, f"{control} is on the slide"
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    labels = frame.evaluate("Array.from(document.querySelectorAll('.atlas-label')).map(e => e.textContent)")
    assert {"Balasausqandiq", "Kurumsak", "Lisakovsk"} <= set(labels)
    assert frame.evaluate(LEGEND_COVERS) == []
    footer = page.locator(".st-key-slide").inner_text()
    assert "Vanadium · Kazakhstan" in footer and "Boundaries: Natural Earth" in footer and "Asia Times" in footer
    page.locator(".st-key-slide").screenshot(path=str(ARTIFACTS / "briefing-16x9.png"))

    page.get_by_text("4:3 slide").click()
    page.wait_for_function("new URL(location.href).searchParams.get('aspect') === '4:3'", timeout=15_000)
    idle(page)
    assert abs(slide_geometry(page)["ratio"] - 4 / 3) < 0.02


@pytest.mark.parametrize("way_out", ["button", "back"])
def test_leaving_briefing_mode_restores_the_page_and_the_filters(way_out, server, page):
    open_page(page, server.url + "?mineral=vanadium&country=KAZ")
    enter_briefing(page, "Vanadium in Kazakhstan")
    if way_out == "button":
        page.get_by_role("button", name="Leave briefing mode").click()
    else:
        page.go_back()
    page.wait_for_function("new URL(location.href).searchParams.get('mode') === null", timeout=15_000)
    page.locator('[data-testid="stSidebar"]').get_by_text("Filters", exact=True).wait_for(timeout=15_000)
    idle(page)
    assert page.locator(".st-key-slide").count() == 0
    assert {k: params(page)[k] for k in ("mineral", "country", "title")} == {
        "mineral": "vanadium", "country": "KAZ", "title": "Vanadium in Kazakhstan"}
    assert page.locator(MAIN).get_by_text("Showing 3 of").count() == 1
    frame = map_frame(page)
    assert visible_in_frame(frame, ".leaflet-control-zoom") == 1


def test_a_shared_briefing_link_opens_the_slide_at_its_shape(server, page):
    frame = open_page(page, server.url + "?mode=briefing&mineral=vanadium&title=Vanadium%20belt&aspect=a4")
    shape = slide_geometry(page)
    assert frame.evaluate(LEGEND_COVERS) == []  # the legend moved to a corner that hides no place
    assert shape["title"] == "Vanadium belt" and abs(shape["ratio"] - 297 / 210) < 0.02, shape
    assert page.evaluate("window.scrollY") == 0


def test_the_slide_image_download_has_the_slide_shape(server, page, tmp_path):
    open_page(page, server.url + "?mode=briefing&mineral=vanadium&country=KAZ&title=Vanadium%20in%20Kazakhstan")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download as image").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    from PIL import Image
    with Image.open(saved) as image:
        assert image.size == (3200, 1800), image.size  # 16:9, the slide's shape
    assert saved.name.startswith("vanadium-in-kazakhstan-")


def test_keyboard_opens_the_panel_moves_focus_there_and_escape_closes_it(server, page):
    frame = open_page(page, server.url)
    frame.locator('[data-place="lisakovsk"]').focus()
    page.keyboard.press("Enter")
    panel = page.locator(".st-key-place-panel")
    panel.get_by_role("heading", name="Lisakovsk").wait_for(timeout=15_000)
    page.wait_for_function("document.activeElement && document.activeElement.closest('.st-key-place-panel')",
                           timeout=10_000)
    page.keyboard.press("Escape")
    panel.wait_for(state="detached", timeout=15_000)
    # the address is written by the rerun after the one that removed the panel: on a loaded machine that is a second
    # full rerun, so it gets twice the panel's time
    page.wait_for_function("new URL(location.href).searchParams.get('site') === null", timeout=30_000)
    # focus went back to the place on the map, so the next Tab continues there
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    frame.wait_for_function("document.activeElement && document.activeElement.dataset.place === 'lisakovsk'",
                            timeout=5_000)


def test_escape_inside_the_map_and_the_close_button_both_close_the_panel(server, page):
    frame = open_page(page, server.url + "?site=kurumsak")
    panel = page.locator(".st-key-place-panel")
    panel.get_by_role("heading", name="Kurumsak").wait_for(timeout=15_000)
    frame.locator('[data-place="lisakovsk"]').focus()
    page.keyboard.press("Escape")
    panel.wait_for(state="detached", timeout=15_000)
    frame.locator('[data-place="lisakovsk"]').click()
    panel.get_by_role("heading", name="Lisakovsk").wait_for(timeout=15_000)
    panel.get_by_role("button", name="Close").click()
    panel.wait_for(state="detached", timeout=15_000)
    # as above: the address is written by a second rerun after the panel went
    page.wait_for_function("new URL(location.href).searchParams.get('site') === null", timeout=30_000)
    # the place picked on the map is no longer marked as open, and focus is back on it (the same 15 s as the other
    # waits: the frame may first redraw the click's own rerun, on a loaded machine after the panel has gone)
    frame.wait_for_function("document.querySelectorAll('.atlas-selected').length === 0", timeout=15_000)
    frame.wait_for_function("document.activeElement && document.activeElement.dataset.place === 'lisakovsk'",
                            timeout=15_000)
