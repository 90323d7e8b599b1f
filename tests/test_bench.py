"""The benchmark at its two smallest sizes: its data validates and every figure appears with its ratio.

Timings are never asserted: they depend on the machine. Only that the benchmark measures what it claims to.
"""
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bench import synthetic
from bench.report import MEASURES
from geo.filters import Selection, filter_places
from geo.load import load_atlas

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("size", [100, 1000])
def test_synthetic_data_passes_validation_and_is_the_same_every_time(tmp_path, size):
    made = synthetic.generate(size, tmp_path / "a")
    assert made.path.read_bytes() == synthetic.generate(size, tmp_path / "b").path.read_bytes()
    assert (made.path.parent / "sources.json").is_file()

    atlas = load_atlas(made.path)
    assert len(atlas.places) == made.places == size
    shapes = Counter(p.geometry.geom_type for p in atlas.places)
    assert shapes == {"Point": made.points, "Polygon": made.areas, "LineString": made.corridors}
    assert {len(p.geometry.exterior.coords) for p in atlas.places if p.kind == "exploration_area"} == \
        {synthetic.AREA_VERTICES}
    assert {len(p.geometry.coords) for p in atlas.places if p.kind == "corridor"} == {synthetic.CORRIDOR_VERTICES}
    assert all(500 <= len(q.text) <= 2000 for p in atlas.places for q in p.quotes)
    assert {c for p in atlas.places if p.geometry.geom_type == "Point" for c in p.countries} <= set(synthetic.COUNTRIES)

    matches = filter_places(atlas.places, Selection(minerals=frozenset({made.filter_mineral})))
    assert 0 < len(matches) == made.filter_matches < size
    probe = atlas.place(made.probe_id)
    assert probe.name == made.probe_name and (probe.geometry.x, probe.geometry.y) == made.probe_lonlat


@pytest.mark.browser
def test_benchmark_gives_every_figure_for_app_and_naive_with_ratios(tmp_path):
    """Server side at 100 and 1,000 places; the browser pass (slower) at 100 only, with one run of each step."""
    out = tmp_path / "bench.json"
    command = [sys.executable, "-m", "bench", "--sizes", "100,1000", "--browser-sizes", "100", "--runs", "1",
               "--changes", "2", "--sessions", "1", "--no-curated", "--json", str(out), "--work", str(tmp_path / "w")]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-4000:]
    assert "naive/app" in done.stdout and "Targets (app):" in done.stdout

    results = json.loads(out.read_text(encoding="utf-8"))
    assert list(results["datasets"]) == ["100", "1000"]
    expected = {"100": MEASURES, "1000": [m for m in MEASURES if m.side == "server"]}
    for label, measures in expected.items():
        dataset = results["datasets"][label]
        for measure in measures:
            cells = dataset["measures"].get(measure.key)
            assert cells is not None, f"{label}: no {measure.key}"
            assert isinstance(cells["app"], (int, float)), f"{label}: app {measure.key} = {cells['app']}"
            naive = cells.get("naive")
            assert isinstance(naive, (int, float)) or (isinstance(naive, dict) and "timeout" in naive), \
                f"{label}: naive {measure.key} = {naive}"
    assert results["datasets"]["100"]["measures"]["places_counted"] == {"app": 100, "naive": 100}

    rows = results["rows"]
    assert {(r["measure"], r["data"]) for r in rows} == \
        {(m.key, label) for label, measures in expected.items() for m in measures}
    assert all(r["ratio"] for r in rows)
    assert any(r["ratio"].endswith("x") for r in rows)
    assert results["targets"]


def test_benchmark_shares_the_live_app_module_without_importing_the_test_suite():
    """The benchmark and the browser tests run the app through one module (`liveapp`), imported by name."""
    probe = ("import sys, bench.browser, bench.servers, bench.serverside, liveapp; "
             "print(sorted(m for m in ('harness', 'helpers', 'conftest') if m in sys.modules)); "
             "print(bench.servers.Server is liveapp.Server, bench.browser.rss_mb is liveapp.rss_mb)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr, done.stdout) == (0, "", "[]\nTrue True\n")
