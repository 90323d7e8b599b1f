"""The live app for the browser tests and the benchmark: one copy of how both run it and watch it.

A real `streamlit run` on a free loopback port, headless Chromium that may reach only loopback (so a closed network
is what every run sees), and a process's memory. The tests (`tests/browser/`) and the benchmark (`bench/`) import
this module by name; it sits beside them, outside `geo/`, because it starts processes and browsers and the app
itself never needs it.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Sequence
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run` of a script (the app unless told) on 127.0.0.1, ready once /_stcore/health answers ok."""

    def __init__(self, data: Path | None = None, extra_args: Sequence[str] = (), script: Path = ROOT / "app.py",
                 log_dir: Path = ARTIFACTS):
        """`extra_args` are more `streamlit run` options, e.g. a short `--server.disconnectedSessionTTL`. The
        server runs from the script's folder, which holds its `static/` and `.streamlit/`, with the repository
        importable."""
        self.data = data
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        env.pop("ATLAS_DATA", None)
        if data is not None:
            env["ATLAS_DATA"] = str(data)
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"server-{self.port}.log"
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", *extra_args],
            cwd=script.parent, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"server not healthy after 60 s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process in MB, from /proc (Linux); by default this process's own."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def is_loopback(url: str) -> bool:
    """True for addresses on this machine (and data:, blob:, about: that never leave it)."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in ("127.0.0.1", "localhost", "::1")


def keep_to_loopback(context, blocked: list[str] | None = None):
    """Abort every request of a Playwright browser context that would leave this machine, noting it in `blocked`.

    Works with the sync and the async API alike (await the result in async code)."""

    def route(r):
        if is_loopback(r.request.url):
            return r.continue_()
        if blocked is not None:
            blocked.append(r.request.url)
        return r.abort()

    return context.route("**/*", route)


def launch_chromium(playwright):
    """Headless Chromium from the system (Playwright cannot download one on a closed network); sync or async."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
