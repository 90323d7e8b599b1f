"""Paths to the small named fixtures that tests share, and running the project's commands as a user does."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = Path(__file__).resolve().parent / "data"
MINIMAL = TEST_DATA / "minimal.geojson"
CHECKED = TEST_DATA / "checked.geojson"  # the minimal set with actors and the record's verdicts

# Text that would run as code, or break out of a template, if any layer treated data as markup.
PAYLOADS = (
    '<img src=x onerror="window.top.__pwned=1">',
    "${window.top.__pwned=2}",
    "`+(window.top.__pwned=3)+`",
    "\\\\`+(window.top.__pwned=4))//",
    "</script><script>window.top.__pwned=5</script>",
    "C:\\users\\2019\\x \\u0041",
    "**bold** [link](javascript:window.top.__pwned=6) $5 million and $3 million :red[x]",
    "مرحبا بالعالم עברית 🪨⛏️",
    "{{ 'jinja' ~ 'ran' }} {% if true %}{# x",  # template syntax: the map's scripts pass through Jinja
)


def write_hostile_atlas(folder):
    """The minimal fixture with payloads in every text field a user can see; still valid data."""
    import json

    raw = json.loads(MINIMAL.read_text(encoding="utf-8"))
    for index, feature in enumerate(raw["features"]):
        props = feature["properties"]
        props["name"] = f"{PAYLOADS[index % len(PAYLOADS)]} {props['name']} {PAYLOADS[-1]}"
        props["aliases"] = list(PAYLOADS)
        props["admin_region"] = PAYLOADS[(index + 1) % len(PAYLOADS)]
        props["location_precision"]["description"] = PAYLOADS[(index + 2) % len(PAYLOADS)]
        props["location_source"]["title"] = PAYLOADS[(index + 3) % len(PAYLOADS)]
        props["location_source"]["note"] = PAYLOADS[(index + 4) % len(PAYLOADS)]
        props["quotes"] = [{"source": "test-article", "text": text} for text in PAYLOADS]
        props["facts"] = [{"label": text, "value": PAYLOADS[-1 - i], "quote": {"source": "test-article", "text": text}}
                          for i, text in enumerate(PAYLOADS)]
    raw["features"][0]["properties"]["quotes"].append({"source": "test-article", "text": "x" * 100_000})
    raw["metadata"]["title"] = PAYLOADS[0]
    sources = json.loads((TEST_DATA / "sources.json").read_text(encoding="utf-8"))
    sources[0]["title"] = PAYLOADS[1]
    sources[0]["publisher"] = PAYLOADS[0]
    for index, feature in enumerate(raw["features"]):
        for check in feature["properties"].get("checks", []):
            check["how"] = PAYLOADS[(index + 5) % len(PAYLOADS)]
    path = folder / "atlas.geojson"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    copy_companions(folder)
    (folder / "sources.json").write_text(json.dumps(sources, ensure_ascii=False), encoding="utf-8")
    actors = json.loads((TEST_DATA / "actors.json").read_text(encoding="utf-8"))
    actors["actors"][0]["name"] = PAYLOADS[4]
    (folder / "actors.json").write_text(json.dumps(actors, ensure_ascii=False), encoding="utf-8")
    return path


def copy_companions(folder, source_dir=TEST_DATA):
    """The files a data set carries beside its GeoJSON: article citations, the independent record and actors."""
    import shutil

    shutil.copy(source_dir / "sources.json", folder / "sources.json")
    for name in ("record.json", "actors.json"):
        if (source_dir / name).is_file():
            shutil.copy(source_dir / name, folder / name)
    if (source_dir / "record").is_dir():
        shutil.copytree(source_dir / "record", folder / "record", dirs_exist_ok=True)


def run_module(module, *args, cwd=ROOT):
    """`python -m module args...` in a fresh interpreter, as a curator runs it: exit status, stdout and stderr."""
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=120)
