"""Many people at once: each browser session keeps its own filters and panel, and the server's memory stays bounded.

Streamlit keeps one session per browser tab in a single server process, so a state mix-up between tabs or a
per-session leak shows only when many tabs use the app together. The 25 users are real browser tabs (about five
minutes on two cores, CPU-bound); the 200 sessions are opened at the protocol level (about a minute). Run with `-s`
to see the step times and the memory series: `python -m pytest -q -s tests/browser/test_many_users.py`.
"""
from __future__ import annotations

import asyncio
import dataclasses
import json
import random
import re
import time
from dataclasses import dataclass
from itertools import combinations
from urllib.parse import urlencode

import websockets
from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from geo.filters import Selection, filter_places
from geo.load import COUNTRY_OUTLINES, load_atlas
from geo.model import KINDS, MINERALS, REE, STATUSES
from geo.urlstate import UrlState, write_query

from harness import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, Server, is_loopback, rss_mb, run_on_own_thread

ATLAS = load_atlas()
COUNTRY_NAMES = {f["properties"]["iso3"]: f["properties"]["name"]
                 for f in json.loads(COUNTRY_OUTLINES.read_text(encoding="utf-8"))["features"]}
SOURCES_HEADING = "What the sources say"
LIST_BUTTONS = '.st-key-map-extras button[kind="tertiary"]'  # the list of places shown
# 25 tabs starting together on 2 cores queue for the CPU: a load took up to 136 s, so allow twice that.
STEP_MS = 300_000
SESSIONS = 25
CLICKS = 5
CHURN_SESSIONS, CHURN_LANES, WARM_SESSIONS = 200, 4, 10
SESSION_TTL_S = 2
MAP_COMPONENT = "streamlit_folium.st_folium"
# The server runs the code it started with, as a deployment does: no reload when a source file changes mid-run.
FIXED_CODE = ["--server.fileWatcherType", "none"]

# Sidebar label and the option text for each facet the tests pick from. Rare-earth elements is left out of the
# sidebar picks because its option reads "(all)"; links still use it.
FACETS = {
    "minerals": ("Mineral", lambda key: MINERALS[key].label, [m for m in MINERALS if m != REE]),
    "statuses": ("Status", lambda key: STATUSES[key].label, list(STATUSES)),
    "countries": ("Country", lambda code: COUNTRY_NAMES.get(code, code),
                  sorted({c for p in ATLAS.places for c in p.countries})),
    "kinds": ("Kind of place", lambda key: KINDS[key].label, list(KINDS)),
}
LINK_TERMS = [(facet, value) for facet in FACETS for value in FACETS[facet][2]] + [("minerals", REE)]
SIDEBAR_TERMS = [(facet, value) for facet in FACETS for value in FACETS[facet][2]]


def list_label(place) -> str:
    countries = ", ".join(COUNTRY_NAMES.get(c, c) for c in place.countries)
    return f"{place.name} — {STATUSES[place.status].label} · {countries}"


def widened(selection: Selection, facet: str, value: str) -> Selection:
    return dataclasses.replace(selection, **{facet: getattr(selection, facet) | {value}})


def shown_ids(selection: Selection) -> list[str]:
    return [p.id for p in filter_places(ATLAS.places, selection)]


@dataclass(frozen=True)
class Plan:
    """One user's path: a sidebar pick on the full map, then a shared link, then one more sidebar pick, then clicks."""

    first: tuple[str, str]
    link: Selection
    added: tuple[str, str]
    clicks: tuple[str, ...]

    @property
    def filters(self) -> tuple[Selection, Selection, Selection]:
        return widened(Selection(), *self.first), self.link, widened(self.link, *self.added)


