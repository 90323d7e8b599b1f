"""The standalone map's popups: a place's panel as escaped HTML — name, status, figures, who is involved, the
record's verdicts, and every quote with its citation — so the file answers what the app's panel answers."""
from __future__ import annotations

import html
from typing import Sequence

from geo.model import KINDS, ROLES, STATUSES, VERDICTS, Atlas, Citation, Place, Quote
from geo.export.wording import full_citation, place_countries

POPUP_CSS = """
<style>
.atlas-popup {font: 12px/1.35 "Helvetica Neue", Arial, sans-serif; color: #222;}
.atlas-popup h3 {margin: 0 0 2px; font-size: 14px;}
.atlas-popup h4 {margin: 8px 0 2px; font-size: 12px;}
.atlas-popup blockquote {margin: 2px 0 2px 6px; padding-left: 6px; border-left: 3px solid #bbb;}
.atlas-popup .cite, .atlas-popup .muted {color: #555; font-size: 11px;}
.atlas-popup ul {margin: 2px 0; padding-left: 16px;}
</style>
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _cite(citation: Citation) -> str:
    read = f", read {_e(citation.read)}" if citation.read else ""
    return (f'<span class="cite">{_e(full_citation(citation))}{read}. '
            f'<a href="{_e(citation.url)}">{_e(citation.url)}</a></span>')


def _quote(quote: Quote, atlas: Atlas) -> str:
    return f"<blockquote>“{_e(quote.text)}”</blockquote>{_cite(atlas.sources[quote.source])}"


def popup_html(place: Place, atlas: Atlas) -> str:
    status = STATUSES[place.status]
    parts = [f'<div class="atlas-popup"><h3>{_e(place.name)}</h3>',
             f'<div class="muted">{_e(KINDS[place.kind].label)} · {_e(place_countries(place))}</div>',
             f"<div><b>Status: {_e(status.label)}</b> — {_e(status.definition)}</div>",
             f"<div>Location precision: ±{place.precision.km:g} km</div>"]
    if place.facts:
        parts.append("<h4>Key figures</h4><ul>")
        for figure in place.facts:
            source = (_cite(atlas.sources[figure.quote.source]) if figure.quote else
                      f'<span class="cite">{_e(figure.citation.title)}, {_e(figure.citation.publisher)}. '
                      f'<a href="{_e(figure.citation.url)}">{_e(figure.citation.url)}</a></span>')
            reported = " (reported, not independently verified)" if figure.reported else ""
            parts.append(f"<li><b>{_e(figure.value)}</b> — {_e(figure.label)}{reported}<br>{source}</li>")
        parts.append("</ul>")
    if place.actors:
        parts.append("<h4>Who is involved</h4><ul>")
        parts += [f"<li><b>{_e(i.name)}</b> — {_e(ROLES[i.role].label)}{_quote(i.quote, atlas)}</li>"
                  for i in place.actors]
        parts.append("</ul>")
    if place.checks:
        parts.append("<h4>Checked against the record</h4><ul>")
        for check in place.checks:
            claim = "Status" if check.claim == "status" else check.claim.split(":", 1)[1]
            evidence = "".join(_quote(q, atlas) for q in check.evidence)
            parts.append(f"<li><b>{_e(claim)}</b>: {_e(VERDICTS[check.verdict].label)} — {_e(check.how)}"
                         f"{evidence}</li>")
        parts.append("</ul>")
    parts.append("<h4>What the sources say</h4>")
    parts += [_quote(q, atlas) for q in place.quotes]
    parts.append("</div>")
    return "".join(parts)


def popups(atlas: Atlas, places: Sequence[Place]) -> dict[str, str]:
    return {place.id: popup_html(place, atlas) for place in places}
