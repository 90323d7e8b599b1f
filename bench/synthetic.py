"""Synthetic atlas data of any size that passes the app's own validation, so the benchmark loads what users would.

    .venv/bin/python -m bench.synthetic 10000 /tmp/atlas-10k      # writes atlas.geojson + sources.json there

N places: mostly deposits and occurrences (points sampled inside the Kazakhstan, Uzbekistan and Kyrgyzstan
outlines), plus exploration areas (valid ~200-vertex polygons inside a country) and long corridors (~500-vertex
lines with no jump over 180°). Quotes are 500-2,000 character stretches of the shipped quotes, so text sizes are
realistic; they are test data and never shipped. The same size and seed always give the same bytes.
"""
from __future__ import annotations

import json
import math
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon, shape

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_ATLAS = ROOT / "data" / "atlas.geojson"
SHIPPED_SOURCES = ROOT / "data" / "sources.json"
OUTLINES = ROOT / "data" / "boundaries" / "countries.geojson"

SEED = 20261123
COUNTRIES = {"KAZ": 0.5, "UZB": 0.3, "KGZ": 0.2}  # share of the points in each country
POINT_MINERALS = ("vanadium", "lithium", "uranium", "rare_metals", "rare_earth_elements", "neodymium",
                  "praseodymium", "dysprosium", "terbium")
DEPOSIT_STATUSES = ("production", "exploration", "announced")
PRECISION_KM = (0.1, 0.5, 2.0, 10.0, 60.0)  # about half the points get the app's faint uncertainty circle
FILTER_MINERAL = "vanadium"  # the mineral the benchmark filters on
SYLLABLES = ("kara", "ak", "kok", "sary", "tau", "bulak", "su", "tas", "kum", "zhol", "bai", "kyzyl", "ozek",
             "tobe", "sai", "zhar", "kol", "temir", "altyn", "mys")
AREA_VERTICES = 200
CORRIDOR_VERTICES = 500


@dataclass(frozen=True)
class Dataset:
    """Where a generated set lives and what a correct map of it must show."""

    path: Path
    places: int
    points: int
    areas: int
    corridors: int
    filter_mineral: str
    filter_matches: int  # places the mineral filter keeps (corridors name no mineral)
    probe_id: str  # a point place to click in the browser
    probe_name: str
    probe_lonlat: tuple[float, float]

    def to_json(self) -> dict:
        return {**asdict(self), "path": str(self.path)}


