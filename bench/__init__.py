"""Benchmark of the atlas against a naive Streamlit + folium peer: python -m bench (see bench/README.md)."""