def make_plans(count: int, seed: int = 7) -> list[Plan]:
    """Distinct paths in which every step changes what is shown, so a stale or borrowed state cannot pass."""
    rng = random.Random(seed)
    links = [widened(Selection(), *t) for t in LINK_TERMS] + [
        widened(widened(Selection(), *a), *b) for a, b in combinations(LINK_TERMS, 2) if a[0] != b[0]]
    rng.shuffle(links)
    plans: list[Plan] = []
    for link in links:
        for _ in range(200):
            first, added = rng.choice(SIDEBAR_TERMS), rng.choice(SIDEBAR_TERMS)
            steps = [shown_ids(Selection()), shown_ids(widened(Selection(), *first)), shown_ids(link),
                     shown_ids(widened(link, *added))]
            if all(steps) and all(a != b for a, b in zip(steps, steps[1:])) and len(steps[-1]) >= 3:
                final, start = steps[-1], len(plans)
                plans.append(Plan(first, link, added, tuple(final[(start + n) % len(final)] for n in range(CLICKS))))
                break
        if len(plans) == count:
            return plans
    raise AssertionError(f"only {len(plans)} distinct paths in this data set")


# What one tab shows: drawn map features, the place list, the place headings, and the address minus the map view.
SNAPSHOT = """({frame, names}) => {
  const main = document.querySelector('[data-testid="stMain"]');
  const doc = document.querySelector(frame)?.contentDocument;
  const text = e => e.textContent.trim();
  return {
    drawn: doc ? Array.from(doc.querySelectorAll('[data-place]'), e => e.dataset.place).sort() : null,
    listed: main ? Array.from(main.querySelectorAll('.st-key-map-extras button[kind="tertiary"]'), text) : null,
    headings: main ? Array.from(main.querySelectorAll('h1, h2, h3, h4, h5, h6'), text)
      .filter(t => names.includes(t)) : null,
    address: Object.fromEntries(Array.from(new URLSearchParams(location.search))
      .filter(([key]) => !['lat', 'lon', 'zoom'].includes(key))),
  };
}"""
FRAME_STATE = """(frame) => {
  const win = document.querySelector(frame)?.contentWindow;
  if (!win) return 'none';
  return {ready: win.document.readyState, map: win.map !== undefined,
          layers: win.map ? Object.keys(win.map._layers).length : null,
          text: win.document.body ? win.document.body.innerText.slice(0, 200) : null};
}"""
SNAPSHOT_ARGS = {"frame": MAP_FRAME, "names": sorted({p.name for p in ATLAS.places} | {SOURCES_HEADING})}
MATCHES = f"([args, wanted]) => JSON.stringify(({SNAPSHOT})(args)) === JSON.stringify(wanted)"


def expected_view(selection: Selection, site: str | None) -> dict:
    place = ATLAS.place(site) if site else None
    return {"drawn": sorted(shown_ids(selection)),
            "listed": [list_label(p) for p in filter_places(ATLAS.places, selection)],
            "headings": [place.name, SOURCES_HEADING] if place else [],
            "address": write_query(UrlState(selection, site))}


async def expect_view(page, selection: Selection, site: str | None, where: str) -> None:
    """Wait until the tab shows exactly this selection and place; on timeout, say what it showed instead."""
    wanted = expected_view(selection, site)
    try:
        await page.wait_for_function(MATCHES, arg=[SNAPSHOT_ARGS, wanted], polling=250, timeout=STEP_MS)
    except PlaywrightTimeout:
        seen = await page.evaluate(SNAPSHOT, SNAPSHOT_ARGS)
        wrong = {key: f"expected {wanted[key]}, shows {seen[key]}" for key in wanted if seen[key] != wanted[key]}
        frame = await page.evaluate(FRAME_STATE, MAP_FRAME)
        raise AssertionError(f"{where}: {wrong}; map frame: {frame}") from None


async def offline_context(browser):
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    await context.route("**/*", lambda r: r.continue_() if is_loopback(r.request.url) else r.abort())
    return context


