"""Browser figures in headless Chromium with no internet: first map, filter updates, clicks, pans, zooms, freezes.

Times are taken inside the page (performance.now in the top window; a click starts the clock on pointerdown, in
the map frame too), so Playwright's own round trips do not count. "Drawn" means every place of the current filter is
loaded in the map: the distinct GeoJSON feature ids among the map's layers, plus plain markers (the naive peer's
folium.Marker has no feature), plus the markers held by any marker-cluster group. Clustered places count although
they show as a cluster bubble until the user zooms in.
"""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench import servers
from bench.serverside import p95
from liveapp import MAP_FRAME, keep_to_loopback, rss_mb

VIEWPORT = {"width": 1400, "height": 1000}
PANS = ([200, 120], [-300, 0], [100, -120])  # pixels; each lands on a different view
ZOOMS = (1, 1, -1, -1)  # zoom levels, in and back out
# A variant whose page load (server warm) takes longer than this gets fewer repetitions, so one slow peer cannot
# take an hour of the run.
SLOW_VISIT_S = 20

INIT_SCRIPT = """
(() => {
  if (window !== window.top) return;
  window.__t0 = 0;  // navigation start
  const frames = window.__frames = {last: 0, longest: 0};
  const tick = (t) => { if (frames.last) frames.longest = Math.max(frames.longest, t - frames.last);
                        frames.last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  document.addEventListener("pointerdown", () => { window.__t0 = performance.now(); }, true);
  window.__mapWindow = () => {
    const all = document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]');
    const w = all.length ? all[all.length - 1].contentWindow : null;
    return w && w.map && w.L ? w : null;
  };
  window.__placesLoaded = () => {
    const w = window.__mapWindow();
    if (!w) return -1;
    const L = w.L, ids = new Set();
    let plain = 0, clustered = 0;
    w.map.eachLayer((layer) => {
      if (L.MarkerClusterGroup && layer instanceof L.MarkerClusterGroup) {
        // markers already placed in the group's cluster tree, plus any queued while it was off the map
        // (fields of Leaflet.markercluster 1.1.0, the vendored version): O(1), so polling does not slow the page
        clustered += (layer._topClusterLevel ? layer._topClusterLevel.getChildCount() : 0)
                     + (layer._needsClustering ? layer._needsClustering.length : 0);
        return;
      }
      if ((L.MarkerCluster && layer instanceof L.MarkerCluster) || layer.__parent) return;  // counted in its group
      const props = layer.feature && layer.feature.properties;
      if (props && props.id != null) ids.add(String(props.id));
      else if (layer instanceof L.Marker && layer.options.pane !== "atlas-labels") plain += 1;  // not a label
    });
    return ids.size + plain + clustered;
  };
  window.__arm = () => {  // forget the last click; clicks in the current map frame start the clock too
    window.__t0 = null;
    const w = window.__mapWindow();
    if (w && !w.__benchListens) {
      w.document.addEventListener("pointerdown", () => { window.__t0 = performance.now(); }, true);
      w.__benchListens = true;
    }
  };
  window.__idle = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.dataset.testScriptState === "notRunning";
  };
})();
"""

FRAME_TIMES_JS = """
async (ops) => {
  const map = window.map, raf = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const longest = [];
  for (const op of ops) {
    await raf();
    let last = performance.now(), worst = 0, running = true;
    const tick = (t) => { worst = Math.max(worst, t - last); last = t; if (running) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    if (op.pan) map.panBy(op.pan, {animate: false}); else map.setZoom(map.getZoom() + op.zoom, {animate: false});
    for (let i = 0; i < 20; i++) await raf();  // clustering and redraws that follow the move land in these frames
    running = false;
    longest.push(worst);
  }
  return longest;
}
"""

