"""The map page on a 390×844 phone: map first at full width, the panel right under it, nothing overlapping."""
from harness import ARTIFACTS, MAP_FRAME, map_frame

BOXES = f"""() => {{
  const box = s => {{ const e = document.querySelector(s); if (!e) return null;
                      const r = e.getBoundingClientRect();
                      return {{top: r.top, bottom: r.bottom, left: r.left, right: r.right}}; }};
  const main = document.querySelector('[data-testid="stMain"]');
  const before = Array.from(main.querySelectorAll('[data-testid="stElementContainer"]')).filter(e => {{
      const r = e.getBoundingClientRect(); return r.height > 0 && r.bottom <= box('{MAP_FRAME}').top + 1; }})
    .map(e => e.innerText.trim()).filter(Boolean);
  const sidebar = document.querySelector('[data-testid="stSidebar"]').getBoundingClientRect();
  return {{map: box('{MAP_FRAME}'), panel: box('.st-key-place-panel'), before: before,
           sidebarVisibleWidth: Math.max(0, Math.min(sidebar.right, innerWidth) - Math.max(sidebar.left, 0)),
           scrollWidth: document.documentElement.scrollWidth, width: innerWidth}};
}}"""

OVERLAPS = """() => {
  const zoom = document.querySelector('.leaflet-control-zoom').getBoundingClientRect();
  const hit = r => r.width > 0 && r.left < zoom.right && zoom.left < r.right
                   && r.top < zoom.bottom && zoom.top < r.bottom;
  return Array.from(document.querySelectorAll('.leaflet-control, .atlas-notice'))
    .filter(e => !e.classList.contains('leaflet-control-zoom') && hit(e.getBoundingClientRect()))
    .map(e => e.className);
}"""


def test_phone_layout_puts_the_map_first_and_the_panel_under_it(server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server.url + "?site=kurumsak")
    frame = map_frame(page)
    frame.wait_for_function("document.querySelectorAll('[data-place]').length > 0 && window.atlasLabelReport")
    page.locator(".st-key-place-panel").get_by_role("heading", name="Kurumsak").wait_for(timeout=15_000)
    frame.wait_for_timeout(1500)  # the offline notice appears once the basemap's tiles have failed
    boxes = page.evaluate(BOXES)
    page.screenshot(path=str(ARTIFACTS / "phone-390x844.png"))
    assert boxes["sidebarVisibleWidth"] == 0, "the sidebar covers the map on load"
    assert boxes["scrollWidth"] <= boxes["width"], "the page scrolls sideways"
    # only the page title and its one-line summary come before the map
    assert boxes["before"] and all(text.startswith(("Central Asia", "Showing")) for text in boxes["before"]), boxes
    assert boxes["map"]["top"] < 844 / 4 and boxes["map"]["right"] - boxes["map"]["left"] >= 390 - 40, boxes
    assert 0 <= boxes["panel"]["top"] - boxes["map"]["bottom"] < 120, "the panel is not right under the map"
    assert frame.evaluate("document.querySelectorAll('.atlas-notice').length") == 1
    assert frame.evaluate(OVERLAPS) == []
    sizes = frame.evaluate("Array.from(document.querySelectorAll('.atlas-pin')).map(e => "
                           "Math.min(e.getBoundingClientRect().width, e.getBoundingClientRect().height))")
    assert sizes and min(sizes) >= 32, "touch targets under 32 px"


def test_a_tap_on_a_place_brings_its_panel_up_with_close_in_reach(server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server.url)
    frame = map_frame(page)
    frame.wait_for_function("document.querySelectorAll('[data-place]').length > 0 && window.atlasLabelReport")
    frame.locator('[data-place="lisakovsk"]').click()
    panel = page.locator(".st-key-place-panel")
    panel.get_by_role("heading", name="Lisakovsk").wait_for(timeout=15_000)
    page.wait_for_function("document.activeElement && document.activeElement.closest('.st-key-place-panel')",
                           timeout=10_000)
    page.wait_for_timeout(500)
    close = panel.get_by_role("button", name="Close").bounding_box()
    header = page.locator('[data-testid="stHeader"]').bounding_box()
    assert close["y"] >= header["y"] + header["height"], "the Close button is under the header bar"
    assert close["y"] + close["height"] <= 844, "the Close button is off screen"
    page.screenshot(path=str(ARTIFACTS / "phone-after-tap.png"))
