"""The numbers behind the Key figures page's one chart: US vanadium consumed and produced at home in 2024.

The chart is made for that pair of region-wide figures; its bars are read from the figures' own values.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from geo.model import Atlas, Figure


_TONNAGE = re.compile(r"^\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(thousand|million|billion)?\s*(?:metric\s+)?"
                      r"(?:tons|tonnes|t)\b", re.IGNORECASE)
_SCALE = {None: 1, "thousand": 1e3, "million": 1e6, "billion": 1e9}


def parse_tonnes(value: str) -> float:
    """The tonnage a figure's value starts with: '14,000 metric tons' -> 14000.0, '32.9 million tons' -> 3.29e7."""
    found = _TONNAGE.match(value)
    if not found:
        raise ValueError(f"no tonnage at the start of {value!r}")
    whole, fraction, scale = found.groups()
    return float(whole.replace(",", "") + (fraction or "")) * _SCALE[scale.lower() if scale else None]


@dataclass(frozen=True)
class Bar:
    measure: str
    tonnes: float
    figure: Figure


_VANADIUM_2024 = {"Consumed": re.compile(r"^US vanadium consumption in 2024\b"),
                  "Produced domestically": re.compile(r"^US domestic vanadium production in 2024\b")}


def us_vanadium_2024(atlas: Atlas) -> tuple[Bar, ...]:
    """US vanadium consumed and produced at home in 2024, read from the region-wide figures; () if either is absent
    or its value does not start with a tonnage (the figures are still listed with their quotes; only the bars go).

    The numbers come from the figures' values, so the chart can never disagree with the quoted text beside it.
    """
    bars = []
    for measure, label in _VANADIUM_2024.items():
        figure = next((f for f in atlas.facts if label.match(f.label)), None)
        if figure is None:
            return ()
        try:
            bars.append(Bar(measure, parse_tonnes(figure.value), figure))
        except ValueError:
            return ()
    return tuple(bars)
