"""GeoJSON and CSV exports: the data itself, for analysts and for re-import.

The GeoJSON follows the atlas schema field for field, so an exported subset loads back into the atlas (or passes
`python -m geo.validate`) unchanged. The CSV is one flat row per place for spreadsheets.
"""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Any, Sequence

from shapely.geometry import mapping

from geo.model import Atlas, Check, Figure, Involvement, Place, Quote, Reference
from geo.record import involvement_line, verdict_line
from geo.validate import MAX_DECIMALS
from geo.export.wording import key_figures

CSV_COLUMNS = ("id", "name", "kind", "countries", "admin_region", "minerals", "status", "precision_km",
               "precision_description", "lon", "lat", "key_figures", "quote_count", "location_source_url",
               "last_reviewed", "involved", "verdicts", "quotes_json", "figures_json", "actors_json", "checks_json")
# Cells holding JSON carry the full record (quotes, each figure's own source, actors, verdicts) for re-import;
# the plain columns beside them are for reading.
_JSON_COLUMNS = frozenset({"quotes_json", "figures_json", "actors_json", "checks_json"})
_NUMERIC = frozenset({"precision_km", "lon", "lat", "quote_count"})  # written by us, never data text
# Spreadsheet programs run a cell that starts with one of these as a formula. A spreadsheet whose list separator
# is ';' (German, French, Russian Excel) or ',' may split a text field again, so a formula character right after
# either separator (spaces between allowed) is a cell start too.
_FORMULA_AFTER_SEPARATOR = re.compile(r"(^|[,;])(\s*)([=+\-@\t\r])")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _number(value: float) -> int | float:
    """5.0 is written as 5, as a curator would."""
    return int(value) if float(value).is_integer() else value


def _rounded(coords: Any) -> Any:
    if isinstance(coords, (int, float)):
        return round(float(coords), MAX_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
    return [_rounded(c) for c in coords]


def geometry_json(geometry) -> dict:
    """RFC 7946 geometry, positions as lists, at the schema's 6 decimals."""
    raw = mapping(geometry)
    return {"type": raw["type"], "coordinates": _rounded(raw["coordinates"])}


def reference_json(reference: Reference) -> dict:
    out = {"title": reference.title, "publisher": reference.publisher, "url": reference.url}
    if reference.note is not None:
        out["note"] = reference.note
    return out


def quote_json(quote: Quote) -> dict:
    return {"source": quote.source, "text": quote.text}


def figure_json(figure: Figure) -> dict:
    out: dict[str, Any] = {"label": figure.label, "value": figure.value}
    if figure.quote is not None:
        out["quote"] = quote_json(figure.quote)
    else:
        out["citation"] = reference_json(figure.citation)
    out["reported"] = figure.reported
    return out


def involvement_json(involved: Involvement) -> dict:
    return {"actor": involved.actor, "role": involved.role, "quote": quote_json(involved.quote)}


def check_json(check: Check) -> dict:
    out: dict[str, Any] = {"claim": check.claim, "verdict": check.verdict, "how": check.how,
                           "evidence": [quote_json(q) for q in check.evidence]}
    if check.article is not None:
        out["article"] = quote_json(check.article)
    return out


def properties_json(place: Place) -> dict:
    extra: dict[str, Any] = {}
    if place.actors:
        extra["actors"] = [involvement_json(i) for i in place.actors]
    if place.checks:
        extra["checks"] = [check_json(c) for c in place.checks]
    return {
        "id": place.id,
        "name": place.name,
        "aliases": list(place.aliases),
        "kind": place.kind,
        "countries": list(place.countries),
        "admin_region": place.admin_region,
        "minerals": list(place.minerals),
        "status": place.status,
        "location_precision": {"km": _number(place.precision.km), "description": place.precision.description},
        "location_source": reference_json(place.location_source),
        "facts": [figure_json(f) for f in place.facts],
        "quotes": [quote_json(q) for q in place.quotes],
        "last_reviewed": place.last_reviewed,
        **extra,
    }


def feature_json(place: Place) -> dict:
    return {"type": "Feature", "id": place.id, "geometry": geometry_json(place.geometry),
            "properties": properties_json(place)}


def export_geojson(atlas: Atlas, places: Sequence[Place]) -> str:
    """A FeatureCollection of `places` in the atlas schema, with the atlas's own metadata."""
    collection = {
        "type": "FeatureCollection",
        "metadata": {"title": atlas.title, "as_of": atlas.as_of, "facts": [figure_json(f) for f in atlas.facts],
                     **({"checks": [check_json(c) for c in atlas.checks]} if atlas.checks else {})},
        "features": [feature_json(p) for p in places],
    }
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


def _cell(value: str) -> str:
    """Text that a spreadsheet shows as text: an apostrophe goes before each formula character that could start a
    cell (at the start, or after a ',' or ';')."""
    return _FORMULA_AFTER_SEPARATOR.sub(r"\1\2'\3", value)


def _json_cell(value: Any) -> str:
    """JSON that reads back exactly and never starts a spreadsheet formula: inside its strings a formula character
    after a ',' or ';' is written as a JSON escape (\\u003d for '='), and a space follows each comma between values,
    so a number such as -2 never opens a cell either."""
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ":"))
    return _JSON_STRING.sub(lambda s: _FORMULA_AFTER_SEPARATOR.sub(_escaped, s.group()), text)


def _escaped(match: re.Match) -> str:
    return match.group(1) + match.group(2) + "\\u%04x" % ord(match.group(3))


def csv_row(place: Place) -> dict[str, str]:
    point = place.geometry.representative_point()
    row = {
        "id": place.id,
        "name": place.name,
        "kind": place.kind,
        "countries": ";".join(place.countries),
        "admin_region": place.admin_region or "",
        "minerals": ";".join(place.minerals),
        "status": place.status,
        "precision_km": f"{place.precision.km:g}",
        "precision_description": place.precision.description,
        "lon": f"{point.x:.6f}",
        "lat": f"{point.y:.6f}",
        "key_figures": key_figures(place),
        "quote_count": str(len(place.quotes)),
        "location_source_url": place.location_source.url,
        "last_reviewed": place.last_reviewed,
        "involved": involvement_line(place),
        "verdicts": verdict_line(place),
        "quotes_json": _json_cell([quote_json(q) for q in place.quotes]),
        "figures_json": _json_cell([figure_json(f) for f in place.facts]),
        "actors_json": _json_cell([involvement_json(i) for i in place.actors]),
        "checks_json": _json_cell([check_json(c) for c in place.checks]),
    }
    # A JSON cell starts with '[' and is never a formula; escaping it would break re-import.
    return {key: value if key in _NUMERIC or key in _JSON_COLUMNS else _cell(value) for key, value in row.items()}


def export_csv(atlas: Atlas, places: Sequence[Place]) -> str:
    """One row per place, in the order given, every field quoted. Write it with encoding 'utf-8-sig' so Excel reads
    the accents."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for place in places:
        writer.writerow(csv_row(place))
    return buffer.getvalue()
