"""Browser timings of the map on the shipped data, in headless Chromium with no internet.

    .venv/bin/python bench/map_timings.py [--runs 5]

Prints the median and spread of: navigation to every place drawn, and a mineral filter click to the map updated.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "browser")]

from playwright.sync_api import sync_playwright  # noqa: E402

from geo.filters import Selection, filter_places  # noqa: E402
from geo.load import load_atlas  # noqa: E402
from harness import CHROMIUM, CHROMIUM_ARGS, Server, is_loopback, map_frame, wait_for_drawn  # noqa: E402


def _blocked(route):
    route.continue_() if is_loopback(route.request.url) else route.abort()


def measure(runs: int) -> dict[str, list[float]]:
    atlas = load_atlas()
    vanadium = len(filter_places(atlas.places, Selection(minerals=frozenset({"vanadium"}))))
    server = Server()
    results: dict[str, list[float]] = {"navigation_to_all_drawn_s": [], "filter_click_to_map_updated_s": []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                context.route("**/*", _blocked)
                page = context.new_page()
                start = time.perf_counter()
                page.goto(server.url)
                frame = map_frame(page)
                wait_for_drawn(frame, len(atlas.places))
                results["navigation_to_all_drawn_s"].append(time.perf_counter() - start)
                page.locator('[data-testid="stMultiSelect"]').filter(has_text="Mineral").locator("input").click()
                option = page.get_by_role("option", name="Vanadium", exact=True)
                option.wait_for()
                start = time.perf_counter()
                option.click()
                wait_for_drawn(frame, vanadium)
                results["filter_click_to_map_updated_s"].append(time.perf_counter() - start)
                context.close()
            browser.close()
    finally:
        server.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for name, values in measure(args.runs).items():
        print(f"{name}: median {statistics.median(values):.3f}  min {min(values):.3f}  max {max(values):.3f}  "
              f"(n={len(values)})")


if __name__ == "__main__":
    main()
