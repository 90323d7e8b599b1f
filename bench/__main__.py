"""Benchmark of the atlas against a naive Streamlit + folium peer, on the curated data and on synthetic data sets.

    .venv/bin/python -m bench [--sizes 100,1000,10000,100000] [--runs N] [--json out.json] [--no-browser]

Prints one row per measure and data set (app, naive, naive/app) and where each target from the issue stands, and
writes the same as JSON. See bench/README.md for what each figure means.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from bench import report, serverside, synthetic
from geo.model import MINERALS
from liveapp import CHROMIUM, launch_chromium

ROOT = Path(__file__).resolve().parents[1]
CURATED_CHANGES = 20  # the curated-set target is a p95 over 20 filter changes
CURATED_PROBE = "balasausqandiq"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000,100000",
                        help="synthetic data set sizes, comma-separated (default: %(default)s)")
    parser.add_argument("--browser-sizes", help="sizes that also get the browser pass (default: every size)")
    parser.add_argument("--runs", type=int, default=3, help="timed reruns and page loads per variant (default: 3)")
    parser.add_argument("--changes", type=int, default=6,
                        help="filter changes per synthetic size (curated: always 20; default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=30,
                        help="seconds the naive peer may take for any one step before it is stopped (default: 30)")
    parser.add_argument("--sessions", type=int, default=2,
                        help="extra sessions opened to measure memory per session (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--no-browser", action="store_true", help="server-side figures only")
    parser.add_argument("--no-curated", action="store_true", help="skip the shipped (curated) data set")
    parser.add_argument("--seed", type=int, default=synthetic.SEED)
    parser.add_argument("--work", type=Path, help="folder for generated data and logs (default: a temp folder)")
    args = parser.parse_args(argv)
    args.sizes = _sizes(args.sizes)
    args.browser_sizes = args.sizes if args.browser_sizes is None else _sizes(args.browser_sizes)
    if args.runs < 1 or args.changes < 2 or args.sessions < 1:
        parser.error("--runs and --sessions must be at least 1, --changes at least 2")
    return args


def _sizes(text: str) -> list[int]:
    return [int(part.strip().replace("_", "")) for part in text.split(",") if part.strip()]


def _versions() -> dict:
    """Versions from package metadata: importing streamlit_folium outside a Streamlit run only prints warnings."""
    versions = {"python": platform.python_version()}
    for package in ("streamlit", "folium", "streamlit-folium", "playwright", "shapely"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "?"
    versions["vendored"] = sorted(p.name for p in (ROOT / "static" / "vendor").iterdir() if p.is_dir())
    try:
        out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=20).stdout
        versions["chromium"] = out.strip().splitlines()[-1] if out.strip() else "?"
    except (OSError, subprocess.TimeoutExpired):
        versions["chromium"] = "?"
    return versions


def _machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    return {"cpus": os.cpu_count(), "cpu": model, "load_average": os.getloadavg()}


def _clock(seconds: float) -> str:
    return f"[{int(seconds // 60):02d}:{int(seconds % 60):02d}]"


def _curated_expect():
    from bench.browser import Expect
    from geo.filters import Selection, filter_places
    from geo.load import load_atlas

    atlas = load_atlas()
    probe = atlas.place(CURATED_PROBE)
    matches = filter_places(atlas.places, Selection(minerals=frozenset({synthetic.FILTER_MINERAL})))
    return Expect(places=len(atlas.places), filter_label=MINERALS[synthetic.FILTER_MINERAL].label,
                  filter_matches=len(matches), probe_id=probe.id, probe_name=probe.name,
                  probe_lonlat=(probe.geometry.x, probe.geometry.y))


def _synthetic_expect(size: int, args: argparse.Namespace, work: Path, meta: dict):
    """Generate the data set; return its path and what a correct map of it shows."""
    from bench.browser import Expect

    t0 = time.perf_counter()
    dataset = synthetic.generate(size, work / f"data-{size}", seed=args.seed)
    meta.setdefault("generate_s", {})[str(size)] = time.perf_counter() - t0
    return dataset.path, Expect(places=dataset.places, filter_label=MINERALS[dataset.filter_mineral].label,
                                filter_matches=dataset.filter_matches, probe_id=dataset.probe_id,
                                probe_name=dataset.probe_name, probe_lonlat=dataset.probe_lonlat)


def run(args: argparse.Namespace, progress=None) -> dict:
    """Every figure for every data set, as {"meta": ..., "datasets": {label: {"places", "measures"}}}."""
    started = time.perf_counter()
    progress = progress or (lambda text: print(f"{_clock(time.perf_counter() - started)} {text}", file=sys.stderr,
                                               flush=True))
    work = args.work or Path(tempfile.mkdtemp(prefix="atlas-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    meta = {"command": " ".join(["python -m bench", *sys.argv[1:]]),
            "started": dt.datetime.now().isoformat(timespec="seconds"), "machine": _machine(),
            "versions": _versions(), "runs": args.runs, "naive_timeout_s": args.timeout, "work": str(work)}
    results = {"meta": meta, "datasets": {}}
    labels = ([] if args.no_curated else ["curated"]) + [str(size) for size in sorted(args.sizes)]
    playwright = chromium = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        from bench import browser as browser_pass
        playwright = sync_playwright().start()
        chromium = launch_chromium(playwright)
    try:
        for label in labels:
            if label == "curated":
                data, expect, changes = None, _curated_expect(), CURATED_CHANGES
            else:
                progress(f"[{label}] generating {int(label):,} places")
                data, expect = _synthetic_expect(int(label), args, work, meta)
                changes = args.changes
            logs = work / f"logs-{label}"
            logs.mkdir(exist_ok=True)
            progress(f"[{label}] server side ({expect.places:,} places)")
            measures = serverside.measure(data, synthetic.FILTER_MINERAL, args.runs, args.timeout, logs,
                                          sessions=args.sessions, progress=progress)
            if chromium is not None and (label == "curated" or int(label) in args.browser_sizes):
                for variant in ("app", "naive"):
                    found = browser_pass.measure(
                        variant, data, expect, chromium, logs, runs=args.runs, changes=changes,
                        timeout_s=300 if variant == "app" else args.timeout,
                        warmup_timeout_s=1800 if variant == "app" else args.timeout, sessions=args.sessions,
                        progress=progress)
                    for key, value in found.items():
                        measures.setdefault(key, {})[variant] = value
            results["datasets"][label] = {"places": expect.places, "measures": measures}
            progress(f"[{label}] done")
    finally:
        if chromium is not None:
            chromium.close()
            playwright.stop()
    meta["total_s"] = time.perf_counter() - started
    meta["load_average_end"] = os.getloadavg()
    return results


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    # a plain kill must still stop the servers, workers and browser this run started (they clean up in `finally`)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = run(args)
    results["rows"] = report.rows(results)
    results["targets"] = report.targets(results)
    print(report.table(results))
    for note in report.notes(results):
        print(f"Note: {note}")
    print()
    print("Targets (app):")
    print(report.targets_text(results["targets"]))
    print(f"\nTotal {results['meta']['total_s'] / 60:.1f} min; data and logs in {results['meta']['work']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
        print(f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