async def pick_in_sidebar(page, facet: str, value: str) -> None:
    """Add one value to a sidebar filter. A rerun that lands while the list is open closes it, so reopen it then;
    only an unselected option is clicked, so a retry never takes a choice back."""
    label, option, _ = FACETS[facet]
    widget = page.locator('[data-testid="stMultiSelect"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text=re.compile(f"^{re.escape(label)}$")))
    chosen = widget.get_by_text(option(value), exact=True)
    deadline = time.monotonic() + STEP_MS / 1000
    while time.monotonic() < deadline:
        try:
            await widget.locator("input").click(timeout=20_000)
            await page.get_by_role("option", name=option(value), exact=True, selected=False).click(timeout=20_000)
            await chosen.wait_for(timeout=30_000)
            break
        except PlaywrightTimeout:
            if await chosen.count():
                break
        finally:
            await page.keyboard.press("Escape")
    else:
        raise AssertionError(f"could not pick {option(value)} in {label}")


async def click_in_list(page, place_id: str) -> None:
    label = list_label(ATLAS.place(place_id))
    await page.locator(LIST_BUTTONS).filter(has_text=re.compile(f"^{re.escape(label)}$")).click(timeout=STEP_MS)


async def sample_rss(pid: int, samples: list[float], stop: asyncio.Event, every_s: float = 0.5) -> None:
    while not stop.is_set():
        samples.append(rss_mb(pid))
        try:
            await asyncio.wait_for(stop.wait(), every_s)
        except asyncio.TimeoutError:
            pass


async def settled_rss(pid: int, window: int = 6, spread_mb: float = 3.0, limit_s: float = 60.0) -> list[float]:
    """RSS once a window of one-second samples stays within `spread_mb`, or all samples at `limit_s`."""
    samples, deadline = [], time.monotonic() + limit_s
    while time.monotonic() < deadline:
        samples.append(rss_mb(pid))
        if len(samples) >= window and max(samples[-window:]) - min(samples[-window:]) <= spread_mb:
            break
        await asyncio.sleep(1)
    return samples


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def one_user(browser, url: str, plan: Plan, number: int, times: dict[str, list[float]]) -> None:
    context = await offline_context(browser)
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    picked, linked, added = plan.filters

    async def step(name, action, selection, site=None):
        started = time.monotonic()
        await action()
        await expect_view(page, selection, site, f"user {number}, {name}")
        times.setdefault(name, []).append(time.monotonic() - started)

    try:
        await step("load", lambda: page.goto(url, timeout=STEP_MS), Selection())
        await step("filter 1 (sidebar)", lambda: pick_in_sidebar(page, *plan.first), picked)
        await step("filter 2 (link)", lambda: page.goto(f"{url}?{urlencode(write_query(UrlState(linked)))}",
                                                         timeout=STEP_MS), linked)
        await step("filter 3 (sidebar)", lambda: pick_in_sidebar(page, *plan.added), added)
        for n, place_id in enumerate(plan.clicks, 1):
            await step(f"click {n}", lambda place_id=place_id: click_in_list(page, place_id), added, place_id)
    finally:
        await context.close()
    assert errors == [], f"user {number}: {errors}"


async def many_users(server: Server) -> None:
    plans = make_plans(SESSIONS)
    assert len(set(plans)) == len(plans)
    pid = server.process.pid
    times: dict[str, list[float]] = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        warm = await offline_context(browser)  # first run imports the map stack: not a per-user cost
        page = await warm.new_page()
        await page.goto(server.url, timeout=STEP_MS)
        await expect_view(page, Selection(), None, "warm-up")
        await warm.close()
        before = rss_mb(pid)
        samples: list[float] = []
        stop = asyncio.Event()
        sampler = asyncio.create_task(sample_rss(pid, samples, stop))
        started = time.monotonic()
        try:
            results = await asyncio.gather(*(one_user(browser, server.url, plan, n, times)
                                             for n, plan in enumerate(plans, 1)), return_exceptions=True)
        finally:
            stop.set()
            await sampler
            await browser.close()
        elapsed = time.monotonic() - started
    after = rss_mb(pid)
    failures = [f"{type(r).__name__}: {r}" for r in results if isinstance(r, BaseException)]
    print(f"\n{SESSIONS} users in {elapsed:.0f} s; step seconds p50 / p95 (max):")
    for name, values in times.items():
        print(f"  {name:20} {percentile(values, 0.5):6.1f} / {percentile(values, 0.95):6.1f} ({max(values):.1f})"
              f"  n={len(values)}")
    print(f"server RSS MB: before {before:.0f}, peak during {max(samples):.0f}, after {after:.0f}")
    assert not failures, f"{len(failures)} of {SESSIONS} users failed:\n" + "\n".join(failures)
    assert all(len(times[name]) == SESSIONS for name in times)
    # Measured: +67 MB at the peak, with up to 50 sessions alive (each link leaves a disconnected session for the
    # default 120 s). 500 MB leaves room for allocator and GC timing, yet a rerun that kept its ~450 KB map message
    # a few times over would pass it within the ~225 reruns here.
    assert max(samples) < before + 500, f"peak RSS {max(samples):.0f} MB from {before:.0f} MB"


def test_25_users_at_once_each_see_only_their_own_filters_and_place():
    server = Server(extra_args=FIXED_CODE)
    try:
        run_on_own_thread(many_users(server))
    finally:
        server.stop()


async def open_session(url: str) -> None:
    """One Streamlit session as the page opens it: connect the app's websocket, ask for the first run, read every
    message until the run finishes, then disconnect. No browser draws the result, so 200 sessions take about a
    minute instead of ten, and the server does exactly the work a visitor's tab costs it."""
    stream = url.replace("http://", "ws://", 1) + "_stcore/stream"
    async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None) as socket:
        first_run = BackMsg()
        first_run.rerun_script.query_string = ""
        first_run.rerun_script.page_script_hash = ""
        await socket.send(first_run.SerializeToString())
        components = []
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(socket.recv(), STEP_MS / 1000))
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.new_element.WhichOneof("type") == "component_instance":
                components.append(message.delta.new_element.component_instance.component_name)
            if kind == "script_finished":
                break
    assert message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY, f"run ended with {message.script_finished}"
    assert components == [MAP_COMPONENT], f"the run sent components {components}, not one map"


