"""Deployment settings and code rules that keep the atlas safe on locked-down networks."""
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
CODE = [p for folder in ("geo", "ui", "pages") for p in (ROOT / folder).rglob("*.py")] + [ROOT / "app.py"]


def test_no_telemetry_and_no_tracebacks_for_users():
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_request_forgery_and_cross_origin_protection_stay_on():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["enableCORS"] is True


def test_static_folder_serves_only_scripts_styles_images_and_licences():
    allowed = {".js", ".css", ".png", ".svg", ".txt"}
    served = [p for p in (ROOT / "static").rglob("*") if p.is_file()]
    assert served and {p.suffix for p in served} <= allowed, sorted({p.suffix for p in served})


def test_logic_package_never_imports_streamlit():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "geo").rglob("*.py")
                 if re.search(r"^\s*(import|from)\s+streamlit", p.read_text(encoding="utf-8"), re.M)]
    assert offenders == []


PAGE_ASSETS = ROOT / "ui" / "page_assets.py"


def test_no_raw_html_from_data():
    """Markup only ever comes from constants: no unsafe_allow_html, and st.html gets a named constant, except in
    `ui/page_assets.py`, which places the shipped static files and takes nothing but whole numbers."""
    for path in CODE:
        text = path.read_text(encoding="utf-8")
        assert "unsafe_allow_html" not in text, path
        if path == PAGE_ASSETS:
            continue
        for argument in re.findall(r"st\.html\(([^)]*)\)", text):
            assert re.fullmatch(r"[A-Z_]+", argument.strip()), f"{path}: st.html({argument})"


def test_page_assets_take_only_numbers():
    import ast

    tree = ast.parse(PAGE_ASSETS.read_text(encoding="utf-8"))
    public = [f for f in tree.body if isinstance(f, ast.FunctionDef) and not f.name.startswith("_")]
    assert public
    for function in public:
        for arg in function.args.args:
            assert ast.unparse(arg.annotation) == "int", f"{function.name}({arg.arg}) takes more than a number"


def _pins(lock: Path) -> dict[str, str]:
    return dict(re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", lock.read_text(encoding="utf-8"), re.M))


def test_locked_streamlit_is_past_every_published_advisory():
    """GHSA-7p48-42j8-8846 (CVE-2026-33682) and earlier Streamlit advisories are fixed from 1.54.0 on."""
    for lock in (ROOT / "requirements" / name for name in ("app.lock", "test.lock")):
        version = tuple(int(part) for part in _pins(lock)["streamlit"].split(".")[:2])
        assert version >= (1, 54), f"{lock.name} pins streamlit {version}"


def test_the_tree_is_clean_under_the_configured_linter():
    """ruff (pycodestyle, pyflakes, bugbear; configured in pyproject.toml) finds nothing anywhere in the tree."""
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-1000:]
