#!/usr/bin/env python3
"""Set up and run the atlas, or its tests, on a machine that has only Python 3.11+.

    python3 dev.py run     # the app on the shipped data, at http://localhost:8501
    python3 dev.py test    # the whole test suite (installs Debian's chromium for browser tests if missing)
    python3 dev.py audit   # pip-audit over both lock files (needs PyPI's JSON API or OSV on the network)

Extra arguments go to streamlit, pytest or pip-audit. The virtual environment lives in .venv (the auditor's in
.venv-audit, so its own dependencies never touch the app's) and is reinstalled from the lock file whenever the lock
file changes, so everyone runs what was tested.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
LOCKS = {"run": ROOT / "requirements" / "app.lock", "test": ROOT / "requirements" / "test.lock",
         "audit": ROOT / "requirements" / "audit.lock"}
VENVS = {"run": ROOT / ".venv", "test": ROOT / ".venv", "audit": ROOT / ".venv-audit"}
CHROMIUM = Path(os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium"))


def sh(*args: str | Path, **kwargs) -> None:
    subprocess.run([str(a) for a in args], check=True, **kwargs)


def ensure_venv(folder: Path, lock: Path) -> Path:
    """The environment in `folder` with exactly `lock` installed; returns its Python."""
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    python = folder / ("Scripts" if os.name == "nt" else "bin") / ("python.exe" if os.name == "nt" else "python")
    if not python.exists():
        print(f"Creating {folder.name} ...", flush=True)
        venv.create(folder, with_pip=True)
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    stamp = folder / f"installed-{lock.stem}.sha256"
    if stamp.exists() and stamp.read_text() == digest:
        return python
    print(f"Installing pinned dependencies from {lock.relative_to(ROOT)} ...", flush=True)
    sh(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", lock)
    for other in folder.glob("installed-*.sha256"):
        other.unlink()
    stamp.write_text(digest)
    return python


def ensure_chromium() -> None:
    """Browser tests need a real Chromium; Playwright cannot download one on a closed network."""
    if CHROMIUM.exists():
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print("Installing Debian's chromium for the browser tests ...", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        sh("apt-get", "update", "-qq", env=env)
        sh("apt-get", "install", "-y", "-qq", "chromium", env=env)
        return
    sys.exit(f"Browser tests need Chromium at {CHROMIUM}: install Debian's 'chromium' package "
             "(sudo apt-get install chromium) or set ATLAS_CHROMIUM to a Chromium binary.")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in LOCKS:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    python = ensure_venv(VENVS[command], LOCKS[command])
    if command == "run":
        return subprocess.call([str(python), "-m", "streamlit", "run", str(ROOT / "app.py"), *rest], cwd=ROOT)
    if command == "audit":  # --strict: a package that could not be checked fails the audit, it is not a pass
        return subprocess.call([str(python), "-m", "pip_audit", "--strict", "--no-deps", "--disable-pip",
                                "-r", str(LOCKS["run"]), "-r", str(LOCKS["test"]), *rest], cwd=ROOT)
    ensure_chromium()
    code = subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT)
    if code == 5:
        print("No tests were collected: that is a failure, not a pass.")
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
