"""The atlas's logic: load, validate, filter, map and export. Pure Python; never imports Streamlit."""
