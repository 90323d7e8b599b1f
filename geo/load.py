"""Finds the data set the app should show, reads its files and hands them to the rules in `geo.validate`.

`ATLAS_DATA=/path/to/file.geojson` points the atlas at another data set of the same schema. Its quotes cite the
`sources.json` beside it when there is one, otherwise the shipped one.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from geo.model import Actor, Atlas, Citation
from geo.validate import AtlasError, Problem, check_actors, check_atlas, check_record, check_sources, unusable

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SHIPPED_ATLAS = DATA_DIR / "atlas.geojson"
SHIPPED_SOURCES = DATA_DIR / "sources.json"
SHIPPED_RECORD = DATA_DIR / "record.json"
SHIPPED_ACTORS = DATA_DIR / "actors.json"
COUNTRY_OUTLINES = DATA_DIR / "boundaries" / "countries.geojson"
DATA_ENV = "ATLAS_DATA"


def parse_json(text: str, file: str) -> Any:
    """Parse strictly: NaN and Infinity are not JSON and would blank the map later."""

    def reject(constant: str) -> None:
        raise ValueError(f"{constant} is not allowed in JSON")

    try:
        return json.loads(text, parse_constant=reject)
    except json.JSONDecodeError as error:
        raise unusable(file, f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
    except ValueError as error:
        raise unusable(file, f"not valid JSON: {error}") from None
    except RecursionError:
        raise unusable(file, "not usable: its lists or objects are nested too deeply to read") from None


def read_json(path: Path) -> Any:
    """A data file's JSON, or an `AtlasError` saying why the file cannot be used (missing, not UTF-8, not JSON)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise unusable(path, "file not found") from None
    except UnicodeDecodeError as error:
        raise unusable(path, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise unusable(path, f"cannot be read: {error.strerror}") from None
    return parse_json(text, str(path))


def resolve_data_path(environ: Mapping[str, str] = os.environ) -> Path:
    value = environ.get(DATA_ENV, "").strip()
    return Path(value).expanduser().resolve() if value else SHIPPED_ATLAS


def _beside(atlas_path: Path, shipped: Path) -> Path:
    """The companion file of that name beside the data set, or the shipped one (as an exported subset needs)."""
    beside = atlas_path.parent / shipped.name
    return beside if beside.is_file() else shipped


def sources_path_for(atlas_path: Path) -> Path:
    return _beside(atlas_path, SHIPPED_SOURCES)


def load_record(path: Path = SHIPPED_RECORD) -> dict[str, Citation]:
    """The independent sources and their stored passages; none when the file is absent."""
    if not path.is_file():
        return {}

    def read_text(name: str) -> str | None:
        try:
            return (path.parent / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    return check_record(read_json(path), str(path), read_text)


def load_actors(path: Path = SHIPPED_ACTORS) -> tuple[dict[str, Actor], dict[str, str]]:
    return check_actors(read_json(path), str(path)) if path.is_file() else ({}, {})


def load_outlines(path: Path = COUNTRY_OUTLINES) -> dict[str, BaseGeometry]:
    """Country outlines keyed by ISO 3166-1 alpha-3, used to check that each pin lies in its country."""
    try:
        frame = gpd.read_file(path)
    except Exception as error:  # pyogrio raises several types; all mean the shipped file is unusable
        raise unusable(path, f"country outlines cannot be read: {error}") from None
    return dict(zip(frame["iso3"], frame.geometry))


@lru_cache(maxsize=4)
def country_names(path: Path = COUNTRY_OUTLINES) -> Mapping[str, str]:
    """ISO 3166-1 alpha-3 code to the English name the shipped outlines use; read once, shared read-only."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return MappingProxyType({f["properties"]["iso3"]: f["properties"]["name"] for f in features})


def load_sources(path: Path = SHIPPED_SOURCES) -> dict[str, Citation]:
    return check_sources(read_json(path), str(path))


def load_atlas(path: Path | None = None, outlines: Mapping[str, BaseGeometry] | None = None) -> Atlas:
    """Read, validate and return the atlas; raises `AtlasError` naming every problem."""
    path = Path(path) if path is not None else resolve_data_path()
    sources = load_sources(sources_path_for(path))
    for source_id, citation in load_record(_beside(path, SHIPPED_RECORD)).items():
        if source_id in sources:
            raise AtlasError([Problem(str(_beside(path, SHIPPED_RECORD)), f"source {source_id!r}", "id",
                                      "already the id of an article in sources.json")])
        sources[source_id] = citation
    actors, groups = load_actors(_beside(path, SHIPPED_ACTORS))
    raw = read_json(path)
    return check_atlas(raw, str(path), sources, load_outlines() if outlines is None else outlines, actors, groups)
