"""Browser-test tools that read the map frame; the server and the browser's settings come from `liveapp`."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from liveapp import (ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, Server,  # noqa: F401  (for the browser tests)
                     is_loopback, rss_mb)


def map_frame(pg, timeout_ms: int = 30_000):
    """The map's frame once Leaflet has drawn it."""
    frame = pg.wait_for_selector(MAP_FRAME, timeout=timeout_ms).content_frame()
    frame.wait_for_function("window.map !== undefined && document.querySelector('.leaflet-container') !== null",
                            timeout=timeout_ms)
    return frame


def drawn_places(frame) -> list[str]:
    return frame.evaluate("Array.from(document.querySelectorAll('[data-place]')).map(e => e.dataset.place)")


def wait_for_drawn(frame, count: int, timeout_ms: int = 30_000) -> None:
    frame.wait_for_function(f"document.querySelectorAll('[data-place]').length === {count}", timeout=timeout_ms)


def run_on_own_thread(coroutine):
    """Run an async test body to the end and return its result. The suite's synchronous Playwright keeps an event
    loop running on the main thread, where asyncio.run() is refused, so the body gets a thread (and loop) of its own."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