PROBE_JS = """
async ([id, lat, lng, zoom]) => {
  const L = window.L, map = window.map, raf = () => new Promise((resolve) => requestAnimationFrame(resolve));
  let found = null;
  const visit = (layer) => {
    if (found) return;
    const props = layer.feature && layer.feature.properties;
    if (props && String(props.id) === id) { found = layer; return; }
    if (layer instanceof L.Marker && !layer.feature && layer.getLatLng) {
      const at = layer.getLatLng();
      if (Math.abs(at.lat - lat) < 1e-6 && Math.abs(at.lng - lng) < 1e-6) found = layer;
    }
  };
  map.eachLayer((layer) => (L.MarkerClusterGroup && layer instanceof L.MarkerClusterGroup)
    ? layer.getLayers().forEach(visit) : visit(layer));
  map.setView([lat, lng], zoom, {animate: false});
  for (let i = 0; i < 30 && !(found && (found._icon || found._path)); i++) await raf();
  const element = found && (found._icon || found._path);
  if (element) {
    const r = element.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2, !!found.feature];
  }
  const p = map.latLngToContainerPoint([lat, lng]), box = map.getContainer().getBoundingClientRect();
  return [box.left + p.x, box.top + p.y, false];
}
"""


@dataclass(frozen=True)
class Expect:
    """What a correct map of the data set shows, and what the probes use."""

    places: int
    filter_label: str
    filter_matches: int
    probe_id: str
    probe_name: str
    probe_lonlat: tuple[float, float]


class _Stop(Exception):
    def __init__(self, cell: dict):
        super().__init__(str(cell))
        self.cell = cell


class _Page:
    """One browser session on the server: its page, and the WebSocket frames it sent and received."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context(viewport=VIEWPORT)
        keep_to_loopback(self.context)
        self.context.add_init_script(INIT_SCRIPT)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.sent = 0
        self.received_bytes = 0
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("websocket", self._watch)
        self.url = url

    def _watch(self, ws) -> None:
        ws.on("framesent", lambda payload: setattr(self, "sent", self.sent + 1))
        ws.on("framereceived", lambda payload: setattr(self, "received_bytes", self.received_bytes + len(payload)))

    def wait(self, condition: str, timeout_s: float):
        """Value of the first truthy `condition` (a JS expression in the top window), polled every frame."""
        handle = self.page.wait_for_function(f"() => {condition}", timeout=max(1, timeout_s * 1000), polling="raf")
        return handle.json_value()

    def since_t0(self, condition: str, timeout_s: float) -> float:
        """Milliseconds from the armed click's pointerdown (or navigation start) until `condition` first holds."""
        return self.wait(f"window.__t0 !== null && ({condition}) && Math.max(0.001, performance.now() - window.__t0)",
                         timeout_s)

    def arm(self) -> None:
        """Forget the last click, so a click that never reaches the page times out instead of reading an old one."""
        self.page.evaluate("window.__arm()")

    def settle(self, timeout_s: float) -> None:
        """Let a debounced map message leave (the component waits 250 ms), then wait until no script runs."""
        self.page.wait_for_timeout(400)
        self.wait("window.__idle()", timeout_s)

    def map_frame(self):
        return self.page.locator(MAP_FRAME).last.element_handle().content_frame()

    def close(self) -> None:
        self.context.close()


def _load(browser, url: str, expect: Expect, timeout_s: float) -> tuple[_Page, dict]:
    """A fresh session: navigation until every place is loaded in the map, with what it cost on the way."""
    session = _Page(browser, url)
    try:
        session.page.goto(url, wait_until="commit")
        drawn_ms = session.since_t0(f"window.__placesLoaded() >= {expect.places}", timeout_s)
        figures = {
            "first_map_s": drawn_ms / 1000,
            "load_longest_frame_ms": session.page.evaluate("window.__frames.longest"),
            "ws_received_mb": session.received_bytes / 2 ** 20,
            "js_heap_mb": session.page.evaluate(
                "performance.memory ? performance.memory.usedJSHeapSize / 1048576 : null"),
            "places_counted": session.page.evaluate("window.__placesLoaded()"),
        }
        session.wait("window.__idle()", timeout_s)
    except BaseException:
        session.close()  # a page that is still drawing would keep the CPU busy for everything measured next
        raise
    return session, figures


