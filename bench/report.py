"""The results table (one row per measure and data set: app, naive, naive/app) and the targets from the issue.

A cell is a number, or {"timeout": seconds} when the variant did not finish that step in time (later steps of the
same variant are then not run), or {"error": text}. A timeout in a time row reads "> T s (timeout)", so its ratio is
a lower bound.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str  # "s", "ms", "MB", "bytes", "n"
    side: str  # "server" or "browser"


MEASURES = (
    Measure("load_cold_s", "data load + validation, cold", "s", "server"),
    Measure("load_rerun_s", "data load on a rerun (app: cache hit)", "s", "server"),
    Measure("filter_s", "filter by one mineral", "s", "server"),
    Measure("map_build_s", "map build (folium objects, all places)", "s", "server"),
    Measure("first_run_s", "first script run of a new session", "s", "server"),
    Measure("rerun_median_s", "full script rerun, median", "s", "server"),
    Measure("rerun_p95_s", "full script rerun, p95", "s", "server"),
    Measure("st_folium_s", "  of which st_folium (render + args), median", "s", "server"),
    Measure("filter_rerun_s", "script rerun after a filter change, median", "s", "server"),
    Measure("payload_bytes", "map payload per render (script+feature_group+html)", "bytes", "server"),
    Measure("peak_mb", "peak Python memory during a rerun (tracemalloc)", "MB", "server"),
    Measure("rss_mb", "process memory with one AppTest session (RSS)", "MB", "server"),
    Measure("session_mb", "memory per extra AppTest session (RSS; keeps its page tree)", "MB", "server"),
    Measure("warmup_visit_s", "first visit after server start (cold server)", "s", "browser"),
    Measure("first_map_s", "navigation -> all places loaded in map, median", "s", "browser"),
    Measure("first_map_p95_s", "navigation -> all places loaded in map, p95", "s", "browser"),
    Measure("load_longest_frame_ms", "longest frame during load (freeze)", "ms", "browser"),
    Measure("ws_received_mb", "WebSocket data received during load", "MB", "browser"),
    Measure("js_heap_mb", "JS heap after load", "MB", "browser"),
    Measure("filter_update_ms", "filter change -> map updated, median", "ms", "browser"),
    Measure("filter_update_p95_ms", "filter change -> map updated, p95", "ms", "browser"),
    Measure("map_reloads_per_filter", "map frame reloads per filter change", "n", "browser"),
    Measure("view_resets_per_filter", "map view resets per filter change", "n", "browser"),
    Measure("reruns_per_pan", "script reruns per pan (messages sent)", "n", "browser"),
    Measure("reruns_per_zoom", "script reruns per zoom (messages sent)", "n", "browser"),
    Measure("click_to_panel_ms", "click a place -> its panel (naive: popup)", "ms", "browser"),
    Measure("pan_frame_ms", "longest frame around a pan, median over the pans", "ms", "browser"),
    Measure("pan_frame_max_ms", "longest frame around a pan, worst pan", "ms", "browser"),
    Measure("zoom_frame_ms", "longest frame around a zoom, median over the zooms", "ms", "browser"),
    Measure("zoom_frame_max_ms", "longest frame around a zoom, worst zoom", "ms", "browser"),
    Measure("server_rss_mb", "server memory with one browser session (RSS)", "MB", "browser"),
    Measure("browser_session_mb", "server memory per extra browser session (RSS)", "MB", "browser"),
)
BY_KEY = {m.key: m for m in MEASURES}


def _number(cell) -> float | None:
    return float(cell) if isinstance(cell, (int, float)) and not isinstance(cell, bool) else None


def _scaled(value: float, unit: str) -> float:
    return value / 2 ** 20 if unit == "bytes" else value


def format_cell(cell, unit: str) -> str:
    if cell is None:
        return "-"
    if isinstance(cell, dict):
        if "timeout" in cell:
            limit = cell["timeout"]
            if unit == "s":
                return f"> {limit:g} s (timeout)"
            if unit == "ms":
                return f"> {limit * 1000:g} ms (timeout)"
            return "n/a (timeout)"
        return "error"
    value = _number(cell)
    if value is None:
        return str(cell)
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.0f} ms"
    if unit in ("MB", "bytes"):
        return f"{_scaled(value, unit):.2f} MB"
    return f"{value:g}"


def ratio(app, naive, unit: str) -> str:
    """naive / app: how many times more the naive peer costs; '>' when the naive peer timed out."""
    a = _number(app)
    n = _number(naive)
    if a is None:
        return "-"
    if n is None and isinstance(naive, dict) and "timeout" in naive and unit in ("s", "ms"):
        limit = naive["timeout"] * (1000 if unit == "ms" else 1)
        return f"> {limit / a:.0f}x" if a > 0 else "-"
    if n is None or a < 0 or n < 0:  # a memory delta below zero is noise; no ratio of it means anything
        return "-"
    if a == 0:
        return "-" if n == 0 else "app 0"
    value = n / a
    return f"{value:.0f}x" if value >= 100 else f"{value:.1f}x" if value >= 1 else f"{value:.2f}x"


def rows(results: dict) -> list[dict]:
    """Flat rows in table order: each measure, then each data set that has it."""
    out = []
    for measure in MEASURES:
        for label, dataset in results["datasets"].items():
            cells = dataset["measures"].get(measure.key)
            if cells is None:
                continue
            app, naive = cells.get("app"), cells.get("naive")
            out.append({"measure": measure.key, "label": measure.label, "unit": measure.unit, "side": measure.side,
                        "data": label, "places": dataset["places"], "app": app, "naive": naive,
                        "app_text": format_cell(app, measure.unit), "naive_text": format_cell(naive, measure.unit),
                        "ratio": ratio(app, naive, measure.unit)})
    return out


def data_name(label: str, places: int) -> str:
    return f"curated ({places})" if label == "curated" else f"{places:,}"


def table(results: dict) -> str:
    body = [(r["label"], data_name(r["data"], r["places"]), r["app_text"], r["naive_text"], r["ratio"])
            for r in rows(results)]
    header = ("measure", "data", "app", "naive", "naive/app")
    widths = [max(len(str(row[i])) for row in [header, *body]) for i in range(len(header))]
    lines, previous = [], None
    for row in [header, *body]:
        if previous is not None and row[0] != previous and previous != header[0]:
            lines.append("")
        cells = [str(c).ljust(w) if i < 2 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if row is header:
            lines.append("  ".join("-" * w for w in widths))
        previous = row[0]
    return "\n".join(lines)


# ---- targets ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    text: str
    data: str  # "curated", a size such as "10000", or "*" for every data set
    check: Callable[[dict], tuple[bool | None, str]]  # measures -> (met?, what was seen)


def _app(measures: dict, key: str):
    return (measures.get(key) or {}).get("app")


def _at_most(key: str, limit: float, unit: str):
    def check(measures):
        value = _number(_app(measures, key))
        if value is None:
            return None, format_cell(_app(measures, key), unit)
        return value <= limit, format_cell(value, unit)
    return check


def _all(*checks):
    def check(measures):
        results = [c(measures) for c in checks]
        met = None if any(r[0] is None for r in results) else all(r[0] for r in results)
        return met, ", ".join(r[1] for r in results)
    return check


def _faster_than_naive(key: str, factor: float):
    def check(measures):
        cells = measures.get(key) or {}
        text = ratio(cells.get("app"), cells.get("naive"), "s")
        a, n = _number(cells.get("app")), _number(cells.get("naive"))
        if a is None or a == 0:
            return None, text
        if n is None and isinstance(cells.get("naive"), dict) and "timeout" in cells["naive"]:
            bound = cells["naive"]["timeout"] / a
            return (True, f"{text} (naive timed out)") if bound >= factor else (None, f"{text} (naive timed out)")
        return (n / a >= factor if n is not None else None), text
    return check


def _reachable(measures):
    value = _app(measures, "click_to_panel_ms")
    return (_number(value) is not None), ("click opened the panel in " + format_cell(value, "ms")
                                          if _number(value) is not None else format_cell(value, "ms"))


FLAT_MB = 10.0  # "about flat": each extra session adds at most this much server memory


def _flat(measures):
    """Real browser sessions on the real server when measured; else AppTest sessions (an upper bound)."""
    key = "browser_session_mb" if _number(_app(measures, "browser_session_mb")) is not None else "session_mb"
    met, seen = _at_most(key, FLAT_MB, "MB")(measures)
    return met, seen + ("" if key == "browser_session_mb" else " (AppTest sessions)")

TARGETS = (
    Target("curated: filter change -> map updated <= 200 ms p95 (20 changes)", "curated",
           _at_most("filter_update_p95_ms", 200, "ms")),
    Target("curated: click -> panel <= 500 ms", "curated", _at_most("click_to_panel_ms", 500, "ms")),
    Target("10,000: full rerun <= 150 ms (median)", "10000", _at_most("rerun_median_s", 0.150, "s")),
    Target("10,000: full rerun >= 50x faster than the naive rerun", "10000", _faster_than_naive("rerun_median_s", 50)),
    Target("10,000: first map <= 1 s", "10000", _at_most("first_map_s", 1.0, "s")),
    Target("10,000: filter update <= 300 ms (median)", "10000", _at_most("filter_update_ms", 300, "ms")),
    Target("100,000: first map <= 3 s", "100000", _at_most("first_map_s", 3.0, "s")),
    Target("100,000: pan and zoom frames <= 100 ms (worst pan, worst zoom)", "100000",
           _all(_at_most("pan_frame_max_ms", 100, "ms"), _at_most("zoom_frame_max_ms", 100, "ms"))),
    Target("100,000: no browser freeze over 1 s (load, pan, zoom)", "100000",
           _all(_at_most("load_longest_frame_ms", 1000, "ms"), _at_most("pan_frame_max_ms", 1000, "ms"),
                _at_most("zoom_frame_max_ms", 1000, "ms"))),
    Target("100,000: individual places still reachable (click -> panel)", "100000", _reachable),
    Target("every size: 0 reruns per pan or zoom", "*",
           _all(_at_most("reruns_per_pan", 0, "n"), _at_most("reruns_per_zoom", 0, "n"))),
    Target("every size: 0 map reloads per filter change", "*", _at_most("map_reloads_per_filter", 0, "n")),
    Target(f"every size: server memory per extra session about flat (<= {FLAT_MB:g} MB)", "*", _flat),
)


def targets(results: dict) -> list[dict]:
    out = []
    for target in TARGETS:
        labels = list(results["datasets"]) if target.data == "*" else [target.data]
        for label in labels:
            dataset = results["datasets"].get(label)
            if dataset is None:
                out.append({"target": target.text, "data": label, "met": None, "seen": "not run"})
                continue
            met, seen = target.check(dataset["measures"])
            out.append({"target": target.text, "data": label, "met": met, "seen": seen})
    return out


def targets_text(checked: list[dict]) -> str:
    mark = {True: "MET    ", False: "NOT MET", None: "n/a    "}
    return "\n".join(f"{mark[t['met']]}  {t['target']}" + (f" [{t['data']}]" if "every size" in t["target"] else "")
                     + f": {t['seen']}" for t in checked)



def notes(results: dict) -> list[str]:
    """Where a slow variant was measured with fewer repetitions, so nobody reads its p95 as one over many."""
    out = []
    for label, dataset in results["datasets"].items():
        for variant, reduced in (dataset["measures"].get("reduced") or {}).items():
            if reduced:
                out.append(f"{variant} at {data_name(label, dataset['places'])}: {reduced['why']}, so "
                           f"{reduced['runs']} page load, {reduced['changes']} filter changes and "
                           f"{reduced['sessions']} extra session in the browser")
    return out