def split(n: int) -> tuple[int, int, int]:
    """(points, areas, corridors) for n places: about 2% areas and 0.2% corridors, capped at 500 and 50."""
    areas = min(500, max(2, n // 50))
    corridors = min(50, max(1, n // 500))
    return n - areas - corridors, areas, corridors


def _corpus() -> str:
    """Every quote in the shipped data, joined: the text synthetic quotes are cut from."""
    raw = json.loads(SHIPPED_ATLAS.read_text(encoding="utf-8"))
    texts: list[str] = []
    for feature in raw["features"]:
        props = feature["properties"]
        texts += [q["text"] for q in props["quotes"]]
        texts += [f["quote"]["text"] for f in props["facts"] if "quote" in f]
    unique = " ".join(dict.fromkeys(texts))
    return (unique + " ") * max(1, math.ceil(4000 / len(unique)))


def _outlines() -> dict[str, object]:
    raw = json.loads(OUTLINES.read_text(encoding="utf-8"))
    return {f["properties"]["iso3"]: shape(f["geometry"]) for f in raw["features"]}


class _Writer:
    """Draws every random choice from one seeded generator, in a fixed order."""

    def __init__(self, n: int, seed: int):
        self.rng = np.random.default_rng([seed, n])
        self.corpus = _corpus()
        self.outlines = _outlines()

    def text(self, low: int, high: int) -> str:
        length = int(self.rng.integers(low + 2, high + 1))  # strip() below may take a space off each end
        start = int(self.rng.integers(0, len(self.corpus) - length))
        text = self.corpus[start:start + length].strip()
        return text or "Synthetic quote."

    def name(self, index: int) -> str:
        parts = self.rng.choice(len(SYLLABLES), size=int(self.rng.integers(2, 4)))
        return "".join(SYLLABLES[i] for i in parts).capitalize() + f" {index}"

    def properties(self, place_id: str, name: str, kind: str, countries: list[str], minerals: list[str],
                   status: str, km: float) -> dict:
        quotes = [{"source": self.source(), "text": self.text(500, 2000)}
                  for _ in range(1 + int(self.rng.random() < 0.2))]
        facts = []
        if self.rng.random() < 0.5:
            facts.append({"label": "Resource (reported)", "value": f"{int(self.rng.integers(1, 900))} Mt",
                          "quote": {"source": self.source(), "text": self.text(80, 300)},
                          "reported": bool(self.rng.random() < 0.5)})
        return {
            "id": place_id, "name": name, "aliases": [name.replace(" ", "-")], "kind": kind,
            "countries": countries,
            "admin_region": f"Region {int(self.rng.integers(1, 40))}" if self.rng.random() < 0.7 else None,
            "minerals": minerals, "status": status,
            "location_precision": {"km": km, "description": f"Synthetic location, within about {km:g} km."},
            "location_source": {"title": "Synthetic gazetteer", "publisher": "Benchmark data",
                                "url": f"https://example.org/gazetteer/{place_id}"},
            "facts": facts, "quotes": quotes, "last_reviewed": "2026-11-01",
        }

    def source(self) -> str:
        return self.sources[int(self.rng.integers(0, len(self.sources)))]

    def minerals(self) -> list[str]:
        picks = self.rng.choice(len(POINT_MINERALS), size=1 + int(self.rng.random() < 0.3), replace=False)
        return [POINT_MINERALS[i] for i in sorted(picks)]

    def points_in(self, iso3: str, count: int) -> np.ndarray:
        """Uniform points inside a country outline, rounded to 6 decimals (RFC 7946: about 10 cm)."""
        outline = self.outlines[iso3]
        shapely.prepare(outline)
        minx, miny, maxx, maxy = outline.bounds
        found = np.empty((0, 2))
        while len(found) < count:
            batch = self.rng.uniform((minx, miny), (maxx, maxy), size=(max(64, 2 * count), 2)).round(6)
            inside = shapely.contains_xy(outline, batch[:, 0], batch[:, 1])
            found = np.vstack([found, batch[inside]])
        return found[:count]

    def area(self, iso3: str) -> list[list[float]]:
        """A star-shaped ring around a point well inside the country: simple, hence valid, by construction."""
        outline = self.outlines[iso3]
        while True:
            (cx, cy), = self.points_in(iso3, 1)
            radius = float(self.rng.uniform(0.05, 0.4))
            angles = np.linspace(0, 2 * math.pi, AREA_VERTICES, endpoint=False)[:-1]
            wobble = 1 + 0.25 * np.sin(3 * angles + self.rng.uniform(0, 6)) + self.rng.uniform(-0.08, 0.08, angles.size)
            xs = cx + radius * wobble * np.cos(angles) / math.cos(math.radians(cy))
            ys = cy + radius * wobble * np.sin(angles)
            ring = np.column_stack([xs, ys]).round(6).tolist()
            ring.append(ring[0])
            polygon = Polygon(ring)
            if polygon.is_valid and polygon.within(outline):
                return ring

    def corridor(self) -> tuple[list[list[float]], list[str]]:
        """A wandering west-to-east line across the region, and the countries it crosses."""
        xs = np.linspace(self.rng.uniform(50, 56), self.rng.uniform(72, 80), CORRIDOR_VERTICES)
        steps = self.rng.normal(0, 0.08, CORRIDOR_VERTICES).cumsum()
        ys = np.clip(self.rng.uniform(40, 48) + steps - np.linspace(0, steps[-1], CORRIDOR_VERTICES) / 2, 36, 54)
        line = np.column_stack([xs, ys]).round(6).tolist()
        geometry = LineString(line)
        countries = [iso3 for iso3, outline in self.outlines.items() if outline.intersects(geometry)]
        return line, countries or ["KAZ"]


def generate(n: int, folder: Path, seed: int = SEED) -> Dataset:
    """Write `atlas.geojson` (n places) and a copy of the shipped `sources.json` into folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    writer = _Writer(n, seed)
    writer.sources = [s["id"] for s in json.loads(SHIPPED_SOURCES.read_text(encoding="utf-8"))]
    n_points, n_areas, n_corridors = split(n)
    codes = list(COUNTRIES)
    per_country = writer.rng.multinomial(n_points, [COUNTRIES[c] for c in codes])
    located = [(code, xy) for code, count in zip(codes, per_country) for xy in writer.points_in(code, int(count))]
    order = writer.rng.permutation(len(located))

    features, matches = [], 0
    for index, at in enumerate(order, start=1):
        code, (x, y) = located[at]
        place_id = f"syn-{index:06d}"
        deposit = writer.rng.random() < 0.7
        minerals = writer.minerals()
        status = DEPOSIT_STATUSES[int(writer.rng.integers(0, 3))] if deposit else "occurrence"
        km = float(PRECISION_KM[int(writer.rng.integers(0, len(PRECISION_KM)))])
        props = writer.properties(place_id, writer.name(index), "deposit" if deposit else "occurrence", [code],
                                  minerals, status, km)
        features.append({"type": "Feature", "id": place_id,
                         "geometry": {"type": "Point", "coordinates": [float(x), float(y)]}, "properties": props})
        matches += FILTER_MINERAL in minerals
    for index in range(1, n_areas + 1):
        code = codes[int(writer.rng.integers(0, len(codes)))]
        place_id = f"syn-area-{index:04d}"
        minerals = writer.minerals()
        props = writer.properties(place_id, f"Exploration area {index}", "exploration_area", [code], minerals,
                                  "exploration", 25.0)
        features.append({"type": "Feature", "id": place_id,
                         "geometry": {"type": "Polygon", "coordinates": [writer.area(code)]}, "properties": props})
        matches += FILTER_MINERAL in minerals
    for index in range(1, n_corridors + 1):
        line, countries = writer.corridor()
        place_id = f"syn-corridor-{index:03d}"
        props = writer.properties(place_id, f"Export corridor {index}", "corridor", countries, [],
                                  "transport_route", 50.0)
        features.append({"type": "Feature", "id": place_id,
                         "geometry": {"type": "LineString", "coordinates": line}, "properties": props})

    raw = {"type": "FeatureCollection",
           "metadata": {"title": f"Synthetic atlas ({n:,} places)", "as_of": "2026-11-01", "facts": []},
           "features": features}
    path = folder / "atlas.geojson"
    path.write_text(json.dumps(raw, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    shutil.copyfile(SHIPPED_SOURCES, folder / "sources.json")
    probe = features[len(order) // 2] if order.size else features[0]
    return Dataset(path=path, places=len(features), points=len(order), areas=n_areas, corridors=n_corridors,
                   filter_mineral=FILTER_MINERAL, filter_matches=matches, probe_id=probe["id"],
                   probe_name=probe["properties"]["name"], probe_lonlat=tuple(probe["geometry"]["coordinates"]))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.splitlines()[2].strip())
        return 2
    dataset = generate(int(argv[0]), Path(argv[1]))
    print(json.dumps(dataset.to_json(), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
