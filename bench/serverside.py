"""Server-side figures for the app and the naive peer, with no browser: load, filter, map build, reruns, memory.

Each variant runs in its own worker process that waits for one command at a time, so the parent can interleave
them step by step (app, naive, app, naive, ...) and can kill a naive run that would take minutes without disturbing
the app's figures. Reruns go through Streamlit's AppTest with `ATLAS_DATA` set, exactly as `streamlit run` would
execute the script; `st_folium` is wrapped to time it and its arguments are read back for the payload size.
"""
from __future__ import annotations

import gc
import json
import os
import queue
import subprocess
import sys
import threading
import time
import traceback
import tracemalloc
from pathlib import Path

from liveapp import rss_mb

ROOT = Path(__file__).resolve().parents[1]
APP_SCRIPT = ROOT / "app.py"
NAIVE_SCRIPT = Path(__file__).resolve().parent / "naive_app.py"
PAYLOAD_KEYS = ("script", "feature_group", "html")  # what the map frame receives and evaluates
SLOW_RUN_S = 10  # a variant whose rerun takes longer gets one filter rerun (choosing) and one extra session


class Timeout(Exception):
    def __init__(self, seconds: float):
        super().__init__(f"no answer within {seconds:g} s")
        self.seconds = seconds


class WorkerError(Exception):
    pass


# ---- worker process --------------------------------------------------------------------------------------------

def _timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


