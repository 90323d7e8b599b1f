"""axe-core finds no WCAG 2.1 A/AA violation on any page, inside the map's frame too.

The scanner is npm's @axe-core/playwright (the checker that also enters the streamlit-folium iframe), driven by
playwright-core in Debian's chromium with every request off this machine refused; see tests/a11y/scan.mjs.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

A11Y = Path(__file__).resolve().parent.parent / "a11y"
STATES = {
    "map": "/",
    "map with a place open": "/?site=balasausqandiq",
    "briefing mode": "/?mode=briefing&mineral=vanadium&title=Vanadium",
    "filtered map": "/?mineral=vanadium&country=KAZ",
    "places": "/places",
    "sources": "/sources",
    "timeline": "/timeline",
    "key figures": "/key_figures",
    "what changed": "/changes",
    "about": "/about",
}
MAP_STATES = ("map", "map with a place open", "briefing mode", "filtered map")


@pytest.fixture(scope="module")
def scanner() -> Path:
    """The scanner's npm packages, installed from its lock file when missing."""
    if not (A11Y / "node_modules" / "@axe-core" / "playwright").is_dir():
        npm = shutil.which("npm")
        assert npm, "npm is needed for the accessibility check (Debian: apt-get install npm)"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(A11Y)], check=True, timeout=600)
    return A11Y / "scan.mjs"


def test_no_wcag_violation_on_any_page(server, scanner):
    node = shutil.which("node")
    assert node, "node is needed for the accessibility check"
    run = subprocess.run([node, str(scanner), server.url, *(f"{name}={path}" for name, path in STATES.items())],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode in (0, 1), f"the scan itself failed:\n{run.stderr[-3000:]}"
    states = {state["name"]: state for state in json.loads(run.stdout)["states"]}
    assert set(states) == set(STATES)
    found = [f"{name}: {v['id']} ({v['impact']}) at {n['target']}: {n['why']}"
             for name, state in states.items() for v in state["violations"] for n in v["nodes"]]
    assert found == [], "axe-core found:\n" + "\n".join(found)
    for name in MAP_STATES:  # the map's own frame was checked, not skipped
        assert not states[name]["frameNotTested"] and states[name]["nodesInFrames"] > 0, name
