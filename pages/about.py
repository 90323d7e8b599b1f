"""What the atlas is, how its data is curated and checked, what its terms mean, and whose maps it stands on."""
import streamlit as st

from geo.credits import BOUNDARY_ATTRIBUTION, tile_credits
from geo.escape import markdown_text as md
from geo.events import CHANGELOG_FILE, EVENTS_FILE
from geo.mapview import TILES
from geo.style import UNCERTAINTY_MIN_KM
from geo.model import ACTOR_TYPES, KINDS, MINERALS, REE, ROLES, STATUSES, VERDICTS
from geo.validate import COUNTRY_TOLERANCE_DEG, GEOMETRIES_BY_KIND, MAX_DECIMALS
from ui.data import atlas_or_stop
from ui.panel import citation_line

atlas = atlas_or_stop()

st.title("About the atlas", anchor=False)
st.markdown(
    "An interactive map of Central Asia's critical-mineral deposits, exploration areas and export corridors, for "
    "policy staff who need to know where a place is, how sure we are of that, and exactly what the sources say "
    f"about it. This data set holds {len(atlas.places)} curated places and is current as of {md(atlas.as_of)}.")
st.markdown("It is built from these articles:")
for citation in atlas.sources.values():
    if not citation.independent:
        st.markdown(f"- {citation_line(citation)}")
record_count = sum(c.independent for c in atlas.sources.values())
st.markdown(f"Their claims are checked against {record_count} independent sources (company filings, lenders' and "
            "government pages, geological surveys, press): see the Sources page.")

st.header("How the data is curated and checked", anchor=False)
st.markdown(f"""
- **Quotes are verbatim.** Every quote, on the map and on every page, is copied word for word from one of the
  articles above. Before a release a checker compares each quote in the atlas, in `{EVENTS_FILE}` and in
  `{CHANGELOG_FILE}` with the full article text: runs of spaces count as one, and an ellipsis may only join
  passages that appear in the article in that order. Nothing is paraphrased inside quotation marks.
- **Every figure carries its own provenance:** either a quote from an article or a citation of another public
  source (company, government, encyclopaedia or news page). Figures given by a government, company or official
  that no one has verified are marked *Reported*.
- **Every place** has at least one quote, a location precision with the reason for it, the source of its location
  and the date it was last reviewed.
- **Validation rules** run every time the app loads the data, and from the command line with
  `python -m geo.validate data/atlas.geojson`, which prints one line per problem (file, feature, field, what is
  wrong and what was expected):
  - minerals, statuses and kinds come from the vocabularies below, and ids are unique lowercase slugs;
  - coordinates are `[longitude, latitude]` with at most {MAX_DECIMALS} decimals; rings are closed and geometries
    valid;
  - each kind of place has its own shapes: """ + "; ".join(
    f"{KINDS[kind].label.lower()}: {', '.join(shapes)}" for kind, shapes in GEOMETRIES_BY_KIND.items()) + f""";
  - a site must lie inside a country it names (within {COUNTRY_TOLERANCE_DEG}°, about 11 km, of the generalised
    outline), which catches swapped longitude and latitude;
  - links are http(s) addresses only; every quote cites a known article.
- **The timeline and the change log** (`{EVENTS_FILE}`, `{CHANGELOG_FILE}` beside the atlas file) are checked the
  same way when their pages load, and with `python -m geo.events`: each place id and country must be one the map
  knows, each quote must cite a known article, and dates are real dates (an event may give only a month or a year,
  with a note when the year is inferred from the article's context).
""")

st.header("Who is involved, and the record check", anchor=False)
st.markdown("""
- **Who is involved** names each government, agency, lender or company a source ties to a place or an event, with
  its role and the quote that says so. An actor named only by an article (for example "the United States") stays as
  the article names it, with the record's verdict beside it.
- **The record check.** Every status, figure and actor role that comes from one of the articles carries a verdict,
  with the independent source's own words quoted verbatim, its publisher, date, address and the date it was read.
  The article's claim is never rewritten: the panel shows the claim and the record side by side. "No independent
  record found" means that a search of public sources found nothing either way. A figure that already cites an
  independent source, and a place known only from such sources, is itself the record and needs no verdict.
- **Weaker sources are named as such**: a company's own statement, a mirror copy of a page, an undated page; the
  note on each source on the Sources page says so.
""")

st.header("Terms", anchor=False)
for heading, vocabulary in (("Status", STATUSES), ("Kind of place", KINDS), ("Mineral", MINERALS),
                            ("Role of an actor", ROLES), ("Kind of actor", ACTOR_TYPES),
                            ("Verdict of the record check", VERDICTS)):
    st.subheader(heading, anchor=False)
    lines = []
    for term in vocabulary.values():
        member = (f" The map's “{md(MINERALS[REE].label)} (all)” filter finds it too."
                  if term.group == REE and term.key != REE else "")
        lines.append(f"- **{md(term.label)}**: {md(term.definition)}{member}")
    st.markdown("\n".join(lines))

st.header("Location precision", anchor=False)
st.markdown(f"""
Every place states how far the real place may be from where it is drawn, in kilometres, and why. A deposit pinned
from a town or a basin position may be tens of kilometres off; on the map, points less precise than
{UNCERTAINTY_MIN_KM:g} km carry a faint circle of that radius so nobody over-reads a pin. Exploration areas are drawn
as areas, never as exact pins, because the sources name no single site. Country profiles have a precision of ±10 km:
they are drawn on the national outline itself, which is generalised (Natural Earth 1:50m).
""")

st.header("Disclaimer", anchor=False)
st.markdown("""
- **Boundaries** are shown as they are in practice (de facto), as Natural Earth draws them. They may differ from
  claimed or legally recognised boundaries; showing them implies no opinion on the legal status of any country,
  territory or area, or on the delimitation of its frontiers, and is not an endorsement of any of them.
- **Reported figures are not verified.** Reserves, valuations and plans are given as the sources state them; a
  figure marked *Reported* comes from a government, company or official and has not been independently confirmed.
- **Not investment advice.** The atlas summarises public reporting for policy work; it is not a basis for
  investment or trading decisions.
""")

st.header("Attributions and licences", anchor=False)
st.subheader("Basemaps", anchor=False)
st.markdown("When the browser can reach them, the map offers these tile layers; their attribution is also shown "
            "on the map itself. Offline, it falls back to the Natural Earth outlines shipped with the app.")
for credit in tile_credits(TILES):
    links = " · ".join(f"[{md(label)}]({url})" for label, url in credit.links)
    st.markdown(f"- **{md(credit.name)}**: {md(credit.text)}" + (f" ({links})" if links else ""))
st.markdown("OpenStreetMap data is available under the Open Database License "
            "([openstreetmap.org/copyright](https://www.openstreetmap.org/copyright)); OpenTopoMap's map style is "
            "licensed CC-BY-SA; Esri World Imagery is used under Esri's terms of use.")
st.subheader("Boundaries", anchor=False)
st.markdown("Country outlines: Natural Earth 1:50m (public domain), via the `world-atlas` package (ISC licence). "
            "Regional outlines: Natural Earth 1:10m boundary lines (public domain).")
with st.expander("Full boundary attribution (data/boundaries/ATTRIBUTION.md)"):
    st.markdown(BOUNDARY_ATTRIBUTION.read_text(encoding="utf-8"))