class _Session:
    """One variant inside the worker: its data functions for stage timings, and an AppTest for whole reruns."""

    def __init__(self, variant: str):
        import streamlit_folium

        self.variant = variant
        self.script = APP_SCRIPT if variant == "app" else NAIVE_SCRIPT
        self.folium_calls: list[float] = []
        original = streamlit_folium.st_folium

        def timed_st_folium(*args, **kwargs):  # pages import it on each run, so they pick this up
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.folium_calls.append(time.perf_counter() - start)

        streamlit_folium.st_folium = timed_st_folium
        self.at = None
        self.atlas = None

    # stage timings, by direct calls to the same functions the script uses
    def load(self) -> dict:
        if self.variant == "app":
            from ui.data import atlas_or_stop

            cold, self.atlas = _timed(atlas_or_stop)
            cached = sorted(_timed(atlas_or_stop)[0] for _ in range(5))[2]
        else:
            from bench.naive_app import load

            cold, self.atlas = _timed(load)
            cached = cold  # the naive script has no cache: every rerun pays the full load again
        return {"load_cold_s": cold, "load_rerun_s": cached, "places": len(self.atlas.places)}

    def stages(self, mineral: str, repeats: int) -> dict:
        places = self.atlas.places
        if self.variant == "app":
            import folium

            from geo.filters import Selection, filter_places
            from geo.mapview import base_map, place_layers
            from ui import data

            selection = Selection(minerals=frozenset({mineral}))
            filtered = lambda: filter_places(places, selection)  # noqa: E731

            def build():  # what pages/atlas_map.py hands to st_folium when nothing is filtered out
                layers = (place_layers(places, data.payload_of(self.atlas)) if hasattr(data, "payload_of")
                          else place_layers(places))
                return base_map(data.outlines_text()), layers, folium.LayerControl(collapsed=True)
        else:
            from bench.naive_app import build_map, filter_by_minerals

            filtered = lambda: filter_by_minerals(places, [mineral])  # noqa: E731
            build = lambda: build_map(list(places))  # noqa: E731
        filter_times = sorted(_timed(filtered)[0] for _ in range(max(3, repeats)))
        build_times = sorted(_timed(build)[0] for _ in range(max(1, repeats)))
        return {"filter_s": filter_times[len(filter_times) // 2], "map_build_s": build_times[len(build_times) // 2],
                "matches": len(filtered())}

    # whole-script runs through AppTest
    def _run(self, at) -> dict:
        self.folium_calls.clear()
        seconds, _ = _timed(at.run)
        if at.exception:
            raise WorkerError(f"{self.script.name} raised: {[e.message for e in at.exception]}")
        return {"s": seconds, "st_folium_s": sum(self.folium_calls) if self.folium_calls else None,
                "payload_bytes": self._payload(at)}

    @staticmethod
    def _payload(at) -> int | None:
        for element in at.main:
            if getattr(element, "type", "") == "component_instance" and "st_folium" in element.proto.component_name:
                args = json.loads(element.proto.json_args)
                return sum(len((args.get(key) or "").encode("utf-8")) for key in PAYLOAD_KEYS)
        return None

    def _new_test(self):
        from streamlit.testing.v1 import AppTest

        return AppTest.from_file(str(self.script), default_timeout=24 * 3600)

    def first_run(self) -> dict:
        self.at = self._new_test()
        return self._run(self.at)

    def rerun(self) -> dict:
        return self._run(self.at)

    def filter_rerun(self, mineral: str | None) -> dict:
        (widget,) = [w for w in self.at.multiselect if w.label == "Mineral"]
        widget.set_value([mineral] if mineral else [])
        return self._run(self.at)

    def peak_memory(self) -> dict:
        gc.collect()
        tracemalloc.start()
        try:
            self._run(self.at)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        return {"peak_mb": peak / 2 ** 20}

    def sessions(self, extra: int) -> dict:
        """RSS with this one session, then with `extra` more sessions open, each having run the page once."""
        gc.collect()
        before = rss_mb()
        opened = []
        for _ in range(extra):
            opened.append(self._new_test())
            self._run(opened[-1])
        gc.collect()
        after = rss_mb()
        return {"rss_one_mb": before, "rss_more_mb": after, "extra": extra,
                "per_session_mb": (after - before) / extra}


def worker_main(variant: str) -> None:
    """Answer one JSON command per line on stdin with one JSON line; anything else printed goes to stderr."""
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    session = _Session(variant)
    replies.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        command = json.loads(line)
        if command["do"] == "quit":
            break
        try:
            reply = getattr(session, command["do"])(**command.get("args", {}))
        except Exception:
            reply = {"error": traceback.format_exc(limit=8)}
        replies.write(json.dumps(reply) + "\n")


# ---- parent side -----------------------------------------------------------------------------------------------

class Worker:
    """A worker process for one variant and data set; `ask` waits at most `timeout` seconds, else kills it."""

    def __init__(self, variant: str, data: Path | None, log_path: Path):
        env = dict(os.environ)
        env.pop("ATLAS_DATA", None)
        if data is not None:
            env["ATLAS_DATA"] = str(data)
        self.variant = variant
        self._log = open(log_path, "w")
        self.process = subprocess.Popen([sys.executable, "-m", "bench.serverside", variant], cwd=ROOT, env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, text=True)
        self._lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def ready(self, timeout: float) -> dict:
        """Wait for the worker's imports; both workers start together, since start-up is not measured."""
        return self._wait(timeout)

    def _read(self) -> None:
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _wait(self, timeout: float) -> dict:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise Timeout(timeout) from None
        if line is None:
            self.kill()
            raise WorkerError(f"{self.variant} worker exited (see {self._log.name})")
        reply = json.loads(line)
        if "error" in reply:
            raise WorkerError(reply["error"])
        return reply

    def ask(self, do: str, timeout: float, **args) -> dict:
        self.process.stdin.write(json.dumps({"do": do, "args": args}) + "\n")
        self.process.stdin.flush()
        return self._wait(timeout)

    def kill(self) -> None:
        """Stop a worker that is still busy with a step it was given too long for."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._log.close()

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.process.stdin.write(json.dumps({"do": "quit"}) + "\n")
                self.process.stdin.flush()
                self.process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        self._log.close()


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile: with few samples it is the worst one, never an interpolated guess."""
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


class _Variant:
    """Bookkeeping for one variant: its worker, its figures so far, and why it stopped, if it did."""

    def __init__(self, name: str, timeout: float):
        self.name, self.timeout = name, timeout
        self.worker: Worker | None = None
        self.figures: dict[str, object] = {}
        self.stopped: dict | None = None
        self.reruns: list[float] = []
        self.folium: list[float] = []
        self.filter_reruns: list[float] = []

    def step(self, keys: tuple[str, ...], call) -> dict | None:
        """Run one measured step; on a timeout or failure, mark this step's figures and all later ones."""
        if self.stopped is not None:
            for key in keys:
                self.figures.setdefault(key, self.stopped)
            return None
        try:
            return call()
        except Timeout as error:
            self.stopped = {"timeout": error.seconds}
        except WorkerError as error:
            self.stopped = {"error": str(error).strip().splitlines()[-1][:200]}
        if self.worker is not None:
            self.worker.close()
        for key in keys:
            self.figures.setdefault(key, self.stopped)
        return None


def measure(data: Path | None, mineral: str, runs: int, naive_timeout: float, log_dir: Path, sessions: int = 4,
            progress=print, app_timeout: float = 1800) -> dict[str, dict[str, object]]:
    """Every server-side figure for app and naive on one data set: {measure key: {"app": v, "naive": v}}."""
    variants = [_Variant("app", app_timeout), _Variant("naive", naive_timeout)]

    def each(keys, call_for):
        for variant in variants:
            reply = variant.step(keys, lambda variant=variant: call_for(variant))
            if reply is not None:
                yield variant, reply

    try:
        for v in variants:
            v.worker = Worker(v.name, data, log_dir / f"worker-{v.name}.log")
        list(each(("load_cold_s",), lambda v: v.worker.ready(180)))
        progress("  server: loading data")
        for v, r in each(("load_cold_s", "load_rerun_s"), lambda v: v.worker.ask("load", v.timeout)):
            v.figures.update(load_cold_s=r["load_cold_s"], load_rerun_s=r["load_rerun_s"])
        for v, r in each(("filter_s", "map_build_s"),
                         lambda v: v.worker.ask("stages", v.timeout, mineral=mineral, repeats=3)):
            v.figures.update(filter_s=r["filter_s"], map_build_s=r["map_build_s"])
        progress("  server: first run and reruns")
        for v, r in each(("first_run_s",), lambda v: v.worker.ask("first_run", v.timeout)):
            v.figures.update(first_run_s=r["s"], payload_bytes=r["payload_bytes"])
        rerun_keys = ("rerun_median_s", "rerun_p95_s", "st_folium_s", "payload_bytes")
        for _ in range(runs):  # the first run above was the warm-up: imports done, caches filled
            for v, r in each(rerun_keys, lambda v: v.worker.ask("rerun", v.timeout)):
                v.reruns.append(r["s"])
                if r["st_folium_s"] is not None:
                    v.folium.append(r["st_folium_s"])
        slow = {v.name for v in variants if v.reruns and _median(v.reruns) > SLOW_RUN_S}
        for choice in (mineral, None):  # choose the mineral, then clear it (a slow variant only chooses)
            def filter_rerun(v: _Variant, choice=choice):
                if choice is None and v.name in slow:
                    return None
                return v.worker.ask("filter_rerun", v.timeout, mineral=choice)

            for v, r in each(("filter_rerun_s",), filter_rerun):
                v.filter_reruns.append(r["s"])
        for v in variants:  # a step that timed out part-way has already written its timeout, which stands
            if v.reruns:
                v.figures.setdefault("rerun_median_s", _median(v.reruns))
                v.figures.setdefault("rerun_p95_s", p95(v.reruns))
            if v.folium:
                v.figures.setdefault("st_folium_s", _median(v.folium))
            if v.filter_reruns:
                v.figures.setdefault("filter_rerun_s", _median(v.filter_reruns))
        progress("  server: memory")
        for v, r in each(("peak_mb",), lambda v: v.worker.ask("peak_memory", v.timeout)):
            v.figures["peak_mb"] = r["peak_mb"]
        for v, r in each(("rss_mb", "session_mb"),
                         lambda v: v.worker.ask("sessions", v.timeout, extra=_extra_sessions(v, sessions))):
            v.figures.update(rss_mb=r["rss_one_mb"], session_mb=r["per_session_mb"])
    finally:
        for v in variants:
            if v.worker is not None and v.stopped is None:
                v.worker.close()
    keys = {k for v in variants for k in v.figures}
    return {k: {v.name: v.figures.get(k) for v in variants} for k in keys}


def _extra_sessions(v: _Variant, wanted: int) -> int:
    """`wanted` more sessions, or one when a run takes over SLOW_RUN_S, to keep the naive peer's bill bounded."""
    return 1 if v.reruns and _median(v.reruns) > SLOW_RUN_S else wanted


if __name__ == "__main__":
    worker_main(sys.argv[1])