def measure(variant: str, data: Path | None, expect: Expect, browser, work: Path, runs: int, changes: int,
            timeout_s: float, warmup_timeout_s: float, sessions: int = 4, progress=print) -> dict[str, object]:
    """Every browser figure for one variant on one data set; a step past its timeout marks the rest as timed out."""
    figures: dict[str, object] = {}
    server = servers.start(variant, data, work)
    session = None
    try:
        def run(keys: tuple[str, ...], step) -> None:
            if "_stop" in figures:
                for key in keys:
                    figures.setdefault(key, figures["_stop"])
                return
            try:
                step()
            except PlaywrightTimeout:
                figures["_stop"] = {"timeout": timeout_s}
            except (PlaywrightError, _Stop, RuntimeError) as error:
                figures["_stop"] = (error.cell if isinstance(error, _Stop)
                                    else {"error": str(error).splitlines()[0][:200]})
            if "_stop" in figures:
                for key in keys:
                    figures.setdefault(key, figures["_stop"])

        def warm_up() -> None:  # the server's first visitor pays imports and the cold data load
            progress(f"  browser {variant}: warm-up visit")
            started = time.perf_counter()
            try:
                warm, _ = _load(browser, server.url, expect, warmup_timeout_s)
            except PlaywrightTimeout:
                raise _Stop({"timeout": warmup_timeout_s}) from None
            figures["warmup_visit_s"] = time.perf_counter() - started
            warm.close()

        loads: list[dict] = []

        def first_maps() -> None:
            nonlocal session, runs, changes, sessions
            progress(f"  browser {variant}: first map x{runs}")
            while len(loads) < runs:
                if session is not None:
                    session.close()
                started = time.perf_counter()
                session, seen = _load(browser, server.url, expect, timeout_s)
                loads.append(seen)
                took = time.perf_counter() - started
                if took > SLOW_VISIT_S and runs > 1:
                    runs, changes, sessions = 1, 2, 1
                    figures["reduced"] = {"runs": runs, "changes": changes, "sessions": sessions,
                                          "why": f"a page load took {took:.0f} s"}
                    progress(f"  browser {variant}: {figures['reduced']['why']}; one load, two filter changes, "
                             "one extra session")
            figures["first_map_s"] = statistics.median(x["first_map_s"] for x in loads)
            figures["first_map_p95_s"] = p95([x["first_map_s"] for x in loads])
            figures["load_longest_frame_ms"] = max(x["load_longest_frame_ms"] for x in loads)
            for key in ("ws_received_mb", "js_heap_mb", "places_counted"):
                figures[key] = loads[-1][key]

        def reruns_per_move() -> None:
            progress(f"  browser {variant}: reruns per pan and zoom")
            frame = session.map_frame()
            session.page.wait_for_timeout(1500)  # start-up messages settle before counting
            for key, move in (("reruns_per_pan", "window.map.panBy([200, 120], {animate: false})"),
                              ("reruns_per_zoom", "window.map.setZoom(window.map.getZoom() + 1, {animate: false})")):
                before = session.sent
                frame.evaluate(f"() => {{ {move}; }}")  # returns nothing: serialising the map would take minutes
                session.page.wait_for_timeout(1000)  # absence must be observed: past the 250 ms debounce
                figures[key] = session.sent - before
                session.wait("window.__idle()", timeout_s)

        def frame_times() -> None:
            progress(f"  browser {variant}: pan and zoom frames")
            frame = session.map_frame()
            pans = frame.evaluate(FRAME_TIMES_JS, [{"pan": p} for p in PANS])
            session.settle(timeout_s)  # each move reruns the naive peer's script; let those finish first
            zooms = session.map_frame().evaluate(FRAME_TIMES_JS, [{"zoom": z} for z in ZOOMS])
            session.settle(timeout_s)
            figures.update(pan_frame_ms=statistics.median(pans), pan_frame_max_ms=max(pans),
                           zoom_frame_ms=statistics.median(zooms), zoom_frame_max_ms=max(zooms))

        def click_to_panel() -> None:
            progress(f"  browser {variant}: click to panel")
            lon, lat = expect.probe_lonlat
            x, y, _ = session.map_frame().evaluate(PROBE_JS, [expect.probe_id, lat, lon, 16])
            box = session.page.locator(MAP_FRAME).last.bounding_box()
            session.settle(timeout_s)  # the naive peer reruns after the view change
            session.arm()
            session.page.mouse.click(box["x"] + x, box["y"] + y)
            name = expect.probe_name.replace("\\", "\\\\").replace('"', '\\"')
            if variant == "app":  # the place panel's heading
                shown = (f'[...document.querySelectorAll(\'[data-testid="stMain"] h3\')]'
                         f'.some((h) => h.innerText.includes("{name}"))')
            else:  # the naive peer shows the quotes in the marker's popup
                shown = (f'(() => {{ const w = window.__mapWindow(); const p = w && w.document.querySelector('
                         f'".leaflet-popup-content"); return !!p && p.innerText.includes("{name}"); }})()')
            figures["click_to_panel_ms"] = session.since_t0(shown, timeout_s)
            session.settle(timeout_s)

        def filter_updates() -> None:
            progress(f"  browser {variant}: {changes} filter changes")
            session.page.keyboard.press("Escape")
            view = [47.0, 70.0, 6]
            reset_js = (f"() => {{ window.__sameFrame = true; window.map.setView([{view[0]}, {view[1]}], {view[2]}, "
                        "{animate: false}); }")
            session.map_frame().evaluate(reset_js)
            session.settle(timeout_s)
            widget = session.page.locator('[data-testid="stMultiSelect"]').filter(has_text="Mineral")
            times, reloads, resets = [], 0, 0
            for index in range(changes):
                on = index % 2 == 0
                if on:
                    widget.locator("input").click()
                    option = session.page.get_by_role("option", name=expect.filter_label, exact=True)
                    option.wait_for(timeout=timeout_s * 1000)
                    session.arm()
                    option.click()
                else:
                    session.arm()
                    widget.get_by_role("button", name=f"Remove {expect.filter_label}").click()
                wanted = expect.filter_matches if on else expect.places
                times.append(session.since_t0(f"window.__placesLoaded() === {wanted}", timeout_s))
                if on:
                    session.page.keyboard.press("Escape")
                same, lat, lng, zoom = session.map_frame().evaluate(
                    "[window.__sameFrame === true, map.getCenter().lat, map.getCenter().lng, map.getZoom()]")
                reloads += not same
                moved = abs(lat - view[0]) > 1e-3 or abs(lng - view[1]) > 1e-3 or zoom != view[2]
                resets += moved
                session.settle(timeout_s)
                if not same or moved:
                    session.map_frame().evaluate(reset_js)
                    session.settle(timeout_s)
            figures.update(filter_update_ms=statistics.median(times), filter_update_p95_ms=p95(times),
                           filter_changes=len(times), map_reloads_per_filter=reloads / len(times),
                           view_resets_per_filter=resets / len(times))

        def extra_sessions() -> None:
            progress(f"  browser {variant}: server memory with {sessions} more sessions")
            before = rss_mb(server.process.pid)
            opened = []
            try:
                for _ in range(sessions):
                    opened.append(_load(browser, server.url, expect, timeout_s)[0])
                after = rss_mb(server.process.pid)
            finally:
                for extra in opened:
                    extra.close()
            figures.update(server_rss_mb=before, browser_session_mb=(after - before) / sessions)

        run(("warmup_visit_s",), warm_up)
        run(("first_map_s", "first_map_p95_s", "load_longest_frame_ms", "ws_received_mb", "js_heap_mb"), first_maps)
        run(("reruns_per_pan", "reruns_per_zoom"), reruns_per_move)
        run(("pan_frame_ms", "pan_frame_max_ms", "zoom_frame_ms", "zoom_frame_max_ms"), frame_times)
        run(("click_to_panel_ms",), click_to_panel)
        run(("filter_update_ms", "filter_update_p95_ms", "map_reloads_per_filter", "view_resets_per_filter"),
            filter_updates)
        run(("server_rss_mb", "browser_session_mb"), extra_sessions)
        if session is not None:
            figures["page_errors"] = len(session.errors)
    finally:
        if session is not None:
            try:
                session.close()
            except PlaywrightError:
                pass
        server.stop()
    figures.pop("_stop", None)
    return figures

