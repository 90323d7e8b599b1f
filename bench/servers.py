"""Real Streamlit servers for the browser pass: the app as the browser tests run it, the naive peer staged beside it.

Streamlit serves `/app/static/...` only from a `static/` folder next to the main script, so the naive script is
copied into a folder that links the repository's `static/` and carries its `.streamlit/config.toml`; it then runs
with exactly the app's command line and `ATLAS_DATA`.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from liveapp import ROOT, Server

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


def start(variant: str, data: Path | None, work: Path):
    """A running server for 'app' or 'naive' on the given data set."""
    if variant == "app":
        return Server(data=data)
    folder = work / "naive-app"
    return Server(data=data, script=stage_naive_app(folder), log_dir=folder)
