"""The reading pages in real headless Chromium: each opens cleanly, and a Places row opens its place on the map."""
import re

import pytest

from geo.load import load_atlas

from harness import Server

ATLAS = load_atlas()
# Glide's grid draws on a canvas: rows are 35 px (Streamlit's default); pages/places.py makes Place 200 px wide.
ROW_PX, PLACE_COLUMN_PX = 35, 200

# (address, heading, text near the end of the page: once it is there the page has finished drawing)
PAGES = [
    ("places", "Places", None),
    ("sources", "Sources", "Washington looks to Central Asia as it rebuilds global critical minerals supply"),
    ("timeline", "Timeline", "Planned: the US Secretary of State to visit all five Central Asian countries"),
    ("key_figures", "Key figures", "By place, with sources"),
    ("changes", "What changed", "First release of the curated set"),
    ("about", "About the atlas", "Full boundary attribution"),
]


def settled(page) -> None:
    """Wait until the app has no script run in progress."""
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')")


@pytest.mark.parametrize("path, heading, last", PAGES, ids=[p[0] for p in PAGES])
def test_page_opens_with_its_heading_and_no_exception(server, page, path, heading, last):
    page.goto(server.url + path)
    page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=30_000)
    if last:
        page.get_by_text(last).first.wait_for(timeout=30_000)
    else:
        page.locator('[data-testid="stDataFrame"] td', has_text=re.compile(r"^Lisakovsk$")).wait_for(state="attached")
    settled(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.errors == []


def test_places_link_opens_the_map_with_that_place_selected(server, page):
    page.goto(server.url + "places")
    cell = page.locator('[data-testid="stDataFrame"] td', has_text=re.compile(r"^Lisakovsk$"))
    cell.wait_for(state="attached", timeout=30_000)
    row = int(cell.get_attribute("id").rsplit("-", 1)[1])  # glide-cell-<column>-<row>
    link = page.locator(f'[data-testid="stDataFrame"] td#glide-cell-1-{row}')
    assert link.text_content() == "/?site=lisakovsk"
    grid = page.locator('canvas[data-testid="data-grid-canvas"]').bounding_box()
    x = grid["x"] + PLACE_COLUMN_PX + 30  # on the "Open on map" text of the second column
    y = grid["y"] + ROW_PX * (row + 1) + ROW_PX / 2
    page.mouse.move(x, y)
    with page.context.expect_page(timeout=15_000) as opened:
        page.mouse.click(x, y)
    map_page = opened.value
    map_page.wait_for_load_state()
    assert map_page.url == server.url + "?site=lisakovsk"
    place = ATLAS.place("lisakovsk")
    panel = map_page.locator('[data-testid="stMain"]')
    panel.get_by_role("heading", name=place.name, exact=True).wait_for(timeout=30_000)
    panel.get_by_text(place.quotes[0].text, exact=False).first.wait_for(timeout=15_000)
    assert ATLAS.sources[place.quotes[0].source].title in panel.inner_text()


@pytest.mark.parametrize("path, heading", [("timeline", "Timeline"), ("key_figures", "Key figures")])
def test_a_first_visit_to_a_page_after_a_restart_gets_the_app_menu(page, path, heading):
    """Streamlit would run a pages/ folder as an old-style app until app.py has run once; links must not notice."""
    fresh = Server()
    try:
        page.goto(fresh.url + path)
        page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=30_000)
        settled(page)
        assert page.get_by_text("Page not found").count() == 0
        menu = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "What changed" in menu and "Key figures" in menu, menu
    finally:
        fresh.stop()
