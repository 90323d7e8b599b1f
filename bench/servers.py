"""Real Streamlit servers for the browser pass: the app through the test harness, the naive peer staged beside it.

Streamlit serves `/app/static/...` only from a `static/` folder next to the main script, so the naive script is
copied into a folder that links the repository's `static/` and carries its `.streamlit/config.toml`; it then runs
with exactly the app's command line and `ATLAS_DATA`.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [p for p in (str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "browser")) if p not in sys.path]

from harness import CHROMIUM, Server as AppServer, _free_port  # noqa: E402,F401  (CHROMIUM: for the report)

NAIVE_SCRIPT = Path(__file__).resolve().parent / "naive_app.py"


def stage_naive_app(folder: Path) -> Path:
    """naive_app.py in `folder`, beside a link to the repository's static/ and a copy of its Streamlit config."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / NAIVE_SCRIPT.name
    shutil.copyfile(NAIVE_SCRIPT, script)
    static = folder / "static"
    if not static.exists():
        static.symlink_to(ROOT / "static", target_is_directory=True)
    (folder / ".streamlit").mkdir(exist_ok=True)
    shutil.copyfile(ROOT / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
    return script


class NaiveServer:
    """`streamlit run naive_app.py` with the app's flags, from its staged folder; ready once healthy."""

    def __init__(self, folder: Path, data: Path | None = None):
        script = stage_naive_app(folder)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        env.pop("ATLAS_DATA", None)
        if data is not None:
            env["ATLAS_DATA"] = str(data)
        self.log_path = folder / f"server-{self.port}.log"
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=folder, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"naive server exited early:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"naive server not healthy after 60 s:\n{self.log()}")

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


def start(variant: str, data: Path | None, work: Path):
    """A running server for 'app' or 'naive' on the given data set."""
    return AppServer(data=data) if variant == "app" else NaiveServer(work / "naive-app", data)


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")