async def sessions(url: str, count: int, lanes: int, done: list[int]) -> None:
    async def lane(share: int) -> None:
        for _ in range(share):
            await open_session(url)
            done.append(1)

    await asyncio.gather(*(lane(count // lanes + (n < count % lanes)) for n in range(lanes)))


async def churn(server: Server) -> None:
    pid = server.process.pid
    done: list[int] = []
    series: list[tuple[int, float]] = []
    stop = asyncio.Event()

    async def record():
        while not stop.is_set():
            if not series or series[-1][0] // 20 < len(done) // 20:
                series.append((len(done), rss_mb(pid)))
            try:
                await asyncio.wait_for(stop.wait(), 0.2)
            except asyncio.TimeoutError:
                pass

    recorder = asyncio.create_task(record())
    started = time.monotonic()
    try:
        await sessions(server.url, WARM_SESSIONS, CHURN_LANES, done)
        warming = await settled_rss(pid)
        await sessions(server.url, CHURN_SESSIONS - WARM_SESSIONS, CHURN_LANES, done)
    finally:
        stop.set()
        await recorder
    elapsed = time.monotonic() - started
    settling = await settled_rss(pid, limit_s=90)
    warmed, final = warming[-1], settling[-1]
    print(f"\n{len(done)} sessions opened and closed in {elapsed:.0f} s ({CHURN_LANES} at a time)")
    print("server RSS MB after N sessions: " + ", ".join(f"{n}: {mb:.0f}" for n, mb in series))
    print(f"warmed up (after {WARM_SESSIONS}, settled): {warmed:.0f}; settling after {len(done)}: "
          + ", ".join(f"{mb:.0f}" for mb in settling))
    assert len(done) == CHURN_SESSIONS
    # Python keeps freed memory in its arenas, so RSS never falls back exactly (measured: within 20 MB of the warmed
    # value throughout); 150 MB allows that slack but not a leak: 1 MB kept per session would add 190 MB here.
    bound = warmed + 150
    assert final <= bound, f"RSS {final:.0f} MB after {len(done)} sessions, warmed up at {warmed:.0f} MB"


def test_200_sessions_opened_and_closed_leave_memory_near_its_baseline():
    server = Server(extra_args=[*FIXED_CODE, "--server.disconnectedSessionTTL", str(SESSION_TTL_S)])
    try:
        run_on_own_thread(churn(server))
    finally:
        server.stop()
