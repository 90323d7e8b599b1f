"""eslint over the map's own JavaScript in static/ (the map frame's scripts, the page's, the export's popups).

The linter is npm's eslint, pinned in tests/js/package-lock.json and installed from it with `npm ci` when missing.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = ROOT / "tests" / "js"
SCRIPTS = sorted((ROOT / "static").glob("atlas/*.js")) + sorted((ROOT / "static").glob("export/*.js"))


@pytest.fixture(scope="module")
def eslint() -> Path:
    """The linter, installed from its lock file when missing."""
    binary = LINT / "node_modules" / ".bin" / "eslint"
    if not binary.is_file():
        npm = shutil.which("npm")
        assert npm, "npm is needed for the script lint (Debian: apt-get install npm)"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(LINT)], check=True, timeout=600)
    return binary


def _lint(eslint: Path, *args: str, stdin: str | None = None) -> list[dict]:
    run = subprocess.run([str(eslint), "--config", str(LINT / "eslint.config.js"), "--format", "json", *args],
                         cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=300)
    assert run.returncode in (0, 1), f"eslint itself failed:\n{run.stderr[-3000:]}"
    return json.loads(run.stdout)


def test_the_map_scripts_pass_eslint(eslint):
    assert len(SCRIPTS) >= 4, SCRIPTS  # canvas.js, map.js, page.js and the export's popups.js at least
    results = _lint(eslint, *map(str, SCRIPTS))
    assert sorted(Path(r["filePath"]) for r in results) == SCRIPTS  # every file was linted, none ignored
    problems = [f"{Path(r['filePath']).relative_to(ROOT)}:{m['line']}: {m['message']} ({m.get('ruleId')})"
                for r in results for m in r["messages"]]
    assert problems == [], "eslint found:\n" + "\n".join(problems)


def test_the_lint_catches_a_page_global_and_an_undeclared_name(eslint):
    """The configuration is live: a stray global function and a typo'd name are reported."""
    results = _lint(eslint, "--stdin", "--stdin-filename", "static/atlas/stray.js",
                    stdin='function wiring() { atlasCanvs.select(null); }\n')
    rules = {m.get("ruleId") for r in results for m in r["messages"]}
    assert {"no-implicit-globals", "no-undef"} <= rules, rules
