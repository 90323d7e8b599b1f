"""Shapely geometry as matplotlib wants it: coordinate arrays for lines and points, compound paths for polygons."""
from __future__ import annotations

import numpy as np
from matplotlib.path import Path as MplPath
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient


def polygon_parts(geometry: BaseGeometry) -> list:
    if geometry.geom_type == "Polygon":
        return [geometry]
    if geometry.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [g for part in geometry.geoms for g in polygon_parts(part)]
    return []


def line_coords(geometry: BaseGeometry) -> list[np.ndarray]:
    if geometry.geom_type == "LineString":
        return [np.asarray(geometry.coords)[:, :2]]
    if geometry.geom_type in ("MultiLineString", "GeometryCollection"):
        return [line for part in geometry.geoms for line in line_coords(part)]
    return []


def point_coords(geometry: BaseGeometry) -> list[tuple[float, float]]:
    if geometry.geom_type == "Point":
        return [(geometry.x, geometry.y)]
    if geometry.geom_type in ("MultiPoint", "GeometryCollection"):
        return [xy for part in geometry.geoms for xy in point_coords(part)]
    return []


def polygon_path(geometry: BaseGeometry) -> MplPath | None:
    """One compound path with holes; rings oriented so the non-zero fill rule cuts the holes out."""
    vertices, codes = [], []
    for polygon in polygon_parts(geometry):
        polygon = orient(polygon, 1.0)
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            vertices.append(xy)
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2) + [MplPath.CLOSEPOLY]
    return MplPath(np.concatenate(vertices), codes) if vertices else None

